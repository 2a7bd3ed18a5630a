//! `chiso-data`: the data tool for the people who keep the figures (`cargo run -p chiso-data -- <command>`).
//!
//! - `template [DIR]`: writes the empty import sheet, its how-to (vi, en) and the indicator and unit sheets.
//! - `import IN.csv [-o OUT.json] [--published DATE]`: a filled sheet → a dataset (refused, with the table of issues,
//!   on errors); with `--published`, the file to put on the site, dated (the browser's Publish download).
//! - `validate FILE [--lang vi|en]`: every rule, as a table; exit code 1 on errors, 0 with warnings only.
//! - `diff OLD NEW [--report FILE.csv]`: what NEW adds, removes and changes, for a reviewer (and the review report
//!   of the browser's Publish panel).
//! - `synthetic [-o PATH] [--seed N]`: the synthetic dataset, under `target/` only.
//! - `schema`: prints the JSON Schema of the dataset.
//!
//! CSV files are read against the published dataset (`data/nghe-an.json`, or `--base FILE`), which supplies the
//! units and indicators the rows refer to.

use chiso_core::i18n::Lang;
use chiso_core::model::Dataset;
use chiso_data::import::{import_csv, import_json, ImportOutcome};
use chiso_data::{diff, publish, render_json, schema, synthetic, template};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: cargo run -p chiso-data -- <command>

commands:
  template [DIR]                       write the import sheet, how-to and reference sheets (default: chiso-template/)
  import IN.csv [-o OUT.json]          turn a filled sheet into a dataset (default OUT: IN with .json)
       [--published YYYY-MM-DD]        date the edition and point $schema at schema.json, ready for the site
  validate FILE [--lang vi|en]         check a sheet (.csv) or a dataset (.json); table of issues; exit 1 on errors
  diff OLD NEW [--lang vi|en]          what NEW adds, removes and changes compared with OLD (.json or .csv)
       [--report FILE.csv]             also write the review report (every change and NEW's warnings) as CSV
  synthetic [-o PATH] [--seed N]       write the synthetic dataset (default target/synthetic/nghe-an-synthetic.json)
  schema                               print the JSON Schema of the dataset

options:
  --base FILE                          dataset that sheets are read against (default: data/nghe-an.json)
  --lang vi|en                         language of the reports (default: vi)";

type Error = Box<dyn std::error::Error>;

/// Parsed command line: positional arguments and `--name value` options.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, String)>,
}

