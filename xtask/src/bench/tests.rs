//! Tests of [`super`].

use super::*;

#[test]
fn eager_files_follow_trunks_index_html() {
    let html = r#"<link rel="icon" href="data:,">
<link rel="stylesheet" href="./main-1.css" integrity="x"/>
<script type="module" src="echarts/core.js"></script>
<link rel="modulepreload" href="echarts/chunk-A.js">
<script src="sw-register.js" defer></script>
<script type="module">
import init, * as bindings from './chiso-2.js';
const wasm = await init({ module_or_path: './chiso-2_bg.wasm' });
</script>
<link rel="modulepreload" href="./chiso-2.js" crossorigin="anonymous"><link rel="preload" href="./chiso-2_bg.wasm" as="fetch">
<link rel="canonical" href="https://example.org/">"#;
    assert_eq!(
        eager_files(html),
        [
            "main-1.css",
            "echarts/core.js",
            "echarts/chunk-A.js",
            "sw-register.js",
            "chiso-2.js",
            "chiso-2_bg.wasm",
            "nghe-an.json"
        ]
    );
}

#[test]
fn eager_files_include_the_static_imports_of_the_core_module() {
    let html = r#"<script type="module" src="echarts/core.js"></script><script src="./app.css.js"></script>"#;
    let closure = ["echarts/chunk-A.js".to_string(), "echarts/chunk-B.js".to_string()];
    assert_eq!(
        eager_files_in(html, &closure),
        ["echarts/core.js", "echarts/chunk-A.js", "echarts/chunk-B.js", "app.css.js", "nghe-an.json"]
    );
}

#[test]
fn criterion_summaries_are_read_with_short_and_long_names() {
    let lines: Vec<String> = [
        "Benchmarking view/x: Warming up for 500.00 ms",
        "view/x                  time:   [1.0000 µs 1.2000 µs 1.4000 µs]",
        "load/synthetic/parse + validate + index",
        "                        time:   [1.1 s 1.2 s 1.3 s]",
        "                        thrpt:  [80.0 MiB/s 85.0 MiB/s 90.0 MiB/s]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let e = parse_criterion(&lines);
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].name.as_str(), e[0].time[1].as_str()), ("view/x", "1.2000 µs"));
    assert_eq!(e[1].name, "load/synthetic/parse + validate + index");
    assert_eq!(e[1].thrpt.as_deref(), Some("85.0 MiB/s"));
}

#[test]
fn lighthouse_runs_by_default_and_alone_with_lighthouse_only() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let o = parse(&args(&[])).unwrap();
    assert!(o.lighthouse && !o.lighthouse_only && o.lighthouse_runs == 3);
    let o = parse(&args(&["--lighthouse-only", "--lighthouse-runs", "5"])).unwrap();
    assert!(o.lighthouse_only && o.lighthouse_runs == 5);
    assert!(!parse(&args(&["--no-lighthouse"])).unwrap().lighthouse);
    assert!(parse(&args(&["--lighthouse-only", "--no-lighthouse"])).is_err());
    assert!(parse(&args(&["--lighthouse-runs", "0"])).is_err());
}

#[test]
fn sections_are_replaced_between_their_markers_or_appended() {
    let doc = "# B\n\n## Map\ntext\n";
    let one = replace_section(doc, "sizes", "new");
    assert_eq!(one, "# B\n\n## Map\ntext\n\n<!-- bench:sizes:begin -->\nnew\n<!-- bench:sizes:end -->\n");
    let two = replace_section(&one, "sizes", "newer");
    assert!(two.contains("newer") && !two.contains("new\n<!--") && two.starts_with("# B\n\n## Map\ntext"));
}
