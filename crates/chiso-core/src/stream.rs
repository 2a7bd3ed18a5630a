//! Reading a dataset from JSON that arrives in pieces (a network stream, or a large file read a slice at a time).
//!
//! [`Dataset::from_json`] needs the whole text at once and parses it in one go: for the 100 MB synthetic dataset
//! that is one long task and a second copy of the file in memory. [`JsonStream`] instead takes the bytes as they
//! come, parses each element of the top-level `observations` and `units` arrays as soon as it is complete (the
//! units are four fifths of the published dataset: parsed at the end, they made the last step of a phone's start
//! one long task), and keeps only the small rest of the document (periods, themes, indicators, sources) as text
//! until [`JsonStream::finish`]. The caller decides how much to feed between two yields to the browser, so no
//! single step takes long.
//!
//! The scanner only tracks strings (with their escapes) and nesting depth; everything else is left to serde_json,
//! so the result and the error messages are those of the one-shot reader.

use crate::model::{Dataset, LoadError, Observation, Unit};

/// An incremental reader of a dataset JSON document.
#[derive(Debug, Default)]
pub struct JsonStream {
    /// The document without the elements of `observations` and `units` (so it parses as a dataset with none).
    rest: Vec<u8>,
    /// The element being read (from its `{` on).
    element: Vec<u8>,
    /// Observations read so far.
    observations: Vec<Observation>,
    /// Units read so far.
    units: Vec<Unit>,
    /// Nesting depth of `{` and `[` outside strings.
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The last string seen at depth 1 (a candidate key) and whether it is being read.
    key: Vec<u8>,
    reading_key: bool,
    /// The key whose value comes next at depth 1.
    current_key: Vec<u8>,
    /// Inside the `observations` or the `units` array (depth 2 is the array itself).
    streaming: Option<Streamed>,
    /// Reading an element of that array.
    in_element: bool,
    /// Where the reader is between the elements of that array, so a missing or extra comma is an error as it is
    /// for the one-shot reader (the separators are dropped from the rest).
    between: Between,
    /// Bytes fed so far, and their FNV-1a 32 hash (the edition of the file, see [`JsonStream::fnv1a_32`]).
    bytes: usize,
    fnv: crate::hash::Fnv32,
    /// Line of the document being read (1-based), and the line the current element started on.
    line: usize,
    element_line: usize,
    /// The first error met; later input is ignored.
    error: Option<LoadError>,
    /// This reader holds a [`crate::sym::begin_sharing`], ended when it is dropped.
    sharing: bool,
    /// The document's size, when known, to size the list of observations once (see [`JsonStream::expect_bytes`]).
    expected_bytes: Option<usize>,
    /// Bytes of the observations read so far, and where the first one started.
    observation_bytes: usize,
    first_observation_at: Option<usize>,
}

/// Observations read before the list is sized from their average length.
const SAMPLE: usize = 1_000;

/// The top-level arrays whose elements are parsed as they arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Streamed {
    Observations,
    Units,
}

/// The position in a streamed array, outside its elements.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Between {
    /// After `[`: an element or `]` comes next.
    #[default]
    Open,
    /// After an element: `,` or `]`.
    Element,
    /// After `,`: an element.
    Comma,
}

impl Drop for JsonStream {
    fn drop(&mut self) {
        if self.sharing {
            crate::sym::end_sharing();
        }
    }
}

impl JsonStream {
    /// An empty reader.
    pub fn new() -> JsonStream {
        // Figures repeat the same indicator, unit, source and sentence texts: share them while reading.
        crate::sym::begin_sharing();
        let mut stream = JsonStream::default();
        stream.line = 1;
        stream.sharing = true;
        stream
    }

    /// Says how long the whole document is (e.g. a `content-length`). After the first thousand observations the
    /// reader then reserves room for all of them at once, from their average length: growing the list by doubling
    /// would, at its last step, hold the old and the new list together (a third more memory at the peak than the
    /// list itself, for the 500,000 synthetic figures).
    pub fn expect_bytes(&mut self, total: usize) {
        self.expected_bytes = Some(total);
    }

