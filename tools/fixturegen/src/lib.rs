//! Builds the data sets of 海峡高考门户 (a library: `portal-data demo` writes either as a source
//! folder, and `portal-data build` makes the site's files of it).
//!
//! - [`curated`]: the bundled demo set: 38 real schools and about 230 articles, including the
//!   seed article. It reaches the site as any operator's data does: `portal-data demo` writes
//!   it as a source folder (with [`provenance`]), `portal-data build` turns that into the
//!   committed `public/data/` (`make data`); a test in tools/portal-data checks the files are
//!   what that path writes.
//! - [`synthetic`]: a large set (3,000 schools, 10,000 articles) for tests and benchmarks,
//!   written to a scratch folder (`portal-data demo DIR --synthetic 3000 10000`), never shipped.
//!
//! The reference server seeds its database from a [`Dataset`] too, so both data sources hold
//! the same facts.

pub mod admissions;
pub mod articles;
pub mod catalog;
pub mod provenance;
pub mod schools;
pub mod search_keys;
mod synthetic_names;

use articles::{Draft, Rng, Subject};
use portal_dataset::profile::facts;
use portal_dataset::{ArticleRecord, Dataset, SchoolRecord};
use portal_model::dates::iso_date;
use portal_model::*;

/// `YYYY-MM-DD` → days since 1970-01-01.
pub fn days_from_iso(date: &str) -> i64 {
    let parts: Vec<i64> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn province_code(province: &str) -> &'static str {
    match province {
        "江西" => "jx",
        "福建" => "fj",
        "浙江" => "zj",
        "北京" => "bj",
        "上海" => "sh",
        "广东" => "gd",
        _ => "xw",
    }
}

fn introduction(card: &SchoolCard, founded: u16, authority: &str, highlight: &str) -> String {
    let level_words = match card.level {
        Level::Vocational => "高等职业院校",
        _ => "普通本科高校",
    };
    let closing = match card.level {
        Level::Vocational => {
            "学校坚持以就业为导向，推行工学结合和校企合作的培养模式，毕业生深受用人单位欢迎。"
        }
        _ => "学校面向全国招生，重视本科教学和学生综合素质培养，为考生提供多样的专业选择。",
    };
    format!(
        "{name}（简称“{short}”）位于{province}省{city}市，创办于{founded}年，是一所{nature}{level_words}，院校类型为{kind}，主管部门为{authority}。\n\n{highlight}\n\n{closing}",
        name = card.name,
        short = card.short_name,
        province = card.province,
        city = card.city,
        nature = card.nature.label(),
        kind = card.kind.label(),
    )
    .replace("北京省北京市", "北京市")
    .replace("上海省上海市", "上海市")
}

/// The official accounts: what each QR code encodes, no name (a school list gives none, so
/// the page names them after the school, as it does for a source folder's schools).
fn accounts(card: &SchoolCard, how_many: usize) -> Vec<OfficialAccount> {
    let code: String = card.pinyin.split_whitespace().filter_map(|w| w.chars().next()).collect();
    let id = card.id;
    [
        (AccountKind::Wechat, format!("https://weixin.qq.com/r/{code}{id}zs")),
        (
            AccountKind::OfficialAccount,
            format!("https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz={code}{id}"),
        ),
        (AccountKind::WorkWechat, format!("https://work.weixin.qq.com/ca/{code}{id}")),
    ]
    .into_iter()
    .take(how_many)
    .map(|(kind, url)| OfficialAccount { kind, name: String::new(), url })
    .collect()
}

/// Turns per-school drafts into articles with ids in publication order.
fn publish(drafts: Vec<(SchoolId, String, u64, Draft)>, schools: &[SchoolRecord]) -> Vec<ArticleRecord> {
    let mut drafts = drafts;
    drafts.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)).then(a.3.title.cmp(&b.3.title)));
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, (school_id, published, views, draft))| {
            let school = &schools[(school_id - 1) as usize].card;
            ArticleRecord {
                info: ArticleSummary {
                    id: i as ArticleId + 1,
                    title: draft.title,
                    school_id,
                    school_name: school.name.clone(),
                    published,
                    author: draft.author,
                    views,
                    category: draft.category.into(),
                    summary: draft.summary,
                    tags: draft.tags,
                },
                body_html: draft.body_html,
            }
        })
        .collect()
}

