//! 位次查询 at 院校专业组 level: which groups lie near the student's rank, in 冲 / 稳 / 保
//! bands, only those their 选科 allows (the others counted, and listed greyed on request), with
//! the reason for each and, for an empty band, why it is empty in terms of the data.
//!
//! The rule. A group's reference rank is the median of its lowest ranks (最低位次) in the
//! [`BAND_YEARS`] most recent years of the index up to the exam year (years without a rank are
//! skipped; two values give their mean, rounded down). With `v` the student's rank and `m` the
//! reference (a smaller rank is a better result):
//!
//! - 冲 (reach): `0.7·v ≤ m < v` — the group took better ranks than the student's, by up to
//!   30 %: last year the student would have missed it;
//! - 稳 (match): `v ≤ m ≤ 1.1·v` — the student would have cleared it, by up to 10 %;
//! - 保 (safe): `m > 1.1·v`, with no far edge: the [`BAND_LIMIT`] nearest groups beyond 1.1·v,
//!   however far that reaches, so a strong student is always offered safe choices where any
//!   exist (issue #26, item 3).
//!
//! Unlike the school-level rule in `rank.rs` (稳 within ±10 %), a group the student would have
//! missed is never 稳: at group level the line is the one the file is thrown against.
//!
//! Each band keeps its [`BAND_LIMIT`] groups nearest `v`, listed best rank first. When no group
//! falls in any band but some lie further ahead than 0.7·v, 冲 lists the nearest of those,
//! marked `stretched`, so a student at the bottom of the table still gets an answer that says
//! how far off it is. Past lines are a reference, not a prediction.

use super::digits;
use super::groups::{Group, GroupIndex, GroupMajor, GroupSchool, Summary};
use super::placement::{place, Placement};
use super::profile::Profile;
use crate::admissions::{Batch, Track, YearLowest};
use crate::rank::{median, Band, BAND_LIMIT, BAND_YEARS};
use crate::sources::SourceId;
use crate::types::{Kind, Level, Nature};
use serde::{Deserialize, Serialize};

/// The narrowing a student asks for, beside the profile. In the URL: `batch` (本科批, 专科批 …:
/// a 志愿表 is filled per batch), `level`, `type`, `nature`, `located` (the school's province),
/// `major` (a keyword of a major's name), `ineligible=1` (list groups the student's 选科 rules
/// out, greyed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupFilter {
    pub batch: Option<Batch>,
    pub level: Option<Level>,
    pub kind: Option<Kind>,
    pub nature: Option<Nature>,
    /// 院校所在省份.
    pub located: Option<String>,
    /// 计算机, 临床 …: groups with a major whose name contains it.
    pub major: String,
    pub show_ineligible: bool,
}

/// The URL keys of a [`GroupFilter`].
pub const FILTER_KEYS: [&str; 7] = ["batch", "level", "type", "nature", "located", "major", "ineligible"];

impl GroupFilter {
    /// Reads decoded URL pairs; unknown values are ignored (an outdated link still opens).
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> GroupFilter {
        let mut f = GroupFilter::default();
        for (key, value) in pairs {
            let value = value.as_ref().trim();
            match key.as_ref() {
                "batch" => f.batch = Batch::from_code(value),
                "level" => f.level = Level::from_code(value),
                "type" => f.kind = Kind::from_code(value),
                "nature" => f.nature = Nature::from_code(value),
                "located" => {
                    f.located = Some(value.chars().take(20).collect()).filter(|p: &String| !p.is_empty())
                }
                "major" => f.major = value.chars().take(20).collect(),
                "ineligible" => f.show_ineligible = value == "1",
                _ => {}
            }
        }
        f
    }

