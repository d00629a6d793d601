//! 招生数据 of the generated schools: score lines, plans and majors, and the 一分一段表 they
//! are read against.
//!
//! How the numbers hang together, so that they look like real data:
//! - every province × track × year has one score → rank table (一分一段表), built from a smooth
//!   score distribution; every rank in the data is read from it, so two schools with the same
//!   score in one province, year and track have the same rank, and ranks rise as scores fall;
//! - a school has a strength (the share of candidates ranked above its lowest admit), a little
//!   higher outside its own province and varying by year; its lowest score is the score at that
//!   share, never below the batch's control line (省控线), which is itself a share of the table;
//! - a major's lowest score is the school's lowest for that key plus a margin, so the school's
//!   line is the lowest of its majors' lines, its highest their highest;
//! - plans list every major of every key with places > 0.
//!
//! Deliberate gaps the UI must show as 暂无数据: averages and some highest scores of the oldest
//! year, the seed school's ranks in one province in 2021, plans without tuition (定向培养), and
//! a few schools recruiting in a province for the first time (plans, but no lines yet).

use crate::articles::Rng;
use crate::catalog::{self, CatalogMajor, Need};
use portal_dataset::admissions::{self as dataset, YearNumber};
use portal_dataset::{SchoolAdmissions, SchoolGroups};
use portal_model::admissions::*;
use portal_model::volunteer::groups::{group_code, Group, GroupMajor};
use portal_model::volunteer::subjects::Requirement;
use portal_model::{Level, SchoolCard, SchoolId};
use std::collections::BTreeMap;

pub const YEARS: std::ops::RangeInclusive<u16> = 2021..=2025;
pub const LATEST_YEAR: u16 = 2025;
/// Tables stop here: admissions below this score do not happen.
const TABLE_BOTTOM: u16 = 100;
/// The full score the distribution below is shaped for; a province out of less (上海, 660) gets
/// the same shape scaled to its own (海南's 900 标准分 holds a 750 shape as it is).
const SHAPED_FOR: u16 = 750;

/// What the generator needs to know about a school.
pub struct SchoolTraits<'a> {
    pub card: &'a SchoolCard,
    /// Provinces it recruits in, 福建 first, its own second.
    pub provinces: Vec<&'static Province>,
    /// Recruits in the last of `provinces` only from the latest year (no lines yet).
    pub new_province: bool,
    pub major_count: usize,
    /// Ranks unpublished for this school in its third province in the oldest year.
    pub missing_ranks: bool,
    /// Offers 定向培养 places in 提前批.
    pub directed: bool,
}

/// The share of a track's candidates ranked above a school's lowest admit, from its tags.
fn strength(card: &SchoolCard) -> f64 {
    let has = |t: &str| card.tags.iter().any(|x| x == t);
    let private = card.nature == portal_model::Nature::Private;
    match card.level {
        Level::Vocational if has("双高计划") => 0.55,
        Level::Vocational if has("省级双高") || has("省级示范") => 0.66,
        Level::Vocational if private => 0.84,
        Level::Vocational => 0.74,
        _ if has("985") => 0.012,
        _ if has("211") || has("双一流") => 0.05,
        _ if has("省部共建") || has("省属重点") || has("侨校") => 0.16,
        _ if has("职业本科") => 0.36,
        _ if private => 0.42,
        _ => 0.3,
    }
}

/// The share of candidates above a batch's control line.
fn control_share(province: &Province, year: u16, batch: Batch) -> f64 {
    match (batch, province.system(year)) {
        (Batch::UndergraduateFirst, _) => 0.15,
        (Batch::UndergraduateSecond, _) => 0.45,
        (Batch::Vocational, _) => 0.93,
        (_, System::ThreeThree) => 0.5,
        _ => 0.45,
    }
}

/// Candidates of a province in a year, all tracks together (rough orders of magnitude).
fn candidates(province: &Province, year: u16) -> f64 {
    let base = match province.name {
        "河南" => 1_300_000.0,
        "广东" => 700_000.0,
        "山东" | "四川" | "河北" => 620_000.0,
        "江西" | "湖南" | "安徽" | "广西" | "贵州" => 520_000.0,
        "江苏" | "湖北" | "云南" => 450_000.0,
        "浙江" => 390_000.0,
        "福建" | "新疆" | "甘肃" | "陕西" | "山西" => 230_000.0,
        "北京" | "天津" | "上海" | "海南" | "宁夏" | "青海" => 65_000.0,
        "西藏" => 35_000.0,
        _ => 300_000.0,
    };
    base * (1.0 + 0.03 * f64::from(year - 2021))
}

