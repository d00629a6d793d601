//! `portal-data export` as an operator runs it: a database loaded from the templates, exported
//! to a folder and built, gives byte for byte the site a direct build of the templates gives;
//! loading the export back changes nothing; a folder that holds files is refused without
//! --force; a database that cannot be read is named in a clear error. On SQLite always, and on
//! PostgreSQL when `PORTAL_TEST_POSTGRES_URL` is set (scripts/test.sh sets it).

mod common;

use common::{path, portal_data as run};
use portal_server::store::Store;
use std::fs;
use std::path::Path;

fn build(source: &Path, out: &Path) {
    let (code, text) = run(&["build", path(source), "--out", path(out)]);
    assert_eq!(code, 0, "build {}: {text}", source.display());
}

/// Load `source` into `db`, export, build the export: the same files as a direct build;
/// loading the export back leaves the catalogue as it was. The export's folder.
fn round_trip(source: &Path, db: &str, scratch: &Path) -> std::path::PathBuf {
    let direct = scratch.join("a");
    build(source, &direct);

    let (code, text) = run(&["load", path(source), "--db", db]);
    assert_eq!(code, 0, "{text}");
    let exported = scratch.join("exported");
    let (code, text) = run(&["export", "--db", db, path(&exported)]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("2 所院校") && text.contains("2 schools"), "{text}");

    let (code, text) = run(&["check", path(&exported)]);
    assert_eq!(code, 0, "the export is a valid source: {text}");
    every_row_fills_its_header(&exported);
    let again = scratch.join("b");
    build(&exported, &again);
    let a = common::snapshot(&direct);
    let b = common::snapshot(&again);
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same files");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{name} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y)
        );
    }

    let before = Store::open(db, 1).expect("open").catalogue_checksum().expect("checksum");
    let (code, text) = run(&["load", path(&exported), "--db", db]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("nothing changed"), "{text}");
    assert_eq!(Store::open(db, 1).expect("open").catalogue_checksum().expect("checksum"), before);
    exported
}

/// A row shorter or longer than its header would shift cells under the wrong columns (the
/// reader is lenient, as office files need).
fn every_row_fills_its_header(folder: &Path) {
    for entry in fs::read_dir(folder).expect("the export") {
        let file = entry.expect("an entry").path();
        if file.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(&file).expect("a CSV");
        let width = reader.headers().expect("a header").len();
        for (i, record) in reader.records().enumerate() {
            let record = record.expect("a row");
            assert_eq!(record.len(), width, "{} row {}: {record:?}", file.display(), i + 2);
        }
    }
}

#[test]
fn an_export_builds_to_the_same_site_and_loads_back_unchanged_on_sqlite() {
    let scratch = common::scratch("export-sqlite");
    let db = scratch.join("portal.sqlite");
    round_trip(&common::templates(), path(&db), &scratch);
}

#[test]
fn rows_stay_in_the_file_of_their_document() {
    // The plans in two documents: 福州大学's published apart, listed last.
    let source = common::template_copy("export-two-plans-source");
    let plans = fs::read_to_string(source.join("plans.csv")).expect("plans");
    let (header, rows) = plans.split_once('\n').expect("a header");
    let (xmu, fzu): (Vec<&str>, Vec<&str>) = rows.lines().partition(|r| r.contains("厦门大学"));
    fs::write(source.join("plans.csv"), format!("{header}\n{}\n", xmu.join("\n"))).expect("write");
    fs::write(source.join("plans-fzu.csv"), format!("{header}\n{}\n", fzu.join("\n"))).expect("write");
    let manifest = source.join("manifest.toml");
    let mut text = fs::read_to_string(&manifest).expect("manifest");
    text.push_str(
        "\n[[dataset]]\nkind = \"plans\"\npath = \"plans-fzu.csv\"\npublisher = \"福州大学招生办公室\"\n\
         title = \"福州大学2025年在闽招生计划（示例）\"\nurl = \"https://www.fzu.edu.cn\"\ndate = 2025-06-21\n",
    );
    fs::write(&manifest, text).expect("manifest");

    let scratch = common::scratch("export-two-plans");
    let db = scratch.join("portal.sqlite");
    let exported = round_trip(&source, path(&db), &scratch);
    let first = fs::read_to_string(exported.join("plans-7.csv")).expect("the first plans document");
    let second = fs::read_to_string(exported.join("plans-9.csv")).expect("the second plans document");
    assert!(first.contains("厦门大学") && !first.contains("福州大学"), "{first}");
    assert!(second.contains("福州大学") && !second.contains("厦门大学"), "{second}");
}

#[test]
fn a_derived_rank_is_written_blank() {
    let scratch = common::scratch("export-derived");
    let db = scratch.join("portal.sqlite");
    let (code, text) = run(&["load", path(&common::templates()), "--db", path(&db)]);
    assert_eq!(code, 0, "{text}");
    let out = scratch.join("out");
    let (code, text) = run(&["export", "--db", path(&db), path(&out)]);
    assert_eq!(code, 0, "{text}");
    // The templates leave 会计学's rank blank: build derives it from the 一分一段表.
    assert!(text.contains("1 个推算的位次留空") && text.contains("1 derived ranks"), "{text}");
    let lines = fs::read_to_string(out.join("major-lines.csv")).expect("major lines");
    let row = lines.lines().find(|l| l.contains("会计学")).expect("会计学");
    assert!(row.contains(",592,,"), "{row}");
    let manifest = fs::read_to_string(out.join("manifest.toml")).expect("manifest");
    assert_eq!(manifest.matches("sha256 = ").count(), 8, "{manifest}");
}