    /// The pairs that differ from the defaults, in [`FILTER_KEYS`] order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(b) = self.batch {
            pairs.push(("batch", b.code().to_string()));
        }
        if let Some(l) = self.level {
            pairs.push(("level", l.code().to_string()));
        }
        if let Some(k) = self.kind {
            pairs.push(("type", k.code().to_string()));
        }
        if let Some(n) = self.nature {
            pairs.push(("nature", n.code().to_string()));
        }
        if let Some(p) = &self.located {
            pairs.push(("located", p.clone()));
        }
        if !self.major.is_empty() {
            pairs.push(("major", self.major.clone()));
        }
        if self.show_ineligible {
            pairs.push(("ineligible", "1".into()));
        }
        pairs
    }

    /// Whether anything but the 选科 switch narrows the groups.
    pub fn narrows(&self) -> bool {
        self.batch.is_some()
            || self.level.is_some()
            || self.kind.is_some()
            || self.nature.is_some()
            || self.located.is_some()
            || !self.major.is_empty()
    }

    fn admits_school(&self, s: &GroupSchool) -> bool {
        self.level.is_none_or(|l| l == s.level)
            && self.kind.is_none_or(|k| k == s.kind)
            && self.nature.is_none_or(|n| n == s.nature)
            && self.located.as_deref().is_none_or(|p| p == s.province)
    }

    fn admits_group(&self, g: &Group) -> bool {
        self.batch.is_none_or(|b| b == g.batch)
            && (self.major.is_empty() || g.majors.iter().any(|m| m.name.contains(self.major.as_str())))
    }
}

/// A group in a band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandRow {
    pub school: GroupSchool,
    /// The group, its majors without their lines (the group index has them).
    pub group: Group,
    pub band: Band,
    /// The median of `used`.
    pub reference_rank: u32,
    /// The lines the reference was taken from, oldest first (`[year, score, rank]` in JSON).
    #[serde(default, with = "super::groups::lines")]
    pub used: Vec<YearLowest>,
    /// `false` for a group the student's 选科 rules out (listed only when asked for: greyed,
    /// 不符合选科要求).
    pub eligible: bool,
    /// A 冲 row further ahead than 0.7·v, listed because nothing nearer exists.
    #[serde(default)]
    pub stretched: bool,
}

/// How many groups the answer looked at, for the counts a page shows and for the reasons of
/// empty bands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandCounts {
    /// Groups in the index.
    pub groups: u32,
    /// Groups the filter lets through (eligible or not).
    pub matching: u32,
    /// Of those, the ones the student's 选科 rules out.
    pub ineligible: u32,
    /// Groups the filter lets through and the answer lists when near (eligible ones, and the
    /// others when asked for).
    pub considered: u32,
    /// Of those considered, the ones without a rank in the years used.
    pub without_history: u32,
    /// Considered groups whose reference lies further ahead than 0.7·v.
    pub ahead: u32,
    /// The worst (largest) reference rank among the groups considered.
    #[serde(default)]
    pub last_reference: Option<u32>,
}

/// `GET /groups/bands?…`: the answer of group-level 位次查询.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupBands {
    pub province: String,
    pub track: Track,
    /// The exam year, the student's score and rank in it, and 等位分 in earlier years.
    pub placement: Placement,
    /// The years the references are taken over, oldest first.
    #[serde(default)]
    pub years: Vec<u16>,
    /// Whether 选科 was known and filtered (without it every group is offered).
    pub subjects_known: bool,
    #[serde(default)]
    pub reach: Vec<BandRow>,
    #[serde(default)]
    pub matched: Vec<BandRow>,
    #[serde(default)]
    pub safe: Vec<BandRow>,
    pub counts: BandCounts,
    /// The documents of the index the bands were drawn from (`GET /sources`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
    /// Some ranks in the index were derived from the 一分一段表 (the office published none).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived_ranks: bool,
}

/// The years references are taken over: the [`BAND_YEARS`] most recent of the index up to
/// `exam_year`, oldest first.
pub fn band_years(index: &GroupIndex, exam_year: u16) -> Vec<u16> {
    let mut years: Vec<u16> = index.years.iter().copied().filter(|y| *y <= exam_year).collect();
    years.sort_unstable();
    years.dedup();
    let skip = years.len().saturating_sub(BAND_YEARS);
    years.split_off(skip)
}

