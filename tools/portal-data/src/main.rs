//! `portal-data`: turns the official publications an operator holds into the site's data.
//!
//!   portal-data check DIR             read and check a source folder, print every problem, change nothing
//!   portal-data build DIR --out OUT   write the site's static data set from a source without errors
//!   portal-data load DIR --db URL     bring a live SQLite or PostgreSQL database up to a source
//!   portal-data export --db URL DIR   write a database's catalogue as a source folder
//!   portal-data demo DIR              write the generated demo set as a source folder
//!
//! The folder's format and the steps are docs/data.md.

use clap::{Parser, Subcommand};
use portal_data::{Checked, Severity, Source};
use portal_server::store::{self, LoadOptions, LoadReport, Store, Tally};
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
    /// Check a source folder and, when it has no error, bring a live database up to it in one
    /// transaction: schools and articles added or updated by id, each school's 招生数据
    /// replaced; accounts, sessions and follows untouched. Schools and articles the database
    /// holds and the source does not are reported and kept (or removed with
    /// --remove-missing). Loading the same source twice changes nothing. Exits with 1 on an
    /// error (then nothing is loaded).
    Load {
        /// The source folder (the one holding manifest.toml).
        dir: PathBuf,
        /// The server's database: a SQLite file, or postgres://user:password@host:5432/haixia.
        #[arg(long, env = "HAIXIA_DB")]
        db: String,
        /// Remove the schools and articles the source no longer has, with their follows.
        #[arg(long)]
        remove_missing: bool,
    },
    /// Write a database's catalogue (schools, articles, 招生数据, 数据来源) as a source folder
    /// that check, build and load accept, so it can be edited as files and loaded again. DIR
    /// is written whole or not at all; a DIR that holds files is refused unless --force.
    Export {
        /// The server's database: a SQLite file, or postgres://user:password@host:5432/haixia.
        #[arg(long, env = "HAIXIA_DB")]
        db: String,
        /// The source folder to write.
        dir: PathBuf,
        /// Replace DIR even when it holds files.
        #[arg(long)]
        force: bool,
    },
    /// Write the bundled demo set (real schools, figures invented by tools/fixturegen, every
    /// document citing the generator as its publisher) as a source folder: an example of every
    /// file kind, and the source public/data is built from (`make data`). DIR is written whole
    /// or not at all; a DIR that holds files is refused unless --force.
    Demo {
        /// The source folder to write.
        dir: PathBuf,
        /// A synthetic set of this many schools and articles instead (tests, benchmarks).
        #[arg(long, num_args = 2, value_names = ["SCHOOLS", "ARTICLES"])]
        synthetic: Option<Vec<usize>>,
        /// Replace DIR even when it holds files.
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    match Args::parse().command {
        Command::Check { dir, no_notes } => check(dir, no_notes),
        Command::Build { dir, out } => build(dir, out),
        Command::Load { dir, db, remove_missing } => load(dir, &db, LoadOptions { remove_missing }),
        Command::Export { db, dir, force } => export(&db, dir, force),
        Command::Demo { dir, synthetic, force } => demo(dir, synthetic, force),
    }
}