/// The bundled demo set.
pub fn curated() -> Dataset {
    let mut rng = Rng::new(20231121);
    let schools: Vec<SchoolRecord> = schools::SCHOOLS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let card = SchoolCard {
                id: i as SchoolId + 1,
                name: s.name.into(),
                short_name: s.short_name.into(),
                pinyin: search_keys::with_search_words(s.name, s.short_name, s.pinyin),
                level: s.level,
                kind: s.kind,
                nature: s.nature,
                province: s.province.into(),
                city: s.city.into(),
                tags: s.tags.iter().map(|t| t.to_string()).collect(),
                followers: s.followers,
            };
            let profile = SchoolProfile {
                founded: Some(s.founded),
                website: schools::website(s.name).map(str::to_string),
                introduction: introduction(&card, s.founded, s.authority, s.highlight),
                facts: facts(&card, Some(s.founded), Some(s.authority)),
                accounts: accounts(&card, if s.name == schools::SEED_SCHOOL { 3 } else { 1 + i % 3 }),
                // Only what is public and stable: the city. Phone, e-mail and the 招生章程 link
                // are left unknown rather than invented for real schools (shown as 暂无数据).
                address: Some(place_name(&card)),
                ..SchoolProfile::default()
            };
            SchoolRecord { card, profile }
        })
        .collect();

    // Before the news, which quotes its 招生计划 (from a random stream of its own).
    let admissions = curated_admissions(&schools);
    let first_day = days_from_iso("2023-01-03");
    let last_day = days_from_iso("2024-12-27");
    // The seed article's neighbours sit right beside it; keep other news out of that week.
    let (quiet_from, quiet_to) = (days_from_iso("2023-11-10"), days_from_iso("2023-11-30"));
    let mut drafts = Vec::new();
    for record in &schools {
        let card = &record.card;
        let seed = card.name == schools::SEED_SCHOOL;
        let author_prefix = province_code(&card.province);
        let count = if seed { 21 } else { rng.range(4, 7) as usize };
        let mut titles: Vec<String> = Vec::new();
        for _ in 0..count {
            let mut day = rng.range(first_day as u64, last_day as u64) as i64;
            while seed && (quiet_from..=quiet_to).contains(&day) {
                day = rng.range(first_day as u64, last_day as u64) as i64;
            }
            let date = iso_date(day);
            let year: u16 = date[..4].parse().unwrap_or(2024);
            let author = format!("{author_prefix}{:03}", rng.range(1, 199));
            let subject = Subject::of(card, &author);
            // A school does not publish the same headline twice.
            let plan = fujian_plan(&admissions, card.id, year);
            let mut draft = articles::compose(&subject, &mut rng, year, plan.as_ref());
            while titles.contains(&draft.title) {
                draft = articles::compose(&subject, &mut rng, year, plan.as_ref());
            }
            titles.push(draft.title.clone());
            drafts.push((card.id, date, rng.range(40, 6000), draft));
        }
        if seed {
            drafts.push((card.id, "2023-11-16".into(), 132, articles::seed_prev()));
            drafts.push((card.id, "2023-11-21".into(), 78, articles::seed_article()));
            drafts.push((card.id, "2023-11-24".into(), 95, articles::seed_next()));
        }
    }
    let articles = publish(drafts, &schools);
    let featured = featured(&schools);
    Dataset { schools, articles, admissions, featured, sources: Vec::new() }
}

/// 首页推荐院校 of the demo: the seed school, then the most followed.
fn featured(schools: &[SchoolRecord]) -> Vec<SchoolId> {
    let seed = schools.iter().find(|s| s.card.name == schools::SEED_SCHOOL).map(|s| s.card.id);
    let mut others: Vec<&SchoolCard> =
        schools.iter().map(|s| &s.card).filter(|c| Some(c.id) != seed).collect();
    others.sort_by(|a, b| b.followers.cmp(&a.followers).then(a.id.cmp(&b.id)));
    seed.into_iter().chain(others.iter().map(|c| c.id)).take(portal_dataset::FEATURED_BY_DEFAULT).collect()
}

