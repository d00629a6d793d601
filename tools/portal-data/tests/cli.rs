//! `portal-data check` as an operator runs it: the exit code, what it prints, and that it
//! changes nothing in the folder.

mod common;

use std::fs;
use std::path::Path;

fn check(dir: &Path) -> (i32, String) {
    common::portal_data(&["check", common::path(dir)])
}

#[test]
fn the_templates_pass_and_nothing_changes() {
    let dir = common::template_copy("cli-templates");
    let before = common::snapshot(&dir);
    let (code, out) = check(&dir);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 个错误，0 个警告"), "{out}");
    assert!(out.contains("招生计划") && out.contains("plans.csv") && out.contains("6 行 rows"), "{out}");
    assert_eq!(common::snapshot(&dir), before, "check wrote nothing");
}

#[test]
fn an_error_fails_with_its_place_and_both_messages() {
    let dir = common::template_copy("cli-broken");
    let plans = dir.join("plans.csv");
    let text = fs::read_to_string(&plans).expect("plans");
    fs::write(&plans, text.replacen(",30,4,5460,", ",三十,4,5460,", 1)).expect("write");
    let before = common::snapshot(&dir);
    let (code, out) = check(&dir);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误 error  plans.csv 第2行 row 2 L「计划数」  [not_a_number]"), "{out}");
    assert!(out.contains("“三十”不是整数") && out.contains("“三十” is not a whole number"), "{out}");
    assert!(out.contains("1 个错误"), "{out}");
    assert_eq!(common::snapshot(&dir), before, "check wrote nothing");
}

#[test]
fn a_file_or_a_missing_folder_is_not_a_source() {
    let (code, out) = check(&common::templates().join("manifest.toml"));
    assert_eq!(code, 1);
    assert!(out.contains("[not_a_folder]"), "{out}");
    let (code, out) = check(&common::scratch("cli-empty"));
    assert_eq!(code, 1);
    assert!(out.contains("[manifest_missing]"), "{out}");
}