fn track_share(track: Track) -> f64 {
    match track {
        Track::Physics => 0.6,
        Track::History => 0.4,
        Track::Science => 0.55,
        Track::LiberalArts => 0.45,
        _ => 1.0,
    }
}

/// A seed for one province × track × year, so a table does not depend on which school asked
/// for it first (and equal in the bundled and the synthetic set).
fn table_seed(province: &Province, track: Track, year: u16) -> u64 {
    let mut h: u64 = 1469598103934665603;
    for b in province.key.bytes().chain(track.code().bytes()).chain(year.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(1099511628211);
    }
    h
}

/// The 一分一段表 of one province, track and year: a smooth bump of scores (a cubic kernel,
/// plain arithmetic so every platform writes the same files), counted down from the top, never
/// above the province's full score (`Province::max_score`, the rule `portal-data check` applies).
pub fn score_table(province: &Province, track: Track, year: u16) -> ScoreTable {
    let mut rng = Rng::new(table_seed(province, track, year));
    let total = candidates(province, year) * track_share(track);
    let table_top = province.max_score().min(SHAPED_FOR);
    let scale = f64::from(table_top) / f64::from(SHAPED_FOR);
    let centre = (430.0 + rng.range(0, 30) as f64 - 15.0) * scale;
    let width = (300.0 + rng.range(0, 20) as f64) * scale;
    let weight = |s: u16| {
        let t = (f64::from(s) - centre) / width;
        if t.abs() >= 1.0 {
            0.0
        } else {
            let u = 1.0 - t * t;
            u * u * u
        }
    };
    let sum: f64 = (TABLE_BOTTOM..=table_top).map(weight).sum();
    let mut ranks = Vec::new();
    let mut top = table_top;
    let mut cumulative = 0.0;
    for s in (TABLE_BOTTOM..=table_top).rev() {
        cumulative += total * weight(s) / sum;
        let rank = cumulative.round() as u32;
        if rank == 0 {
            top = s - 1;
            continue;
        }
        ranks.push(rank);
    }
    ScoreTable { year, top, ranks, source: None }
}

/// The score at which `share` of the candidates are at or above it.
fn score_at_share(table: &ScoreTable, share: f64) -> u16 {
    let total = f64::from(table.ranks.last().copied().unwrap_or(1));
    let target = (share.clamp(0.0, 1.0) * total).max(1.0);
    match table.ranks.iter().position(|&r| f64::from(r) >= target) {
        Some(i) => table.top - i as u16,
        None => table.bottom(),
    }
}

/// A factor in `lo..=hi` (per cent).
fn factor(rng: &mut Rng, lo: u64, hi: u64) -> f64 {
    rng.range(lo, hi) as f64 / 100.0
}

fn subjects(need: Need, system: System) -> &'static str {
    match (system, need) {
        (System::Traditional, _) => "",
        (System::ThreeThree, Need::PhysicsChemistry) => "物理和化学",
        (_, Need::PhysicsChemistry) => "物理+化学",
        (_, Need::Physics) => "物理",
        (_, Need::History) => "历史",
        _ => "不限",
    }
}

/// The 选科要求 of a group of majors: its strictest major's (物理+化学 over 物理 or 历史 over 不限),
/// since one requirement is printed for the whole group.
fn group_subjects(majors: &[&CatalogMajor], system: System) -> &'static str {
    let strictness = |need: Need| match need {
        Need::PhysicsChemistry => 2,
        Need::Physics | Need::History => 1,
        Need::Any => 0,
    };
    let need = majors.iter().map(|m| m.need).max_by_key(|&n| strictness(n)).unwrap_or(Need::Any);
    subjects(need, system)
}

/// Whether a major recruits in a track.
fn recruits_in(need: Need, track: Track) -> bool {
    match track {
        Track::Physics | Track::Science => need != Need::History,
        Track::History | Track::LiberalArts => matches!(need, Need::History | Need::Any),
        _ => true,
    }
}

fn degree(major: &CatalogMajor, level: Level) -> Option<String> {
    (level != Level::Vocational).then(|| format!("{}学士", major.category))
}

