//! The 招生数据 endpoints over real HTTP, on a temporary SQLite file seeded from the bundled
//! fixtures: the answers equal the fixture files (through the shared filter rules), query
//! values are validated, the rank bands make sense, and the queries use the indexes. With
//! `PORTAL_TEST_DB=postgres` the HTTP tests run on a PostgreSQL database instead (the query
//! plan and timing tests are SQLite's own).

mod common;

use common::server::{read_fixture, start, Server};

use portal_model::admissions::*;
use portal_model::rank::{self, RankBands, Standing};
use portal_model::sources::DataSource;
use portal_model::volunteer::bands::{group_bands, GroupBands, GroupFilter};
use portal_model::volunteer::groups::GroupIndex;
use portal_model::volunteer::profile::Profile;
use portal_model::{fixtures, Page, SearchResults};
use portal_server::seed;
use portal_server::store::Store;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::path::PathBuf;

fn fixtures_dir() -> PathBuf {
    common::fixtures()
}

fn read<T: DeserializeOwned>(rel: &str) -> T {
    read_fixture(rel)
}

fn enc(s: &str) -> String {
    portal_model::url::encode_component(s)
}

fn school_ids() -> Vec<u32> {
    read::<SearchResults>(&fixtures::search_index()).schools.iter().map(|s| s.id).collect()
}

/// Every page of a paged answer, until the total is reached.
async fn all_pages<T: DeserializeOwned + Clone>(server: &Server, path: &str) -> Vec<Page<T>> {
    let mut pages: Vec<Page<T>> = Vec::new();
    loop {
        let n = pages.len() + 1;
        let sep = if path.contains('?') { '&' } else { '?' };
        let page: Page<T> = server.read(&format!("{path}{sep}page={n}")).await;
        let done = page.items.is_empty() || (n as u32) * page.page_size >= page.total;
        pages.push(page);
        if done {
            return pages;
        }
    }
}

