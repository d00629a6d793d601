//! 招生数据: school and major score lines, admission plans, majors offered, and the facts about
//! provinces they hang on (which 高考 system, which tracks, which batches). The JSON shapes of
//! the admission endpoints and files live here, with their Chinese labels and the filters the
//! fixtures source and the server both apply (see `docs/api.md`).
//!
//! Decoding follows `types.rs`: unknown enum codes become `other`, missing optional numbers
//! become `None` (shown as 暂无数据), missing lists become empty.

use crate::coded::coded_enum;
use crate::sources::SourceId;
use crate::types::{Level, Page, SchoolCard, SchoolId};
use serde::{Deserialize, Serialize};

/// The earliest and latest 高考 year a query may name.
pub const YEAR_MIN: u16 = 2000;
pub const YEAR_MAX: u16 = 2099;
/// The highest total score of any province's 高考 (海南 is scored out of 900).
pub const SCORE_MAX: u16 = 900;
/// More candidates than any province has sat in one year.
pub const RANK_MAX: u32 = 2_000_000;
/// Rows per page of major score lines and of plans from the API.
pub const MAJOR_LINES_PER_PAGE: u32 = 50;
pub const PLANS_PER_PAGE: u32 = 50;

coded_enum! {
    /// 科类: the stream a candidate is ranked in.
    Track {
        /// 物理类 (3+1+2 provinces).
        Physics = "physics", "物理类";
        /// 历史类 (3+1+2 provinces).
        History = "history", "历史类";
        /// 理科 (文理分科, the old system).
        Science = "science", "理科";
        /// 文科 (文理分科).
        LiberalArts = "liberal_arts", "文科";
        /// 综合 (3+3 provinces: one ranking for everyone).
        Comprehensive = "comprehensive", "综合";
    } other = "其他"
}

coded_enum! {
    /// 批次.
    Batch {
        /// 提前批 (军校, 公安, 定向培养 …).
        Early = "early", "提前批";
        /// 本科批 (new-system provinces).
        Undergraduate = "undergraduate", "本科批";
        /// 本科一批 (old system).
        UndergraduateFirst = "undergraduate_first", "本科一批";
        /// 本科二批 (old system).
        UndergraduateSecond = "undergraduate_second", "本科二批";
        /// 专科批 (高职专科).
        Vocational = "vocational", "专科批";
    } other = "其他批次"
}

coded_enum! {
    /// 招生类型.
    AdmissionType {
        General = "general", "普通类";
        /// 国家专项 / 地方专项 / 高校专项.
        Special = "special", "专项计划";
        /// 中外合作办学.
        SinoForeign = "sino_foreign", "中外合作";
        /// 定向培养 (e.g. 定向培养军士).
        Directed = "directed", "定向培养";
    } other = "其他类型"
}

coded_enum! {
    /// A distinction of a major.
    Distinction {
        /// 国家级一流本科专业建设点.
        FirstClassNational = "first_class_national", "国家级一流本科专业建设点";
        /// 省级一流本科专业建设点.
        FirstClassProvincial = "first_class_provincial", "省级一流本科专业建设点";
        /// 国家级特色专业.
        NationalFeature = "national_feature", "国家级特色专业";
        /// 高水平专业群 (双高计划, vocational).
        HighLevelGroup = "high_level_group", "高水平专业群";
    } other = "其他"
}

coded_enum! {
    /// 高考模式.
    System {
        /// 文理分科.
        Traditional = "traditional", "文理分科";
        /// 3+1+2: 物理类 / 历史类, volunteering by 院校专业组.
        ThreeOneTwo = "three_one_two", "3+1+2";
        /// 3+3: one ranking, 综合.
        ThreeThree = "three_three", "3+3";
    } other = "其他"
}

// The enum comes from `coded_enum!`, which has no place for `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for AdmissionType {
    fn default() -> Self {
        AdmissionType::General
    }
}

impl System {
    /// The tracks candidates are ranked in under this system.
    pub fn tracks(self) -> &'static [Track] {
        match self {
            System::Traditional => &[Track::Science, Track::LiberalArts],
            System::ThreeOneTwo => &[Track::Physics, Track::History],
            System::ThreeThree | System::Other => &[Track::Comprehensive],
        }
    }
}