/// The majors a school offers, chosen from the catalogue by its kind.
pub fn pick_majors(card: &SchoolCard, count: usize, rng: &mut Rng) -> Vec<&'static CatalogMajor> {
    let catalogue =
        if card.level == Level::Vocational { catalog::VOCATIONAL } else { catalog::UNDERGRADUATE };
    let mut fitting: Vec<&CatalogMajor> = catalogue.iter().filter(|m| m.kinds.contains(&card.kind)).collect();
    let mut others: Vec<&CatalogMajor> = catalogue.iter().filter(|m| !m.kinds.contains(&card.kind)).collect();
    let mut chosen = Vec::new();
    while chosen.len() < count && !(fitting.is_empty() && others.is_empty()) {
        let pool = if fitting.is_empty() { &mut others } else { &mut fitting };
        let i = rng.range(0, pool.len() as u64 - 1) as usize;
        chosen.push(pool.remove(i));
    }
    // Catalogue order, so 门类 and 专业类 stay together.
    let position = |m: &CatalogMajor| catalogue.iter().position(|c| std::ptr::eq(c, m)).unwrap_or(0);
    chosen.sort_by_key(|m| position(m));
    chosen
}

/// 开设专业, grouped by 门类 and 专业类, with distinctions by the school's standing.
fn offered(card: &SchoolCard, majors: &[&CatalogMajor]) -> Vec<MajorCategory> {
    let has = |t: &str| card.tags.iter().any(|x| x == t);
    let mut distinguished: Vec<(usize, Distinction)> = Vec::new();
    if card.level == Level::Vocational {
        let n = if has("双高计划") {
            3
        } else if has("省级双高") {
            2
        } else {
            0
        };
        distinguished.extend((0..n).map(|i| (i, Distinction::HighLevelGroup)));
    } else if has("985") || has("211") || has("双一流") {
        distinguished.extend([
            (0, Distinction::FirstClassNational),
            (1, Distinction::FirstClassNational),
            (2, Distinction::NationalFeature),
        ]);
    } else if has("省属重点") || has("省部共建") {
        distinguished.extend([(0, Distinction::FirstClassNational), (1, Distinction::FirstClassProvincial)]);
    } else {
        distinguished.push((0, Distinction::FirstClassProvincial));
    }
    let mut categories: Vec<MajorCategory> = Vec::new();
    for (i, major) in majors.iter().enumerate() {
        let offered = OfferedMajor {
            name: major.name.into(),
            duration: Some(major.duration),
            degree: degree(major, card.level),
            distinctions: distinguished.iter().filter(|(j, _)| *j == i).map(|(_, d)| *d).collect(),
        };
        let category = match categories.iter_mut().find(|c| c.name == major.category) {
            Some(c) => c,
            None => {
                categories.push(MajorCategory { name: major.category.into(), classes: Vec::new() });
                categories.last_mut().expect("just pushed")
            }
        };
        match category.classes.iter_mut().find(|c| c.name == major.class) {
            Some(class) => class.majors.push(offered),
            None => category.classes.push(MajorClass { name: major.class.into(), majors: vec![offered] }),
        }
    }
    categories
}

/// One key's worth of majors: a group (or the whole track where there are no groups).
struct Key {
    batch: Batch,
    admission_type: AdmissionType,
    group: Option<String>,
    subjects: String,
    majors: Vec<&'static CatalogMajor>,
    /// Multiplies the school's share: below 1 is harder to get into.
    ease: f64,
    /// Which group this is across years, whatever its number: the same lineage in two years is
    /// the same group.
    lineage: String,
    /// For a group split out of another: that group's lineage (its lines before the split).
    parent: Option<String>,
}