/// A school's 招生计划 in 福建 in `year` (every 科类 and batch), as its news quotes it.
fn fujian_plan(
    admissions: &portal_dataset::Admissions,
    id: SchoolId,
    year: u16,
) -> Option<articles::FujianPlan> {
    let rows: Vec<&portal_model::admissions::PlanRow> =
        admissions.of(id)?.plans.iter().filter(|p| p.province == "福建" && p.year == year).collect();
    let total: u32 = rows.iter().map(|p| p.places).sum();
    let mut tracks: Vec<portal_model::admissions::Track> = Vec::new();
    for row in &rows {
        if !tracks.contains(&row.track) {
            tracks.push(row.track);
        }
    }
    let by_track = tracks
        .iter()
        .map(|t| {
            format!("{}{}人", t.label(), rows.iter().filter(|p| p.track == *t).map(|p| p.places).sum::<u32>())
        })
        .collect::<Vec<_>>()
        .join("、");
    (total > 0).then_some(articles::FujianPlan { total, by_track })
}

/// 招生数据 of the curated schools, from a random stream of its own (so the articles above do
/// not change when this does). The seed school gets the richest set.
fn curated_admissions(schools: &[SchoolRecord]) -> portal_dataset::Admissions {
    let mut rng = Rng::new(20250625);
    let mut tables = admissions::Tables::default();
    let list = schools
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let card = &record.card;
            let seed = card.name == schools::SEED_SCHOOL;
            let provinces = if seed {
                ["福建", "江西", "湖南", "广东", "浙江", "新疆"]
                    .iter()
                    .filter_map(|n| portal_model::admissions::Province::find(n))
                    .collect()
            } else {
                admissions::provinces_for(card, 2, admissions::DEMO_PROVINCES, &mut rng)
            };
            let traits = admissions::SchoolTraits {
                card,
                provinces,
                new_province: !seed && i % 9 == 3,
                major_count: if seed { 16 } else { 7 + i % 3 },
                missing_ranks: seed,
                directed: seed,
            };
            admissions::school(&traits, &mut tables, &mut rng)
        })
        .collect();
    unpublished_tables_left_out(portal_dataset::Admissions { schools: list, tables: tables.0 })
}

/// Where a school's ranks are left unpublished (the seed school's, one province, the oldest
/// year), the office published no 一分一段表 that year either: otherwise `portal-data build`
/// derives the missing ranks from it (marked 推算), and the demo would lose its 暂无数据 rank.
fn unpublished_tables_left_out(mut admissions: portal_dataset::Admissions) -> portal_dataset::Admissions {
    let unpublished: std::collections::BTreeSet<(String, portal_model::admissions::Track, u16)> = admissions
        .schools
        .iter()
        .flat_map(|a| &a.lines)
        .filter(|l| l.lowest_rank.is_none())
        .map(|l| (l.province.clone(), l.track, l.year))
        .collect();
    admissions.tables.retain(|key, _| !unpublished.contains(key));
    admissions
}

/// 招生数据 of a synthetic set: four provinces and five majors a school, the extra two drawn
/// from all 31, so that a large set covers every province.
fn synthetic_admissions(schools: &[SchoolRecord]) -> portal_dataset::Admissions {
    let all: Vec<&str> = portal_model::admissions::PROVINCES.iter().map(|p| p.name).collect();
    let mut rng = Rng::new(11);
    let mut tables = admissions::Tables::default();
    let list = schools
        .iter()
        .map(|record| {
            let card = &record.card;
            let traits = admissions::SchoolTraits {
                card,
                provinces: admissions::provinces_for(card, 2, &all, &mut rng),
                new_province: card.id % 50 == 7,
                major_count: 5,
                missing_ranks: false,
                directed: false,
            };
            admissions::school(&traits, &mut tables, &mut rng)
        })
        .collect();
    portal_dataset::Admissions { schools: list, tables: tables.0 }
}

fn place_name(card: &SchoolCard) -> String {
    if card.province == card.city {
        format!("{}市", card.city)
    } else {
        format!("{}省{}市", card.province, card.city)
    }
}

