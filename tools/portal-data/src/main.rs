//! `portal-data`: turns the official publications an operator holds into the site's data.
//!
//!   portal-data check DIR     read and check a source folder, print every problem, change nothing
//!
//! `build` (static files) and `load` / `export` (databases) follow (issue #28); the folder's
//! format is docs/data.md.

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
}

fn main() -> ExitCode {
    match Args::parse().command {
        Command::Check { dir, no_notes } => check(dir, no_notes),
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