    /// Bytes fed so far.
    pub fn bytes_read(&self) -> usize {
        self.bytes
    }

    /// The FNV-1a 32 hash of the bytes fed so far: once the whole file is read, which edition of it this is (the
    /// build writes the published file's next to the view it drew, `xtask/src/prerender.rs`).
    pub fn fnv1a_32(&self) -> u32 {
        self.fnv.finish()
    }

    /// Observations read so far.
    pub fn observations_read(&self) -> usize {
        self.observations.len()
    }

    /// Takes the next piece of the document. Any split is fine, even inside a string or a UTF-8 character.
    /// Returns the first error met (the same error on every later call).
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), LoadError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        self.bytes += bytes.len();
        self.fnv.write(bytes);
        let mut copy_from = 0; // start of the bytes not yet copied to `rest` or `element`
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
            }
            if self.in_string {
                if self.reading_key {
                    self.key.push(b);
                }
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.reading_key {
                        self.key.pop();
                        self.reading_key = false;
                    }
                }
                continue;
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    if self.depth == 1 {
                        self.key.clear();
                        self.reading_key = true;
                    }
                }
                b':' if self.depth == 1 => self.current_key = std::mem::take(&mut self.key),
                b'{' | b'[' => {
                    self.depth += 1;
                    let kind = match self.current_key.as_slice() {
                        b"observations" => Some(Streamed::Observations),
                        b"units" => Some(Streamed::Units),
                        _ => None,
                    };
                    if self.depth == 2 && b == b'[' && kind.is_some() {
                        self.streaming = kind;
                        self.between = Between::Open;
                    } else if self.streaming.is_some() && self.depth == 3 && !self.in_element {
                        if self.between == Between::Element {
                            return self.fail(format!("expected `,` or `]` at line {}", self.line));
                        }
                        // An element starts: what came before it belongs to the rest of the document.
                        self.rest.extend_from_slice(&bytes[copy_from..i]);
                        copy_from = i;
                        self.in_element = true;
                        self.element_line = self.line;
                    }
                }
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.in_element && self.depth == 2 {
                        self.element.extend_from_slice(&bytes[copy_from..=i]);
                        copy_from = i + 1;
                        self.in_element = false;
                        self.between = Between::Element;
                        // Keep the element's line breaks, so serde's line numbers in the rest stay the document's.
                        let lines = self.line - self.element_line;
                        self.rest.extend(std::iter::repeat_n(b'\n', lines));
                        self.take_element()?;
                    } else if self.streaming.is_some() && self.depth == 1 {
                        if self.between == Between::Comma {
                            return self.fail(format!("trailing comma at line {}", self.line));
                        }
                        self.streaming = None;
                    }
                }
                b',' if self.streaming.is_some() && self.depth == 2 => {
                    if self.between != Between::Element {
                        return self.fail(format!("expected value at line {}", self.line));
                    }
                    self.between = Between::Comma;
                    // The separator between two elements is dropped with them.
                    self.rest.extend_from_slice(&bytes[copy_from..i]);
                    copy_from = i + 1;
                }
                _ => {}
            }
        }
        let tail = &bytes[copy_from..];
        if self.in_element {
            self.element.extend_from_slice(tail);
        } else {
            self.rest.extend_from_slice(tail);
        }
        Ok(())
    }

    /// Records the first error (what serde_json would say, and where) and returns it.
    fn fail<T>(&mut self, what: String) -> Result<T, LoadError> {
        let err = LoadError::Json(what);
        self.error = Some(err.clone());
        Err(err)
    }

    fn take_element(&mut self) -> Result<(), LoadError> {
        if self.streaming == Some(Streamed::Units) {
            return self.take_unit();
        }
        self.observation_bytes += self.element.len();
        let first_at = *self.first_observation_at.get_or_insert(self.bytes);
        if self.observations.len() == SAMPLE {
            if let Some(total) = self.expected_bytes {
                let average = (self.observation_bytes / SAMPLE).max(1);
                // Separators and indentation count too: 2 % spare covers them and a little variation.
                let expected = total.saturating_sub(first_at) / average * 102 / 100;
                self.observations.reserve(expected.saturating_sub(self.observations.len()));
            }
        }
        let o = self.parse_element::<Observation>("observation", self.observations.len() + 1)?;
        self.observations.push(o);
        Ok(())
    }

    /// Parses the element just read as a unit.
    fn take_unit(&mut self) -> Result<(), LoadError> {
        let u = self.parse_element::<Unit>("unit", self.units.len() + 1)?;
        self.units.push(u);
        Ok(())
    }

    /// Parses the element just read (the `n`th `what` of its array) and empties it; an error says which element
    /// and where it is in the document, and is the reader's error from then on.
    fn parse_element<T: serde::de::DeserializeOwned>(&mut self, what: &str, n: usize) -> Result<T, LoadError> {
        // As text, like the rest: serde_json does not check the bytes of a string it skips (an unknown field), and
        // the one-shot reader only ever sees UTF-8 text.
        let Ok(text) = std::str::from_utf8(&self.element) else {
            let err = format!("{what} {n}: not UTF-8 text at line {}", self.element_line);
            return self.fail(err);
        };
        let parsed = serde_json::from_str::<T>(text);
        self.element.clear();
        parsed.or_else(|e| {
            // serde counts lines from the element's start; say where it is in the document.
            let text = e.to_string();
            let cause = text.rsplit_once(" at line ").map_or(text.as_str(), |(cause, _)| cause);
            let line = self.element_line + e.line().saturating_sub(1);
            self.fail(format!("{what} {n}: {cause} at line {line} column {}", e.column()))
        })
    }

    /// The dataset, once the whole document has been fed: the rest is parsed with [`Dataset::from_json`] (which
    /// checks the schema version) and the observations read on the way are put back in their place.
    pub fn finish(mut self) -> Result<Dataset, LoadError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        // A document cut inside an observation leaves the rest unfinished too, and serde says where.
        let text = std::str::from_utf8(&self.rest).map_err(|e| LoadError::Json(format!("not UTF-8 text: {e}")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut ds = Dataset::from_json(text)?;
        // Each list is empty in the rest unless the document has the key twice; then serde's reading comes first.
        ds.observations.append(&mut self.observations);
        ds.units.append(&mut self.units);
        Ok(ds)
    }
}