/// Splits a track's majors into the keys of one year: 普通类 by group, plus 专项, 中外合作 and
/// 定向培养 where the school has them.
fn keys(
    traits: &SchoolTraits,
    province: &Province,
    year: u16,
    track: Track,
    majors: &[&'static CatalogMajor],
    first_tier: bool,
) -> Vec<Key> {
    let card = traits.card;
    let system = province.system(year);
    let main = province.main_batch(year, card.level, first_tier);
    let in_track: Vec<&'static CatalogMajor> =
        majors.iter().copied().filter(|m| recruits_in(m.need, track)).collect();
    let mut out: Vec<Key> = Vec::new();
    if province.uses_groups(year) {
        let mut needs: Vec<&str> = in_track.iter().map(|m| subjects(m.need, system)).collect();
        needs.dedup();
        let mut seen: Vec<&str> = Vec::new();
        for need in needs {
            if seen.contains(&need) {
                continue;
            }
            seen.push(need);
            let group_majors: Vec<_> =
                in_track.iter().copied().filter(|m| subjects(m.need, system) == need).collect();
            let ease = match need {
                "物理+化学" | "物理和化学" => 0.9,
                "不限" => 1.05,
                _ => 1.0,
            };
            out.push(Key {
                batch: main,
                admission_type: AdmissionType::General,
                group: None,
                subjects: need.into(),
                majors: group_majors,
                ease,
                lineage: need.into(),
                parent: None,
            });
        }
        regroup(&mut out, group_change(traits.card, province, year));
    } else if !in_track.is_empty() {
        out.push(Key {
            batch: main,
            admission_type: AdmissionType::General,
            group: None,
            subjects: String::new(),
            majors: in_track.clone(),
            ease: 1.0,
            lineage: "普通类".into(),
            parent: None,
        });
    }
    let home = province.name == card.province;
    let strong = strength(card) < 0.2;
    if card.level != Level::Vocational
        && strong
        && !home
        && in_track.len() >= 2
        && province.new_since.is_none_or(|y| y > 2021)
    {
        // 国家专项 in provinces that are still catching up.
        out.push(Key {
            batch: main,
            admission_type: AdmissionType::Special,
            group: None,
            subjects: group_subjects(&in_track[..2], system).into(),
            majors: in_track[..2].to_vec(),
            ease: 1.35,
            lineage: "专项".into(),
            parent: None,
        });
    }
    if card.level != Level::Vocational && card.id % 4 == 2 && home {
        if let Some(&first) = in_track.first() {
            out.push(Key {
                batch: main,
                admission_type: AdmissionType::SinoForeign,
                group: None,
                subjects: subjects(first.need, system).into(),
                majors: vec![first],
                ease: 1.7,
                lineage: "中外合作".into(),
                parent: None,
            });
        }
    }
    if traits.directed && matches!(track, Track::Physics | Track::Science | Track::Comprehensive) {
        let directed: Vec<_> = in_track.iter().copied().take(2).collect();
        if !directed.is_empty() {
            out.push(Key {
                batch: Batch::Early,
                admission_type: AdmissionType::Directed,
                group: None,
                subjects: group_subjects(&directed, system).into(),
                majors: directed,
                ease: 1.2,
                lineage: "定向".into(),
                parent: None,
            });
        }
    }
    // Group numbers run through the year's keys in order, as a province's catalogue prints them.
    if province.uses_groups(year) {
        let start = match track {
            Track::History => 11,
            _ => 1,
        };
        for (i, key) in out.iter_mut().enumerate() {
            key.group = Some(format!("第{:02}组", start + i));
        }
    }
    out
}

fn tuition(card: &SchoolCard, key: &Key, major: &CatalogMajor, rng: &mut Rng) -> (Option<u32>, String) {
    let private = card.nature == portal_model::Nature::Private;
    let arts = major.category == "艺术学" || major.category == "文化艺术大类";
    match key.admission_type {
        AdmissionType::Directed => (None, "定向培养军士，学费以入学当年物价部门核定为准".into()),
        AdmissionType::SinoForeign => {
            (Some(rng.range(38, 68) as u32 * 1000), "中外合作办学，学费较高，请谨慎填报".into())
        }
        AdmissionType::Special => (Some(rng.range(46, 60) as u32 * 100), "国家专项计划".into()),
        _ => {
            let yuan = match (card.level, private, arts) {
                (Level::Vocational, true, _) => rng.range(150, 220) * 100,
                (Level::Vocational, false, true) => rng.range(70, 90) * 100,
                (Level::Vocational, false, false) => rng.range(40, 60) * 100,
                (_, true, _) => rng.range(180, 280) * 100,
                (_, false, true) => rng.range(90, 120) * 100,
                (_, false, false) => rng.range(46, 65) * 100,
            };
            let remarks = if major.name.contains("英语") || major.name == "日语" {
                "只招英语语种考生"
            } else if major.name == "航海技术" {
                "男生，色觉正常"
            } else {
                ""
            };
            (Some(yuan as u32), remarks.into())
        }
    }
}

/// The tables the data set reads its ranks from, built on first use.
#[derive(Default)]
pub struct Tables(pub BTreeMap<(String, Track, u16), ScoreTable>);

impl Tables {
    fn get(&mut self, province: &Province, track: Track, year: u16) -> &ScoreTable {
        self.0
            .entry((province.name.to_string(), track, year))
            .or_insert_with(|| score_table(province, track, year))
    }
}

/// A score with one decimal, from tenths.
fn tenths(value: u32) -> f32 {
    value as f32 / 10.0
}

/// Generates one school's admission data.
pub fn school(traits: &SchoolTraits, tables: &mut Tables, rng: &mut Rng) -> SchoolAdmissions {
    let card = traits.card;
    let majors = pick_majors(card, traits.major_count, rng);
    let base = strength(card);
    let first_tier = base < 0.2;
    let mut out = SchoolAdmissions {
        school_id: card.id,
        provinces: traits.provinces.iter().map(|p| p.name.to_string()).collect(),
        majors: offered(card, &majors),
        ..SchoolAdmissions::default()
    };
    let mut history: Vec<KeyRecord> = Vec::new();
    for (pi, province) in traits.provinces.iter().enumerate() {
        let home = province.name == card.province;
        let newly = traits.new_province && pi + 1 == traits.provinces.len();
        let school_factor = factor(rng, 90, 110) * if home { 1.0 } else { 0.85 };
        for year in YEARS.rev() {
            if newly && year != LATEST_YEAR {
                continue;
            }
            let ranks_missing = traits.missing_ranks && pi == 2 && year == *YEARS.start();
            for &track in province.tracks(year) {
                let table = tables.get(province, track, year).clone();
                for key in keys(traits, province, year, track, &majors, first_tier) {
                    history.push(KeyRecord {
                        province: province.name,
                        track,
                        year,
                        group: key.group.clone(),
                        lineage: key.lineage.clone(),
                        parent: key.parent.clone(),
                        batch: key.batch,
                        admission_type: key.admission_type,
                        subjects: key.subjects.clone(),
                    });
                    let control_batch = match key.batch {
                        Batch::Early => province.main_batch(year, card.level, false),
                        b => b,
                    };
                    let control = score_at_share(&table, control_share(province, year, control_batch));
                    let share = (base * school_factor * factor(rng, 93, 107) * key.ease).min(0.97);
                    let floor = control.saturating_add(2 + rng.range(0, 4) as u16).min(table.top);
                    let lowest = score_at_share(&table, share).max(floor);
                    let rank_of = |s: u16| if ranks_missing { None } else { table.rank_of(s) };
                    let known_average = year > *YEARS.start();
                    let mut major_lines = Vec::new();
                    for (i, major) in key.majors.iter().enumerate() {
                        // A 院校专业组 has one 选科要求 for all its majors, as its plan prints it.
                        let major_subjects: String = match &key.group {
                            Some(_) => key.subjects.clone(),
                            None => subjects(major.need, province.system(year)).into(),
                        };
                        let margin = if i == 0 {
                            0
                        } else {
                            rng.range(0, 18) as u16 + if major.popular { 8 } else { 0 }
                        };
                        let m_lowest = lowest.saturating_add(margin).min(table.top);
                        let m_highest = m_lowest.saturating_add(rng.range(2, 24) as u16).min(table.top);
                        let spread = u32::from(m_highest - m_lowest) * 10;
                        let m_average = u32::from(m_lowest) * 10 + spread * rng.range(25, 45) as u32 / 100;
                        major_lines.push(MajorScoreLine {
                            year,
                            province: province.name.into(),
                            track,
                            batch: key.batch,
                            admission_type: key.admission_type,
                            group: key.group.clone(),
                            major: major.name.into(),
                            major_class: major.class.into(),
                            subjects: major_subjects.clone(),
                            lowest: m_lowest,
                            lowest_rank: rank_of(m_lowest),
                            average: known_average.then(|| tenths(m_average)),
                            highest: Some(m_highest),
                            source: None,
                            rank_source: None,
                        });
                        let (tuition, remarks) = tuition(card, &key, major, rng);
                        let places = match (home, key.admission_type) {
                            (
                                _,
                                AdmissionType::Special | AdmissionType::SinoForeign | AdmissionType::Directed,
                            ) => rng.range(1, 6),
                            (true, _) => rng.range(15, 70),
                            (false, _) => rng.range(2, 12),
                        } as u32;
                        out.plans.push(PlanRow {
                            year,
                            province: province.name.into(),
                            track,
                            batch: key.batch,
                            admission_type: key.admission_type,
                            group: key.group.clone(),
                            major: major.name.into(),
                            major_class: major.class.into(),
                            places,
                            duration: Some(major.duration),
                            tuition,
                            subjects: major_subjects,
                            remarks: if newly { format!("{year}年新增招生省份") } else { remarks },
                            source: None,
                        });
                    }
                    if newly {
                        continue;
                    }
                    let highest = major_lines.iter().filter_map(|m| m.highest).max();
                    let averages: Vec<f32> = major_lines.iter().filter_map(|m| m.average).collect();
                    let average = (!averages.is_empty()).then(|| {
                        let sum: f32 = averages.iter().sum();
                        (sum * 10.0 / averages.len() as f32).round() / 10.0
                    });
                    out.lines.push(ScoreLine {
                        year,
                        province: province.name.into(),
                        track,
                        batch: key.batch,
                        admission_type: key.admission_type,
                        group: key.group.clone(),
                        subjects: key.subjects.clone(),
                        lowest,
                        lowest_rank: rank_of(lowest),
                        average,
                        // Some schools did not publish their top score in the oldest year.
                        highest: if known_average || !card.id.is_multiple_of(3) { highest } else { None },
                        control_line: Some(control),
                        source: None,
                        rank_source: None,
                        control_source: None,
                    });
                    out.major_lines.extend(major_lines);
                }
            }
        }
    }
    out.groups = plan_groups(card, &out, &history);
    out
}

/// A key of one year, as remembered for the group index.
struct KeyRecord {
    province: &'static str,
    track: Track,
    year: u16,
    group: Option<String>,
    lineage: String,
    parent: Option<String>,
    batch: Batch,
    admission_type: AdmissionType,
    subjects: String,
}

/// How a school's groups change in a year, so pages have 专业组有调整 to show: from the year
/// after a province's first year of groups (2024 in 福建, 2025 in 江西), every fifth school
/// splits its largest group and another fifth renumbers its last two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Regrouping {
    Same,
    Split,
    Renumber,
}

