//! The typed rows of each kind of table, and how one sheet row becomes one of them. Values use
//! the model's codes (`Track`, `Batch`, `Level` …) so `build` and `load` map them onto the
//! site's shapes without reading text again. A row with an error is reported and left out.

use crate::columns::{Col, HeaderMap};
use crate::manifest::Fixed;
use crate::problem::{Place, ProblemKind, Report, Severity};
use crate::sheet::SheetRow;
use crate::values;
use portal_model::admissions::{AdmissionType, Batch, Distinction, Province, Track, RANK_MAX};
use portal_model::{AccountKind, Kind, Level, Nature};

/// A value and where it was read: the dataset (index into `Source::datasets`) and the row the
/// file shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Sourced<T> {
    pub dataset: usize,
    pub row: u32,
    pub value: T,
}

/// A school of the school list (院校名单).
#[derive(Clone, Debug, PartialEq)]
pub struct School {
    /// 院校代码: the school's identity across the source (the 5-digit 国标 code is the usual
    /// choice).
    pub code: String,
    pub name: String,
    pub short_name: Option<String>,
    /// 拼音 for sorting by name; `None` when the list gives none.
    pub pinyin: Option<String>,
    pub level: Level,
    pub kind: Kind,
    pub nature: Nature,
    /// Where the school is.
    pub province: &'static Province,
    pub city: String,
    pub website: Option<String>,
    pub admissions_phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub charter_url: Option<String>,
    pub founded: Option<u16>,
    pub authority: Option<String>,
    pub tags: Vec<String>,
    /// Plain text; paragraphs separated by blank lines.
    pub introduction: String,
    /// 专升本率 in per cent (高职专科).
    pub upgrade_rate: Option<f32>,
    /// 官方微信, 公众号, 官方企业微信: what each QR code encodes.
    pub accounts: Vec<(AccountKind, String)>,
    /// 网站编号: the school's number in the site's addresses and the server's database, when
    /// the 院校代码 is not one.
    pub site_id: Option<u32>,
    /// 关注人数 carried over from an earlier site (the count the site starts from).
    pub followers: Option<u64>,
}

impl School {
    /// The school's number in the site's addresses: its 网站编号, else its 院校代码 when that
    /// is a plain number (the 5-digit national codes are).
    pub fn site_number(&self) -> Option<u32> {
        let numeric = !self.code.is_empty() && self.code.bytes().all(|b| b.is_ascii_digit());
        self.site_id.or_else(|| numeric.then(|| self.code.parse().ok()).flatten().filter(|n| *n > 0))
    }
}

/// One major a school offers (开设专业).
#[derive(Clone, Debug, PartialEq)]
pub struct Major {
    pub school: SchoolRef,
    /// 门类 (本科) or 专业大类 (专科).
    pub category: String,
    /// 专业类.
    pub class: String,
    /// 专业代码 of the national catalogue (080901).
    pub code: Option<String>,
    pub name: String,
    pub duration: Option<u8>,
    pub degree: Option<String>,
    pub distinctions: Vec<Distinction>,
}

/// One row of a 一分一段表.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScoreEntry {
    pub province: &'static Province,
    pub year: u16,
    pub track: Track,
    pub score: u16,
    /// The row is `700及以上`: everyone at this score or above.
    pub and_above: bool,
    /// 本段人数.
    pub count: Option<u32>,
    /// 累计人数: candidates at this score or above (the rank of this score).
    pub cumulative: u32,
}

/// The key every admission row shares (年, 省, 科类, 批次, 招生类型).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdmissionKey {
    pub year: u16,
    pub province: &'static Province,
    pub track: Track,
    pub batch: Batch,
    pub admission_type: AdmissionType,
}

impl AdmissionKey {
    fn order(&self) -> (u16, &'static str, Track, Batch, AdmissionType) {
        (self.year, self.province.name, self.track, self.batch, self.admission_type)
    }
}

impl Ord for AdmissionKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order().cmp(&other.order())
    }
}