fn demo(dir: PathBuf, synthetic: Option<Vec<usize>>, force: bool) -> ExitCode {
    let data = match synthetic.as_deref() {
        None => fixturegen::curated(),
        Some(&[schools, articles]) if schools > 0 => fixturegen::synthetic(schools, articles),
        Some(_) => {
            eprintln!("portal-data: --synthetic 需要两个数，第一个大于 0 / --synthetic needs two counts, the first above 0");
            return ExitCode::from(2);
        }
    };
    let data = fixturegen::provenance::cited(data);
    match portal_data::export::write(&data, portal_data::export::Origin::Generator, &dir, force) {
        Ok(done) => {
            println!(
                "已写出演示数据源 {}：{} 个文件，{} 所院校，{} 篇文章，{} 行招生数据",
                dir.display(),
                done.files,
                done.schools,
                done.articles,
                done.admission_rows
            );
            println!(
                "wrote the demo source {}: {} files, {} schools, {} articles, {} admission rows",
                dir.display(),
                done.files,
                done.schools,
                done.articles,
                done.admission_rows
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "portal-data: 写出失败，{} 未改动 / nothing written, {} unchanged: {e}",
                dir.display(),
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// How a database is named in messages: never a PostgreSQL URL, which may hold a password.
fn shown_db(db: &str) -> &str {
    if store::is_postgres_url(db) {
        "the PostgreSQL database"
    } else {
        db
    }
}

fn export(db: &str, dir: PathBuf, force: bool) -> ExitCode {
    let shown = shown_db(db);
    // Opening a SQLite path creates it: a mistyped path must not export an empty database.
    if !store::is_postgres_url(db) && !std::path::Path::new(db).is_file() {
        eprintln!("portal-data: 找不到数据库文件 {shown} / no database file at {shown}");
        return ExitCode::FAILURE;
    }
    let data = match Store::open(db, 1).and_then(|store| store.catalogue()) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("portal-data: 无法读取数据库 {shown}，没有写入任何文件 / cannot read {shown}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match portal_data::export::export(&data, &dir, force) {
        Ok(done) => {
            let (to, files, schools, articles) = (dir.display(), done.files, done.schools, done.articles);
            let (rows, derived) = (done.admission_rows, done.derived_ranks);
            println!("已导出到 {to}：{files} 个文件，{schools} 所院校，{articles} 篇文章，{rows} 行招生数据（{derived} 个推算的位次留空，build 时重新推算）");
            println!("exported to {to}: {files} files, {schools} schools, {articles} articles, {rows} admission rows ({derived} derived ranks left blank for build to derive again)");
            if !done.uncited.is_empty() {
                let ids = done.uncited.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
                println!("没有数据引用的来源文档未导出：{ids} / documents no row cites were left out: {ids}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let dir = dir.display();
            eprintln!("portal-data: 导出失败，{dir} 未改动 / export failed, {dir} unchanged: {e}");
            ExitCode::FAILURE
        }
    }
}

fn load(dir: PathBuf, db: &str, options: LoadOptions) -> ExitCode {
    let checked = portal_data::read(&dir);
    if checked.report.has_errors() {
        print_checked(&checked, false);
        println!("有错误，没有导入任何数据 / errors: nothing was loaded");
        return ExitCode::FAILURE;
    }
    let warnings = checked.report.count(Severity::Warning);
    let data = match checked.valid() {
        Ok(valid) => portal_data::build::dataset(&valid),
        Err(report) => {
            println!("{}", report.summary());
            return ExitCode::FAILURE;
        }
    };
    let shown = shown_db(db);
    let loaded = Store::open(db, 1).and_then(|store| store.load(&data, options));
    match loaded {
        Ok(report) => {
            print_load(&report, shown, options);
            print_warnings(warnings);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("portal-data: 导入 {shown} 失败，数据库未改动 / cannot load into {shown}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_load(report: &LoadReport, db: &str, options: LoadOptions) {
    if report.changed() {
        let version = report.version;
        println!("已导入 {db}（目录版本 {version}）/ loaded into {db} (catalogue version {version})");
    } else {
        println!("没有变化：数据库已与数据源一致 / nothing changed: {db} already matches the source");
    }
    print_tally("院校 schools", &report.schools);
    print_tally("文章 articles", &report.articles);
    if report.score_tables_written > 0 {
        println!("  一分一段表 score tables: 写入 written {}", report.score_tables_written);
    }
    if report.follows_removed > 0 {
        let n = report.follows_removed;
        println!("  随删除的院校删去 {n} 个关注 / {n} follow(s) removed with their schools");
    }
    let missing = report.schools.missing.len() + report.articles.missing.len();
    if missing > 0 && !options.remove_missing {
        println!("数据源中没有的院校和文章已保留；要删除，加 --remove-missing / kept what the source lacks: pass --remove-missing to remove it");
    }
}

/// After build or load: the warnings `check` would show, counted.
fn print_warnings(warnings: usize) {
    if warnings > 0 {
        println!("{warnings} 个警告：运行 check 查看 / {warnings} warning(s): run check to see them");
    }
}

/// One line of counts, then the ids missing from the source (the first 20).
fn print_tally(label: &str, t: &Tally) {
    println!(
        "  {}新增 added {}，更新 updated {}，未变 unchanged {}，数据源中没有 missing {}{}",
        padded(label, 14),
        t.added,
        t.updated,
        t.unchanged,
        t.missing.len(),
        if t.removed > 0 { format!("（已删除 removed {}）", t.removed) } else { String::new() }
    );
    if !t.missing.is_empty() {
        let ids: Vec<String> = t.missing.iter().take(20).map(u32::to_string).collect();
        let more = if t.missing.len() > 20 { " …" } else { "" };
        println!("    编号 ids: {}{more}", ids.join(", "));
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
            let (to, schools, articles) = (out.display(), built.schools, built.articles);
            let (rows, derived, seconds) =
                (built.admission_rows, built.derived_ranks, started.elapsed().as_secs_f64());
            println!("已写入 {to}：{schools} 所院校，{articles} 篇文章，{rows} 行招生数据（其中 {derived} 个位次按一分一段表推算），用时 {seconds:.1} 秒");
            println!("wrote {to}: {schools} schools, {articles} articles, {rows} admission rows ({derived} ranks derived from the score tables)");
            print_warnings(warnings);
            ExitCode::SUCCESS
        }
        Err(e) => {
            let out = out.display();
            eprintln!("portal-data: 写入 {out} 失败，原有内容未改动 / cannot write {out}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check(dir: PathBuf, no_notes: bool) -> ExitCode {
    let checked = portal_data::read(&dir);
    print_checked(&checked, no_notes);
    if checked.report.has_errors() {
        println!("有错误：修正后再运行 build 或 load / errors: fix them before build or load");
        ExitCode::FAILURE
    } else {
        println!("可以使用 / ready for build and load");
        ExitCode::SUCCESS
    }
}

/// What `check` prints: the datasets, every problem, the summary.
fn print_checked(checked: &Checked, no_notes: bool) {
    print_datasets(&checked.source);
    let report = &checked.report;
    for problem in report.sorted() {
        if no_notes && problem.severity() == Severity::Note {
            continue;
        }
        println!("{problem}\n");
    }
    println!("{}", report.summary());
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