/// A mainland province (省级行政区) as admission data knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Province {
    /// The short name schools and data use: 福建, 内蒙古.
    pub name: &'static str,
    /// ASCII key for file names and URLs: `fujian`, `shaanxi` (陕西) vs `shanxi` (山西).
    pub key: &'static str,
    /// The first 高考 year under the new system; `None` while it still splits 文理.
    pub new_since: Option<u16>,
    /// 3+3 rather than 3+1+2.
    pub three_three: bool,
    /// Volunteering by 院校专业组 (every 3+1+2 province, and 北京, 天津, 上海, 海南).
    pub groups: bool,
}

const fn p312(name: &'static str, key: &'static str, since: u16) -> Province {
    Province { name, key, new_since: Some(since), three_three: false, groups: true }
}
const fn p33(name: &'static str, key: &'static str, since: u16, groups: bool) -> Province {
    Province { name, key, new_since: Some(since), three_three: true, groups }
}
const fn old(name: &'static str, key: &'static str) -> Province {
    Province { name, key, new_since: None, three_three: false, groups: false }
}

/// The 31 mainland provinces, in the order of the national statistics code (北京 first).
pub const PROVINCES: [Province; 31] = [
    p33("北京", "beijing", 2020, true),
    p33("天津", "tianjin", 2020, true),
    p312("河北", "hebei", 2021),
    p312("山西", "shanxi", 2025),
    p312("内蒙古", "neimenggu", 2025),
    p312("辽宁", "liaoning", 2021),
    p312("吉林", "jilin", 2024),
    p312("黑龙江", "heilongjiang", 2024),
    p33("上海", "shanghai", 2017, true),
    p312("江苏", "jiangsu", 2021),
    p33("浙江", "zhejiang", 2017, false),
    p312("安徽", "anhui", 2024),
    p312("福建", "fujian", 2021),
    p312("江西", "jiangxi", 2024),
    p33("山东", "shandong", 2020, false),
    p312("河南", "henan", 2025),
    p312("湖北", "hubei", 2021),
    p312("湖南", "hunan", 2021),
    p312("广东", "guangdong", 2021),
    p312("广西", "guangxi", 2024),
    p33("海南", "hainan", 2020, true),
    p312("重庆", "chongqing", 2021),
    p312("四川", "sichuan", 2025),
    p312("贵州", "guizhou", 2024),
    p312("云南", "yunnan", 2025),
    old("西藏", "xizang"),
    p312("陕西", "shaanxi", 2025),
    p312("甘肃", "gansu", 2024),
    p312("青海", "qinghai", 2025),
    p312("宁夏", "ningxia", 2025),
    old("新疆", "xinjiang"),
];

impl Province {
    /// By short name (福建) or key (fujian).
    pub fn find(name_or_key: &str) -> Option<&'static Province> {
        PROVINCES.iter().find(|p| p.name == name_or_key || p.key == name_or_key)
    }
    pub fn system(&self, year: u16) -> System {
        match self.new_since {
            Some(since) if year >= since && self.three_three => System::ThreeThree,
            Some(since) if year >= since => System::ThreeOneTwo,
            _ => System::Traditional,
        }
    }
    pub fn tracks(&self, year: u16) -> &'static [Track] {
        self.system(year).tracks()
    }
    /// Whether admissions that year go by 院校专业组.
    pub fn uses_groups(&self, year: u16) -> bool {
        self.groups && self.system(year) != System::Traditional
    }
    /// The batch a school of this level is admitted in (besides 提前批): 本科批 under the new
    /// systems; 本科一批 for `first_tier` schools and 本科二批 for others under 文理分科.
    pub fn main_batch(&self, year: u16, level: Level, first_tier: bool) -> Batch {
        match (level, self.system(year)) {
            (Level::Vocational, _) => Batch::Vocational,
            (_, System::Traditional) if first_tier => Batch::UndergraduateFirst,
            (_, System::Traditional) => Batch::UndergraduateSecond,
            _ => Batch::Undergraduate,
        }
    }
}

impl Province {
    /// The highest total score of its 高考: 上海 660, 海南 900 (标准分), 750 elsewhere.
    pub fn max_score(&self) -> u16 {
        match self.key {
            "shanghai" => 660,
            "hainan" => 900,
            _ => 750,
        }
    }

