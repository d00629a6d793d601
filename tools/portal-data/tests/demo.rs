//! The fixture generator is one producer of a source folder: `portal-data demo` writes the
//! bundled demo set (or a synthetic one) as source files, `check` passes them without an error,
//! and `build` reads back exactly the set the generator made, plus what a build adds to any
//! source (each document's checksum, ranks derived where the data left them out).

mod common;

use portal_data::Severity;
use portal_dataset::Dataset;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_portal-data")).args(args).output().expect("run portal-data");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The errors of a source folder, and the warnings that mean its figures disagree.
fn problems(dir: &Path) -> Vec<String> {
    portal_data::read(dir)
        .report
        .sorted()
        .into_iter()
        .filter(|p| p.severity() == Severity::Error || p.kind.code() == "school_two_codes")
        .map(|p| p.to_string())
        .collect()
}

/// The set `build` makes of a source folder.
fn built(dir: &Path) -> Dataset {
    let checked = portal_data::read(dir);
    let valid = checked.valid().expect("a valid source");
    portal_data::build::dataset(&valid)
}

/// `built` without what a build adds: the checksums it computes, the ranks it derives from
/// the 一分一段表 (the generator leaves some unpublished), on lines and in the group histories.
fn without_build_additions(mut data: Dataset) -> Dataset {
    for s in &mut data.sources {
        assert!(s.sha256.len() == 64, "{}: the build cites the file's checksum", s.title);
        s.sha256.clear();
    }
    for a in &mut data.admissions.schools {
        let derived: BTreeSet<(String, portal_model::admissions::Track, u16, u16)> = a
            .lines
            .iter()
            .filter(|l| l.rank_source.is_some())
            .map(|l| (l.province.clone(), l.track, l.year, l.lowest))
            .chain(
                a.major_lines
                    .iter()
                    .filter(|l| l.rank_source.is_some())
                    .map(|l| (l.province.clone(), l.track, l.year, l.lowest)),
            )
            .collect();
        for mine in &mut a.groups {
            for group in &mut mine.groups {
                let lines =
                    group.lines.iter_mut().chain(group.majors.iter_mut().flat_map(|m| m.lines.iter_mut()));
                for l in lines {
                    if derived.contains(&(mine.province.clone(), mine.track, l.year, l.score)) {
                        l.rank = None;
                    }
                }
            }
        }
        for l in &mut a.lines {
            if l.rank_source.take().is_some() {
                l.lowest_rank = None;
            }
        }
        for l in &mut a.major_lines {
            if l.rank_source.take().is_some() {
                l.lowest_rank = None;
            }
        }
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
fn round_trip(name: &str, extra: &[&str], generated: Dataset) -> Dataset {
    let scratch = common::scratch(name);
    let dir = scratch.join("source");
    let mut args = vec!["demo", path(&dir)];
    args.extend(extra);
    let (code, text) = run(&args);
    assert_eq!(code, 0, "{text}");
    let listed = problems(&dir);
    assert!(
        listed.is_empty(),
        "{} problems, the first:\n{}",
        listed.len(),
        listed[..listed.len().min(8)].join("\n")
    );
    let (code, text) = run(&["check", path(&dir), "--no-notes"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(&["build", path(&dir), "--out", path(&scratch.join("data"))]);
    assert_eq!(code, 0, "{text}");

    let built = built(&dir);
    let generated = fixturegen::provenance::cited(generated);
    assert_same(&without_build_additions(built.clone()), &generated, name);
    built
}

#[test]
fn the_demo_source_passes_check_and_builds_back_into_the_demo_set() {
    let built = round_trip("demo-curated", &[], fixturegen::curated());
    // The seed school's unpublished ranks (one province, the oldest year) are derived.
    let derived =
        built.admissions.schools.iter().flat_map(|a| &a.lines).filter(|l| l.rank_source.is_some()).count();
    assert!(derived > 0);
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
    let (code, text) = run(&["demo", path(&dir)]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("--force"), "{text}");
    assert_eq!(common::snapshot(&dir), before);
    let (code, text) = run(&["demo", path(&dir), "--force"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("38 schools"), "{text}");
}
