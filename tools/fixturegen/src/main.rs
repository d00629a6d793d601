//! `cargo run -p fixturegen` rewrites the bundled fixtures in public/data.
//! `cargo run -p fixturegen -- --synthetic 3000 10000 --out target/synthetic/data` writes a large
//! set for tests and benchmarks.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes the bundled fixtures (or a large synthetic set) of 海峡高考门户.
#[derive(Parser)]
#[command(name = "fixturegen")]
struct Args {
    /// Where to write the files.
    #[arg(long, default_value = "public/data")]
    out: PathBuf,
    /// A generated set of this many schools and articles instead of the curated one.
    #[arg(long, num_args = 2, value_names = ["SCHOOLS", "ARTICLES"])]
    synthetic: Option<Vec<usize>>,
}

fn main() -> ExitCode {
    let Args { out, synthetic } = Args::parse();
    let synthetic = match synthetic.as_deref() {
        None => None,
        Some(&[schools, articles]) if schools > 0 => Some((schools, articles)),
        Some(_) => {
            eprintln!("fixturegen: --synthetic needs two counts, the first above 0");
            return ExitCode::from(2);
        }
    };
    let dataset = match synthetic {
        Some((schools, articles)) => fixturegen::synthetic(schools, articles),
        None => fixturegen::curated(),
    };
    match portal_dataset::publish(&dataset, &out) {
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
