//! `cargo xtask fuzz [SECS] [--inputs N] [--only NAME] [--seed N]`: fuzzing on stable Rust, with no cargo-fuzz
//! and no nightly. Each target ([`targets::TARGETS`]: the dataset JSON parser, the streaming parser against the
//! one-shot one, the URL state round trip, the period parser, the CSV and JSON importers) gets inputs made by
//! seeded mutators ([`mutate`]) from its seed corpus, `fuzz/corpus/<target>/` (small committed files), and from
//! the inputs it recently read as valid. Every input runs under `catch_unwind`: a panic (or a failed property) is
//! reported with its message, and the input is saved to `target/fuzz-crashes/<target>-<hash>` to replay; the run
//! goes on and fails at the end.
//!
//! SECS (default 20) is shared evenly by the targets; `--inputs N` stops each target after N inputs (then SECS is
//! a ceiling only when given). The same seed gives the same inputs. `cargo xtask test` runs a short round;
//! the long run recorded in BENCHMARKS.md is built with optimisations and unwinding panics:
//! `nice cargo run --profile fuzz -p xtask -- fuzz 7200 --inputs 10000000`.

mod mutate;
mod targets;

use crate::util::Result;
use mutate::Rng;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use targets::{Ctx, Target, TARGETS};

/// What one target's run did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The target.
    pub name: &'static str,
    /// Inputs run.
    pub inputs: u64,
    /// Time taken.
    pub elapsed: Duration,
    /// Panics (and failed properties) met, each with the file its input was saved to.
    pub panics: Vec<(String, PathBuf)>,
}

/// Options of `cargo xtask fuzz`.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Total time for all targets.
    pub secs: Option<f64>,
    /// Inputs per target.
    pub inputs: Option<u64>,
    /// Only the targets with these names.
    pub only: Vec<String>,
    /// Seed of the mutators.
    pub seed: u64,
}

impl Options {
    /// Reads `[SECS] [--inputs N] [--only NAME]… [--seed N]`.
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut o = Options { secs: None, inputs: None, only: Vec::new(), seed: 1 };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = |what: &str| it.next().ok_or_else(|| format!("{a} needs {what}"));
            match a.as_str() {
                "--inputs" => o.inputs = Some(value("a number")?.parse().map_err(|_| "--inputs N: a whole number")?),
                "--seed" => o.seed = value("a number")?.parse().map_err(|_| "--seed N: a whole number")?,
                "--only" => o.only.push(value("a target name")?.clone()),
                secs => o.secs = Some(secs.parse().map_err(|_| format!("unknown fuzz argument `{secs}`"))?),
            }
        }
        if let Some(bad) = o.only.iter().find(|n| !TARGETS.iter().any(|t| t.name == n.as_str())) {
            let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
            return Err(format!("no fuzz target `{bad}` (targets: {})", names.join(", ")).into());
        }
        Ok(o)
    }
}

/// `cargo xtask fuzz …`: runs the targets, prints one line per target, fails if anything panicked.
pub fn fuzz(root: &Path, args: &[String]) -> Result {
    let options = Options::parse(args)?;
    let reports = run(root, &options)?;
    print_reports(&reports);
    let panics: usize = reports.iter().map(|r| r.panics.len()).sum();
    if panics > 0 {
        return Err(format!("{panics} fuzz input(s) panicked: replay the files listed above").into());
    }
    Ok(())
}

/// One line per target: inputs, seconds, inputs per second, panics.
pub fn print_reports(reports: &[Report]) {
    println!("{:<14} {:>12} {:>9} {:>12} {:>7}", "target", "inputs", "seconds", "inputs/s", "panics");
    for r in reports {
        let secs = r.elapsed.as_secs_f64();
        println!(
            "{:<14} {:>12} {:>9.1} {:>12.0} {:>7}",
            r.name,
            r.inputs,
            secs,
            r.inputs as f64 / secs.max(1e-9),
            r.panics.len()
        );
        for (message, file) in &r.panics {
            println!("  panic: {message}\n    input: {}", file.display());
        }
    }
}

/// Runs the chosen targets one after the other.
pub fn run(root: &Path, options: &Options) -> Result<Vec<Report>> {
    let ctx = Ctx::new(root)?;
    let chosen: Vec<&Target> =
        TARGETS.iter().filter(|t| options.only.is_empty() || options.only.iter().any(|n| n == t.name)).collect();
    let secs = options.secs.or(options.inputs.is_none().then_some(20.0));
    let per_target = secs.map(|s| Duration::from_secs_f64(s / chosen.len().max(1) as f64));
    // Panics are caught and reported with their input; the default hook would print each one as it happens.
    let last_panic: Arc<Mutex<String>> = Arc::default();
    let seen = Arc::clone(&last_panic);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        *seen.lock().unwrap_or_else(|e| e.into_inner()) = format!("{message}{place}");
    }));
    let mut reports = Vec::new();
    for (i, target) in chosen.iter().enumerate() {
        let corpus = seeds(root, target.name)?;
        let seed = options.seed.wrapping_mul(0x100_0000_01b3).wrapping_add(i as u64);
        reports.push(run_target(root, &ctx, target, &corpus, seed, per_target, options.inputs, &last_panic)?);
    }
    std::panic::set_hook(previous);
    Ok(reports)
}