    /// The batch whose 省控线 a line of `batch` is shown against: its own, except 提前批, which
    /// has none of its own and is shown against its level's main batch (本科批, 本科二批 under
    /// 文理分科, 专科批).
    pub fn control_batch(&self, year: u16, batch: Batch, level: Level) -> Batch {
        match batch {
            Batch::Early => self.main_batch(year, level, false),
            other => other,
        }
    }
}

/// The key of a province name for file names, or `None` for a name that is not a province.
pub fn province_key(name: &str) -> Option<&'static str> {
    Province::find(name).map(|p| p.key)
}

/// 院校分数线: a school's line for one province × year × track × batch × type × group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreLine {
    pub year: u16,
    pub province: String,
    pub track: Track,
    pub batch: Batch,
    #[serde(default)]
    pub admission_type: AdmissionType,
    /// 院校专业组, e.g. 第01组; `None` where the province does not group majors.
    #[serde(default)]
    pub group: Option<String>,
    /// The group's 选科要求 (物理+化学, 不限 …); empty under 文理分科.
    #[serde(default)]
    pub subjects: String,
    /// 最低分.
    pub lowest: u16,
    /// 最低位次; `None` where the province published no rank that year.
    #[serde(default)]
    pub lowest_rank: Option<u32>,
    /// 平均分, where known.
    #[serde(default)]
    pub average: Option<f32>,
    /// 最高分, where known.
    #[serde(default)]
    pub highest: Option<u16>,
    /// 省控线 of the batch (提前批 uses its level's line).
    #[serde(default)]
    pub control_line: Option<u16>,
    /// The document the line was published in (`GET /sources`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
    /// Set when the office published no rank and `lowest_rank` was derived from this
    /// 一分一段表 (the rank of `lowest` in it): the page marks it 推算.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_source: Option<SourceId>,
    /// The document of `control_line` (the 批次线).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_source: Option<SourceId>,
}

/// 专业分数线: one major's line under the same keys as [`ScoreLine`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MajorScoreLine {
    pub year: u16,
    pub province: String,
    pub track: Track,
    pub batch: Batch,
    #[serde(default)]
    pub admission_type: AdmissionType,
    #[serde(default)]
    pub group: Option<String>,
    pub major: String,
    /// 专业类, e.g. 计算机类.
    #[serde(default)]
    pub major_class: String,
    /// 选科要求; empty under 文理分科.
    #[serde(default)]
    pub subjects: String,
    pub lowest: u16,
    #[serde(default)]
    pub lowest_rank: Option<u32>,
    #[serde(default)]
    pub average: Option<f32>,
    #[serde(default)]
    pub highest: Option<u16>,
    /// The document the line was published in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
    /// As [`ScoreLine::rank_source`]: the 一分一段表 a derived rank was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_source: Option<SourceId>,
}

/// 招生计划: places for one major under one key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanRow {
    pub year: u16,
    pub province: String,
    pub track: Track,
    pub batch: Batch,
    #[serde(default)]
    pub admission_type: AdmissionType,
    #[serde(default)]
    pub group: Option<String>,
    pub major: String,
    #[serde(default)]
    pub major_class: String,
    /// 计划人数.
    pub places: u32,
    /// 学制 in years.
    #[serde(default)]
    pub duration: Option<u8>,
    /// 学费, 元 per year; `None` where not published (shown as 暂无数据).
    #[serde(default)]
    pub tuition: Option<u32>,
    #[serde(default)]
    pub subjects: String,
    /// 备注.
    #[serde(default)]
    pub remarks: String,
    /// The document the plan was published in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
}

/// `GET /schools/{id}/scores`: the school's lines, plus every province it recruits in (a
/// province listed here with no lines is shown as 暂无数据).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolScores {
    pub school: SchoolCard,
    #[serde(default)]
    pub provinces: Vec<String>,
    #[serde(default)]
    pub lines: Vec<ScoreLine>,
}

/// One major a school offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferedMajor {
    pub name: String,
    /// 学制 in years.
    #[serde(default)]
    pub duration: Option<u8>,
    /// 授予学位 (本科), e.g. 工学学士.
    #[serde(default)]
    pub degree: Option<String>,
    #[serde(default)]
    pub distinctions: Vec<Distinction>,
}

/// 专业类 with its majors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MajorClass {
    pub name: String,
    #[serde(default)]
    pub majors: Vec<OfferedMajor>,
}

/// 门类 (本科) or 专业大类 (高职专科) with its classes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MajorCategory {
    pub name: String,
    #[serde(default)]
    pub classes: Vec<MajorClass>,
}

