//! The 院校专业组 index of one province and track (`GET /groups/index`, fixture
//! `data/groups/{province}/{track}.json`): every group of the newest plan with its official
//! codes, 选科要求, majors (计划数, 学费, lines) and its lowest score and rank per year, the
//! schools they belong to, and the 一分一段表 of every year. 位次查询 at group level, the 志愿表's
//! checks and 投档回放 all read it.
//!
//! It is fetched by phones, so it is compact: lines are `[year, score, rank]` arrays, schools
//! are listed once and groups point at them by id.

use super::subjects::{Requirement, SubjectRule};
use crate::admissions::{AdmissionType, Batch, ScoreTable, Track, YearLowest};
use crate::sources::SourceId;
use crate::types::{Kind, Level, Nature, SchoolId};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::OnceLock;

/// A school as the group index lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupSchool {
    pub id: SchoolId,
    pub name: String,
    /// 院校代码 in this province's catalogue.
    pub code: String,
    pub level: Level,
    pub kind: Kind,
    pub nature: Nature,
    /// Where the school is (所在省份), not the province it recruits in.
    #[serde(default)]
    pub province: String,
}

/// One major of a group in the plan year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupMajor {
    /// 专业代码 within the group.
    pub code: String,
    pub name: String,
    /// 计划数.
    pub places: u32,
    /// 学费, 元 per year; `None` where not published.
    #[serde(default)]
    pub tuition: Option<u32>,
    /// The major's lowest score and rank per year in this group (or its predecessor), oldest
    /// first.
    #[serde(default, with = "lines")]
    pub lines: Vec<YearLowest>,
}

/// How a group differs from the group whose lines it carries for earlier years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The same majors under another code before `year`.
    Renamed,
    /// Cut out of a larger group in `year`: earlier lines are that group's, other majors
    /// included.
    Split,
    #[serde(other)]
    Other,
}

/// 专业组有调整: the group's code or majors changed in `year`; lines before it are those of
/// group `from`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupChange {
    pub year: u16,
    pub kind: ChangeKind,
    /// The 专业组代码 before `year`.
    pub from: String,
}

impl GroupChange {
    /// One sentence for the page.
    pub fn message(&self, code: &str) -> String {
        let (year, from) = (self.year, group_label(&self.from));
        match self.kind {
            ChangeKind::Renamed => {
                format!("专业组有调整：{year}年起由{from}改为{}，此前的分数线为{from}的", group_label(code))
            }
            ChangeKind::Split | ChangeKind::Other => format!(
                "专业组有调整：{year}年由{from}拆分而来，此前的分数线为原{from}（含其他专业）的，仅供参考"
            ),
        }
    }
}

/// A 院校专业组 of the plan year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub school: SchoolId,
    /// 专业组代码, e.g. `01` (shown as 第01组, the `group` of score lines and plans).
    pub code: String,
    pub batch: Batch,
    #[serde(default)]
    pub admission_type: AdmissionType,
    /// 选科要求, read once when decoded.
    pub subjects: Requirement,
    /// In the plan's order.
    #[serde(default)]
    pub majors: Vec<GroupMajor>,
    /// Lowest score and rank per year, oldest first (a year the group did not recruit is
    /// missing).
    #[serde(default, with = "lines")]
    pub lines: Vec<YearLowest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<GroupChange>,
}

impl Group {
    pub fn key(&self) -> GroupKey {
        GroupKey { school: self.school, code: self.code.clone() }
    }
    /// 第01组.
    pub fn label(&self) -> String {
        group_label(&self.code)
    }
    pub fn line(&self, year: u16) -> Option<&YearLowest> {
        self.lines.iter().find(|l| l.year == year)
    }
    pub fn major(&self, code: &str) -> Option<&GroupMajor> {
        self.majors.iter().find(|m| m.code == code)
    }
    /// 计划数 of the whole group.
    pub fn places(&self) -> u32 {
        self.majors.iter().map(|m| m.places).sum()
    }
}

/// Which group: a school and its 专业组代码.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GroupKey {
    pub school: SchoolId,
    pub code: String,
}

/// `GET /groups/index?province=&track=`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupIndex {
    pub province: String,
    pub track: Track,
    /// Years with lines, oldest first.
    #[serde(default)]
    pub years: Vec<u16>,
    /// The year of the plan the groups and majors are from (the newest).
    pub plan_year: u16,
    /// 一分一段表 of each year with lines, oldest first.
    #[serde(default)]
    pub tables: Vec<ScoreTable>,
    /// By id.
    #[serde(default)]
    pub schools: Vec<GroupSchool>,
    /// By school id, then code.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// The documents its plans, lines and tables came from (`GET /sources`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
    /// Some ranks were derived from the 一分一段表 (the office published none).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived_ranks: bool,
    /// What band queries read of each group, built on the first one (not part of the data).
    #[serde(skip)]
    pub summaries: Summaries,
}