impl PartialOrd for AdmissionKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::hash::Hash for AdmissionKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.order().hash(state);
    }
}

/// 批次线 (省控线) of one province, year, track and batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchLine {
    pub province: &'static Province,
    pub year: u16,
    pub track: Track,
    pub batch: Batch,
    pub line: u16,
}

/// A school as an admission row names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolRef {
    /// 院校代码 as printed in this province's publication (its catalogue code, which may
    /// differ from the school list's code).
    pub code: String,
    pub name: Option<String>,
    /// The school list's 院校代码 it was matched to (empty until the whole source is read).
    pub school: String,
}

/// A rank and whether the tool derived it from the 一分一段表 (the office published none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rank {
    pub value: u32,
    pub derived: bool,
}

/// One 院校专业组投档线 row (or, where a province does not volunteer by group, one 院校投档线
/// row: `group` is `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLine {
    pub key: AdmissionKey,
    pub school: SchoolRef,
    /// 专业组代码 (`01`; 第01组 is read as `01`).
    pub group: Option<String>,
    /// 选科要求 as published; empty under 文理分科.
    pub subjects: String,
    pub lowest: u16,
    pub lowest_rank: Option<Rank>,
    pub average: Option<f32>,
    pub highest: Option<u16>,
    /// 计划数.
    pub places: Option<u32>,
    /// 投档人数.
    pub admitted: Option<u32>,
}

/// One 专业录取分 row.
#[derive(Clone, Debug, PartialEq)]
pub struct MajorLine {
    pub key: AdmissionKey,
    pub school: SchoolRef,
    pub group: Option<String>,
    pub subjects: String,
    pub major_code: Option<String>,
    pub major: String,
    pub major_class: String,
    pub lowest: u16,
    pub lowest_rank: Option<Rank>,
    pub average: Option<f32>,
    pub highest: Option<u16>,
}

/// One 招生计划 row: places for one major.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub key: AdmissionKey,
    pub school: SchoolRef,
    pub group: Option<String>,
    pub subjects: String,
    pub major_code: Option<String>,
    pub major: String,
    pub major_class: String,
    pub places: u32,
    pub duration: Option<u8>,
    /// 元 a year; `None` when not published (待定).
    pub tuition: Option<u32>,
    pub remarks: String,
    /// 专业组有调整: this year's group continues another one (the same for every row of the
    /// group). Maps onto the 志愿表's `GroupChange` (year = the plan's year).
    pub change: Option<GroupChange>,
}

/// How a group differs from the group whose earlier lines it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupChangeKind {
    /// 改号: the same majors under another code from this year.
    Renamed,
    /// 拆分: cut out of a larger group this year.
    Split,
}

/// 专业组调整: the kind of change and the 专业组代码 before it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupChange {
    pub kind: GroupChangeKind,
    pub from: String,
}

/// Reads the cells of one row, reporting each problem at its cell.
pub(crate) struct RowReader<'a> {
    pub file: &'a str,
    pub row: &'a SheetRow,
    pub header: &'a HeaderMap,
    pub fixed: Fixed,
    pub report: &'a mut Report,
    /// An error was found: the row is left out.
    pub failed: bool,
}