/// `GET /schools/{id}/majors`: 开设专业.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolMajors {
    pub school: SchoolCard,
    #[serde(default)]
    pub categories: Vec<MajorCategory>,
}

/// A school's lowest score (and rank) in one year, as the rank index keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearLowest {
    pub year: u16,
    pub score: u16,
    #[serde(default)]
    pub rank: Option<u32>,
}

/// One school in a rank index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    pub id: SchoolId,
    pub name: String,
    pub level: Level,
    /// Oldest year first.
    #[serde(default)]
    pub lowest: Vec<YearLowest>,
}

/// 一分一段表 of one year: `ranks[i]` is the number of candidates scoring `top - i` or more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreTable {
    pub year: u16,
    pub top: u16,
    #[serde(default)]
    pub ranks: Vec<u32>,
    /// The document it was published in (`GET /sources`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
}

impl ScoreTable {
    /// The rank of a score: the count of candidates at that score or above. A score above the
    /// table is rank 1, one below it the table's last rank.
    pub fn rank_of(&self, score: u16) -> Option<u32> {
        let last = *self.ranks.last()?;
        if score > self.top {
            return Some(1);
        }
        let i = usize::from(self.top - score);
        Some(self.ranks.get(i).copied().unwrap_or(last).max(1))
    }
    /// The score of the candidate at `rank`: the highest score whose count of candidates at
    /// or above it reaches the rank (a rank past the table is its lowest score).
    pub fn score_at_rank(&self, rank: u32) -> Option<u16> {
        let last = self.ranks.len().checked_sub(1)?;
        let i = self.ranks.partition_point(|&r| r < rank).min(last);
        Some(self.top.saturating_sub(i as u16))
    }
    /// The number of candidates in the table (its last rank).
    pub fn candidates(&self) -> u32 {
        self.ranks.last().copied().unwrap_or(0)
    }
    /// The lowest score in the table.
    pub fn bottom(&self) -> u16 {
        self.top.saturating_sub(self.ranks.len().saturating_sub(1) as u16)
    }
}

/// `GET /rank/index?province=&track=`: every school with lines in one province and track, with
/// its lowest score and rank per year, and the latest 一分一段表 (to turn a score into a rank).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankIndex {
    pub province: String,
    pub track: Track,
    /// The years any school has a line in, oldest first.
    #[serde(default)]
    pub years: Vec<u16>,
    #[serde(default)]
    pub table: Option<ScoreTable>,
    #[serde(default)]
    pub schools: Vec<RankRow>,
    /// The documents its lines and its table came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
    /// Some ranks were derived from the 一分一段表 (the office published none).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived_ranks: bool,
}

/// One year's tracks in a province's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearTracks {
    pub year: u16,
    pub system: System,
    #[serde(default)]
    pub tracks: Vec<Track>,
}

/// `GET /provinces`: a province that has admission data, with what the selectors can offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceMeta {
    pub name: String,
    pub key: String,
    /// Newest first.
    #[serde(default)]
    pub years: Vec<YearTracks>,
    #[serde(default)]
    pub batches: Vec<Batch>,
}

/// Which lines a school's rank-index row is built from: 普通类 lines outside 提前批; per year
/// the lowest of them (over batches and groups) with its rank. Oldest year first.
pub fn index_lowest<'a>(lines: impl IntoIterator<Item = &'a ScoreLine>) -> Vec<YearLowest> {
    let mut by_year: std::collections::BTreeMap<u16, YearLowest> = std::collections::BTreeMap::new();
    for line in lines {
        if line.admission_type != AdmissionType::General || line.batch == Batch::Early {
            continue;
        }
        let candidate = YearLowest { year: line.year, score: line.lowest, rank: line.lowest_rank };
        by_year
            .entry(line.year)
            .and_modify(|best| {
                if candidate.score < best.score {
                    *best = candidate;
                }
            })
            .or_insert(candidate);
    }
    by_year.into_values().collect()
}

/// A query value the API refuses (400), with the message the visitor sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryError {
    Year,
    Page,
    Score,
    Rank,
    /// 选科: a subject that does not exist.
    Subjects,
    /// The rank query needs a province, a track and a score or a rank.
    Missing(&'static str),
}