/// A large set with made-up schools, for tests and benchmarks of scale.
pub fn synthetic(school_count: usize, article_count: usize) -> Dataset {
    let mut rng = Rng::new(7);
    let schools: Vec<SchoolRecord> = synthetic_names::schools(school_count, &mut rng)
        .into_iter()
        .map(|card| {
            let founded = 1950 + (card.id % 70) as u16;
            let profile = SchoolProfile {
                founded: Some(founded),
                website: None,
                introduction: introduction(&card, founded, "省教育厅", "这是一所用于性能测试的示例院校。"),
                facts: facts(&card, Some(founded), Some("省教育厅")),
                accounts: accounts(&card, 1 + card.id as usize % 3),
                // Made-up schools get made-up contacts (example.cn is reserved for examples).
                admissions_phone: Some(format!("0591-8{:07}", card.id)),
                email: Some(format!("zsb{}@example.cn", card.id)),
                address: Some(place_name(&card)),
                charter_url: Some(format!("https://zsb{}.example.cn/zhangcheng", card.id)),
                upgrade_rate: (card.level == Level::Vocational).then_some((card.id % 40) as f32 + 12.5),
            };
            SchoolRecord { card, profile }
        })
        .collect();
    let admissions = synthetic_admissions(&schools);
    let first_day = days_from_iso("2021-01-01");
    let last_day = days_from_iso("2024-12-31");
    let drafts = (0..article_count)
        .map(|_| {
            let card = &schools[rng.range(0, schools.len() as u64 - 1) as usize].card;
            let date = iso_date(rng.range(first_day as u64, last_day as u64) as i64);
            let year: u16 = date[..4].parse().unwrap_or(2024);
            let author = format!("{}{:03}", province_code(&card.province), rng.range(1, 199));
            let subject = Subject::of(card, &author);
            let plan = fujian_plan(&admissions, card.id, year);
            let draft = articles::compose(&subject, &mut rng, year, plan.as_ref());
            (card.id, date, rng.range(40, 6000), draft)
        })
        .collect();
    let articles = publish(drafts, &schools);
    Dataset { schools, articles, admissions, ..Dataset::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_model::admissions::*;
    use portal_model::list::ARTICLES_PER_PAGE;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn dates_round_trip() {
        for date in ["1970-01-01", "2023-11-21", "2024-02-29", "2024-12-31", "2000-03-01"] {
            assert_eq!(iso_date(days_from_iso(date)), date);
        }
    }

    #[test]
    fn news_of_a_plan_quotes_the_plans_of_the_data_set() {
        let data = curated();
        let mut quoted = 0;
        for article in data.articles.iter().filter(|a| a.info.tags.iter().any(|t| t == "招生计划")) {
            let year: u16 = article.info.published[..4].parse().expect("a year");
            let plans = data.plans_in(article.info.school_id, "福建");
            let total: u32 = plans.iter().filter(|p| p.year == year).map(|p| p.places).sum();
            assert!(total > 0, "{}: no 福建 plans in {year}", article.info.title);
            assert!(
                article.info.title.ends_with(&format!("计划招收{total}人")),
                "{} vs {total}",
                article.info.title
            );
            assert!(article.info.summary.contains(&format!("计划招收{total}人")));
            quoted += 1;
        }
        assert!(quoted >= 2, "the demo set has news of plans");
    }

    #[test]
    fn the_curated_set_has_what_the_product_needs() {
        let data = curated();
        assert!(data.schools.len() >= 30);
        assert!(data.articles.len() >= 200);
        let seed = data.schools.iter().find(|s| s.card.name == schools::SEED_SCHOOL).map(|s| &s.card);
        let seed = seed.expect("seed school");
        assert_eq!((seed.level, seed.kind, seed.followers), (Level::Vocational, Kind::Engineering, 149_000));
        let index =
            data.articles.iter().position(|a| a.info.title == articles::SEED_TITLE).expect("seed article");
        let article = data.article(index).expect("its school");
        assert_eq!(
            (article.info.author.as_str(), article.info.published.as_str(), article.info.views),
            ("jx045", "2023-11-21", 78)
        );
        assert_eq!(article.prev.map(|l| l.title), Some(articles::SEED_PREV_TITLE.to_string()));
        assert_eq!(article.next.map(|l| l.title), Some(articles::SEED_NEXT_TITLE.to_string()));
        assert!(
            data.articles_of(seed.id).len() > ARTICLES_PER_PAGE as usize,
            "the seed school's news has two pages"
        );
        let provinces = data.directory().provinces;
        assert!(provinces.contains(&"福建".to_string()) && provinces.contains(&"江西".to_string()));
    }

    #[test]
    fn ids_follow_publication_order() {
        let data = curated();
        assert!(data
            .articles
            .windows(2)
            .all(|w| w[0].info.published <= w[1].info.published && w[0].info.id < w[1].info.id));
    }

    #[test]
    fn the_synthetic_set_has_the_requested_size_and_unique_names() {
        let data = synthetic(3000, 10_000);
        assert_eq!((data.schools.len(), data.articles.len()), (3000, 10_000));
        let mut names: Vec<&str> = data.schools.iter().map(|s| s.card.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 3000);
    }

    #[test]
    fn every_curated_school_has_five_years_in_four_provinces_with_plans_and_majors() {
        let data = curated();
        for record in &data.schools {
            let a = data.admissions.of(record.card.id).expect("admissions");
            assert!(a.provinces.len() >= 4 && a.provinces[0] == "福建", "{}", record.card.name);
            assert!(a.provinces.contains(&record.card.province));
            let with_lines: Vec<&String> =
                a.provinces.iter().filter(|p| a.lines.iter().any(|l| &&l.province == p)).collect();
            assert!(with_lines.len() >= 3, "{}", record.card.name);
            for province in with_lines {
                let mut years: Vec<u16> =
                    a.lines.iter().filter(|l| &l.province == province).map(|l| l.year).collect();
                years.dedup();
                assert_eq!(years, vec![2025, 2024, 2023, 2022, 2021], "{} {province}", record.card.name);
            }
            assert!(!a.plans.is_empty() && !a.majors.is_empty() && !a.major_lines.is_empty());
        }
        let seed = data.schools.iter().find(|s| s.card.name == schools::SEED_SCHOOL).expect("seed");
        let richest = data.admissions.of(seed.card.id).expect("seed admissions");
        assert!(data.admissions.schools.iter().all(|s| s.lines.len() <= richest.lines.len()));
    }

    #[test]
    fn admission_numbers_hang_together() {
        for data in [curated(), synthetic(300, 10)] {
            // One score → rank table per province, year and track: equal scores, equal ranks;
            // higher scores, better (smaller) ranks.
            let mut seen: BTreeMap<(String, u16, Track), BTreeMap<u16, u32>> = BTreeMap::new();
            for a in &data.admissions.schools {
                let scored =
                    a.lines.iter().map(|l| (&l.province, l.year, l.track, l.lowest, l.lowest_rank)).chain(
                        a.major_lines.iter().map(|l| (&l.province, l.year, l.track, l.lowest, l.lowest_rank)),
                    );
                for (province, year, track, score, rank) in scored {
                    let Some(rank) = rank else { continue };
                    let table = seen.entry((province.clone(), year, track)).or_default();
                    assert_eq!(
                        *table.entry(score).or_insert(rank),
                        rank,
                        "{province} {year} {track:?} {score}"
                    );
                }
                for line in &a.lines {
                    assert!(line.control_line.is_some_and(|c| line.lowest > c), "above the control line");
                    assert!(line.highest.is_none_or(|h| h >= line.lowest));
                    let majors: Vec<&MajorScoreLine> = a
                        .major_lines
                        .iter()
                        .filter(|m| {
                            (m.year, &m.province, m.track, m.batch, m.admission_type, &m.group)
                                == (
                                    line.year,
                                    &line.province,
                                    line.track,
                                    line.batch,
                                    line.admission_type,
                                    &line.group,
                                )
                        })
                        .collect();
                    assert!(!majors.is_empty());
                    assert!(majors
                        .iter()
                        .all(|m| m.lowest >= line.lowest && m.highest.is_none_or(|h| h >= m.lowest)));
                    assert_eq!(
                        majors.iter().map(|m| m.lowest).min(),
                        Some(line.lowest),
                        "the school's line is its lowest major's"
                    );
                }
                assert!(a.plans.iter().all(|p| p.places > 0));
            }
            for table in seen.values() {
                let ranks: Vec<u32> = table.values().copied().collect();
                assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "ranks fall as scores rise");
            }
        }
    }

    #[test]
    fn the_curated_set_has_gaps_the_ui_must_show() {
        let data = curated();
        let all = &data.admissions.schools;
        assert!(
            all.iter().any(|a| a.provinces.iter().any(|p| !a.lines.iter().any(|l| &l.province == p))),
            "a province with plans but no lines"
        );
        assert!(all.iter().any(|a| a.lines.iter().any(|l| l.lowest_rank.is_none())), "a year without ranks");
        assert!(all.iter().any(|a| a.plans.iter().any(|p| p.tuition.is_none())), "a plan without tuition");
        assert!(all.iter().any(|a| a.lines.iter().any(|l| l.average.is_none())), "an unknown average");
        let tracks: Vec<Track> = all.iter().flat_map(|a| a.lines.iter().map(|l| l.track)).collect();
        for t in [Track::Physics, Track::History, Track::Science, Track::LiberalArts, Track::Comprehensive] {
            assert!(tracks.contains(&t), "{t:?}");
        }
    }

    #[test]
    fn rank_indexes_and_bands_come_out_of_the_lines() {
        let data = curated();
        let indexes = data.rank_indexes();
        let fujian =
            indexes.iter().find(|i| i.province == "福建" && i.track == Track::Physics).expect("福建 物理类");
        assert_eq!(fujian.schools.len(), data.schools.len(), "every school recruits in 福建");
        assert_eq!(fujian.years, vec![2021, 2022, 2023, 2024, 2025]);
        let table = fujian.table.as_ref().expect("table");
        assert_eq!(table.year, 2025);
        let bands = portal_model::rank::bands(fujian, portal_model::rank::Standing::Score(560));
        assert!(bands.rank.is_some());
        assert!(!(bands.reach.is_empty() && bands.matched.is_empty() && bands.safe.is_empty()));
    }

    #[test]
    fn the_synthetic_set_scales_admissions_to_every_school() {
        let data = synthetic(3000, 10);
        assert_eq!(data.admissions.schools.len(), 3000);
        assert!(data.admissions.schools.iter().all(|a| a.provinces.len() >= 4 && !a.plans.is_empty()));
        let provinces: BTreeSet<&str> =
            data.admissions.schools.iter().flat_map(|a| &a.provinces).map(|p| p.as_str()).collect();
        assert_eq!(provinces.len(), 31, "every province has lines and plans");
    }

    #[test]
    fn every_group_has_a_consistent_history() {
        use portal_model::volunteer::groups::{group_label, ChangeKind};
        for (data, name) in [(curated(), "curated"), (synthetic(300, 10), "synthetic")] {
            let indexes = data.group_indexes();
            let mut changes: BTreeMap<(String, ChangeKind), usize> = BTreeMap::new();
            for index in &indexes {
                let at = format!("{name} {} {:?}", index.province, index.track);
                assert_eq!(index.plan_year, admissions::LATEST_YEAR, "{at}");
                assert!(index.schools.windows(2).all(|w| w[0].id < w[1].id), "{at}: schools by id");
                assert!(
                    index.groups.windows(2).all(|w| (w[0].school, &w[0].code) < (w[1].school, &w[1].code)),
                    "{at}: groups by school and code, no repeats"
                );
                // A year's 一分一段表 may be missing (湖南 2021 of the demo: unpublished, like the
                // seed school's ranks that year); those present are of the index's years, in order.
                let table_years: Vec<u16> = index.tables.iter().map(|t| t.year).collect();
                let years: Vec<u16> =
                    index.years.iter().copied().filter(|y| table_years.contains(y)).collect();
                assert_eq!(table_years, years, "{at}");
                assert!(table_years.len() + 1 >= index.years.len(), "{at}: at most one year without a table");
                for group in &index.groups {
                    let at = format!("{at} school {} {}", group.school, group.label());
                    assert!(index.school(group.school).is_some(), "{at}");
                    assert!(group.subjects.rule.is_some(), "{at}: 选科要求 {:?} reads", group.subjects.text);
                    let a = data.admissions.of(group.school).expect("admissions");
                    // The plan of the plan year: every major, with its places and tuition.
                    let plans: Vec<&PlanRow> = a
                        .plans
                        .iter()
                        .filter(|p| {
                            (p.year, &p.province, p.track) == (index.plan_year, &index.province, index.track)
                        })
                        .filter(|p| p.group.as_deref() == Some(group_label(&group.code).as_str()))
                        .collect();
                    assert_eq!(group.majors.len(), plans.len(), "{at}");
                    for (m, p) in group.majors.iter().zip(&plans) {
                        assert_eq!((&m.name, m.places, m.tuition), (&p.major, p.places, p.tuition), "{at}");
                    }
                    // Every line is one of the school's score lines, read from that year's table
                    // where there is one, under the group's own number from the year of its last change on.
                    for line in &group.lines {
                        // (a rank without its year's table was published without one).
                        if let Some(table) = index.table(line.year) {
                            assert!(
                                line.rank.is_none_or(|r| table.rank_of(line.score) == Some(r)),
                                "{at} {line:?}"
                            );
                        }
                        let own = group.change.as_ref().is_none_or(|c| line.year >= c.year);
                        let number = match (&group.change, own) {
                            (Some(c), false) => group_label(&c.from),
                            _ => group.label(),
                        };
                        let found = a.lines.iter().any(|l| {
                            (l.year, &l.province, l.track, l.lowest, l.lowest_rank)
                                == (line.year, &index.province, index.track, line.score, line.rank)
                                && l.group.as_deref() == Some(number.as_str())
                        });
                        assert!(found || !own, "{at}: {line:?} is a line of {number}");
                        if let (Some(c), false) = (&group.change, own) {
                            // Before a change the lines are the old group's (renamed: exactly; split:
                            // the larger group, somewhere in the school's lines of that year).
                            assert!(
                                a.lines.iter().any(|l| l.year == line.year && l.lowest == line.score),
                                "{at}"
                            );
                            assert!(c.year > line.year);
                        }
                    }
                    for m in &group.majors {
                        assert!(
                            m.lines.iter().all(|l| group.line(l.year).is_some_and(|g| l.score >= g.score)),
                            "{at} {}",
                            m.name
                        );
                    }
                    if let Some(c) = &group.change {
                        *changes.entry((index.province.clone(), c.kind)).or_default() += 1;
                        assert!(
                            group.lines.iter().any(|l| l.year < c.year),
                            "{at}: a change with earlier lines"
                        );
                    }
                }
            }
            for province in ["福建", "江西"] {
                for kind in [ChangeKind::Renamed, ChangeKind::Split] {
                    assert!(
                        changes.get(&(province.into(), kind)).is_some_and(|n| *n > 0),
                        "{name}: {province} {kind:?}"
                    );
                }
            }
        }
    }

    /// Issue #26, item 3 on the bundled data: group-level 位次查询 answers for every rank from
    /// 1 to the table's last, in 福建 and 江西, for a student of either track.
    #[test]
    fn group_bands_answer_every_rank_of_the_table() {
        use portal_model::volunteer::bands::{group_bands, GroupFilter};
        use portal_model::volunteer::profile::Profile;
        use portal_model::volunteer::subjects::{Subject, SubjectSet};
        let data = curated();
        for index in data.group_indexes().iter().filter(|i| ["福建", "江西"].contains(&i.province.as_str()))
        {
            let subjects = match index.track {
                Track::History => SubjectSet::of(&[Subject::Politics, Subject::Geography]),
                _ => SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
            };
            let last = index.tables.last().map(|t| t.candidates()).expect("table");
            let mut rank = 1;
            while rank <= last {
                let p = Profile {
                    province: index.province.clone(),
                    track: index.track,
                    subjects,
                    rank: Some(rank),
                    ..Profile::default()
                };
                let b = group_bands(index, &p, &GroupFilter::default());
                assert!(
                    !(b.reach.is_empty() && b.matched.is_empty() && b.safe.is_empty()),
                    "{} {:?} rank {rank}",
                    index.province,
                    index.track
                );
                rank = if rank == last { last + 1 } else { (rank + 97).min(last) };
            }
        }
    }
}
