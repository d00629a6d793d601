//! `cargo run -p fixturegen` rewrites the bundled fixtures in public/data.
//! `cargo run -p fixturegen -- --synthetic 3000 10000 --out target/synthetic/data` writes a large
//! set for tests and benchmarks.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = PathBuf::from("public/data");
    let mut synthetic: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--out" if i + 1 < args.len() => {
                out = PathBuf::from(&args[i + 1]);
                i += 2;
            }
            "--synthetic" if i + 2 < args.len() => match (args[i + 1].parse(), args[i + 2].parse()) {
                (Ok(schools), Ok(articles)) if schools > 0 => {
                    synthetic = Some((schools, articles));
                    i += 3;
                }
                _ => return usage("--synthetic needs two counts"),
            },
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let dataset = match synthetic {
        Some((schools, articles)) => fixturegen::synthetic(schools, articles),
        None => fixturegen::curated(),
    };
    match fixturegen::write(&dataset, &out) {
        Ok(()) => {
            println!(
                "wrote {} schools and {} articles to {}",
                dataset.schools.len(),
                dataset.articles.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fixturegen: cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("fixturegen: {problem}\nusage: fixturegen [--out DIR] [--synthetic SCHOOLS ARTICLES]");
    ExitCode::from(2)
}
