//! What `cargo xtask fuzz` runs each input through. A target panics when the code under test panics, and also when
//! a property fails (an `assert!` here): the streaming parser and the one-shot parser must agree, a state read from
//! a link must survive being written back and read again, a period must read back as written.

use super::mutate;
use chiso_core::model::{Dataset, Level};
use chiso_core::period::{Date, RefPeriod};
use chiso_core::stream::JsonStream;
use chiso_core::url::{decode_state, encode_state};
use chiso_data::import::{import_csv, import_json};
use std::path::Path;

/// One fuzz target: its name (the folder of its seeds under `fuzz/corpus/`), its token dictionary, the longest
/// input it is given, and the function an input goes through.
pub struct Target {
    /// Name, and folder of the seed corpus.
    pub name: &'static str,
    /// Tokens of its syntax, for the mutator.
    pub dict: &'static [&'static str],
    /// Longest input, in bytes.
    pub max_len: usize,
    /// Runs one input (panics on a bug); true when the input was read as valid (kept to mutate further).
    pub run: fn(&Ctx, &[u8]) -> bool,
}

/// What the targets share, made once: a small base dataset for the sheet importer.
pub struct Ctx {
    base: Dataset,
}

impl Ctx {
    /// The published dataset cut down to the province, its districts and blocs (no communes, no figures), so a
    /// sheet's import copies little: `data/nghe-an.json` under `root`.
    pub fn new(root: &Path) -> Result<Ctx, String> {
        let path = root.join("data/nghe-an.json");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut base = Dataset::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        base.units.retain(|u| u.level != Level::Commune);
        let kept: std::collections::HashSet<String> = base.units.iter().map(|u| u.id.clone()).collect();
        for u in &mut base.units {
            u.successors.retain(|s| kept.contains(s));
            u.predecessors.retain(|s| kept.contains(s));
        }
        base.observations.clear();
        Ok(Ctx { base })
    }
}

/// Every target, in the order they run.
pub const TARGETS: [Target; 6] = [
    Target { name: "dataset-json", dict: mutate::JSON, max_len: 8192, run: dataset_json },
    Target { name: "stream", dict: mutate::JSON, max_len: 8192, run: stream },
    Target { name: "url", dict: mutate::URL, max_len: 1024, run: url },
    Target { name: "period", dict: mutate::PERIOD, max_len: 64, run: period },
    Target { name: "csv-import", dict: mutate::CSV, max_len: 4096, run: csv_import },
    Target { name: "json-import", dict: mutate::JSON, max_len: 8192, run: json_import },
];

/// `Dataset::from_json`, then every validation rule on what it read.
fn dataset_json(_: &Ctx, input: &[u8]) -> bool {
    let text = String::from_utf8_lossy(input);
    match Dataset::from_json(&text) {
        Ok(ds) => {
            let _ = chiso_core::validate::validate(&ds);
            true
        }
        Err(_) => false,
    }
}

/// The streaming parser, fed in pieces whose sizes come from the input's own bytes, against the one-shot parser on
/// the same text (without a leading BOM, which the stream skips): the same dataset, or both an error.
fn stream(_: &Ctx, input: &[u8]) -> bool {
    let piece = 1 + input.first().map_or(0, |&b| b as usize % 64);
    let mut s = JsonStream::new();
    let mut fed = Ok(());
    for chunk in input.chunks(piece) {
        fed = s.feed(chunk);
        if fed.is_err() {
            break;
        }
    }
    let streamed = fed.and_then(|()| s.finish());
    let whole = match std::str::from_utf8(input) {
        Ok(text) => Dataset::from_json(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(_) => {
            assert!(streamed.is_err(), "the stream read bytes that are not UTF-8");
            return false;
        }
    };
    match (&streamed, &whole) {
        (Ok(a), Ok(b)) => assert!(a == b, "the stream and from_json read different datasets"),
        (Err(_), Err(_)) => {}
        _ => panic!("stream: {:?}, from_json: {:?}", streamed.err(), whole.err()),
    }
    streamed.is_ok()
}

/// A query string read as a state, written back and read again: the same state, the same query, no warning.
fn url(_: &Ctx, input: &[u8]) -> bool {
    let query = String::from_utf8_lossy(input);
    let (state, first_warnings) = decode_state(&query);
    let written = encode_state(&state);
    let (again, warnings) = decode_state(&written);
    assert!(again == state, "decode(encode(s)) != s for {written:?}");
    assert!(warnings.is_empty(), "the written query {written:?} reads with warnings {warnings:?}");
    assert_eq!(encode_state(&again), written);
    first_warnings.is_empty()
}

/// A reference period and a date: read, their calendar computed, written back and read again.
fn period(_: &Ctx, input: &[u8]) -> bool {
    let text = String::from_utf8_lossy(input);
    let parsed = text.parse::<RefPeriod>();
    if let Ok(p) = &parsed {
        assert!(p.start() <= p.end(), "{p} starts after it ends");
        let _ = (p.year(), p.axis_position(), p.is_range(), p.comparable_with(p));
        assert_eq!(p.to_string().parse::<RefPeriod>().as_ref(), Ok(p), "{p} does not read back");
    }
    if let Ok(d) = text.parse::<Date>() {
        let _ = d.as_fractional_year();
        assert_eq!(d.to_string().parse::<Date>().ok(), Some(d), "{d} does not read back");
    }
    parsed.is_ok()
}

/// A sheet imported against the small base (every row rule, then every dataset rule).
fn csv_import(ctx: &Ctx, input: &[u8]) -> bool {
    let outcome = import_csv(input, "fuzz.csv", &ctx.base);
    let _ = outcome.report(chiso_core::i18n::Lang::Vi);
    outcome.dataset.is_some()
}

/// A dataset file imported as a reader's own file (parsed a piece at a time, then every rule).
fn json_import(_: &Ctx, input: &[u8]) -> bool {
    let outcome = import_json(input, "fuzz.json");
    let _ = outcome.report(chiso_core::i18n::Lang::En);
    outcome.dataset.is_some()
}