impl QueryError {
    pub fn message(self) -> &'static str {
        match self {
            QueryError::Year => "年份格式不正确",
            QueryError::Page => "页码格式不正确",
            QueryError::Score => "分数格式不正确",
            QueryError::Rank => "位次格式不正确",
            QueryError::Subjects => "选科格式不正确",
            QueryError::Missing("province") => "请选择省份",
            QueryError::Missing("track") => "请选择科类",
            QueryError::Missing(_) => "请输入分数或位次",
        }
    }
}

/// A plain decimal number: digits only, no sign, no leading zero, no spaces. `+1`, `01` and
/// `1.0` are not numbers here, so one value has one spelling (and one cache key).
pub fn strict_number(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let plain = !bytes.is_empty()
        && bytes.len() <= 12
        && bytes.iter().all(u8::is_ascii_digit)
        && (bytes[0] != b'0' || bytes.len() == 1);
    if plain {
        text.parse().ok()
    } else {
        None
    }
}

/// The filters of the score-line and plan endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdmissionQuery {
    /// A province's short name (a key in the URL is accepted and read as its name).
    pub province: Option<String>,
    pub track: Option<Track>,
    pub year: Option<u16>,
    pub batch: Option<Batch>,
    /// 1-based.
    pub page: u32,
    /// A value named something that does not exist (an unknown province, track or batch):
    /// the answer is an empty list, not an error.
    pub matches_nothing: bool,
}

impl Default for AdmissionQuery {
    fn default() -> Self {
        AdmissionQuery {
            province: None,
            track: None,
            year: None,
            batch: None,
            page: 1,
            matches_nothing: false,
        }
    }
}

/// A year in a query: 2000–2099, written plainly.
pub fn parse_year(value: &str) -> Result<u16, QueryError> {
    strict_number(value)
        .and_then(|n| u16::try_from(n).ok())
        .filter(|y| (YEAR_MIN..=YEAR_MAX).contains(y))
        .ok_or(QueryError::Year)
}

/// Reads each key once: the first occurrence counts. Empty values count as absent.
fn first_values<'a, K: AsRef<str>, V: AsRef<str>>(
    pairs: &'a [(K, V)],
    keys: &[&str],
) -> Vec<(&'a str, &'a str)> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (k, v) in pairs {
        let (k, v) = (k.as_ref(), v.as_ref());
        if keys.contains(&k) && !v.is_empty() && !seen.iter().any(|(s, _)| *s == k) {
            seen.push((k, v));
        }
    }
    seen
}

impl AdmissionQuery {
    /// Reads decoded query pairs. Unknown keys are ignored; unknown provinces, tracks and
    /// batches match nothing; a malformed year or page is an error (400).
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Result<AdmissionQuery, QueryError> {
        let mut q = AdmissionQuery::default();
        for (key, value) in first_values(pairs, &["province", "track", "year", "batch", "page"]) {
            match key {
                "province" => match Province::find(value) {
                    Some(p) => q.province = Some(p.name.to_string()),
                    None => q.matches_nothing = true,
                },
                "track" => match Track::from_code(value) {
                    Some(t) => q.track = Some(t),
                    None => q.matches_nothing = true,
                },
                "batch" => match Batch::from_code(value) {
                    Some(b) => q.batch = Some(b),
                    None => q.matches_nothing = true,
                },
                "year" => q.year = Some(parse_year(value)?),
                _ => {
                    q.page = strict_number(value)
                        .and_then(|n| u32::try_from(n).ok())
                        .filter(|&p| p >= 1)
                        .ok_or(QueryError::Page)?
                }
            }
        }
        Ok(q)
    }

