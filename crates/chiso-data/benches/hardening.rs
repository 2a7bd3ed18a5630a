//! Benchmarks of the two quadratic fixes of issue #14, at ten times today's worst case, and at a tenth of that to
//! show the growth is linear (ten times the input, about ten times the time; quadratic code would take a hundred
//! times, minutes at the larger size):
//!
//! - `source ids/…`: a reader's sheet where every row cites its own report and every title wants the same source
//!   id (`bao-cao-tong-ket-cong-tac`, then `-2`, `-3`, …), imported whole (`import_csv`: reading, numbering the
//!   clashing ids, every rule); 16,000 and 160,000 rows.
//! - `url dedup/…`: a link whose `units=` lists 100,000 or 1,000,000 items, every place twice (forwards, then
//!   backwards; `url::decode_state` keeps each once, in first-seen order).
//!
//! Run: `cargo bench -p chiso-data --bench hardening` (or `cargo xtask bench --hardening-only`, which writes the
//! results into BENCHMARKS.md).

use chiso_core::model::Dataset;
use chiso_core::url::decode_state;
use chiso_data::import::import_csv;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const HEADER: &str = "indicator,unit_code,unit_name,reference_period,value,source_title,source_url,source_date,\
                      source_publisher,exact_sentence,sentence_language,note";

/// A sheet of `rows` rows whose source titles all start with the same six words.
fn clashing_sheet(rows: usize) -> String {
    let mut text = String::with_capacity(rows * 100);
    text.push_str(HEADER);
    for i in 0..rows {
        let year = 2000 + i % 20;
        text.push_str(&format!(
            "\nparty_members,40,,{year},{i},Báo cáo tổng kết công tác xây dựng Đảng số {i},,,,Câu: {i}.,vi,"
        ));
    }
    text.push('\n');
    text
}

/// `units=` with `n` items: `n / 2` places, then the same again in reverse order (every place twice).
fn long_link(n: usize) -> String {
    let items: Vec<String> = (0..n / 2).map(|i| format!("{i}@2013")).collect();
    let mut all = items.clone();
    all.extend(items.iter().rev().cloned());
    format!("units={}", all.join("~"))
}

fn base() -> Dataset {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/nghe-an.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Dataset::from_json(&text).unwrap()
}

fn source_ids(c: &mut Criterion) {
    let base = base();
    let mut g = c.benchmark_group("source ids");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(20));
    for rows in [16_000, 160_000] {
        let sheet = clashing_sheet(rows);
        // The result is checked once, outside the timing: every row kept, the last one numbered `-{rows}`.
        let o = import_csv(sheet.as_bytes(), "b.csv", &base);
        let ds = o.dataset.expect("the sheet imports");
        assert_eq!(ds.observations.len(), rows);
        assert_eq!(ds.observations[rows - 1].source.as_str(), format!("bao-cao-tong-ket-cong-tac-{rows}"));
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_function(format!("import_csv, {rows} rows, one clashing id each"), |b| {
            b.iter(|| import_csv(black_box(sheet.as_bytes()), "b.csv", &base).rows)
        });
    }
    g.finish();
}

fn url_dedup(c: &mut Criterion) {
    let mut g = c.benchmark_group("url dedup");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    for n in [100_000, 1_000_000] {
        let link = long_link(n);
        let (s, w) = decode_state(&link);
        let kept = n / 2;
        assert!(w.is_empty() && s.places.len() == kept && s.places[kept - 1] == format!("{}@2013", kept - 1));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("decode_state, units= of {n} items, each place twice"), |b| {
            b.iter(|| decode_state(black_box(&link)).0.places.len())
        });
    }
    g.finish();
}

criterion_group!(benches, source_ids, url_dedup);
criterion_main!(benches);