/// A group's reference rank over `years` (see the module's rule).
pub fn reference_rank(group: &Group, years: &[u16]) -> Option<u32> {
    let first = *years.first()?;
    let mut ranks = [0u32; BAND_YEARS];
    let mut n = 0;
    // Lines are oldest first: read from the newest back to the first year used.
    for line in group.lines.iter().rev().take_while(|l| l.year >= first) {
        if let (true, Some(rank)) = (n < ranks.len() && years.contains(&line.year), line.rank) {
            ranks[n] = rank;
            n += 1;
        }
    }
    median(&mut ranks[..n])
}

/// Band edges in per cent of the student's rank (see the module's rule).
pub const REACH_FROM: u64 = 70;
pub const MATCH_FROM: u64 = 100;
pub const MATCH_TO: u64 = 110;

/// [`reference_rank`] from a group's summary (the group itself is read only when its summary
/// does not reach back far enough).
fn summary_reference(summary: &Summary, group: &Group, years: &[u16]) -> Option<u32> {
    let first = *years.first()?;
    let kept = summary.ranks();
    if summary.more && kept.last().is_some_and(|(year, _)| *year > first) {
        return reference_rank(group, years);
    }
    let mut ranks = [0u32; BAND_YEARS];
    let mut n = 0;
    for &(year, rank) in kept.iter().take_while(|(year, _)| *year >= first) {
        if n < ranks.len() && years.contains(&year) {
            ranks[n] = rank;
            n += 1;
        }
    }
    median(&mut ranks[..n])
}

/// Where a reference `m` lies for a student at `v`: in a band, or further ahead than 冲.
pub fn classify(v: u32, m: u32) -> Option<Band> {
    let (v, m) = (u64::from(v.max(1)), u64::from(m) * 100);
    if m < REACH_FROM * v {
        None
    } else if m < MATCH_FROM * v {
        Some(Band::Reach)
    } else if m <= MATCH_TO * v {
        Some(Band::Match)
    } else {
        Some(Band::Safe)
    }
}

/// A candidate before rows are built: distance to `v`, position in the index, reference.
type Candidate = (u32, usize, u32, bool);

/// The [`BAND_LIMIT`] candidates nearest `v` seen so far: a bounded max-heap by distance, so a
/// band over thousands of groups never holds more than its limit (no large buffers to grow).
#[derive(Default)]
struct Nearest(std::collections::BinaryHeap<Candidate>);