/// The contract: with no filter the answers are the fixture files; with filters they are
/// what the shared rules make of the files (the fixtures source runs the same rules).
#[tokio::test]
async fn server_answers_equal_the_fixture_files() {
    let server = start().await;
    let provinces: Vec<ProvinceMeta> = server.read("/provinces").await;
    assert_eq!(provinces, read::<Vec<ProvinceMeta>>(&fixtures::provinces()));
    let sources: Vec<DataSource> = server.read("/sources").await;
    assert_eq!(sources, read::<Vec<DataSource>>(&fixtures::sources()));
    for id in school_ids() {
        let file: SchoolScores = read(&fixtures::school_scores(id));
        let answer: SchoolScores = server.read(&format!("/schools/{id}/scores")).await;
        assert_eq!(answer, file, "school {id}");
        let majors: SchoolMajors = server.read(&format!("/schools/{id}/majors")).await;
        assert_eq!(majors, read::<SchoolMajors>(&fixtures::school_majors(id)), "majors {id}");
        for province in &file.provinces {
            let key = province_key(province).expect("province");
            let lines: Vec<MajorScoreLine> = read(&fixtures::school_major_scores(id, key));
            let plans: Vec<PlanRow> = read(&fixtures::school_plans(id, key));
            let q = AdmissionQuery { province: Some(province.clone()), ..AdmissionQuery::default() };
            let path = format!("/schools/{id}/major-scores?province={}", enc(province));
            let pages = all_pages::<MajorScoreLine>(&server, &path).await;
            for page in &pages {
                let expected = filter_major_lines(&lines, &AdmissionQuery { page: page.page, ..q.clone() });
                assert_eq!(page, &expected, "{path} page {}", page.page);
            }
            assert_eq!(pages.iter().map(|p| p.items.len()).sum::<usize>(), lines.len());
            let path = format!("/schools/{id}/plans?province={}", enc(key));
            let pages = all_pages::<PlanRow>(&server, &path).await;
            for page in &pages {
                assert_eq!(
                    page,
                    &filter_plans(&plans, &AdmissionQuery { page: page.page, ..q.clone() }),
                    "{path}"
                );
            }
            assert_eq!(pages.iter().map(|p| p.items.len()).sum::<usize>(), plans.len());
        }
    }
    // Filters on a few schools, as the fixtures source applies them to the files.
    let filters = [
        "province=%E7%A6%8F%E5%BB%BA&track=physics",
        "province=jiangxi&track=science&year=2022",
        "province=fujian&year=2025&batch=vocational",
        "track=history",
        "year=2021",
        "province=zhejiang&track=comprehensive&page=2",
    ];
    for id in [1, 2, 13, 38] {
        let file: SchoolScores = read(&fixtures::school_scores(id));
        for qs in filters {
            let q = AdmissionQuery::from_pairs(&portal_model::url::parse_query(qs)).expect("valid");
            let answer: SchoolScores = server.read(&format!("/schools/{id}/scores?{qs}")).await;
            assert_eq!(answer.lines, filter_lines(&file.lines, &q), "school {id} ?{qs}");
            let Some(province) = &q.province else { continue };
            let key = province_key(province).expect("key");
            if !file.provinces.contains(province) {
                continue;
            }
            let lines: Vec<MajorScoreLine> = read(&fixtures::school_major_scores(id, key));
            let answer: Page<MajorScoreLine> = server.read(&format!("/schools/{id}/major-scores?{qs}")).await;
            assert_eq!(answer, filter_major_lines(&lines, &q), "major lines {id} ?{qs}");
            let plans: Vec<PlanRow> = read(&fixtures::school_plans(id, key));
            let answer: Page<PlanRow> = server.read(&format!("/schools/{id}/plans?{qs}")).await;
            assert_eq!(answer, filter_plans(&plans, &q), "plans {id} ?{qs}");
        }
    }
    // Rank indexes and bands.
    for meta in &provinces {
        for track in Track::ALL {
            let rel = fixtures::rank_index(&meta.key, *track);
            if !fixtures_dir().join(&rel).exists() {
                continue;
            }
            let file: RankIndex = read(&rel);
            let query = format!("province={}&track={}", enc(&meta.name), track.code());
            let answer: RankIndex = server.read(&format!("/rank/index?{query}")).await;
            assert_eq!(answer, file, "{rel}");
            for standing in [Standing::Score(420), Standing::Score(600), Standing::Rank(30_000)] {
                let extra = match standing {
                    Standing::Score(s) => format!("score={s}"),
                    Standing::Rank(r) => format!("rank={r}"),
                };
                let answer: RankBands = server.read(&format!("/rank?{query}&{extra}")).await;
                assert_eq!(answer, rank::bands(&file, standing), "{rel} {extra}");
            }
        }
    }
}

/// The group index and group bands: the server's answers are the fixture files, and the bands
/// what the shared rule makes of them (the fixtures source runs the same rule in the browser).
#[tokio::test]
async fn group_answers_equal_the_fixture_files() {
    let server = start().await;
    let provinces: Vec<ProvinceMeta> = server.read("/provinces").await;
    let mut compared = 0;
    for meta in &provinces {
        for track in Track::ALL {
            let rel = fixtures::group_index(&meta.key, *track);
            if !fixtures_dir().join(&rel).exists() {
                continue;
            }
            let file: GroupIndex = read(&rel);
            let query = format!("province={}&track={}", enc(&meta.name), track.code());
            let answer: GroupIndex = server.read(&format!("/groups/index?{query}")).await;
            assert_eq!(answer, file, "{rel}");
            for extra in [
                "score=560&subjects=chemistry,biology".to_string(),
                "rank=3000&subjects=politics,geography".into(),
                "rank=80000&ineligible=1".into(),
                format!("score=480&subjects=chemistry,politics&level=vocational&major={}", enc("计算机")),
                format!("rank=20000&located={}&nature=public&type=engineering&year=2024", enc("福建")),
            ] {
                let qs = format!("{query}&{extra}");
                let pairs = portal_model::url::parse_query(&qs);
                let profile = Profile::from_pairs(&pairs, true).expect("profile");
                let answer: GroupBands = server.read(&format!("/groups/bands?{qs}")).await;
                assert_eq!(answer, group_bands(&file, &profile, &GroupFilter::from_pairs(&pairs)), "{qs}");
            }
            compared += 1;
        }
    }
    assert!(compared >= 4, "福建 and 江西, both tracks");
}