    /// The pairs that narrow the query, in a stable order (for URLs).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(p) = &self.province {
            pairs.push(("province", p.clone()));
        }
        if let Some(t) = self.track {
            pairs.push(("track", t.code().to_string()));
        }
        if let Some(y) = self.year {
            pairs.push(("year", y.to_string()));
        }
        if let Some(b) = self.batch {
            pairs.push(("batch", b.code().to_string()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    pub fn matches(&self, year: u16, province: &str, track: Track, batch: Batch) -> bool {
        !self.matches_nothing
            && self.year.is_none_or(|y| y == year)
            && self.province.as_deref().is_none_or(|p| p == province)
            && self.track.is_none_or(|t| t == track)
            && self.batch.is_none_or(|b| b == batch)
    }
}

/// One page of `items`; unlike the directory, a page past the end is empty (its number kept),
/// so a client paging on never sees the last page twice.
pub fn page_of<T: Clone>(items: &[T], page: u32, page_size: u32) -> Page<T> {
    let page_size = page_size.max(1);
    let page = page.max(1);
    let start = (u64::from(page) - 1) * u64::from(page_size);
    let start = usize::try_from(start).unwrap_or(usize::MAX).min(items.len());
    let end = start.saturating_add(page_size as usize).min(items.len());
    Page {
        items: items[start..end].to_vec(),
        page,
        page_size,
        total: u32::try_from(items.len()).unwrap_or(u32::MAX),
    }
}

/// `GET /schools/{id}/scores?…`: the lines that match, in the file's order.
pub fn filter_lines(lines: &[ScoreLine], q: &AdmissionQuery) -> Vec<ScoreLine> {
    lines.iter().filter(|l| q.matches(l.year, &l.province, l.track, l.batch)).cloned().collect()
}

/// `GET /schools/{id}/major-scores?…`: the matching major lines, one page.
pub fn filter_major_lines(lines: &[MajorScoreLine], q: &AdmissionQuery) -> Page<MajorScoreLine> {
    let rows: Vec<MajorScoreLine> =
        lines.iter().filter(|l| q.matches(l.year, &l.province, l.track, l.batch)).cloned().collect();
    page_of(&rows, q.page, MAJOR_LINES_PER_PAGE)
}

/// `GET /schools/{id}/plans?…`: the matching plan rows, one page.
pub fn filter_plans(plans: &[PlanRow], q: &AdmissionQuery) -> Page<PlanRow> {
    let rows: Vec<PlanRow> =
        plans.iter().filter(|l| q.matches(l.year, &l.province, l.track, l.batch)).cloned().collect();
    page_of(&rows, q.page, PLANS_PER_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        for t in Track::ALL {
            assert_eq!(Track::from_code(t.code()), Some(*t));
        }
        assert_eq!(Track::Physics.label(), "物理类");
        assert_eq!(Batch::from_code("vocational").map(Batch::label), Some("专科批"));
        let t: Track = serde_json::from_str("\"arts_and_sports\"").expect("other");
        assert_eq!(t, Track::Other);
        assert_eq!(serde_json::to_string(&Track::LiberalArts).expect("json"), "\"liberal_arts\"");
    }

    #[test]
    fn provinces_know_their_system_by_year() {
        assert_eq!(PROVINCES.len(), 31);
        let mut keys: Vec<&str> = PROVINCES.iter().map(|p| p.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 31, "keys are unique");
        let fj = Province::find("福建").expect("福建");
        assert_eq!(fj.tracks(2021), &[Track::Physics, Track::History]);
        assert!(fj.uses_groups(2025));
        let jx = Province::find("jiangxi").expect("江西");
        assert_eq!(jx.tracks(2023), &[Track::Science, Track::LiberalArts]);
        assert_eq!(jx.tracks(2024), &[Track::Physics, Track::History]);
        assert_eq!(jx.main_batch(2023, Level::Undergraduate, true), Batch::UndergraduateFirst);
        let zj = Province::find("浙江").expect("浙江");
        assert_eq!((zj.tracks(2025), zj.uses_groups(2025)), (&[Track::Comprehensive][..], false));
        assert!(Province::find("上海").expect("上海").uses_groups(2025));
        assert_eq!(Province::find("新疆").expect("新疆").system(2025), System::Traditional);
        assert_eq!(Province::find("火星"), None);
        assert_eq!((fj.max_score(), Province::find("上海").map(|p| p.max_score())), (750, Some(660)));
    }

    #[test]
    fn old_data_without_the_new_fields_still_decodes() {
        let line: ScoreLine = serde_json::from_str(
            r#"{"year":2023,"province":"福建","track":"physics","batch":"undergraduate","lowest":560}"#,
        )
        .expect("line");
        assert_eq!((line.admission_type, line.group, line.lowest_rank), (AdmissionType::General, None, None));
        let plan: PlanRow = serde_json::from_str(
            r#"{"year":2025,"province":"福建","track":"x","batch":"early","major":"护理","places":3}"#,
        )
        .expect("plan");
        assert_eq!((plan.track, plan.tuition), (Track::Other, None));
    }

    #[test]
    fn numbers_have_one_spelling() {
        for bad in ["+1", "01", "1.0", " 1", "", "-3", "1e3", "９"] {
            assert_eq!(strict_number(bad), None, "{bad:?}");
        }
        assert_eq!(strict_number("0"), Some(0));
    }

    #[test]
    fn queries_validate_their_values() {
        let q = AdmissionQuery::from_pairs(&[("province", "fujian"), ("track", "physics"), ("year", "2024")])
            .expect("ok");
        assert_eq!(q.province.as_deref(), Some("福建"));
        assert!(!q.matches_nothing);
        assert_eq!(AdmissionQuery::from_pairs(&q.to_pairs()), Ok(q));
        let unknown = AdmissionQuery::from_pairs(&[("province", "火星")]).expect("ok");
        assert!(unknown.matches_nothing);
        assert!(AdmissionQuery::from_pairs(&[("track", "magic")]).expect("ok").matches_nothing);
        for bad in ["20x4", "+2024", "02024", "1999", "2100", "99999999999999"] {
            assert_eq!(AdmissionQuery::from_pairs(&[("year", bad)]), Err(QueryError::Year), "{bad}");
        }
        for bad in ["0", "-1", "01", "x"] {
            assert_eq!(AdmissionQuery::from_pairs(&[("page", bad)]), Err(QueryError::Page), "{bad}");
        }
        assert_eq!(AdmissionQuery::from_pairs(&[("page", "4000000000")]).map(|q| q.page), Ok(4_000_000_000));
        assert_eq!(AdmissionQuery::from_pairs(&[("year", ""), ("utm", "x")]), Ok(AdmissionQuery::default()));
    }

    #[test]
    fn pages_past_the_end_are_empty() {
        let items: Vec<u32> = (1..=120).collect();
        let p = page_of(&items, 3, 50);
        assert_eq!((p.items.len(), p.page, p.total), (20, 3, 120));
        let far = page_of(&items, u32::MAX, 50);
        assert_eq!((far.items.len(), far.page, far.total), (0, u32::MAX, 120));
    }

    #[test]
    fn score_tables_turn_scores_into_ranks() {
        let table = ScoreTable { year: 2025, top: 700, ranks: vec![1, 3, 3, 10, 30], source: None };
        assert_eq!(table.bottom(), 696);
        assert_eq!(table.rank_of(750), Some(1));
        assert_eq!(table.rank_of(698), Some(3));
        assert_eq!(table.rank_of(696), Some(30));
        assert_eq!(table.rank_of(500), Some(30));
        assert_eq!(ScoreTable { year: 2025, top: 700, ranks: vec![], source: None }.rank_of(600), None);
        assert_eq!(table.score_at_rank(1), Some(700));
        assert_eq!(table.score_at_rank(2), Some(699));
        assert_eq!(table.score_at_rank(3), Some(699));
        assert_eq!(table.score_at_rank(11), Some(696));
        assert_eq!(table.score_at_rank(31), Some(696), "past the table: its lowest score");
        assert_eq!(table.candidates(), 30);
        for rank in 1..=30 {
            let score = table.score_at_rank(rank).expect("score");
            assert!(table.rank_of(score).expect("rank") >= rank, "the score's bracket holds the rank");
        }
    }

    #[test]
    fn the_index_takes_the_lowest_general_line_per_year() {
        let line = |year, batch, kind, lowest, rank| ScoreLine {
            year,
            province: "福建".into(),
            track: Track::Physics,
            batch,
            admission_type: kind,
            group: None,
            subjects: String::new(),
            lowest,
            lowest_rank: rank,
            average: None,
            highest: None,
            control_line: None,
            source: None,
            rank_source: None,
            control_source: None,
        };
        let lines = [
            line(2024, Batch::Undergraduate, AdmissionType::General, 600, Some(9000)),
            line(2024, Batch::Undergraduate, AdmissionType::General, 590, Some(11000)),
            line(2024, Batch::Undergraduate, AdmissionType::Special, 570, Some(15000)),
            line(2024, Batch::Early, AdmissionType::General, 550, Some(20000)),
            line(2023, Batch::Undergraduate, AdmissionType::General, 595, None),
        ];
        assert_eq!(
            index_lowest(&lines),
            vec![
                YearLowest { year: 2023, score: 595, rank: None },
                YearLowest { year: 2024, score: 590, rank: Some(11000) }
            ]
        );
    }
}