impl Nearest {
    fn offer(&mut self, c: Candidate) {
        if self.0.len() < BAND_LIMIT {
            self.0.push(c);
        } else if self.0.peek().is_some_and(|far| (c.0, c.1) < (far.0, far.1)) {
            self.0.pop();
            self.0.push(c);
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Best rank first.
    fn into_sorted(self) -> Vec<Candidate> {
        let mut list = self.0.into_vec();
        list.sort_unstable_by_key(|c| (c.2, c.1));
        list
    }
}

/// The bands for a profile over one province-and-track group index.
pub fn group_bands(index: &GroupIndex, profile: &Profile, filter: &GroupFilter) -> GroupBands {
    let placement = place(profile, index);
    let years = band_years(index, placement.year);
    let mut counts = BandCounts { groups: index.groups.len() as u32, ..BandCounts::default() };
    let (mut reach, mut matched, mut safe) = (Nearest::default(), Nearest::default(), Nearest::default());
    let summaries = index.summaries();
    let mut schools = SchoolCursor::new(index, filter);
    for (i, (group, summary)) in index.groups.iter().zip(summaries.iter()).enumerate() {
        let (m, eligible) = match judge(group, summary, &mut schools, profile, filter, &years) {
            Judged::Filtered => continue,
            Judged::Hidden => {
                counts.matching += 1;
                counts.ineligible += 1;
                continue;
            }
            Judged::NoHistory { eligible } => {
                counts.matching += 1;
                counts.ineligible += u32::from(!eligible);
                counts.considered += 1;
                counts.without_history += 1;
                continue;
            }
            Judged::Reference { m, eligible } => (m, eligible),
        };
        counts.matching += 1;
        counts.ineligible += u32::from(!eligible);
        counts.considered += 1;
        counts.last_reference = Some(counts.last_reference.map_or(m, |l| l.max(m)));
        let Some(v) = placement.rank else { continue };
        let candidate = (m.abs_diff(v), i, m, eligible);
        match classify(v, m) {
            None => counts.ahead += 1,
            Some(Band::Reach) => reach.offer(candidate),
            Some(Band::Match) => matched.offer(candidate),
            Some(_) => safe.offer(candidate),
        }
    }
    let stretched = reach.is_empty() && matched.is_empty() && safe.is_empty() && counts.ahead > 0;
    if let (true, Some(v)) = (stretched, placement.rank) {
        // Nothing in any band: 冲 lists the nearest of the groups further ahead (a rare second
        // pass, so the usual answer never collects them).
        let mut schools = SchoolCursor::new(index, filter);
        for (i, (group, summary)) in index.groups.iter().zip(summaries.iter()).enumerate() {
            if let Judged::Reference { m, eligible } =
                judge(group, summary, &mut schools, profile, filter, &years)
            {
                reach.offer((m.abs_diff(v), i, m, eligible));
            }
        }
    }
    let rows = |list: Nearest, band: Band| -> Vec<BandRow> {
        list.into_sorted()
            .into_iter()
            .filter_map(|(_, i, m, eligible)| {
                let group = index.groups.get(i)?;
                Some(BandRow {
                    school: index.school(group.school)?.clone(),
                    group: without_major_lines(group),
                    band,
                    reference_rank: m,
                    used: group
                        .lines
                        .iter()
                        .filter(|l| years.contains(&l.year) && l.rank.is_some())
                        .copied()
                        .collect(),
                    eligible,
                    stretched: stretched && band == Band::Reach,
                })
            })
            .collect()
    };
    GroupBands {
        province: index.province.clone(),
        track: index.track,
        reach: rows(reach, Band::Reach),
        matched: rows(matched, Band::Match),
        safe: rows(safe, Band::Safe),
        placement,
        years,
        subjects_known: profile.subjects_known(),
        counts,
        sources: index.sources.clone(),
        derived_ranks: index.derived_ranks,
    }
}

/// What the bands make of one group.
enum Judged {
    /// Left out by the filter.
    Filtered,
    /// Ruled out by 选科 and not asked for.
    Hidden,
    NoHistory {
        eligible: bool,
    },
    Reference {
        m: u32,
        eligible: bool,
    },
}

fn judge(
    group: &Group,
    summary: &Summary,
    schools: &mut SchoolCursor,
    profile: &Profile,
    filter: &GroupFilter,
    years: &[u16],
) -> Judged {
    if !schools.admits(summary.school) || !filter.admits_group(group) {
        return Judged::Filtered;
    }
    let eligible = profile.eligible_by(summary.rule);
    if !eligible && !filter.show_ineligible {
        return Judged::Hidden;
    }
    match summary_reference(summary, group, years) {
        Some(m) => Judged::Reference { m, eligible },
        None => Judged::NoHistory { eligible },
    }
}

/// Whether a group's school passes the filter. Groups and schools are both listed by id, so a
/// cursor walks the schools once; without a school filter nothing is looked up at all.
struct SchoolCursor<'a> {
    index: &'a GroupIndex,
    filter: &'a GroupFilter,
    next: usize,
    last: Option<(u32, bool)>,
}

impl<'a> SchoolCursor<'a> {
    fn new(index: &'a GroupIndex, filter: &'a GroupFilter) -> Self {
        SchoolCursor { index, filter, next: 0, last: None }
    }