#[test]
fn a_folder_with_files_is_refused_without_force() {
    let scratch = common::scratch("export-refused");
    let db = scratch.join("portal.sqlite");
    let (code, text) = run(&["load", path(&common::templates()), "--db", path(&db)]);
    assert_eq!(code, 0, "{text}");
    let out = scratch.join("out");
    fs::create_dir_all(&out).expect("folder");
    fs::write(out.join("notes.txt"), "mine").expect("write");
    let (code, text) = run(&["export", "--db", path(&db), path(&out)]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("不是空文件夹") && text.contains("--force"), "{text}");
    assert_eq!(fs::read_to_string(out.join("notes.txt")).expect("kept"), "mine");
    assert!(!out.join("manifest.toml").exists());

    let file = scratch.join("a-file");
    fs::write(&file, "mine").expect("write");
    let (code, text) = run(&["export", "--db", path(&db), path(&file), "--force"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("is a file, not a folder"), "{text}");
    assert_eq!(fs::read_to_string(&file).expect("kept"), "mine");

    let (code, text) = run(&["export", "--db", path(&db), path(&out), "--force"]);
    assert_eq!(code, 0, "{text}");
    assert!(out.join("manifest.toml").is_file() && !out.join("notes.txt").exists(), "replaced whole");
    let leftovers: Vec<_> = fs::read_dir(&scratch)
        .expect("scratch")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "nothing left beside it: {leftovers:?}");
}

#[test]
fn a_database_that_cannot_be_read_is_named_and_nothing_is_written() {
    let scratch = common::scratch("export-unreadable");
    let out = scratch.join("out");
    let missing = scratch.join("missing.sqlite");
    let (code, text) = run(&["export", "--db", path(&missing), path(&out)]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("找不到数据库文件") && text.contains("missing.sqlite"), "{text}");
    assert!(!missing.exists(), "no database was created");

    let garbage = scratch.join("garbage.sqlite");
    fs::write(&garbage, "this is not a database, only text long enough to be read as one").expect("write");
    let (code, text) = run(&["export", "--db", path(&garbage), path(&out)]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("无法读取数据库") && text.contains("cannot read"), "{text}");

    let empty = scratch.join("empty.sqlite");
    drop(Store::sqlite(&empty).expect("an empty database"));
    let (code, text) = run(&["export", "--db", path(&empty), path(&out)]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("no school"), "{text}");
    assert!(!out.exists(), "nothing was written");

    let (code, text) = run(&["export", "--db", "postgres://nobody:secret@127.0.0.1:1/none", path(&out)]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("the PostgreSQL database") && !text.contains("secret"), "{text}");
}

/// A database of this test's own on the PostgreSQL server of `PORTAL_TEST_POSTGRES_URL`,
/// dropped at the end.
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

#[test]
fn an_export_builds_to_the_same_site_and_loads_back_unchanged_on_postgres() {
    let Some(admin) = std::env::var("PORTAL_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("skipped: PORTAL_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)");
        return;
    };
    let name = format!("portal_export_{}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("PostgreSQL");
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).expect("drop");
    client.batch_execute(&format!("CREATE DATABASE {name}")).expect("create");
    let (base, query) =
        admin.split_once('?').map_or((admin.as_str(), String::new()), |(b, q)| (b, format!("?{q}")));
    let start = base.find("://").map_or(0, |i| i + 3);
    let base = base[start..].find('/').map_or(base, |i| &base[..start + i]);
    let db = PgDatabase { url: format!("{base}/{name}{query}"), admin: admin.clone(), name };
    round_trip(&common::templates(), &db.url, &common::scratch("export-postgres"));
}

#[test]
fn rows_citing_no_document_are_exported_under_documents_the_export_names() {
    // As in a database seeded from the demo fixtures: no 数据来源 at all.
    let valid = portal_data::read(&common::templates()).valid().expect("the templates are valid");
    let mut data = portal_data::build::dataset(&valid);
    data.sources.clear();
    for a in &mut data.admissions.schools {
        a.lines.iter_mut().for_each(|l| (l.source, l.control_source) = (None, None));
        a.major_lines.iter_mut().for_each(|l| l.source = None);
        a.plans.iter_mut().for_each(|p| p.source = None);
    }
    data.admissions.tables.values_mut().for_each(|t| t.source = None);
    let scratch = common::scratch("export-uncited");
    let db = scratch.join("portal.sqlite");
    Store::sqlite(&db).expect("open").load(&data, Default::default()).expect("load");
    let out = scratch.join("out");
    let (code, text) = run(&["export", "--db", path(&db), path(&out)]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(&["check", path(&out)]);
    assert_eq!(code, 0, "{text}");
    let manifest = fs::read_to_string(out.join("manifest.toml")).expect("manifest");
    assert_eq!(manifest.matches("（从数据库导出）").count(), 8, "{manifest}");
    assert!(!manifest.contains("sha256 = "), "{manifest}");
    build(&out, &scratch.join("site"));
}