fn group_change(card: &SchoolCard, province: &Province, year: u16) -> Regrouping {
    let from = province.new_since.map_or(u16::MAX, |since| (since + 1).max(2024));
    match card.id % 5 {
        _ if year < from => Regrouping::Same,
        2 => Regrouping::Split,
        4 => Regrouping::Renumber,
        _ => Regrouping::Same,
    }
}

/// Applies a regrouping to the year's 普通类 groups (numbers follow their order).
fn regroup(keys: &mut Vec<Key>, how: Regrouping) {
    match how {
        Regrouping::Split => {
            let largest = (0..keys.len())
                .filter(|&i| keys[i].majors.len() >= 4)
                .max_by_key(|&i| (keys[i].majors.len(), std::cmp::Reverse(i)));
            let Some(i) = largest else { return };
            let n = keys[i].majors.len();
            let moved = keys[i].majors.split_off(n - n / 2);
            let old = &keys[i];
            let split = Key {
                batch: old.batch,
                admission_type: old.admission_type,
                group: None,
                subjects: old.subjects.clone(),
                majors: moved,
                ease: old.ease * 0.92,
                lineage: format!("{}·2", old.lineage),
                parent: Some(old.lineage.clone()),
            };
            keys.push(split);
        }
        Regrouping::Renumber if keys.len() >= 2 => {
            let n = keys.len();
            keys.swap(n - 2, n - 1);
        }
        _ => {}
    }
}