/// Reads a whole document through [`JsonStream`] in pieces of `piece` bytes (for tests and benchmarks).
pub fn read_in_pieces(bytes: &[u8], piece: usize) -> Result<Dataset, LoadError> {
    let mut stream = JsonStream::new();
    for chunk in bytes.chunks(piece.max(1)) {
        stream.feed(chunk)?;
    }
    stream.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"schema_version": 1,
 "periods": [], "units": [{"id":"40","code":"40","name":"Tỉnh Nghệ An","short_name":"Nghệ An","level":"province","type":"tinh","lineage":"40"}],
 "themes": [], "indicators": [], "sources": [],
 "observations": [
  {"id":"a","indicator":"x","unit":"40","period":"2020","value":1.0,"source":"s","sentence":"say \"[{\" here }","sentence_language":"vi"},
  {"id":"b","indicator":"x","unit":"40","period":"2021","value":"HTNV","source":"s","sentence":"Nghệ An: 2 \\ 3","sentence_language":"vi"}
 ]
}"#;

    #[test]
    fn a_document_fed_in_pieces_of_any_size_reads_as_the_one_shot_reader_does() {
        let whole = Dataset::from_json(DOC).unwrap();
        assert_eq!(whole.observations.len(), 2);
        for piece in [1, 2, 3, 7, 64, DOC.len()] {
            let ds = read_in_pieces(DOC.as_bytes(), piece).unwrap();
            assert_eq!(ds, whole, "pieces of {piece} bytes");
        }
    }

    #[test]
    fn the_reader_hashes_the_file_as_the_build_does_whatever_the_pieces() {
        for piece in [1, 5, DOC.len()] {
            let mut s = JsonStream::new();
            for chunk in DOC.as_bytes().chunks(piece) {
                s.feed(chunk).unwrap();
            }
            assert_eq!(s.fnv1a_32(), crate::hash::fnv1a_32(DOC.as_bytes()), "pieces of {piece} bytes");
        }
    }

    #[test]
    fn observations_are_parsed_as_soon_as_they_are_complete() {
        let mut s = JsonStream::new();
        let cut = DOC.find("{\"id\":\"b\"").unwrap();
        s.feed(&DOC.as_bytes()[..cut]).unwrap();
        assert_eq!(s.observations_read(), 1);
        s.feed(&DOC.as_bytes()[cut..]).unwrap();
        assert_eq!(s.observations_read(), 2);
        assert_eq!(s.bytes_read(), DOC.len());
    }

    #[test]
    fn a_known_document_size_sizes_the_list_of_observations_once() {
        let one = r#"{"id":"a","indicator":"x","unit":"40","period":"2020","value":1.0,"source":"s","sentence":"t","sentence_language":"vi"}"#;
        let n = 5_000;
        let doc = format!(
            r#"{{"schema_version": 1, "periods": [], "units": [], "themes": [], "indicators": [], "sources": [], "observations": [{}]}}"#,
            vec![one; n].join(",\n")
        );
        let mut s = JsonStream::new();
        s.expect_bytes(doc.len());
        for chunk in doc.as_bytes().chunks(4096) {
            s.feed(chunk).unwrap();
        }
        let ds = s.finish().unwrap();
        assert_eq!(ds.observations.len(), n);
        let spare = ds.observations.capacity() - n;
        assert!(spare <= n / 20, "reserved {} for {n}", ds.observations.capacity());
    }

    #[test]
    fn a_broken_observation_is_an_error_that_names_it() {
        let bad = DOC.replace("\"value\":1.0", "\"value\":true");
        let err = read_in_pieces(bad.as_bytes(), 5).unwrap_err();
        assert!(matches!(&err, LoadError::Json(m) if m.starts_with("observation 1:")), "{err:?}");
        assert!(matches!(&err, LoadError::Json(m) if m.contains(" at line 5 column ")), "{err:?}");
    }

    #[test]
    fn units_are_parsed_as_soon_as_they_are_complete_and_a_broken_one_is_named() {
        let mut s = JsonStream::new();
        let cut = DOC.find("\"themes\"").unwrap();
        s.feed(&DOC.as_bytes()[..cut]).unwrap();
        assert_eq!(s.units.len(), 1, "the unit is read before the rest of the document arrives");
        assert!(!String::from_utf8_lossy(&s.rest).contains("Tỉnh Nghệ An"), "and is not kept as text");
        let bad = DOC.replace("\"level\":\"province\"", "\"level\":7");
        let err = read_in_pieces(bad.as_bytes(), 5).unwrap_err();
        assert!(
            matches!(&err, LoadError::Json(m) if m.starts_with("unit 1:") && m.contains(" at line 2 column ")),
            "{err:?}"
        );
        let two = DOC.replace("\"units\": [{", "\"units\": [{\"id\":\"41\",\"code\":\"41\",\"name\":\"X\",\"short_name\":\"X\",\"level\":\"province\",\"type\":\"tinh\",\"lineage\":\"41\"},{");
        assert_eq!(
            read_in_pieces(two.as_bytes(), 3).unwrap(),
            Dataset::from_json(&two).unwrap(),
            "units keep their order"
        );
        let (a, b) = DOC.split_once("\"units\": [").unwrap();
        assert!(read_in_pieces(format!("{a}\"units\": [,{b}").as_bytes(), 4).is_err(), "a stray comma in units");
    }

    #[test]
    fn a_truncated_document_is_an_error_not_a_panic() {
        for end in [0, 1, 10, DOC.len() / 2, DOC.len() - 1] {
            assert!(read_in_pieces(&DOC.as_bytes()[..end], 4).is_err(), "cut at {end}");
        }
    }

    #[test]
    fn another_schema_version_is_reported_as_such() {
        let v2 = DOC.replace("\"schema_version\": 1", "\"schema_version\": 2");
        assert_eq!(read_in_pieces(v2.as_bytes(), 3), Err(LoadError::SchemaVersion { found: 2 }));
    }

    #[test]
    fn a_byte_order_mark_and_an_observations_key_inside_a_string_are_harmless() {
        let tricky = format!(
            "\u{feff}{}",
            DOC.replace(
                "\"themes\": []",
                "\"themes\": [{\"id\":\"observations\",\"name\":{\"vi\":\"[\",\"en\":\"{\"}}]"
            )
        );
        let ds = read_in_pieces(tricky.as_bytes(), 3).unwrap();
        assert_eq!(ds.themes[0].id, "observations");
        assert_eq!(ds.observations.len(), 2);
    }

    #[test]
    fn observations_with_a_missing_or_extra_comma_are_an_error_as_for_the_one_shot_reader() {
        // The property `cargo xtask fuzz` checks (the stream against `from_json`): separators were dropped unchecked.
        let (a, b) = DOC.split_once("},\n  {\"id\":\"b\"").unwrap();
        let cases = [
            format!("{a}}}\n  {{\"id\":\"b\"{b}"),
            format!("{a}}},,\n  {{\"id\":\"b\"{b}"),
            DOC.replace("\"observations\": [", "\"observations\": [,"),
            DOC.replace("\n ]\n}", ",\n ]\n}"),
        ];
        for doc in &cases {
            assert!(Dataset::from_json(doc).is_err(), "{doc}");
            for piece in [1, 3, 64] {
                assert!(read_in_pieces(doc.as_bytes(), piece).is_err(), "{doc}");
            }
        }
    }

    #[test]
    fn an_observation_nested_near_the_one_shot_readers_limit_reads_as_it_does() {
        // serde_json stops at 128 levels, but not in a field it ignores; an observation parsed alone starts two
        // levels below its place in the document: the two readers must still agree.
        for levels in [120, 126, 127, 128, 129, 1000] {
            let deep = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
            let doc = DOC.replace("\"value\":1.0,", &format!("\"extra\":{deep},\"value\":1.0,"));
            let whole = Dataset::from_json(&doc).map_err(|_| ());
            assert_eq!(read_in_pieces(doc.as_bytes(), 7).map_err(|_| ()), whole, "{levels} levels");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_in_a_skipped_field_of_an_observation_are_an_error() {
        // Found by `cargo xtask fuzz` (stream against from_json): serde_json skipped the field's bytes unchecked.
        let mut doc = DOC.replace("\"value\":1.0,", "\"extra\":\"Kh\u{1ec9}t\",\"value\":1.0,").into_bytes();
        let at = doc.windows(5).position(|w| w == "Khỉ".as_bytes()).unwrap();
        doc[at + 4] = b't';
        assert!(std::str::from_utf8(&doc).is_err());
        assert!(read_in_pieces(&doc, 5).is_err());
    }

    #[test]
    fn the_published_dataset_reads_the_same_streamed() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/nghe-an.json")).unwrap();
        let whole = Dataset::from_json(&text).unwrap();
        assert_eq!(read_in_pieces(text.as_bytes(), 65_536).unwrap(), whole);
    }
}
