//! `portal-data load` as an operator runs it, on a SQLite file: the exit code, what it
//! prints, that accounts and follows survive, that a second load changes nothing, that a
//! source with an error loads nothing, and what happens to a school the source lacks.
//! (The store's side, on SQLite and PostgreSQL, is server/tests/load.rs; this file is not
//! named load.rs so that scripts/test.sh finds the server's `load` test binary by name.)

mod common;

use portal_dataset::Dataset;
use portal_server::store::{LoadOptions, Store};
use std::fs;
use std::path::Path;

fn load(dir: &Path, db: &Path, extra: &[&str]) -> (i32, String) {
    common::portal_data(&[&["load", common::path(dir), "--db", common::path(db)], extra].concat())
}

fn templates_dataset() -> Dataset {
    let valid = portal_data::read(&common::templates()).valid().expect("the templates are valid");
    portal_data::build::dataset(&valid)
}

fn checksum(db: &Path) -> String {
    Store::sqlite(db).expect("open").catalogue_checksum().expect("checksum")
}

#[test]
fn a_load_keeps_accounts_and_follows_and_a_second_changes_nothing() {
    let dir = common::scratch("load-twice");
    let db = dir.join("portal.sqlite");
    let (code, out) = load(&common::templates(), &db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("院校 schools") && out.contains("新增 added 2"), "{out}");

    let school = templates_dataset().schools[0].card.id;
    let user = {
        let store = Store::sqlite(&db).expect("open");
        let user = store.create_user("operator_test", "13900000001", "hash").expect("store").expect("free");
        store.set_follow(user.id, school, true).expect("store").expect("school");
        user.id
    };
    let before = checksum(&db);
    let (code, out) = load(&common::templates(), &db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("nothing changed"), "{out}");
    assert!(out.contains("未变 unchanged 2"), "{out}");
    assert_eq!(checksum(&db), before, "loading twice changes nothing");
    let store = Store::sqlite(&db).expect("open");
    assert!(store.credentials("operator_test").expect("store").is_some());
    let follows: Vec<u32> = store.follows(user).expect("follows").iter().map(|c| c.id).collect();
    assert_eq!(follows, vec![school]);
}

#[test]
fn a_source_with_an_error_loads_nothing() {
    let scratch = common::scratch("load-broken");
    let db = scratch.join("portal.sqlite");
    let (code, out) = load(&common::templates(), &db, &[]);
    assert_eq!(code, 0, "{out}");
    let before = checksum(&db);

    let dir = common::template_copy("load-broken-source");
    let schools = dir.join("schools.csv");
    let text = fs::read_to_string(&schools).expect("schools");
    // A change that would be loaded, and an error beside it.
    let plans = dir.join("plans.csv");
    let plan_text = fs::read_to_string(&plans).expect("plans");
    fs::write(&plans, plan_text.replacen(",30,4,5460,", ",三十,4,5460,", 1)).expect("write");
    fs::write(&schools, text.replacen("福州", "厦门", 1)).expect("write");
    let (code, out) = load(&dir, &db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[not_a_number]") && out.contains("nothing was loaded"), "{out}");
    assert_eq!(checksum(&db), before, "the database is unchanged");
}

#[test]
fn a_school_the_source_lacks_is_reported_and_kept_then_removed_with_the_flag() {
    let dir = common::scratch("load-missing");
    let db = dir.join("portal.sqlite");
    // The database holds one school more than the templates, followed by an account.
    let mut data = templates_dataset();
    let mut extra = data.schools[0].clone();
    extra.card.id = 9999;
    extra.card.name = "已停招学院".into();
    data.schools.push(extra);
    let user = {
        let store = Store::sqlite(&db).expect("open");
        store.load(&data, LoadOptions::default()).expect("load");
        let user = store.create_user("operator_gone", "13900000002", "hash").expect("store").expect("free");
        store.set_follow(user.id, 9999, true).expect("store").expect("school");
        user.id
    };

    let (code, out) = load(&common::templates(), &db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("数据源中没有 missing 1") && out.contains("编号 ids: 9999"), "{out}");
    assert!(out.contains("--remove-missing"), "{out}");
    assert!(Store::sqlite(&db).expect("open").school(9999).expect("store").is_some(), "kept");

    let (code, out) = load(&common::templates(), &db, &["--remove-missing"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("已删除 removed 1") && out.contains("1 follow(s) removed"), "{out}");
    let store = Store::sqlite(&db).expect("open");
    assert!(store.school(9999).expect("store").is_none(), "removed");
    assert!(store.follows(user).expect("follows").is_empty());
}
