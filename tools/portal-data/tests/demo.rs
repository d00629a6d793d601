//! The fixture generator is one producer of a source folder: `portal-data demo` writes the
//! bundled demo set (or a synthetic one) as source files, `check` passes them without an error,
//! and `build` reads back exactly the set the generator made, plus each document's checksum;
//! the committed public/data is what that path writes.

mod common;

use common::{path, portal_data};
use portal_data::Severity;
use portal_dataset::Dataset;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The set `build` makes of a source folder, read once, after its problems are listed: none
/// may be an error, or a warning that its figures disagree.
fn built(dir: &Path) -> Dataset {
    let checked = portal_data::read(dir);
    let listed: Vec<String> = checked
        .report
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
    let valid = checked.valid().expect("a valid source");
    portal_data::build::dataset(&valid)
}

/// `built` without what a build adds to any source: the checksum of each document's file.
fn without_checksums(mut data: Dataset) -> Dataset {
    for s in &mut data.sources {
        assert!(s.sha256.len() == 64, "{}: the build cites the file's checksum", s.title);
        s.sha256.clear();
    }
    data
}

/// Field by field, so a difference names its school.
fn assert_same(built: &Dataset, generated: &Dataset, name: &str) {
    assert_eq!(built.sources, generated.sources, "{name}: sources");
    assert_eq!(built.schools, generated.schools, "{name}: schools");
    assert_eq!(built.articles, generated.articles, "{name}: articles");
    assert_eq!(built.featured, generated.featured, "{name}: featured");
    assert_eq!(built.admissions.tables, generated.admissions.tables, "{name}: 一分一段表");
    assert_eq!(built.admissions.schools.len(), generated.admissions.schools.len(), "{name}");
    for (b, g) in built.admissions.schools.iter().zip(&generated.admissions.schools) {
        let at = format!("{name}: school {}", g.school_id);
        assert_eq!(b.school_id, g.school_id, "{at}");
        assert_eq!(b.provinces, g.provinces, "{at}: provinces");
        assert_eq!(b.majors, g.majors, "{at}: majors");
        assert_eq!(b.lines, g.lines, "{at}: lines");
        assert_eq!(b.major_lines, g.major_lines, "{at}: major lines");
        assert_eq!(b.plans, g.plans, "{at}: plans");
        // Each province's groups are a file of their own: their order in the set is no fact.
        let by_province = |a: &portal_dataset::SchoolAdmissions| {
            let mut groups = a.groups.clone();
            groups.sort_by(|x, y| (&x.province, x.track).cmp(&(&y.province, y.track)));
            groups
        };
        assert_eq!(by_province(b), by_province(g), "{at}: groups");
    }
}

/// Writes a generated set with `portal-data demo`, checks and builds it, and compares the
/// result with the set itself.
/// The built set and the folder of its static files.
fn round_trip(name: &str, extra: &[&str], generated: Dataset) -> (Dataset, PathBuf) {
    let scratch = common::scratch(name);
    let dir = scratch.join("source");
    let mut args = vec!["demo", path(&dir)];
    args.extend(extra);
    let (code, text) = portal_data(&args);
    assert_eq!(code, 0, "{text}");
    let (code, text) = portal_data(&["check", path(&dir), "--no-notes"]);
    assert_eq!(code, 0, "{text}");
    let data = scratch.join("data");
    let (code, text) = portal_data(&["build", path(&dir), "--out", path(&data)]);
    assert_eq!(code, 0, "{text}");

    let built = built(&dir);
    let generated = fixturegen::provenance::cited(generated);
    assert_same(&without_checksums(built.clone()), &generated, name);
    (built, data)
}

#[test]
fn the_demo_source_passes_check_and_builds_back_into_the_demo_set() {
    let (built, data) = round_trip("demo-curated", &[], fixturegen::curated());

    // The committed public/data, which trunk copies into dist/, is exactly what this path
    // writes (`make data`): nobody edits a fixture by hand, and every test run takes the path.
    let committed = common::snapshot(&common::crate_dir().join("../../public/data"));
    let fresh = common::snapshot(&data);
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<BTreeSet<_>>();
    let (old, new) = (names(&committed), names(&fresh));
    let mut stale: Vec<&String> = old.symmetric_difference(&new).collect();
    stale.extend(fresh.iter().filter(|f| !committed.contains(f)).map(|f| &f.0).filter(|n| old.contains(*n)));
    assert!(
        stale.is_empty(),
        "public/data is stale in {} files ({:?}…): run `make data`",
        stale.len(),
        &stale[..stale.len().min(5)]
    );

    // The seed school's unpublished ranks (one province, the oldest year) stay 暂无数据: that
    // year's 一分一段表 is left out too, so the build has none to derive them from.
    let lines = || built.admissions.schools.iter().flat_map(|a| &a.lines);
    assert!(lines().any(|l| l.lowest_rank.is_none()));
    assert!(lines().all(|l| l.rank_source.is_none()));
    // Every figure cites the generator, never an office.
    assert!(built.sources.iter().all(|s| s.publisher == fixturegen::provenance::PUBLISHER));
}

#[test]
fn a_synthetic_source_builds_back_into_its_set() {
    round_trip("demo-synthetic", &["--synthetic", "120", "60"], fixturegen::synthetic(120, 60));
}

#[test]
fn demo_leaves_a_folder_that_holds_files_unless_forced() {
    let dir = common::template_copy("demo-not-empty");
    let before = common::snapshot(&dir);
    let (code, text) = portal_data(&["demo", path(&dir)]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("--force"), "{text}");
    assert_eq!(common::snapshot(&dir), before);
    let (code, text) = portal_data(&["demo", path(&dir), "--force"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("38 schools"), "{text}");
}