/// How many ranked lines, newest first, a [`Summary`] keeps.
pub const SUMMARY_YEARS: usize = 6;

/// What 冲/稳/保 read of a group, in one small record: its school, its 选科要求 and its newest
/// ranks. A band query over thousands of groups reads these side by side instead of each
/// group's scattered allocations (on the 3,000-school set that made its time depend on where
/// the allocator happened to put the lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    pub school: SchoolId,
    pub rule: Option<SubjectRule>,
    /// `(year, rank)` of the newest lines with a rank, newest first; the first `len` are used.
    pub ranks: [(u16, u32); SUMMARY_YEARS],
    pub len: u8,
    /// Whether older ranked lines exist beyond `ranks`.
    pub more: bool,
}

impl Summary {
    pub fn of(group: &Group) -> Summary {
        let mut ranked = group.lines.iter().rev().filter_map(|l| Some((l.year, l.rank?)));
        let mut ranks = [(0, 0); SUMMARY_YEARS];
        let mut len = 0;
        for slot in ranks.iter_mut() {
            match ranked.next() {
                Some(r) => {
                    *slot = r;
                    len += 1;
                }
                None => break,
            }
        }
        Summary { school: group.school, rule: group.subjects.rule, ranks, len, more: ranked.next().is_some() }
    }

    /// The ranks kept, newest first.
    pub fn ranks(&self) -> &[(u16, u32)] {
        &self.ranks[..usize::from(self.len)]
    }
}

/// The summaries of an index's groups, built once on first use and kept with it. A cache, so
/// it is no part of the index's value (equal indexes compare equal whatever it holds). An index
/// is data: fill it before its first band query (a change of its groups' number or ends after
/// that is noticed and answered without the cache; edits inside a group are not).
#[derive(Clone, Debug, Default)]
pub struct Summaries(OnceLock<Vec<Summary>>);

impl PartialEq for Summaries {
    fn eq(&self, _: &Summaries) -> bool {
        true
    }
}

impl GroupIndex {
    /// One summary per group, in the order of `groups`.
    pub fn summaries(&self) -> Cow<'_, [Summary]> {
        let built = self.summaries.0.get_or_init(|| self.groups.iter().map(Summary::of).collect());
        let ends = |s: Option<&Summary>, g: Option<&Group>| s.map(|s| s.school) == g.map(|g| g.school);
        let still = built.len() == self.groups.len()
            && ends(built.first(), self.groups.first())
            && ends(built.last(), self.groups.last());
        if still {
            Cow::Borrowed(built)
        } else {
            Cow::Owned(self.groups.iter().map(Summary::of).collect())
        }
    }
}

impl GroupIndex {
    /// An index without groups (a province or track without data).
    pub fn empty(province: &str, track: Track) -> GroupIndex {
        GroupIndex {
            province: province.into(),
            track,
            years: Vec::new(),
            plan_year: 0,
            tables: Vec::new(),
            schools: Vec::new(),
            groups: Vec::new(),
            sources: Vec::new(),
            derived_ranks: false,
            summaries: Summaries::default(),
        }
    }

    pub fn school(&self, id: SchoolId) -> Option<&GroupSchool> {
        match self.schools.binary_search_by_key(&id, |s| s.id) {
            Ok(i) => self.schools.get(i),
            // Data in another order still answers, slowly.
            Err(_) => self.schools.iter().find(|s| s.id == id),
        }
    }

    /// The group's position in `groups`.
    pub fn position(&self, school: SchoolId, code: &str) -> Option<usize> {
        match self.groups.binary_search_by(|g| (g.school, g.code.as_str()).cmp(&(school, code))) {
            Ok(i) => Some(i),
            Err(_) => self.groups.iter().position(|g| g.school == school && g.code == code),
        }
    }

    pub fn group(&self, school: SchoolId, code: &str) -> Option<&Group> {
        self.position(school, code).map(|i| &self.groups[i])
    }

    /// The 一分一段表 of `year`.
    pub fn table(&self, year: u16) -> Option<&ScoreTable> {
        self.tables.iter().find(|t| t.year == year)
    }

    /// The newest year with lines (the plan year when there are none).
    pub fn newest_year(&self) -> u16 {
        self.years.last().copied().unwrap_or(self.plan_year)
    }
}

/// 第01组 from `01`.
pub fn group_label(code: &str) -> String {
    format!("第{code}组")
}