impl RowReader<'_> {
    fn place(&self, col: Col) -> Place {
        match self.header.get(col) {
            Some(column) => Place::cell(self.file, self.row.number, column.clone()),
            None => Place::row(self.file, self.row.number),
        }
    }

    fn problem(&mut self, col: Col, kind: ProblemKind) {
        if kind.severity() == Severity::Error {
            self.failed = true;
        }
        let place = self.place(col);
        self.report.push(place, kind);
    }

    /// The cleaned text of a cell; `None` when the column is absent or the cell empty.
    fn cell(&self, col: Col) -> Option<&str> {
        let column = self.header.get(col)?;
        Some(values::clean(self.row.cell(column.index))).filter(|t| !t.is_empty())
    }

    fn text(&self, col: Col) -> String {
        self.cell(col).unwrap_or("").to_string()
    }

    fn optional_text(&self, col: Col) -> Option<String> {
        self.cell(col).map(str::to_string)
    }

    fn required_text(&mut self, col: Col) -> Option<String> {
        let value = self.optional_text(col);
        if value.is_none() {
            self.problem(col, ProblemKind::EmptyRequired);
        }
        value
    }

    /// A parsed optional cell: `None` when empty or wrong (reported).
    fn optional<T>(&mut self, col: Col, parse: impl Fn(&str) -> Result<T, ProblemKind>) -> Option<T> {
        let text = self.cell(col)?.to_string();
        parse(&text).map_err(|problem| self.problem(col, problem)).ok()
    }

    fn required<T>(&mut self, col: Col, parse: impl Fn(&str) -> Result<T, ProblemKind>) -> Option<T> {
        match self.cell(col).map(str::to_string) {
            Some(text) => parse(&text).map_err(|problem| self.problem(col, problem)).ok(),
            None => {
                self.problem(col, ProblemKind::EmptyRequired);
                None
            }
        }
    }

    /// A key column, which the manifest may fix for the whole file.
    fn key<T: Copy + PartialEq>(
        &mut self,
        col: Col,
        fixed: Option<T>,
        parse: impl Fn(&str) -> Result<T, ProblemKind>,
        show: impl Fn(T) -> String,
    ) -> Option<T> {
        match self.cell(col).map(str::to_string) {
            Some(text) => {
                let value = parse(&text).map_err(|problem| self.problem(col, problem)).ok()?;
                match fixed {
                    Some(f) if f != value => {
                        self.problem(col, ProblemKind::ManifestConflict { value: text, manifest: show(f) });
                        None
                    }
                    _ => Some(value),
                }
            }
            None => fixed.or_else(|| {
                self.problem(col, ProblemKind::EmptyRequired);
                None
            }),
        }
    }

    fn province_key(&mut self) -> Option<&'static Province> {
        self.key(Col::Province, self.fixed.province, values::province, |p| p.name.to_string())
    }

    fn year_key(&mut self) -> Option<u16> {
        self.key(Col::Year, self.fixed.year, values::year, |y| y.to_string())
    }

    /// 科类, checked against the province's system that year.
    fn track_key(&mut self, province: Option<&'static Province>, year: Option<u16>) -> Option<Track> {
        let track = self.key(Col::Track, self.fixed.track, values::track, |t| t.label().to_string())?;
        if let (Some(p), Some(y)) = (province, year) {
            let tracks = p.tracks(y);
            if !tracks.contains(&track) {
                self.problem(
                    Col::Track,
                    ProblemKind::TrackNotInYear {
                        province: p.name,
                        year: y,
                        track: track.label(),
                        tracks: tracks.iter().map(|t| t.label()).collect(),
                    },
                );
                return None;
            }
        }
        Some(track)
    }

    fn admission_key(&mut self) -> Option<AdmissionKey> {
        let province = self.province_key();
        let year = self.year_key();
        let track = self.track_key(province, year);
        let batch = self.key(Col::Batch, self.fixed.batch, values::batch, |b| b.label().to_string());
        let admission_type = self.optional(Col::AdmissionType, values::admission_type).unwrap_or_default();
        Some(AdmissionKey { year: year?, province: province?, track: track?, batch: batch?, admission_type })
    }

    /// A score within the province's maximum.
    fn score(&mut self, col: Col, province: &'static Province, required: bool) -> Option<u16> {
        let parse = |text: &str| {
            let t = values::clean(text);
            let n = values::whole_number(t.strip_suffix('分').unwrap_or(t))?;
            let max = province.max_score();
            if n > u64::from(max) {
                return Err(ProblemKind::ScoreOutOfRange {
                    value: n.min(u64::from(u32::MAX)) as u32,
                    max,
                    province: province.name,
                });
            }
            Ok(n as u16)
        };
        if required {
            self.required(col, parse)
        } else {
            self.optional(col, parse)
        }
    }

    fn rank(&mut self) -> Option<Rank> {
        self.optional(Col::LowestRank, |t| values::number_in(t, &["名"], 1, u64::from(RANK_MAX)))
            .map(|value| Rank { value: value as u32, derived: false })
    }

    fn count(&mut self, col: Col, required: bool) -> Option<u32> {
        let parse = |t: &str| values::number_in(t, &["人"], 0, u64::from(RANK_MAX)).map(|n| n as u32);
        if required {
            self.required(col, parse)
        } else {
            self.optional(col, parse)
        }
    }

    fn school_ref(&mut self) -> Option<SchoolRef> {
        let code = self.required_text(Col::SchoolCode)?;
        Some(SchoolRef { code, name: self.optional_text(Col::SchoolName), school: String::new() })
    }

    /// The 专业组 and its 选科: the group is required where the province volunteers by group,
    /// and a group needs its 选科要求.
    fn group_and_subjects(&mut self, key: &AdmissionKey) -> (Option<String>, String) {
        let group = self.optional_text(Col::GroupCode).map(|g| group_code(&g));
        let subjects = self.text(Col::Subjects);
        let province = key.province;
        if group.is_none() && province.uses_groups(key.year) {
            self.problem(
                Col::GroupCode,
                ProblemKind::MissingGroup { province: province.name, year: key.year },
            );
        }
        if let (Some(g), true) = (&group, subjects.is_empty()) {
            self.problem(Col::Subjects, ProblemKind::GroupWithoutSubjects { group: g.clone() });
        }
        (group, subjects)
    }

    pub fn school(&mut self) -> Option<School> {
        let code = self.required_text(Col::SchoolCode);
        let name = self.required_text(Col::SchoolName);
        let level = self.required(Col::Level, values::level);
        let kind = match self.cell(Col::Kind).map(str::to_string) {
            Some(text) => values::kind(&text).unwrap_or_else(|problem| {
                self.problem(Col::Kind, problem);
                Kind::Other
            }),
            None => Kind::Other,
        };
        let nature = match self.cell(Col::Nature).map(str::to_string) {
            Some(text) => values::nature(&text).unwrap_or_else(|problem| {
                self.problem(Col::Nature, problem);
                Nature::Other
            }),
            None => {
                self.problem(Col::Nature, ProblemKind::EmptyRequired);
                Nature::Other
            }
        };
        let province = self.required(Col::Province, values::province);
        let link = |r: &mut Self, col| r.optional(col, values::url);
        let website = link(self, Col::Website);
        let charter_url = link(self, Col::CharterUrl);
        let founded =
            self.optional(Col::Founded, |t| values::number_in(t, &["年"], 800, 2099).map(|y| y as u16));
        let upgrade_rate =
            self.optional(Col::UpgradeRate, |t| values::decimal(t.trim_end_matches('%'), 100.0));
        let site_id = self
            .optional(Col::SiteId, |t| values::number_in(t, &[], 1, u64::from(u32::MAX)).map(|n| n as u32));
        let followers = self.optional(Col::Followers, |t| values::number_in(t, &["人"], 0, 10_000_000_000));
        let mut accounts = Vec::new();
        for (col, kind) in [
            (Col::Wechat, AccountKind::Wechat),
            (Col::OfficialAccount, AccountKind::OfficialAccount),
            (Col::WorkWechat, AccountKind::WorkWechat),
        ] {
            if let Some(url) = link(self, col) {
                accounts.push((kind, url));
            }
        }
        Some(School {
            code: code?,
            name: name?,
            short_name: self.optional_text(Col::ShortName),
            pinyin: self.optional_text(Col::Pinyin),
            level: level?,
            kind,
            nature,
            province: province?,
            city: self.text(Col::City),
            website,
            admissions_phone: self.optional_text(Col::Phone),
            email: self.optional_text(Col::Email),
            address: self.optional_text(Col::Address),
            charter_url,
            founded,
            authority: self.optional_text(Col::Authority),
            tags: self.cell(Col::Tags).map(values::list).unwrap_or_default(),
            introduction: self.text(Col::Introduction),
            upgrade_rate,
            accounts,
            site_id,
            followers,
        })
    }

    pub fn major(&mut self) -> Option<Major> {
        let school = self.school_ref();
        let category = self.required_text(Col::Category);
        let class = self.required_text(Col::MajorClass);
        let name = self.required_text(Col::MajorName);
        let duration = self.optional(Col::Duration, values::duration);
        let mut distinctions = Vec::new();
        for item in self.cell(Col::Distinctions).map(values::list).unwrap_or_default() {
            if let Some(d) = self.optional_value(Col::Distinctions, &item, values::distinction) {
                distinctions.push(d);
            }
        }
        Some(Major {
            school: school?,
            category: category?,
            class: class?,
            code: self.optional_text(Col::MajorCode),
            name: name?,
            duration,
            degree: self.optional_text(Col::Degree),
            distinctions,
        })
    }

    fn optional_value<T>(
        &mut self,
        col: Col,
        text: &str,
        parse: impl Fn(&str) -> Result<T, ProblemKind>,
    ) -> Option<T> {
        parse(text).map_err(|problem| self.problem(col, problem)).ok()
    }

    pub fn score_entry(&mut self) -> Option<ScoreEntry> {
        let province = self.province_key();
        let year = self.year_key();
        let track = self.track_key(province, year);
        let province = province?;
        let (score, and_above) = match self.cell(Col::Score).map(str::to_string) {
            Some(text) => {
                let (number, and_above) = strip_and_above(&text);
                let max = province.max_score();
                match values::whole_number(number.strip_suffix('分').unwrap_or(number)) {
                    Ok(n) if n <= u64::from(max) => (Some(n as u16), and_above),
                    Ok(n) => {
                        let value = n.min(u64::from(u32::MAX)) as u32;
                        self.problem(
                            Col::Score,
                            ProblemKind::ScoreOutOfRange { value, max, province: province.name },
                        );
                        (None, and_above)
                    }
                    Err(problem) => {
                        self.problem(Col::Score, problem);
                        (None, and_above)
                    }
                }
            }
            None => {
                self.problem(Col::Score, ProblemKind::EmptyRequired);
                (None, false)
            }
        };
        let count = self.count(Col::Count, false);
        let cumulative = self.count(Col::Cumulative, true);
        Some(ScoreEntry {
            province,
            year: year?,
            track: track?,
            score: score?,
            and_above,
            count,
            cumulative: cumulative?,
        })
    }

    pub fn batch_line(&mut self) -> Option<BatchLine> {
        let province = self.province_key();
        let year = self.year_key();
        let track = self.track_key(province, year);
        let batch = self.key(Col::Batch, self.fixed.batch, values::batch, |b| b.label().to_string());
        let line = self.score(Col::Line, province?, true);
        Some(BatchLine { province: province?, year: year?, track: track?, batch: batch?, line: line? })
    }

    pub fn group_line(&mut self) -> Option<GroupLine> {
        let key = self.admission_key();
        let school = self.school_ref();
        let key = key?;
        let (group, subjects) = self.group_and_subjects(&key);
        let province = key.province;
        let lowest = self.score(Col::Lowest, province, true);
        let lowest_rank = self.rank();
        let average = self.optional(Col::Average, |t| values::decimal(t, f32::from(province.max_score())));
        let highest = self.score(Col::Highest, province, false);
        let places = self.count(Col::Places, false);
        let admitted = self.count(Col::Admitted, false);
        Some(GroupLine {
            key,
            school: school?,
            group,
            subjects,
            lowest: lowest?,
            lowest_rank,
            average,
            highest,
            places,
            admitted,
        })
    }

    pub fn major_line(&mut self) -> Option<MajorLine> {
        let key = self.admission_key();
        let school = self.school_ref();
        let major = self.required_text(Col::MajorName);
        let key = key?;
        let (group, subjects) = self.group_and_subjects(&key);
        let province = key.province;
        let lowest = self.score(Col::Lowest, province, true);
        let lowest_rank = self.rank();
        let average = self.optional(Col::Average, |t| values::decimal(t, f32::from(province.max_score())));
        let highest = self.score(Col::Highest, province, false);
        Some(MajorLine {
            key,
            school: school?,
            group,
            subjects,
            major_code: self.optional_text(Col::MajorCode),
            major: major?,
            major_class: self.text(Col::MajorClass),
            lowest: lowest?,
            lowest_rank,
            average,
            highest,
        })
    }

    pub fn plan(&mut self) -> Option<Plan> {
        let key = self.admission_key();
        let school = self.school_ref();
        let major = self.required_text(Col::MajorName);
        let places = self.count(Col::Places, true);
        let duration = self.optional(Col::Duration, values::duration);
        let tuition = self.optional(Col::Tuition, values::tuition).flatten();
        let change = self.group_change();
        let key = key?;
        let (group, subjects) = self.group_and_subjects(&key);
        Some(Plan {
            key,
            school: school?,
            group,
            subjects,
            major_code: self.optional_text(Col::MajorCode),
            major: major?,
            major_class: self.text(Col::MajorClass),
            places: places?,
            duration,
            tuition,
            remarks: self.text(Col::Remarks),
            change: change?,
        })
    }

    /// 原专业组代码 and 专业组调整 go together: one without the other is an empty cell.
    /// `None` when that is wrong; `Some(None)` when the group did not change.
    fn group_change(&mut self) -> Option<Option<GroupChange>> {
        let from = self.optional_text(Col::PreviousGroup).map(|g| group_code(&g));
        let kind = self.optional(Col::GroupChange, values::group_change);
        match (from, kind, self.cell(Col::GroupChange).is_some()) {
            (None, None, false) => Some(None),
            (Some(from), Some(kind), _) => Some(Some(GroupChange { kind, from })),
            (None, _, _) => {
                self.problem(Col::PreviousGroup, ProblemKind::EmptyRequired);
                None
            }
            (Some(_), None, false) => {
                self.problem(Col::GroupChange, ProblemKind::EmptyRequired);
                None
            }
            // An unknown kind: already reported.
            (Some(_), None, true) => None,
        }
    }
}

