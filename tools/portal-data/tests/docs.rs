//! docs/data.md says what the code does: every column with its synonyms and whether it is
//! required, every accepted value, every dataset kind and every problem with its severity.

mod common;

use portal_data::columns::{columns, Need};
use portal_data::manifest::DatasetKind;
use portal_data::problem::ProblemKind;
use portal_data::{values, Severity};

fn doc() -> String {
    std::fs::read_to_string(common::crate_dir().join("../../docs/data.md")).expect("docs/data.md")
}

#[test]
fn every_column_is_documented_with_its_synonyms() {
    let doc = doc();
    let mut missing = Vec::new();
    for kind in DatasetKind::ALL {
        for column in columns(*kind) {
            let need = match column.need {
                Need::Required => "必填",
                Need::Key => "必填¹",
                Need::Optional => "可选",
            };
            let row = format!("| {} | {} | {need} |", column.header, column.synonyms.join("、"));
            if !doc.contains(&row) {
                missing.push(format!("{kind:?}: {row}"));
            }
        }
    }
    assert!(missing.is_empty(), "docs/data.md lacks these rows:\n{}", missing.join("\n"));
}

#[test]
fn every_accepted_value_is_documented() {
    let doc = doc();
    let mut rows = Vec::new();
    fn add<T>(rows: &mut Vec<String>, table: &[(T, &str, &[&str])]) {
        rows.extend(
            table.iter().map(|(_, label, synonyms)| format!("| {label} | {} |", synonyms.join("、"))),
        );
    }
    add(&mut rows, values::TRACKS);
    add(&mut rows, values::BATCHES);
    add(&mut rows, values::ADMISSION_TYPES);
    add(&mut rows, values::LEVELS);
    add(&mut rows, values::KINDS);
    add(&mut rows, values::NATURES);
    add(&mut rows, values::DISTINCTIONS);
    add(&mut rows, values::GROUP_CHANGES);
    let missing: Vec<&String> = rows.iter().filter(|r| !doc.contains(r.as_str())).collect();
    assert!(missing.is_empty(), "docs/data.md lacks these rows:\n{missing:#?}");
}

#[test]
fn every_dataset_kind_and_problem_is_documented() {
    let doc = doc();
    for kind in DatasetKind::ALL {
        let row = format!("| `{}` | {} |", kind.code(), kind.label());
        assert!(doc.contains(&row), "docs/data.md lacks {row}");
    }
    for problem in ProblemKind::samples() {
        let severity = match problem.severity() {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        };
        let row = format!("| `{}` | {severity} |", problem.code());
        assert!(doc.contains(&row), "docs/data.md lacks {row}");
    }
}