/// 院校代码 of a school in a province's catalogue: 1xxx for the province's own schools, 5xxx
/// for the others (four digits, as 福建 and 江西 print them).
pub fn school_code(card: &SchoolCard, province: &str) -> String {
    let base = if card.province == province { 1000 } else { 5000 };
    (base + card.id).to_string()
}

/// The groups of the newest plan, with each group's lines and its majors' lines back through
/// the years (through the group it was split from, or its old number).
fn plan_groups(card: &SchoolCard, data: &SchoolAdmissions, history: &[KeyRecord]) -> Vec<SchoolGroups> {
    let mut out = Vec::new();
    for province in data.provinces.iter().filter_map(|p| Province::find(p)) {
        if !province.uses_groups(LATEST_YEAR) {
            continue;
        }
        for &track in province.tracks(LATEST_YEAR) {
            let mut groups: Vec<Group> = history
                .iter()
                .filter(|r| (r.province, r.track, r.year) == (province.name, track, LATEST_YEAR))
                .filter(|r| r.batch != Batch::Early)
                .filter(|r| matches!(r.admission_type, AdmissionType::General | AdmissionType::SinoForeign))
                .filter_map(|r| plan_group(card.id, data, history, r))
                .collect();
            if groups.is_empty() {
                continue;
            }
            groups.sort_by(|a, b| a.code.cmp(&b.code));
            out.push(SchoolGroups {
                province: province.name.into(),
                track,
                code: school_code(card, province.name),
                plan_year: LATEST_YEAR,
                groups,
            });
        }
    }
    out
}

