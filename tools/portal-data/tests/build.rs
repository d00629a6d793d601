//! `portal-data build`: the templates become a site's data set that every model reads, with
//! 数据来源 on each figure; the same source gives the same bytes; a source with an error, or a
//! failure while writing, leaves the output as it was.

mod common;

use portal_model::admissions::{MajorScoreLine, PlanRow, RankIndex, SchoolScores};
use portal_model::fixtures as files;
use portal_model::sources::DataSource;
use portal_model::volunteer::groups::GroupIndex;
use portal_model::{Article, Home, SchoolPage, SearchResults};
use serde::de::DeserializeOwned;
use std::fs;
use std::path::Path;

fn build(dir: &Path, out: &Path) -> (i32, String) {
    common::portal_data(&["build", common::path(dir), "--out", common::path(out)])
}

fn read<T: DeserializeOwned>(root: &Path, rel: &str) -> T {
    let text = fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_templates_build_into_the_site_s_files_with_their_sources() {
    let out = common::scratch("build-templates").join("data");
    let (code, printed) = build(&common::templates(), &out);
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains("2 所院校，2 篇文章"), "{printed}");

    // The school list's codes are the schools' addresses; the manifest's featured list is the
    // home page's.
    let home: Home = read(&out, &files::home());
    assert_eq!(
        home.featured.iter().map(|c| (c.id, c.name.as_str())).collect::<Vec<_>>(),
        [(10384, "厦门大学"), (10386, "福州大学")]
    );
    let page: SchoolPage = read(&out, &files::school(10384));
    assert_eq!(page.profile.website.as_deref(), Some("https://www.xmu.edu.cn"));
    assert!(page
        .profile
        .facts
        .iter()
        .any(|f| (f.label.as_str(), f.value.as_str()) == ("创办时间", "1921年")));
    assert_eq!(page.latest_news.len(), 1);
    let search: SearchResults = read(&out, &files::search_index());
    assert_eq!(search.articles.len(), 2);
    // An article without a summary gets its body's first words; one without an id the next number.
    let fzu = search.articles.iter().find(|a| a.school_id == 10386).expect("福州大学's article");
    assert!(fzu.summary.starts_with("福州大学将于六月底举办校园开放日"), "{}", fzu.summary);
    let article: Article = read(&out, &files::article(fzu.id));
    assert_eq!(article.school.name, "福州大学");

    // Every admission figure names its document, and the documents are the manifest's.
    let sources: Vec<DataSource> = read(&out, &files::sources());
    assert_eq!(sources.len(), 8);
    let doc = |id: Option<u32>| sources.iter().find(|s| Some(s.id) == id).expect("a listed document");
    let scores: SchoolScores = read(&out, &files::school_scores(10384));
    assert_eq!(scores.lines.len(), 2);
    for line in &scores.lines {
        let d = doc(line.source);
        assert_eq!((d.publisher.as_str(), d.date.as_str()), ("福建省教育考试院", "2025-07-20"));
        assert_eq!(d.title, "福建省2025年普通类本科批物理科目组院校专业组投档线（示例）");
        assert_eq!(d.sha256.len(), 64);
        assert_eq!(line.rank_source, None, "published ranks are not derived");
        assert_eq!(line.control_line, Some(449));
        assert_eq!(doc(line.control_source).title, "福建省2025年普通高校招生录取控制分数线（示例）");
    }
    let plans: Vec<PlanRow> = read(&out, &files::school_plans(10384, "fujian"));
    assert_eq!(plans.len(), 3);
    assert!(plans.iter().all(|p| doc(p.source).title == "福建省2025年普通高校招生计划（示例）"));
    // 会计学 has no published rank: it is read from the 一分一段表 (592 分: 累计 12468) and says so.
    let majors: Vec<MajorScoreLine> = read(&out, &files::school_major_scores(10386, "fujian"));
    let accounting = majors.iter().find(|m| m.major == "会计学").expect("会计学");
    assert_eq!(accounting.lowest_rank, Some(12_468));
    assert_eq!(doc(accounting.rank_source).title, "福建省2025年普通高考物理科目组成绩分布表（示例）");
    assert!(majors.iter().filter(|m| m.major != "会计学").all(|m| m.rank_source.is_none()));

    let rank: RankIndex = read(&out, &files::rank_index("fujian", portal_model::admissions::Track::Physics));
    assert_eq!(rank.schools.len(), 2);
    assert_eq!(rank.table.as_ref().and_then(|t| t.source), Some(3));
    assert!(!rank.derived_ranks, "the group lines' ranks were all published");
    let groups: GroupIndex =
        read(&out, &files::group_index("fujian", portal_model::admissions::Track::Physics));
    assert_eq!(groups.groups.len(), 4);
    assert!(groups.derived_ranks, "会计学's rank was derived");
    // 3 the table, 4 the 批次线 (each line's 省控线), 5 the group lines, 6 the major lines, 7 the plan.
    assert_eq!(groups.sources, vec![3, 4, 5, 6, 7]);
    assert_eq!(groups.schools.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["10384", "10386"]);
}

#[test]
fn the_same_source_builds_the_same_bytes() {
    let root = common::scratch("build-twice");
    let source = common::template_copy("build-twice-source");
    let (first, second) = (root.join("a"), root.join("b"));
    assert_eq!(build(&source, &first).0, 0);
    assert_eq!(build(&source, &second).0, 0);
    let a = common::snapshot(&first);
    assert!(a.len() > 20, "{} files", a.len());
    assert_eq!(a, common::snapshot(&second));
    // Building again over the first replaces it: the same files, no leftovers.
    fs::write(first.join("stale.json"), "{}").expect("write");
    assert_eq!(build(&source, &first).0, 0);
    assert_eq!(common::snapshot(&first), a);
    let names: Vec<String> = fs::read_dir(&root)
        .expect("folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["a", "b"], "no temporary folder is left beside the output");
}

#[test]
fn a_source_with_an_error_writes_nothing() {
    let root = common::scratch("build-broken");
    let source = common::template_copy("build-broken-source");
    let out = root.join("data");
    fs::create_dir_all(&out).expect("folder");
    fs::write(out.join("home.json"), "the site as it was").expect("write");
    let plans = source.join("plans.csv");
    let text = fs::read_to_string(&plans).expect("plans");
    fs::write(&plans, text.replacen(",30,4,5460,", ",三十,4,5460,", 1)).expect("write");
    let before = common::snapshot(&root);
    let (code, printed) = build(&source, &out);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("[not_a_number]") && printed.contains("没有写入任何文件"), "{printed}");
    assert_eq!(common::snapshot(&root), before, "the output and its folder are untouched");
    // A missing output folder is not created either.
    let (code, _) = build(&source, &root.join("new"));
    assert_eq!(code, 1);
    assert!(!root.join("new").exists());
}