/// The seed corpus of a target: every file of `fuzz/corpus/<name>/`.
fn seeds(root: &Path, name: &str) -> Result<Vec<Vec<u8>>> {
    let dir = root.join("fuzz/corpus").join(name);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let corpus: Vec<Vec<u8>> = files.iter().map(fs::read).collect::<std::io::Result<_>>()?;
    if corpus.is_empty() {
        return Err(format!("{} holds no seed", dir.display()).into());
    }
    Ok(corpus)
}

/// Inputs a target keeps from its own accepted runs, to mutate further (a walk away from the seeds).
const POOL: usize = 256;

#[allow(clippy::too_many_arguments)]
fn run_target(
    root: &Path,
    ctx: &Ctx,
    target: &Target,
    corpus: &[Vec<u8>],
    seed: u64,
    time: Option<Duration>,
    inputs: Option<u64>,
    last_panic: &Mutex<String>,
) -> Result<Report> {
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut report = Report { name: target.name, inputs: 0, elapsed: Duration::ZERO, panics: Vec::new() };
    let mut n: u64 = 0;
    let mut last_note = Instant::now();
    loop {
        if n.is_multiple_of(256) {
            if time.is_some_and(|t| started.elapsed() >= t) {
                break;
            }
            // A long run says where it stands once a minute (its counts survive an interruption).
            if last_note.elapsed() >= Duration::from_secs(60) {
                last_note = Instant::now();
                let secs = started.elapsed().as_secs_f64();
                let rate = n as f64 / secs;
                println!(
                    "fuzz {}: {n} inputs in {secs:.0} s ({rate:.0}/s), {} panics",
                    target.name,
                    report.panics.len()
                );
            }
        }
        if inputs.is_some_and(|max| n >= max) {
            break;
        }
        // The seeds themselves first, then mutants of a seed or of an input kept from an earlier run.
        let input = if (n as usize) < corpus.len() {
            corpus[n as usize].clone()
        } else {
            let from = if !pool.is_empty() && rng.one_in(2) {
                &pool[rng.below(pool.len())]
            } else {
                &corpus[rng.below(corpus.len())]
            };
            mutate::mutate(from, corpus, target.dict, target.max_len, &mut rng)
        };
        n += 1;
        match catch_unwind(AssertUnwindSafe(|| (target.run)(ctx, &input))) {
            Ok(accepted) => {
                // Keep one valid input in 8 as a starting point: a cheap walk without coverage feedback, deeper
                // into the parser than mutants of a seed that break its syntax at once.
                if accepted && rng.one_in(8) {
                    if pool.len() < POOL {
                        pool.push(input);
                    } else {
                        let i = rng.below(POOL);
                        pool[i] = input;
                    }
                }
            }
            Err(_) => {
                let message = std::mem::take(&mut *last_panic.lock().unwrap_or_else(|e| e.into_inner()));
                let file = save_crash(root, target.name, &input)?;
                if report.panics.len() < 20 {
                    report.panics.push((message, file));
                }
            }
        }
    }
    report.inputs = n;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Saves an input that panicked to `target/fuzz-crashes/<target>-<hash>` and returns the path.
fn save_crash(root: &Path, name: &str, input: &[u8]) -> Result<PathBuf> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let dir = root.join("target/fuzz-crashes");
    fs::create_dir_all(&dir)?;
    let mut h = DefaultHasher::new();
    input.hash(&mut h);
    let path = dir.join(format!("{name}-{:016x}", h.finish()));
    fs::write(&path, input)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_mutants_and_another_seed_others() {
        let corpus = vec![b"{\"a\":[1,2,3]}".to_vec(), b"x,y\n1,2\n".to_vec()];
        let walk = |seed| {
            let mut rng = Rng::new(seed);
            (0..50).map(|_| mutate::mutate(&corpus[0], &corpus, mutate::JSON, 64, &mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(walk(7), walk(7));
        assert_ne!(walk(7), walk(8));
        assert!(walk(7).iter().all(|m| m.len() <= 64));
        assert!(walk(7).iter().any(|m| m != &corpus[0]));
    }

    #[test]
    fn fuzz_arguments_are_read_and_unknown_targets_refused() {
        let args = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let o = Options::parse(&args("12 --inputs 1000 --only url --seed 3")).unwrap();
        assert_eq!(o, Options { secs: Some(12.0), inputs: Some(1000), only: vec!["url".into()], seed: 3 });
        assert!(Options::parse(&args("--only nothing")).is_err());
        assert!(Options::parse(&args("soon")).is_err());
    }

    #[test]
    fn a_panicking_input_is_caught_reported_and_saved_for_replay() {
        let root = crate::util::repo_root();
        let ctx = Ctx::new(&root).unwrap();
        fn boom(_: &Ctx, input: &[u8]) -> bool {
            assert!(!input.starts_with(b"boom"), "boom found");
            true
        }
        let target = Target { name: "selftest", dict: &["boom"], max_len: 16, run: boom };
        let corpus = vec![b"quiet".to_vec(), b"boom!".to_vec()];
        let last: Mutex<String> = Mutex::default();
        let report = run_target(&root, &ctx, &target, &corpus, 1, None, Some(10), &last).unwrap();
        assert_eq!(report.inputs, 10);
        let (_, file) = report.panics.first().expect("the seed `boom!` panics");
        assert_eq!(fs::read(file).unwrap(), b"boom!");
    }
}