    fn admits(&mut self, id: u32) -> bool {
        let f = self.filter;
        if f.level.is_none() && f.kind.is_none() && f.nature.is_none() && f.located.is_none() {
            return true;
        }
        if let Some((last, admitted)) = self.last.filter(|(last, _)| *last == id) {
            debug_assert_eq!(last, id);
            return admitted;
        }
        let schools = &self.index.schools;
        while self.next < schools.len() && schools[self.next].id < id {
            self.next += 1;
        }
        let school = schools.get(self.next).filter(|s| s.id == id).or_else(|| self.index.school(id));
        let admitted = school.is_some_and(|s| f.admits_school(s));
        self.last = Some((id, admitted));
        admitted
    }
}

/// A group as a band lists it: its majors with 计划数 and 学费 but without their lines (which
/// only the 志愿表's checks read, from the index), so answers stay small.
fn without_major_lines(group: &Group) -> Group {
    Group {
        school: group.school,
        code: group.code.clone(),
        batch: group.batch,
        admission_type: group.admission_type,
        subjects: group.subjects.clone(),
        majors: group
            .majors
            .iter()
            .map(|m| GroupMajor {
                code: m.code.clone(),
                name: m.name.clone(),
                places: m.places,
                tuition: m.tuition,
                lines: Vec::new(),
            })
            .collect(),
        lines: group.lines.clone(),
        change: group.change.clone(),
    }
}

/// 2023–2025年 (or 2025年).
fn span(years: &[u16]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}年"),
        (Some(a), _) => format!("{a}年"),
        _ => String::new(),
    }
}

impl BandRow {
    /// Why the group is in its band, for a student at `rank`: 2025年最低位次 79,718，比你的位次
    /// 高 5,282 位；近3年参考位次 80,100 …
    pub fn reason(&self, rank: u32) -> String {
        let mut text = String::new();
        if let Some(latest) = self.used.last() {
            let r = latest.rank.unwrap_or(self.reference_rank);
            let compared = match r.cmp(&rank) {
                std::cmp::Ordering::Less => format!("比你的位次高 {} 位", digits(rank - r)),
                std::cmp::Ordering::Greater => format!("比你的位次低 {} 位", digits(r - rank)),
                std::cmp::Ordering::Equal => "与你的位次相同".into(),
            };
            text.push_str(&format!("{}年最低位次 {}，{compared}", latest.year, digits(r)));
        }
        if self.used.len() > 1 {
            let years: Vec<u16> = self.used.iter().map(|l| l.year).collect();
            text.push_str(&format!("；{}参考位次（中位数）{}", span(&years), digits(self.reference_rank)));
        }
        let why = match (self.band, self.stretched) {
            (Band::Reach, true) => "比你靠前30%以上，希望不大，因没有更接近的专业组才列出",
            (Band::Reach, false) => "往年要比你靠前（30%以内）的位次才能进，可以冲一冲",
            (Band::Match, _) => "往年你的位次能进，且余量在10%以内，较稳妥",
            _ => "往年比你靠后10%以上的考生也能进，可作保底",
        };
        text.push_str(&format!("：{why}。"));
        if let Some(change) = &self.group.change {
            if self.used.first().is_some_and(|l| l.year < change.year) {
                text.push_str("其中部分年份为调整前专业组的分数线。");
            }
        }
        text
    }
}

impl GroupBands {
    pub fn band(&self, band: Band) -> &[BandRow] {
        match band {
            Band::Reach => &self.reach,
            Band::Match => &self.matched,
            _ => &self.safe,
        }
    }

    /// What 冲 / 稳 / 保 mean and which years were used, for the page to show above the bands.
    pub fn rule_text(&self) -> String {
        let years = if self.years.is_empty() {
            "往年".into()
        } else {
            format!("近{}年（{}）", self.years.len(), span(&self.years))
        };
        format!(
            "按{years}各专业组最低位次的中位数（参考位次）与你的位次比较：冲——参考位次比你靠前，差距在30%以内；\
             稳——参考位次与你相同或比你靠后，余量在10%以内；保——比你靠后10%以上，由近及远列出。每档最多{BAND_LIMIT}个专业组。\
             位次数字越小越靠前。往年数据仅供参考，不代表今年的录取结果。"
        )
    }

