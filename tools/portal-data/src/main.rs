//! `portal-data`: turns the official publications an operator holds into the site's data.
//!
//!   portal-data check DIR             read and check a source folder, print every problem, change nothing
//!   portal-data build DIR --out OUT   write the site's static data set from a source without errors
//!
//! `load` / `export` (databases) follow (issue #28); the folder's format and the build step are
//! docs/data.md.

use clap::{Parser, Subcommand};
use portal_data::{Severity, Source};
use std::path::PathBuf;
use std::process::ExitCode;

/// Checks, builds and loads the data source folder of 海峡高考门户 (docs/data.md).
#[derive(Parser)]
#[command(name = "portal-data", version)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read and check a source folder; print every problem; change nothing. Exits with 1 when
    /// there is an error.
    Check {
        /// The source folder (the one holding manifest.toml).
        dir: PathBuf,
        /// Leave notes out (warnings and errors are always printed).
        #[arg(long)]
        no_notes: bool,
    },
    /// Check a source folder and, when it has no error, write the site's data set to OUT
    /// (replaced whole; nothing is written on any error). Exits with 1 on an error.
    Build {
        /// The source folder (the one holding manifest.toml).
        dir: PathBuf,
        /// The data folder of the site to write, e.g. dist/data.
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    match Args::parse().command {
        Command::Check { dir, no_notes } => check(dir, no_notes),
        Command::Build { dir, out } => build(dir, out),
    }
}

fn build(dir: PathBuf, out: PathBuf) -> ExitCode {
    let started = std::time::Instant::now();
    let valid = match portal_data::read(&dir).valid() {
        Ok(valid) => valid,
        Err(report) => {
            for problem in report.sorted().into_iter().filter(|p| p.severity() == Severity::Error) {
                println!("{problem}\n");
            }
            println!("{}", report.summary());
            println!("有错误，没有写入任何文件 / errors: nothing was written ({})", out.display());
            return ExitCode::FAILURE;
        }
    };
    let warnings = valid.report.count(Severity::Warning);
    match portal_data::build::build(&valid, &out) {
        Ok(built) => {
            println!(
                "已写入 {}：{} 所院校，{} 篇文章，{} 行招生数据（其中 {} 个位次按一分一段表推算），用时 {:.1} 秒",
                out.display(),
                built.schools,
                built.articles,
                built.admission_rows,
                built.derived_ranks,
                started.elapsed().as_secs_f64()
            );
            println!(
                "wrote {}: {} schools, {} articles, {} admission rows ({} ranks derived from the score tables)",
                out.display(),
                built.schools,
                built.articles,
                built.admission_rows,
                built.derived_ranks
            );
            if warnings > 0 {
                println!("{warnings} 个警告：运行 check 查看 / {warnings} warning(s): run check to see them");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "portal-data: 写入 {} 失败，原有内容未改动 / cannot write {}: {e}",
                out.display(),
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn check(dir: PathBuf, no_notes: bool) -> ExitCode {
    let checked = portal_data::read(&dir);
    print_datasets(&checked.source);
    let report = &checked.report;
    for problem in report.sorted() {
        if no_notes && problem.severity() == Severity::Note {
            continue;
        }
        println!("{problem}\n");
    }
    println!("{}", report.summary());
    if report.has_errors() {
        println!("有错误：修正后再运行 build 或 load / errors: fix them before build or load");
        ExitCode::FAILURE
    } else {
        println!("可以使用 / ready for build and load");
        ExitCode::SUCCESS
    }
}

/// One line per dataset: kind, file, rows, encoding, checksum.
fn print_datasets(source: &Source) {
    if source.datasets.is_empty() {
        return;
    }
    println!("数据集 datasets ({}):", source.root.display());
    for read in &source.datasets {
        let d = &read.dataset;
        let unit =
            if d.kind == portal_data::manifest::DatasetKind::Articles { "篇 articles" } else { "行 rows" };
        let encoding = read.encoding.map(|e| format!("  {e}")).unwrap_or_default();
        let hash = d.provenance.sha256.get(..12).unwrap_or("");
        println!(
            "  {} {}  {} {unit}{encoding}  sha256 {hash}…",
            padded(d.kind.label(), 16),
            d.path,
            read.rows
        );
    }
    println!();
}

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes two).
fn padded(text: &str, width: usize) -> String {
    let used: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}
