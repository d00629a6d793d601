//! `cargo run -p fixturegen -- --synthetic 3000 10000 --out target/synthetic/data` writes a large
//! set for tests and benchmarks. The bundled demo (public/data) is built through a source folder
//! instead: `make data` (`portal-data demo`, then `portal-data build`).

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes a large synthetic data set of 海峡高考门户 (the bundled demo: `make data`).
#[derive(Parser)]
#[command(name = "fixturegen")]
struct Args {
    /// Where to write the files.
    #[arg(long, default_value = "target/synthetic/data")]
    out: PathBuf,
    /// How many schools and articles.
    #[arg(long, num_args = 2, value_names = ["SCHOOLS", "ARTICLES"])]
    synthetic: Option<Vec<usize>>,
}

fn main() -> ExitCode {
    let Args { out, synthetic } = Args::parse();
    let dataset = match synthetic.as_deref() {
        Some(&[schools, articles]) if schools > 0 => fixturegen::synthetic(schools, articles),
        Some(_) => {
            eprintln!("fixturegen: --synthetic needs two counts, the first above 0");
            return ExitCode::from(2);
        }
        None => {
            eprintln!(
                "fixturegen: give --synthetic SCHOOLS ARTICLES; the bundled demo in public/data is built \
                 through its source folder: make data"
            );
            return ExitCode::from(2);
        }
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