/// `01` from `第01组`, `01组` or `01`.
pub fn group_code(text: &str) -> String {
    let t = values::clean(text);
    let t = t.strip_prefix('第').unwrap_or(t);
    let t = t.strip_suffix("专业组").or_else(|| t.strip_suffix('组')).unwrap_or(t);
    values::clean(t).to_string()
}

/// `700及以上`, `700分以上`, `≥700`: the number and whether it is the top bracket.
fn strip_and_above(text: &str) -> (&str, bool) {
    let t = values::clean(text);
    if let Some(rest) = t.strip_prefix('≥').or_else(|| t.strip_prefix(">=")) {
        return (values::clean(rest), true);
    }
    for suffix in ["及以上", "分及以上", "以上"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            return (values::clean(rest), true);
        }
    }
    (t, false)
}

/// Whether a row holds a single text (a note under the table, a title repeated on each page,
/// 续表): no kind of row has fewer than two required cells, so it cannot be data.
pub fn is_text_row(row: &SheetRow) -> bool {
    row.cells.iter().filter(|c| !values::clean(&c.text).is_empty()).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_codes_and_top_brackets_read_plainly() {
        assert_eq!(group_code("第01组"), "01");
        assert_eq!(group_code("01组"), "01");
        assert_eq!(group_code(" 105 "), "105");
        assert_eq!(strip_and_above("700及以上"), ("700", true));
        assert_eq!(strip_and_above("≥ 700"), ("700", true));
        assert_eq!(strip_and_above("699"), ("699", false));
    }
}