    /// Why `band` is empty, in terms of the data (`None` when it is not).
    pub fn why_empty(&self, band: Band) -> Option<String> {
        if !self.band(band).is_empty() {
            return None;
        }
        let c = &self.counts;
        let Some(v) = self.placement.rank else {
            return Some(format!(
                "{}年没有一分一段表，无法把分数换算成位次，请输入位次",
                self.placement.year
            ));
        };
        if c.groups == 0 {
            return Some(format!("暂无{}{}的院校专业组数据", self.province, self.track.label()));
        }
        if c.matching == 0 {
            return Some("没有符合筛选条件的专业组，请放宽筛选条件".into());
        }
        if c.considered == 0 {
            return Some(format!("符合筛选条件的{}个专业组都不符合你的选科要求", c.ineligible));
        }
        if c.considered == c.without_history {
            return Some("符合条件的专业组往年都没有公布最低位次，无法比较".into());
        }
        let at = |pct: u64| digits((u64::from(v) * pct / 100) as u32);
        Some(match band {
            Band::Reach => format!(
                "没有专业组的参考位次在你之前30%以内（第{}–{}名）",
                at(REACH_FROM),
                digits(v.saturating_sub(1))
            ),
            Band::Match => format!("没有专业组的参考位次在你之后10%以内（第{}–{}名）", digits(v), at(MATCH_TO)),
            _ => format!(
                "符合条件的专业组中，参考位次最靠后的是第{}名，都在第{}名之前：数据中没有更稳妥的选择，可放宽筛选条件，或关注征集志愿",
                digits(c.last_reference.unwrap_or(0)),
                at(MATCH_TO)
            ),
        })
    }

    /// 另有 12 个专业组不符合你的选科要求 (for the switch that lists them).
    pub fn ineligible_text(&self) -> Option<String> {
        (self.subjects_known && self.counts.ineligible > 0)
            .then(|| format!("另有 {} 个专业组不符合你的选科要求", self.counts.ineligible))
    }
}

#[cfg(test)]
mod tests {
    use super::super::subjects::{Subject, SubjectSet};
    use super::super::testdata::{group, index};
    use super::*;

    fn profile(rank: u32) -> Profile {
        Profile {
            subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
            rank: Some(rank),
            ..Profile::default()
        }
    }

    fn codes(rows: &[BandRow]) -> Vec<String> {
        rows.iter().map(|r| format!("{}-{}", r.group.school, r.group.code)).collect()
    }

    #[test]
    fn groups_land_in_bands_by_their_own_lines_not_their_schools() {
        // One school, two groups: its 不限 group took rank 94,175, its 物理+化学 group 79,718.
        let ix = index(vec![
            group(1, "01", "不限", &[(2025, 94_175)]),
            group(1, "03", "物理+化学", &[(2025, 79_718)]),
        ]);
        let b = group_bands(&ix, &profile(85_000), &GroupFilter::default());
        assert_eq!(
            (codes(&b.reach), codes(&b.matched), codes(&b.safe)),
            (vec!["1-03".into()], vec![], vec!["1-01".into()])
        );
        assert_eq!(
            b.reach[0].reason(85_000),
            "2025年最低位次 79,718，比你的位次高 5,282 位：往年要比你靠前（30%以内）的位次才能进，可以冲一冲。"
        );
        assert_eq!(
            b.safe[0].reason(85_000),
            "2025年最低位次 94,175，比你的位次低 9,175 位：往年比你靠后10%以上的考生也能进，可作保底。"
        );
    }

    #[test]
    fn the_reference_is_the_median_of_the_recent_years() {
        let g = group(1, "01", "不限", &[(2021, 1), (2023, 9000), (2024, 12_000), (2025, 10_000)]);
        assert_eq!(reference_rank(&g, &[2023, 2024, 2025]), Some(10_000));
        let two = group(1, "02", "不限", &[(2024, 8000), (2025, 9001)]);
        assert_eq!(reference_rank(&two, &[2023, 2024, 2025]), Some(8500));
        let ix = index(vec![g.clone()]);
        assert_eq!(band_years(&ix, 2025), vec![2023, 2024, 2025]);
        assert_eq!(band_years(&ix, 2024), vec![2022, 2023, 2024]);
        let b = group_bands(&ix, &profile(10_000), &GroupFilter::default());
        assert_eq!(
            b.matched[0].reason(10_000),
            "2025年最低位次 10,000，与你的位次相同；2023–2025年参考位次（中位数）10,000：往年你的位次能进，且余量在10%以内，较稳妥。"
        );
    }

