//! The bundled demo set (tools/fixturegen) written as a source folder is one `check` accepts:
//! no error, and none of the warnings that mean the figures disagree with each other.

mod common;

use portal_data::Severity;

#[test]
fn the_demo_set_written_as_a_source_passes_check() {
    let dir = common::scratch("demo-check").join("source");
    portal_data::export::export(&fixturegen::curated(), &dir, false).expect("write the demo source");
    let report = portal_data::read(&dir).report;
    let listed: Vec<String> = report
        .sorted()
        .into_iter()
        .filter(|p| p.severity() == Severity::Error || p.kind.code() == "school_two_codes")
        .map(|p| p.to_string())
        .collect();
    assert!(
        listed.is_empty(),
        "{} problems, the first:\n{}",
        listed.len(),
        listed[..listed.len().min(8)].join("\n")
    );
}