#[tokio::test]
async fn query_values_are_validated() {
    let server = start().await;
    // Unknown names find nothing, they are not errors.
    for qs in ["province=%E7%81%AB%E6%98%9F", "track=magic", "batch=phd", "province=atlantis&track=physics"] {
        let answer: SchoolScores = server.read(&format!("/schools/1/scores?{qs}")).await;
        assert!(answer.lines.is_empty(), "{qs}");
        assert!(!answer.provinces.is_empty(), "the school's provinces are still listed");
        let page: Page<PlanRow> = server.read(&format!("/schools/1/plans?{qs}")).await;
        assert_eq!((page.items.len(), page.total), (0, 0), "{qs}");
    }
    // Malformed numbers are 400 with the contract's error body.
    for qs in
        ["year=20x5", "year=%2B2024", "year=02024", "year=1999", "page=0", "page=-1", "page=01", "page=x"]
    {
        for endpoint in ["scores", "major-scores", "plans"] {
            let (status, body) = server.error(&format!("/schools/1/{endpoint}?{qs}")).await;
            assert_eq!(
                (status, body.code.as_str()),
                (StatusCode::BAD_REQUEST, "bad_request"),
                "{endpoint}?{qs}"
            );
            assert!(!body.message.is_empty());
        }
    }
    // Ids have one spelling; unknown schools are 404.
    for id in ["%2B1", "01", "0", "-1", "1.0", "abc", "99999", "4294967296"] {
        for endpoint in ["scores", "major-scores", "plans", "majors"] {
            let (status, body) = server.error(&format!("/schools/{id}/{endpoint}")).await;
            assert_eq!((status, body.code.as_str()), (StatusCode::NOT_FOUND, "not_found"), "{id}/{endpoint}");
        }
    }
    // A page far past the end is an empty page, not the last one again.
    let page: Page<MajorScoreLine> = server.read("/schools/1/major-scores?page=4000000000").await;
    assert_eq!((page.items.len(), page.page), (0, 4_000_000_000));
    assert!(page.total > 0);
    let (status, _) = server.error("/schools/1/major-scores?page=99999999999").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // 位次查询, by school and by group, needs a province, a track and a score or rank (by group
    // it also reads 选科 and year); unknown ones find nothing.
    let malformed = [
        "track=physics&score=500",
        "province=fujian&score=500",
        "province=fujian&track=physics",
        "province=fujian&track=physics&score=999",
        "province=fujian&track=physics&rank=0",
        "province=fujian&track=physics&rank=10&subjects=chemistry,magic",
        "province=fujian&track=physics&rank=10&year=20x5",
    ];
    for (endpoint, cases) in [("/rank", &malformed[..5]), ("/groups/bands", &malformed[..])] {
        for qs in cases {
            let (status, body) = server.error(&format!("{endpoint}?{qs}")).await;
            assert_eq!(
                (status, body.code.as_str()),
                (StatusCode::BAD_REQUEST, "bad_request"),
                "{endpoint}?{qs}"
            );
            assert!(!body.message.is_empty());
        }
    }
    for qs in ["track=physics", "province=fujian", "province=fujian&track=physics&score=-1"] {
        let (status, _) = server.error(&format!("/groups/index?{qs}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{qs}");
    }
    for qs in [
        "province=%E7%81%AB%E6%98%9F&track=physics&score=500",
        "province=fujian&track=magic&rank=100",
        "province=zhejiang&track=comprehensive&rank=100",
    ] {
        let bands: GroupBands = server.read(&format!("/groups/bands?{qs}")).await;
        assert!(bands.reach.is_empty() && bands.matched.is_empty() && bands.safe.is_empty(), "{qs}");
        assert!(bands.why_empty(rank::Band::Match).is_some(), "{qs}: an empty answer says why");
        let index: GroupIndex = server.read(&format!("/groups/index?{qs}")).await;
        assert!(index.groups.is_empty() && index.tables.is_empty(), "{qs}");
    }
    for qs in [
        "province=%E7%81%AB%E6%98%9F&track=physics&score=500",
        "province=fujian&track=magic&rank=100",
        "province=xinjiang&track=physics&rank=100",
    ] {
        let answer: RankBands = server.read(&format!("/rank?{qs}")).await;
        assert!(answer.reach.is_empty() && answer.matched.is_empty() && answer.safe.is_empty(), "{qs}");
        let index: RankIndex = server.read(&format!("/rank/index?{qs}")).await;
        assert!(index.schools.is_empty() && index.table.is_none(), "{qs}");
    }
}

#[tokio::test]
async fn rank_bands_place_a_school_around_its_own_rank() {
    let server = start().await;
    let index: RankIndex = server.read("/rank/index?province=fujian&track=physics").await;
    assert!(index.schools.len() >= 30);
    let years = rank::band_years(&index);
    assert_eq!(years, vec![2023, 2024, 2025]);
    // A visitor exactly at a school's reference rank finds it in 稳, and schools in 冲 admitted
    // better ranks than those in 保.
    let school = &index.schools[5];
    let (reference, _) = rank::reference_rank(school, &years).expect("ranks");
    let bands: RankBands =
        server.read(&format!("/rank?province=fujian&track=physics&rank={reference}")).await;
    assert!(bands.matched.iter().any(|e| e.id == school.id), "{} in 稳", school.name);
    let best_safe = bands.safe.iter().map(|e| e.reference_rank).min();
    let worst_reach = bands.reach.iter().map(|e| e.reference_rank).max();
    if let (Some(safe), Some(reach)) = (best_safe, worst_reach) {
        assert!(reach < safe);
    }
    // A score is placed through the latest 一分一段表: a higher score, a better rank.
    let high: RankBands = server.read("/rank?province=%E7%A6%8F%E5%BB%BA&track=physics&score=620").await;
    let low: RankBands = server.read("/rank?province=%E7%A6%8F%E5%BB%BA&track=physics&score=420").await;
    assert!(high.rank.expect("rank") < low.rank.expect("rank"));
}

/// Every admission query reads through an index (a search, never a scan of a whole table), so
/// the 3,000-school set answers as fast as the bundled one.
/// 数据来源 survive the database: each row's and table's document ids (and a derived rank's
/// 一分一段表) read back as they were loaded.
#[test]
fn provenance_is_kept_by_the_store() {
    let mut data = seed::from_fixture_dir(&fixtures_dir()).expect("fixtures");
    let school =
        data.admissions.schools.iter_mut().find(|s| !s.lines.is_empty()).expect("a school with lines");
    let id = school.school_id;
    for (i, line) in school.lines.iter_mut().enumerate() {
        line.source = Some(1);
        line.rank_source = (i % 2 == 0).then_some(2);
        line.control_source = Some(3);
    }
    school.major_lines.iter_mut().for_each(|l| (l.source, l.rank_source) = (Some(4), Some(2)));
    school.plans.iter_mut().for_each(|p| p.source = Some(5));
    let expected = school.clone();
    data.admissions.tables.values_mut().for_each(|t| t.source = Some(2));
    data.sources = (1..=5)
        .map(|id| DataSource {
            id,
            publisher: "福建省教育考试院".into(),
            title: format!("文件{id}"),
            url: Some(format!("https://www.eeafj.cn/{id}.html")),
            date: "2025-07-20".into(),
            sha256: "ab".repeat(32),
        })
        .collect();
    let store = Store::sqlite_in_memory().expect("store");
    store.seed(&data).expect("seed");
    let everything = AdmissionQuery::default();
    let scores = store.school_scores(id, &everything).expect("scores").expect("the school");
    assert_eq!(scores.lines, expected.lines);
    let majors = store.major_scores(id, &everything).expect("majors").expect("the school");
    assert!(
        !majors.items.is_empty()
            && majors.items.iter().all(|l| (l.source, l.rank_source) == (Some(4), Some(2)))
    );
    let plans = store.plans(id, &everything).expect("plans").expect("the school");
    assert!(!plans.items.is_empty() && plans.items.iter().all(|p| p.source == Some(5)));
    let province = &expected.lines[0].province;
    let index = store.rank_index(province, expected.lines[0].track).expect("rank index");
    assert_eq!(index.table.as_ref().and_then(|t| t.source), Some(2));
    // What the pages show as 数据来源: the documents, and what each index cites.
    assert_eq!(store.data_sources().expect("sources"), data.sources);
    assert!([1, 2, 3].iter().all(|id| index.sources.contains(id)), "{:?}", index.sources);
    assert!(index.derived_ranks);
    let track = expected.lines[0].track;
    let groups = store.group_index(province, track).expect("group index");
    assert!(groups.schools.iter().any(|s| s.id == id), "the school has groups there");
    assert!([1, 2, 3, 4, 5].iter().all(|s| groups.sources.contains(s)), "{:?}", groups.sources);
    assert!(groups.derived_ranks);
}

#[test]
fn admission_queries_use_the_indexes() {
    let store = Store::sqlite_in_memory().expect("store");
    store.seed(&seed::from_fixture_dir(&fixtures_dir()).expect("fixtures")).expect("seed");
    let plans = store.admission_query_plans().expect("plans");
    assert!(plans.len() >= 6);
    for (query, plan) in &plans {
        assert!(plan.contains("SEARCH"), "{query}: {plan}");
        for table in [
            "score_lines",
            "major_lines",
            "plans",
            "rank_rows",
            "score_tables",
            "schools",
            "admission_groups",
        ] {
            assert!(!plan.contains(&format!("SCAN {table}")), "{query} scans {table}: {plan}");
        }
    }
}

/// Scale: the 3,000-school synthetic set against the bundled one, store calls timed. Not a
/// timed test (timings belong to benchmarks); run it by hand to check a change:
/// `cargo test --release -p portal-server --test admissions -- --ignored --nocapture`.
#[test]
#[ignore]
fn synthetic_set_answers_as_fast_as_the_bundled_one() {
    let time = |store: &Store, schools: u32| {
        let q = AdmissionQuery::from_pairs(&[("province", "福建"), ("track", "physics")]).expect("query");
        let start = std::time::Instant::now();
        let rounds = 300;
        for i in 0..rounds {
            let id = 1 + (i * 7919) % schools;
            store.school_scores(id, &q).expect("scores").expect("school");
            store.major_scores(id, &q).expect("major lines").expect("school");
            store.plans(id, &q).expect("plans").expect("school");
        }
        let per_school = start.elapsed() / rounds;
        let start = std::time::Instant::now();
        let index = store.rank_index("福建", Track::Physics).expect("index");
        let bands = rank::bands(&index, Standing::Rank(50_000));
        (per_school, start.elapsed(), index.schools.len(), bands.matched.len())
    };
    let bundled = Store::sqlite_in_memory().expect("store");
    bundled.seed(&seed::from_fixture_dir(&fixtures_dir()).expect("fixtures")).expect("seed");
    let start = std::time::Instant::now();
    let data = fixturegen::synthetic(3000, 0);
    let rows: usize =
        data.admissions.schools.iter().map(|s| s.lines.len() + s.major_lines.len() + s.plans.len()).sum();
    let big = Store::sqlite_in_memory().expect("store");
    big.seed(&data).expect("seed");
    eprintln!("synthetic: {rows} admission rows generated and seeded in {:?}", start.elapsed());
    let small = time(&bundled, 38);
    let large = time(&big, 3000);
    eprintln!(
        "bundled:   scores+major-scores+plans {:?} per school; rank index+bands {:?} ({} schools, {} 稳)",
        small.0, small.1, small.2, small.3
    );
    eprintln!(
        "synthetic: scores+major-scores+plans {:?} per school; rank index+bands {:?} ({} schools, {} 稳)",
        large.0, large.1, large.2, large.3
    );
}