    #[test]
    fn an_early_exam_year_reaches_past_the_summary() {
        // Eleven years of lines: the summary keeps the newest six, so 2018's bands read the group.
        let ranks: Vec<(u16, u32)> =
            (2015..=2025).map(|y| (y, if y <= 2018 { 10_000 } else { 50_000 })).collect();
        let mut ix = index(vec![group(1, "01", "不限", &ranks)]);
        ix.years = (2015..=2025).collect();
        let p = Profile { year: Some(2018), ..profile(10_000) };
        let b = group_bands(&ix, &p, &GroupFilter::default());
        assert_eq!((b.years.clone(), b.matched.len()), (vec![2016, 2017, 2018], 1));
        assert_eq!(b.matched[0].reference_rank, 10_000);
    }

    #[test]
    fn selection_rules_out_groups_and_counts_them() {
        let ix = index(vec![
            group(1, "01", "物理+化学", &[(2025, 10_000)]),
            group(2, "01", "首选物理，再选思想政治", &[(2025, 10_000)]),
            group(3, "01", "历史", &[(2025, 10_000)]),
        ]);
        let b = group_bands(&ix, &profile(10_000), &GroupFilter::default());
        assert_eq!(codes(&b.matched), vec!["1-01"]);
        assert_eq!((b.counts.matching, b.counts.ineligible), (3, 2));
        assert_eq!(b.ineligible_text().as_deref(), Some("另有 2 个专业组不符合你的选科要求"));
        let shown =
            group_bands(&ix, &profile(10_000), &GroupFilter { show_ineligible: true, ..Default::default() });
        assert_eq!(shown.matched.iter().map(|r| r.eligible).collect::<Vec<_>>(), vec![true, false, false]);
        // Without 选科 nothing is filtered, and the answer says so.
        let unknown =
            group_bands(&ix, &Profile { rank: Some(10_000), ..Profile::default() }, &GroupFilter::default());
        assert_eq!((unknown.matched.len(), unknown.subjects_known), (3, false));
    }

    #[test]
    fn filters_narrow_by_school_and_major() {
        let ix =
            index(vec![group(1, "01", "不限", &[(2025, 10_000)]), group(2, "01", "不限", &[(2025, 10_100)])]);
        let only = |f: GroupFilter| codes(&group_bands(&ix, &profile(10_000), &f).matched);
        assert_eq!(only(GroupFilter { major: "计算机".into(), ..Default::default() }), vec!["1-01"]);
        assert_eq!(only(GroupFilter { nature: Some(Nature::Private), ..Default::default() }), vec!["2-01"]);
        assert_eq!(only(GroupFilter { located: Some("江西".into()), ..Default::default() }), vec!["2-01"]);
        assert_eq!(
            only(GroupFilter { level: Some(Level::Vocational), ..Default::default() }),
            Vec::<String>::new()
        );
        let vocational = Group { batch: Batch::Vocational, ..group(3, "01", "不限", &[(2025, 10_050)]) };
        let mixed = index(vec![group(1, "01", "不限", &[(2025, 10_000)]), vocational]);
        let of_batch = |batch| {
            codes(
                &group_bands(&mixed, &profile(10_000), &GroupFilter { batch, ..Default::default() }).matched,
            )
        };
        assert_eq!(of_batch(None), vec!["1-01", "3-01"]);
        assert_eq!(of_batch(Some(Batch::Vocational)), vec!["3-01"]);
        assert_eq!(of_batch(Some(Batch::Undergraduate)), vec!["1-01"]);
        let f = GroupFilter {
            batch: Some(Batch::Undergraduate),
            level: Some(Level::Undergraduate),
            kind: Some(Kind::Medical),
            nature: Some(Nature::Public),
            located: Some("福建".into()),
            major: "临床".into(),
            show_ineligible: true,
        };
        assert_eq!(GroupFilter::from_pairs(&f.to_pairs()), f);
        assert_eq!(
            GroupFilter::from_pairs(&[("level", "phd"), ("ineligible", "yes"), ("x", "y")]),
            GroupFilter::default()
        );
    }

