//! Native benchmarks of the core (criterion): dataset parse, validation and indexing, then the query and
//! aggregation behind a typical view and a whole-level ranking, on the synthetic dataset (≈ 500,000 figures)
//! and on the published one.
//!
//! The synthetic dataset is read from `target/synthetic/nghe-an-synthetic.json` (or `$CHISO_SYNTHETIC`); it is
//! written by `cargo xtask bench` (or `cargo run -p chiso-data -- synthetic`), never by this bench.
//!
//! Run: `cargo bench -p chiso-core` (all of `cargo xtask bench` also runs the browser benchmarks).

use chiso_core::charts::{bar_chart, line_chart};
use chiso_core::model::{Dataset, Level};
use chiso_core::query::Db;
use chiso_core::state::{ExplorerState, View};
use chiso_core::validate::validate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

fn workspace_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

fn read(path: PathBuf, hint: &str) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e} ({hint})", path.display()))
}

fn synthetic_text() -> String {
    let path = std::env::var_os("CHISO_SYNTHETIC")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_file("target/synthetic/nghe-an-synthetic.json"));
    read(path, "generate it with `cargo xtask bench` or `cargo run -p chiso-data -- synthetic`")
}

fn state(level: Level, indicators: &[&str], view: View) -> ExplorerState {
    ExplorerState {
        level,
        indicators: indicators.iter().map(|s| s.to_string()).collect(),
        view,
        animate: false,
        ..Default::default()
    }
}

/// Parse (serde, including the schema-version check), validation and indexing, each on its own.
fn load(c: &mut Criterion, name: &str, text: &str, slow: bool) {
    let mut g = c.benchmark_group(format!("load/{name}"));
    if slow {
        g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(8));
    }
    g.throughput(criterion::Throughput::Bytes(text.len() as u64));
    g.bench_function("parse", |b| b.iter(|| Dataset::from_json(black_box(text)).unwrap()));
    let ds = Dataset::from_json(text).unwrap();
    g.bench_function("validate", |b| b.iter(|| validate(black_box(&ds))));
    g.bench_function("index (Db::new)", |b| {
        b.iter_batched(|| ds.clone(), |ds| Db::new(black_box(ds)), BatchSize::PerIteration)
    });
    g.bench_function("parse + validate + index", |b| {
        b.iter(|| {
            let ds = Dataset::from_json(black_box(text)).unwrap();
            black_box(validate(&ds));
            Db::new(ds)
        })
    });
    g.finish();
}

fn views(c: &mut Criterion, name: &str, db: &Db, line: &[&str], rank: &str) {
    let mut g = c.benchmark_group(format!("view/{name}"));
    g.warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    // The default view: two indicators of the province over time (one line each).
    let typical = state(Level::Province, line, View::Line);
    g.bench_function("line chart, province, 2 indicators", |b| b.iter(|| line_chart(db, black_box(&typical))));
    // A district comparison: the first 12 districts with data, one indicator.
    let districts = state(Level::District, &line[..1], View::Line);
    g.bench_function("line chart, districts (12 lines)", |b| b.iter(|| line_chart(db, black_box(&districts))));
    // A whole-level ranking: every commune with a figure in the latest year, sorted, and its bar option.
    let ranking = state(Level::Commune, &[rank], View::Bar);
    g.bench_function("ranking query, all communes", |b| b.iter(|| db.ranking(black_box(&ranking)).len()));
    g.bench_function("bar chart, all communes", |b| b.iter(|| bar_chart(db, black_box(&ranking))));
    g.finish();
}

fn synthetic(c: &mut Criterion) {
    let text = synthetic_text();
    load(c, "synthetic", &text, true);
    let db = Db::new(Dataset::from_json(&text).unwrap());
    drop(text);
    views(c, "synthetic", &db, &["synthetic_17", "synthetic_18"], "synthetic_17");
}

fn published(c: &mut Criterion) {
    let text = read(workspace_file("data/nghe-an.json"), "the published dataset, `cargo xtask data`");
    load(c, "published", &text, false);
    let db = Db::new(Dataset::from_json(&text).unwrap());
    views(c, "published", &db, &chiso_core::state::DEFAULT_INDICATORS, "clean_strong_orgs_pct");
}

criterion_group!(benches, published, synthetic);
criterion_main!(benches);