/// `01` from 第01组 (the `group` of score lines and plans); any other text as it is.
pub fn group_code(label: &str) -> &str {
    label.strip_prefix('第').and_then(|s| s.strip_suffix('组')).unwrap_or(label)
}

/// Lines as `[year, score, rank]` arrays (`rank` is `null` where unpublished).
pub(crate) mod lines {
    use crate::admissions::YearLowest;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(lines: &[YearLowest], s: S) -> Result<S::Ok, S::Error> {
        let tuples: Vec<(u16, u16, Option<u32>)> = lines.iter().map(|l| (l.year, l.score, l.rank)).collect();
        tuples.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<YearLowest>, D::Error> {
        let tuples = Vec::<(u16, u16, Option<u32>)>::deserialize(d)?;
        Ok(tuples.into_iter().map(|(year, score, rank)| YearLowest { year, score, rank }).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> GroupIndex {
        serde_json::from_str(
            r#"{"province":"福建","track":"physics","years":[2024,2025],"plan_year":2025,
            "tables":[{"year":2025,"top":700,"ranks":[10,100,1000]}],
            "schools":[{"id":3,"name":"甲大学","code":"4103","level":"undergraduate","kind":"engineering","nature":"public","province":"福建"}],
            "groups":[{"school":3,"code":"02","batch":"undergraduate","subjects":"物理+化学",
              "majors":[{"code":"01","name":"软件工程","places":40,"tuition":5800,"lines":[[2025,600,12000]]}],
              "lines":[[2024,590,13000],[2025,598,12500]],"change":{"year":2025,"kind":"split","from":"01"}},
              {"school":3,"code":"05","batch":"undergraduate","subjects":"不限","lines":[[2025,550,null]]}]}"#,
        )
        .expect("sample index")
    }

    #[test]
    fn decodes_the_compact_file_and_finds_groups() {
        let index = sample();
        let group = index.group(3, "02").expect("group");
        assert_eq!(group.label(), "第02组");
        assert_eq!(group.line(2024), Some(&YearLowest { year: 2024, score: 590, rank: Some(13000) }));
        assert_eq!(group.places(), 40);
        assert_eq!(group.admission_type, AdmissionType::General);
        assert_eq!(index.group(3, "05").and_then(|g| g.line(2025)).and_then(|l| l.rank), None);
        assert!(index.group(3, "09").is_none() && index.group(4, "02").is_none());
        assert_eq!(index.school(3).map(|s| s.code.as_str()), Some("4103"));
        assert_eq!(index.newest_year(), 2025);
        let json = serde_json::to_string(&index).expect("json");
        assert!(json.contains(r#""lines":[[2024,590,13000],[2025,598,12500]]"#), "{json}");
        assert!(json.contains(r#""subjects":"物理+化学""#));
        assert_eq!(serde_json::from_str::<GroupIndex>(&json).expect("again"), index);
    }

    #[test]
    fn summaries_keep_the_newest_ranks_and_follow_changes() {
        let mut index = sample();
        let first = index.summaries().into_owned();
        assert_eq!(first[0].ranks(), &[(2025, 12500), (2024, 13000)]);
        assert_eq!((first[0].more, first[1].len), (false, 0), "a line without a rank is not kept");
        assert!(first[0].rule.is_some());
        assert!(matches!(index.summaries(), Cow::Borrowed(_)), "built once, then kept");
        index.groups.pop();
        assert_eq!(index.summaries().len(), 1, "a changed index is not answered from the cache");
        let json = serde_json::to_string(&index).expect("json");
        assert!(!json.contains("summaries"));
        let many = Group {
            lines: (2015..=2025)
                .map(|year| YearLowest { year, score: 500, rank: Some(u32::from(year)) })
                .collect(),
            ..index.groups[0].clone()
        };
        let summary = Summary::of(&many);
        assert_eq!(
            (summary.len as usize, summary.more, summary.ranks()[0]),
            (SUMMARY_YEARS, true, (2025, 2025))
        );
    }

    #[test]
    fn changes_say_what_happened() {
        let split = GroupChange { year: 2024, kind: ChangeKind::Split, from: "01".into() };
        assert_eq!(
            split.message("04"),
            "专业组有调整：2024年由第01组拆分而来，此前的分数线为原第01组（含其他专业）的，仅供参考"
        );
        let renamed = GroupChange { year: 2024, kind: ChangeKind::Renamed, from: "03".into() };
        assert_eq!(renamed.message("02"), "专业组有调整：2024年起由第03组改为第02组，此前的分数线为第03组的");
        assert_eq!(group_code("第07组"), "07");
        assert_eq!(group_code("07"), "07");
    }
}