    #[test]
    fn safe_choices_reach_as_far_as_needed() {
        // Issue #26: a strong student (rank 3,000) where the nearest safe groups took 4,519 and
        // 5,759 — beyond 1.5× the rank — is still offered them.
        let ix = index(vec![
            group(1, "01", "不限", &[(2025, 1200)]),
            group(2, "01", "不限", &[(2025, 4519)]),
            group(3, "01", "不限", &[(2025, 5759)]),
            group(4, "01", "不限", &[(2025, 90_000)]),
        ]);
        let b = group_bands(&ix, &profile(3000), &GroupFilter::default());
        assert_eq!(codes(&b.safe), vec!["2-01", "3-01", "4-01"]);
        assert!(b.why_empty(Band::Safe).is_none());
        assert_eq!(
            b.why_empty(Band::Reach).as_deref(),
            Some("没有专业组的参考位次在你之前30%以内（第2,100–2,999名）")
        );
        // Past every group: 冲 lists the nearest, stretched, and 保 says why it is empty.
        let last = group_bands(&ix, &profile(190_000), &GroupFilter::default());
        assert_eq!(codes(&last.reach), vec!["1-01", "2-01", "3-01", "4-01"]);
        assert!(last.reach.iter().all(|r| r.stretched));
        assert!(last.reach[3].reason(190_000).contains("希望不大"));
        assert_eq!(
            last.why_empty(Band::Safe).as_deref(),
            Some("符合条件的专业组中，参考位次最靠后的是第90,000名，都在第209,000名之前：数据中没有更稳妥的选择，可放宽筛选条件，或关注征集志愿")
        );
    }

    #[test]
    fn empty_answers_say_why() {
        let none = group_bands(&index(vec![]), &profile(100), &GroupFilter::default());
        assert_eq!(none.why_empty(Band::Match).as_deref(), Some("暂无福建物理类的院校专业组数据"));
        let ix = index(vec![group(3, "01", "历史", &[(2025, 100)])]);
        let ruled_out = group_bands(&ix, &profile(100), &GroupFilter::default());
        assert_eq!(
            ruled_out.why_empty(Band::Safe).as_deref(),
            Some("符合筛选条件的1个专业组都不符合你的选科要求")
        );
        let filtered =
            group_bands(&ix, &profile(100), &GroupFilter { major: "天文".into(), ..Default::default() });
        assert_eq!(
            filtered.why_empty(Band::Safe).as_deref(),
            Some("没有符合筛选条件的专业组，请放宽筛选条件")
        );
        let tableless = GroupIndex { tables: vec![], ..ix.clone() };
        let no_rank = group_bands(
            &tableless,
            &Profile { score: Some(500), ..Profile::default() },
            &GroupFilter::default(),
        );
        assert_eq!(
            no_rank.why_empty(Band::Match).as_deref(),
            Some("2025年没有一分一段表，无法把分数换算成位次，请输入位次")
        );
        assert!(group_bands(&ix, &profile(100), &GroupFilter::default())
            .rule_text()
            .contains("近3年（2023–2025年）"));
    }

    #[test]
    fn a_band_keeps_the_nearest_groups_best_first() {
        let groups = (1..=100).map(|i| group(i, "01", "不限", &[(2025, 9000 + i * 20)])).collect();
        let b = group_bands(&index(groups), &profile(10_000), &GroupFilter::default());
        assert_eq!(b.matched.len(), BAND_LIMIT);
        assert!(b.matched.iter().all(|r| r.reference_rank.abs_diff(10_000) <= 600));
        assert!(b.matched.windows(2).all(|w| w[0].reference_rank <= w[1].reference_rank));
    }
}
