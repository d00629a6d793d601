//! One broken source per problem: each folder under tests/broken/ holds the files that differ
//! from docs/data-templates (and a `remove.txt` of template files to leave out), and an
//! `expected.txt` naming the problems `check` must report there — severity, code, file, row,
//! column letter (`-` for none). No other kind of error may appear, so each fixture shows the
//! one mistake it is about.

mod common;

use portal_data::{Problem, Severity};
use std::fs;
use std::path::Path;

struct Expected {
    severity: Severity,
    code: String,
    file: String,
    row: Option<u32>,
    column: Option<String>,
}

fn parse_expected(text: &str) -> Vec<Expected> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(parts.len(), 5, "expected.txt line: {line}");
            let severity = match parts[0] {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                _ => Severity::Note,
            };
            let dash = |s: &str| (s != "-").then(|| s.to_string());
            Expected {
                severity,
                code: parts[1].into(),
                file: parts[2].into(),
                row: dash(parts[3]).map(|r| r.parse().expect("row number")),
                column: dash(parts[4]),
            }
        })
        .collect()
}

fn matches(problem: &Problem, e: &Expected) -> bool {
    problem.severity() == e.severity
        && problem.kind.code() == e.code
        && problem.place.file == e.file
        && problem.place.row == e.row
        && problem.place.column.as_ref().map(|c| portal_data::problem::column_letter(c.index)) == e.column
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
    let dir = common::template_copy(&format!("broken-{name}"));
    if let Ok(list) = fs::read_to_string(case.join("remove.txt")) {
        for file in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(dir.join(file.trim())).map_err(|e| format!("{name}: remove {file}: {e}"))?;
        }
    }
    common::copy_dir(case, &dir);
    for extra in ["expected.txt", "remove.txt"] {
        let _ = fs::remove_file(dir.join(extra));
    }
    let expected =
        parse_expected(&fs::read_to_string(case.join("expected.txt")).map_err(|e| format!("{name}: {e}"))?);
    let checked = portal_data::read(&dir);
    let report = &checked.report;
    let shown = || report.problems.iter().map(|p| format!("{p}")).collect::<Vec<_>>().join("\n");
    for e in &expected {
        if !report.problems.iter().any(|p| matches(p, e)) {
            return Err(format!(
                "{name}: expected {} {} at {} {:?} {:?}; got:\n{}",
                e.severity.label(),
                e.code,
                e.file,
                e.row,
                e.column,
                shown()
            ));
        }
    }
    let stray: Vec<&Problem> = report
        .problems
        .iter()
        .filter(|p| p.severity() == Severity::Error && !expected.iter().any(|e| e.code == p.kind.code()))
        .collect();
    if !stray.is_empty() {
        return Err(format!(
            "{name}: other errors too:\n{}",
            stray.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
        ));
    }
    let wants_error = expected.iter().any(|e| e.severity == Severity::Error);
    if report.has_errors() != wants_error {
        return Err(format!("{name}: has_errors() is {}", report.has_errors()));
    }
    // Nothing half-written: a source with an error never becomes a ValidSource.
    if checked.valid().is_ok() == wants_error {
        return Err(format!("{name}: valid() disagrees with the errors"));
    }
    Ok(())
}

#[test]
fn every_broken_fixture_reports_its_problem_at_its_place() {
    let root = common::crate_dir().join("tests/broken");
    let mut cases: Vec<_> = fs::read_dir(&root).expect("tests/broken").flatten().map(|e| e.path()).collect();
    cases.sort();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Every error the tool can report has a broken fixture, or a test elsewhere (listed).
#[test]
fn every_error_code_has_a_fixture() {
    let root = common::crate_dir().join("tests/broken");
    let mut covered = std::collections::BTreeSet::new();
    for case in fs::read_dir(&root).expect("tests/broken").flatten() {
        for e in parse_expected(&fs::read_to_string(case.path().join("expected.txt")).unwrap_or_default()) {
            covered.insert(e.code);
        }
    }
    // Tested in tests/sources.rs or the unit tests instead.
    let elsewhere = [
        "not_a_folder",  // tests/cli.rs: a path that is a file
        "sheet_missing", // tests/sources.rs: a workbook without the named sheet
        "csv_syntax",    // on decoded text the CSV reader fails only on I/O, which cannot happen
    ];
    let missing: Vec<&str> = portal_data::problem::ProblemKind::all_codes()
        .iter()
        .copied()
        .filter(|code| portal_data::problem::ProblemKind::severity_of(code) == Some(Severity::Error))
        .filter(|code| !covered.contains(*code) && !elsewhere.contains(code))
        .collect();
    assert!(missing.is_empty(), "errors without a broken fixture: {missing:?}");
}