impl Args {
    fn parse(raw: &[String]) -> Result<Args, Error> {
        let mut positional = Vec::new();
        let mut options = Vec::new();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--").or_else(|| a.strip_prefix('-').filter(|n| *n == "o")) {
                let value = it.next().ok_or_else(|| format!("option {a} needs a value"))?;
                let name = if name == "o" { "output" } else { name };
                if !["output", "seed", "lang", "base", "report", "published"].contains(&name) {
                    return Err(format!("unknown option {a}").into());
                }
                options.push((name.to_string(), value.clone()));
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args { positional, options })
    }

    fn option(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn lang(&self) -> Result<Lang, Error> {
        match self.option("lang") {
            None => Ok(Lang::Vi),
            Some(code) => Lang::from_code(code).ok_or_else(|| format!("--lang must be vi or en, not {code}").into()),
        }
    }
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

fn base(args: &Args) -> Result<Dataset, Error> {
    let path = args.option("base").map(PathBuf::from).unwrap_or_else(|| repo_root().join(chiso_data::OUTPUT));
    let text = String::from_utf8(read(&path)?).map_err(|_| format!("{} is not UTF-8", path.display()))?;
    Dataset::from_json(&text).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Imports a `.json` dataset or a `.csv` sheet, judged for publication ([`ImportOutcome::for_publishing`]).
fn load(path: &Path, args: &Args) -> Result<ImportOutcome, Error> {
    let bytes = read(path)?;
    let name = path.display().to_string();
    let outcome = if is_json(path) { import_json(&bytes, &name) } else { import_csv(&bytes, &name, &base(args)?) };
    Ok(outcome.for_publishing())
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let result = Args::parse(raw.get(1..).unwrap_or(&[])).and_then(|args| match raw.first().map(String::as_str) {
        Some("template") => cmd_template(&args),
        Some("import") => cmd_import(&args),
        Some("validate") => cmd_validate(&args),
        Some("diff") => cmd_diff(&args),
        Some("synthetic") => cmd_synthetic(&args),
        Some("schema") => {
            print!("{}", schema::schema_json());
            Ok(ExitCode::SUCCESS)
        }
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}").into()),
        None => Err(USAGE.into()),
    });
    result.unwrap_or_else(|e| {
        eprintln!("chiso-data: {e}");
        ExitCode::from(2)
    })
}

fn cmd_template(args: &Args) -> Result<ExitCode, Error> {
    let dir = PathBuf::from(args.positional.first().map(String::as_str).unwrap_or("chiso-template"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for f in template::files(&base(args)?) {
        let path = dir.join(f.name);
        std::fs::write(&path, &f.bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_import(args: &Args) -> Result<ExitCode, Error> {
    let input = PathBuf::from(args.positional.first().ok_or("import needs a file: import IN.csv [-o OUT.json]")?);
    let output = args.option("output").map(PathBuf::from).unwrap_or_else(|| input.with_extension("json"));
    if output == input {
        return Err("the output would overwrite the input; give -o OUT.json".into());
    }
    let outcome = load(&input, args)?;
    eprint!("{}", outcome.report(args.lang()?));
    match (&outcome.dataset, outcome.has_errors()) {
        (Some(ds), false) => {
            let json = match args.option("published") {
                Some(date) if date.parse::<chiso_core::period::Date>().is_ok() => publish::dataset_json(ds, date),
                Some(date) => return Err(format!("--published must be a date such as 2026-12-06, not {date}").into()),
                None => render_json(ds),
            };
            std::fs::write(&output, json).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            println!("wrote {} ({} figures)", output.display(), ds.observations.len());
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{} was not written: fix the errors above first", output.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

fn cmd_validate(args: &Args) -> Result<ExitCode, Error> {
    let file = PathBuf::from(args.positional.first().ok_or("validate needs a file: validate FILE [--lang vi|en]")?);
    let outcome = load(&file, args)?;
    print!("{}", outcome.report(args.lang()?));
    Ok(if outcome.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn cmd_diff(args: &Args) -> Result<ExitCode, Error> {
    let [old, new] = args.positional.as_slice() else {
        return Err("diff needs two files: diff OLD.json NEW.json".into());
    };
    let lang = args.lang()?;
    let mut sets = Vec::new();
    let mut warnings = Vec::new();
    for path in [old, new] {
        let outcome = load(Path::new(path), args)?;
        if outcome.has_errors() {
            eprint!("{}", outcome.report(lang));
        }
        warnings = outcome.issues.into_iter().filter(|i| !i.is_error()).collect();
        sets.push(outcome.dataset.ok_or_else(|| format!("{path} could not be read"))?);
    }
    let d = diff::diff(&sets[0], &sets[1]);
    print!("{}", diff::render(&d, &sets[0], &sets[1], lang));
    if let Some(report) = args.option("report") {
        let rows = publish::change_rows(&d, &sets[0], &sets[1], lang);
        std::fs::write(report, publish::report_csv(&rows, &warnings, lang))
            .map_err(|e| format!("cannot write {report}: {e}"))?;
        eprintln!("wrote {report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_synthetic(args: &Args) -> Result<ExitCode, Error> {
    let root = repo_root();
    let output = args
        .option("output")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/synthetic/nghe-an-synthetic.json"));
    let seed: u64 = match args.option("seed") {
        Some(s) => s.parse().map_err(|_| format!("--seed must be a whole number, not {s}"))?,
        None => 1,
    };
    // Never next to the published data or inside the bundle.
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let parent = parent.canonicalize()?;
    for forbidden in ["data", "dist", "public"] {
        if let Ok(dir) = root.join(forbidden).canonicalize() {
            if parent.starts_with(&dir) {
                return Err(format!("synthetic data must not be written under {forbidden}/; use target/").into());
            }
        }
    }
    let base = base(args)?;
    let started = Instant::now();
    let ds = synthetic::generate(&base, seed);
    let generated = started.elapsed();
    let json = render_json(&ds);
    std::fs::write(&output, &json).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    println!(
        "wrote {}: {} observations, {} indicators, {} units, {:.1} MB; generated in {:.2} s (seed {seed})",
        output.display(),
        ds.observations.len(),
        ds.indicators.len(),
        ds.units.len(),
        json.len() as f64 / 1e6,
        generated.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