fn plan_group(
    id: SchoolId,
    data: &SchoolAdmissions,
    history: &[KeyRecord],
    key: &KeyRecord,
) -> Option<Group> {
    let label = key.group.as_deref()?;
    let find = |year: u16, lineage: &str| {
        history.iter().find(|r| {
            (r.province, r.track, r.year) == (key.province, key.track, year) && r.lineage == lineage
        })
    };
    // The group's number in each year: its own, or the group it was split from before it was.
    let mut numbers: Vec<(u16, &str, bool)> = Vec::new();
    for year in YEARS {
        let own = find(year, &key.lineage).map(|r| (r, false));
        let found = own.or_else(|| key.parent.as_deref().and_then(|p| find(year, p)).map(|r| (r, true)));
        if let Some((r, inherited)) = found {
            if let Some(number) = r.group.as_deref() {
                numbers.push((year, number, inherited));
            }
        }
    }
    let same = |province: &str, track: Track, group: &Option<String>, number: &str| {
        (province, track) == (key.province, key.track) && group.as_deref() == Some(number)
    };
    let lines: Vec<YearLowest> = numbers
        .iter()
        .filter_map(|&(year, number, _)| {
            let l =
                data.lines.iter().find(|l| l.year == year && same(&l.province, l.track, &l.group, number))?;
            Some(YearLowest { year, score: l.lowest, rank: l.lowest_rank })
        })
        .collect();
    let majors = data
        .plans
        .iter()
        .filter(|p| p.year == LATEST_YEAR && same(&p.province, p.track, &p.group, label))
        .enumerate()
        .map(|(i, p)| GroupMajor {
            code: format!("{:02}", i + 1),
            name: p.major.clone(),
            places: p.places,
            tuition: p.tuition,
            lines: numbers
                .iter()
                .filter_map(|&(year, number, _)| {
                    let m = data.major_lines.iter().find(|m| {
                        m.year == year && m.major == p.major && same(&m.province, m.track, &m.group, number)
                    })?;
                    Some(YearLowest { year, score: m.lowest, rank: m.lowest_rank })
                })
                .collect(),
        })
        .collect();
    let years: Vec<YearNumber> = numbers
        .iter()
        .map(|&(year, number, inherited)| YearNumber { year, code: group_code(number), inherited })
        .collect();
    let change = dataset::group_change(&years);
    Some(Group {
        school: id,
        code: group_code(label).into(),
        batch: key.batch,
        admission_type: key.admission_type,
        subjects: Requirement::new(&key.subjects),
        majors,
        lines,
        change,
    })
}

/// Where the curated schools' extra provinces are drawn from (the demo set's 招生数据).
pub const DEMO_PROVINCES: &[&str] = &[
    "广东", "浙江", "江苏", "湖南", "河南", "四川", "山东", "北京", "上海", "湖北", "安徽", "新疆", "重庆",
    "河北", "广西", "江西", "云南", "甘肃",
];

/// The provinces a school recruits in: 福建, its own, then `extra` more from a varied list
/// (old and new systems, with and without groups).
pub fn provinces_for(
    card: &SchoolCard,
    extra: usize,
    pool: &[&str],
    rng: &mut Rng,
) -> Vec<&'static Province> {
    let mut out: Vec<&'static Province> = Vec::new();
    for name in ["福建", card.province.as_str()] {
        if let Some(p) = Province::find(name) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    let want = out.len() + extra + usize::from(out.len() == 1);
    while out.len() < want {
        let name = pool[rng.range(0, pool.len() as u64 - 1) as usize];
        let p = Province::find(name).expect("pool names are provinces");
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}
