//! The student's profile: province, exam year, track (首选 物理/历史, or 理科/文科 where the
//! province still splits that year), 再选 subjects, score and/or 位次. It lives in the URL of
//! every page that uses it, with the keys 位次查询 already reads (`province`, `track`, `score`,
//! `rank`, parsed by the same rules as [`RankQuery`](crate::rank::RankQuery)) plus `subjects`
//! and `year`:
//!
//! `?province=福建&track=physics&subjects=chemistry,biology&score=560`
//!
//! Reading is lenient for pages ([`Profile::read`]: a bad value keeps the previous one and is
//! reported) and strict for the API ([`Profile::from_pairs`]: 400 on a bad value).

use super::subjects::{rule_allows, Requirement, Subject, SubjectRule, SubjectSet};
use crate::admissions::{parse_year, Province, QueryError, ScoreTable, System, Track};
use crate::rank::{parse_rank, parse_score, Standing};
use serde::{Deserialize, Serialize};

/// The URL keys a profile uses, in the order [`Profile::to_pairs`] writes them.
pub const PROFILE_KEYS: [&str; 6] = ["province", "year", "track", "subjects", "score", "rank"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The province's short name (福建); anything else is reported by [`Profile::issues`].
    pub province: String,
    /// The 高考 year; `None` means the newest year the data has.
    #[serde(default)]
    pub year: Option<u16>,
    pub track: Track,
    /// 再选 under 3+1+2 (the 首选 is the track), the three chosen subjects under 3+3, nothing
    /// under 文理分科.
    #[serde(default)]
    pub subjects: SubjectSet,
    #[serde(default)]
    pub score: Option<u16>,
    /// 位次 as the student was told it; when given it wins over the score's rank in the table.
    #[serde(default)]
    pub rank: Option<u32>,
}

impl Default for Profile {
    /// 福建 物理类, where most visitors come from, nothing else known yet.
    fn default() -> Self {
        Profile {
            province: "福建".into(),
            year: None,
            track: Track::Physics,
            subjects: SubjectSet::EMPTY,
            score: None,
            rank: None,
        }
    }
}

/// A value of the profile that cannot be used, with the message the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileIssue {
    UnknownProvince(String),
    /// The track is not one of the province's that year (e.g. 物理类 in 江西 2023).
    TrackNotOffered {
        province: String,
        year: u16,
        track: Track,
        offered: &'static [Track],
    },
    /// 3+1+2 wants two of 化学/生物/思想政治/地理, 3+3 three subjects.
    SubjectCount {
        system: System,
        have: usize,
    },
    /// A subject that cannot be a 再选 (物理/历史 under 3+1+2, 技术 outside 浙江).
    SubjectNotAllowed(Subject),
    /// The 首选 given in `subjects` contradicts the track (历史 with 物理类).
    FirstSubjectMismatch(Subject),
    NoStanding,
    /// The rank lies past the last candidate of the 一分一段表.
    RankPastTable {
        rank: u32,
        year: u16,
        candidates: u32,
    },
}

impl ProfileIssue {
    pub fn message(&self) -> String {
        match self {
            ProfileIssue::UnknownProvince(p) => format!("没有“{p}”的招生数据，请选择省份"),
            ProfileIssue::TrackNotOffered { province, year, track, offered } => format!(
                "{province}{year}年没有{}，请选择{}",
                track.label(),
                offered.iter().map(|t| t.label()).collect::<Vec<_>>().join("或")
            ),
            ProfileIssue::SubjectCount { system: System::ThreeThree, have } => {
                format!("请选择三门选考科目（已选{have}门）")
            }
            ProfileIssue::SubjectCount { have, .. } => {
                format!("请从化学、生物、思想政治、地理中选两门再选科目（已选{have}门）")
            }
            ProfileIssue::SubjectNotAllowed(s) => format!("{}不能作为再选科目", s.label()),
            ProfileIssue::FirstSubjectMismatch(s) => format!("所选科类的首选科目不是{}", s.label()),
            ProfileIssue::NoStanding => "请输入分数或位次".into(),
            ProfileIssue::RankPastTable { rank, year, candidates } => {
                format!("位次 {rank} 超出了{year}年一分一段表的人数（共 {candidates} 人）")
            }
        }
    }
}

impl Profile {
    /// Reads URL pairs over `base`: each key present replaces `base`'s value; a value that is
    /// malformed keeps `base`'s and is reported (the first of a repeated key counts; empty
    /// values count as absent; other keys are ignored). For pages: a hand-edited link still
    /// opens with what it got right.
    pub fn read<K: AsRef<str>, V: AsRef<str>>(
        pairs: &[(K, V)],
        base: &Profile,
    ) -> (Profile, Vec<QueryError>) {
        let mut p = base.clone();
        let mut errors = Vec::new();
        let get = |key: &str| {
            pairs.iter().find(|(k, v)| k.as_ref() == key && !v.as_ref().is_empty()).map(|(_, v)| v.as_ref())
        };
        if let Some(v) = get("province") {
            // As the rank query: a name that is no province is kept and reported by `issues`.
            p.province = Province::find(v).map_or_else(|| v.chars().take(20).collect(), |p| p.name.into());
        }
        if let Some(v) = get("track") {
            match Track::from_code(v).filter(|t| *t != Track::Other) {
                Some(t) => p.track = t,
                None => errors.push(QueryError::Missing("track")),
            }
        }
        if let Some(v) = get("year") {
            p.year = kept(parse_year(v), &mut errors).or(p.year);
        }
        if let Some(v) = get("score") {
            p.score = kept(parse_score(v), &mut errors).or(p.score);
        }
        if let Some(v) = get("rank") {
            p.rank = kept(parse_rank(v), &mut errors).or(p.rank);
        }
        if let Some(v) = get("subjects") {
            let read = SubjectSet::read(v).map_err(|_| QueryError::Subjects);
            p.subjects = kept(read, &mut errors).unwrap_or(p.subjects);
        }
        // The 首选 written among the subjects is the track's: keep the 再选 only.
        p.subjects = match p.track {
            Track::Physics => p.subjects.without(Subject::Physics),
            Track::History => p.subjects.without(Subject::History),
            _ => p.subjects,
        };
        (p, errors)
    }

    /// Reads URL pairs strictly (the API): province and track are required, a malformed value
    /// is an error (400), and `needs_standing` asks for a score or a rank too.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: &[(K, V)],
        needs_standing: bool,
    ) -> Result<Profile, QueryError> {
        let given = |key: &str| pairs.iter().any(|(k, v)| k.as_ref() == key && !v.as_ref().is_empty());
        if !given("province") {
            return Err(QueryError::Missing("province"));
        }
        if !given("track") {
            return Err(QueryError::Missing("track"));
        }
        let (mut profile, errors) = Profile::read(pairs, &Profile::default());
        // As in the rank query, a track that does not exist finds nothing rather than failing.
        let unknown_track = QueryError::Missing("track");
        if errors.contains(&unknown_track) {
            profile.track = Track::Other;
        }
        if let Some(e) = errors.iter().find(|e| **e != unknown_track) {
            return Err(*e);
        }
        if needs_standing && profile.standing().is_none() {
            return Err(QueryError::Missing("standing"));
        }
        Ok(profile)
    }

    /// The pairs of the URL, in [`PROFILE_KEYS`] order; unknown values left out.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("province", self.province.clone())];
        if let Some(y) = self.year {
            pairs.push(("year", y.to_string()));
        }
        pairs.push(("track", self.track.code().to_string()));
        if !self.subjects.is_empty() {
            pairs.push(("subjects", self.subjects.codes()));
        }
        if let Some(s) = self.score {
            pairs.push(("score", s.to_string()));
        }
        if let Some(r) = self.rank {
            pairs.push(("rank", r.to_string()));
        }
        pairs
    }

    /// The exam year: the one chosen, or `newest` (the newest year of the data).
    pub fn exam_year(&self, newest: u16) -> u16 {
        self.year.unwrap_or(newest)
    }

    /// What the student typed, as 位次查询 reads it (the rank wins over the score).
    pub fn standing(&self) -> Option<Standing> {
        self.rank.map(Standing::Rank).or(self.score.map(Standing::Score))
    }

    /// The system of the province that year (`None` for an unknown province).
    pub fn system(&self, year: u16) -> Option<System> {
        Province::find(&self.province).map(|p| p.system(year))
    }

    /// Every subject the student took: the 首选 of the track and the 再选 (3+1+2), the chosen
    /// three (3+3). What 选科要求 are checked against.
    pub fn taken(&self) -> SubjectSet {
        match self.track {
            Track::Physics => self.subjects.with(Subject::Physics),
            Track::History => self.subjects.with(Subject::History),
            _ => self.subjects,
        }
    }

    /// Whether the student said which subjects they took; until then 选科要求 filter nothing
    /// (a page says so) rather than hide every group with a 再选 requirement.
    pub fn subjects_known(&self) -> bool {
        !self.subjects.is_empty()
    }

    /// Whether the student may apply to a group with this 选科要求: the subjects they took meet
    /// it. Until they said which subjects they took, every group is open (a page says 选科未填).
    pub fn eligible(&self, requirement: &Requirement) -> bool {
        self.eligible_by(requirement.rule)
    }

    /// [`eligible`](Self::eligible) for a rule already read (`None`: unreadable, open to all).
    pub fn eligible_by(&self, rule: Option<SubjectRule>) -> bool {
        !self.subjects_known() || rule_allows(rule, self.taken())
    }

    /// The student's rank in `table`: the rank given, or the score's rank.
    pub fn rank_in(&self, table: Option<&ScoreTable>) -> Option<u32> {
        self.rank.or_else(|| self.score.and_then(|s| table?.rank_of(s)))
    }

    /// The student's score: the score given, or the score at the given rank in `table`.
    pub fn score_in(&self, table: Option<&ScoreTable>) -> Option<u16> {
        self.score.or_else(|| self.rank.and_then(|r| table?.score_at_rank(r)))
    }

    /// What keeps the profile from being used for `year` (an empty list when it is complete),
    /// checked against the year's 一分一段表 where one is given.
    pub fn issues(&self, year: u16, table: Option<&ScoreTable>) -> Vec<ProfileIssue> {
        let mut issues = Vec::new();
        let Some(province) = Province::find(&self.province) else {
            return vec![ProfileIssue::UnknownProvince(self.province.clone())];
        };
        let system = province.system(year);
        let offered = province.tracks(year);
        if !offered.contains(&self.track) {
            issues.push(ProfileIssue::TrackNotOffered {
                province: province.name.into(),
                year,
                track: self.track,
                offered,
            });
        }
        match system {
            System::ThreeOneTwo => {
                if self.subjects.contains(other_first(self.track)) {
                    issues.push(ProfileIssue::FirstSubjectMismatch(other_first(self.track)));
                }
                let electives = SubjectSet::of(&Subject::ELECTIVES);
                if let Some(s) =
                    self.subjects.iter().find(|s| !electives.contains(*s) && *s != other_first(self.track))
                {
                    issues.push(ProfileIssue::SubjectNotAllowed(s));
                }
                let have = self.subjects.iter().filter(|s| electives.contains(*s)).count();
                if have != 2 {
                    issues.push(ProfileIssue::SubjectCount { system, have });
                }
            }
            System::ThreeThree => {
                if self.subjects.contains(Subject::Technology) && province.name != "浙江" {
                    issues.push(ProfileIssue::SubjectNotAllowed(Subject::Technology));
                }
                if self.subjects.len() != 3 {
                    issues.push(ProfileIssue::SubjectCount { system, have: self.subjects.len() });
                }
            }
            _ => {}
        }
        match (self.standing(), table) {
            (None, _) => issues.push(ProfileIssue::NoStanding),
            (Some(Standing::Rank(rank)), Some(t)) if t.candidates() > 0 && rank > t.candidates() => {
                issues.push(ProfileIssue::RankPastTable { rank, year: t.year, candidates: t.candidates() })
            }
            _ => {}
        }
        issues
    }
}

/// The value, or `None` with its error noted.
fn kept<T>(value: Result<T, QueryError>, errors: &mut Vec<QueryError>) -> Option<T> {
    value.map_err(|e| errors.push(e)).ok()
}

/// The 首选 of the other 3+1+2 track (历史 for 物理类); a subject no 3+1+2 student has as
/// 再选.
fn other_first(track: Track) -> Subject {
    match track {
        Track::History => Subject::Physics,
        _ => Subject::History,
    }
}

impl From<String> for SubjectSet {
    /// Lenient (stored data): parts that are no subject are left out.
    fn from(text: String) -> SubjectSet {
        text.split(',').filter_map(Subject::read).fold(SubjectSet::EMPTY, SubjectSet::with)
    }
}

impl From<SubjectSet> for String {
    fn from(set: SubjectSet) -> String {
        set.codes()
    }
}

impl Serialize for SubjectSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.codes())
    }
}

impl<'de> Deserialize<'de> for SubjectSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SubjectSet, D::Error> {
        String::deserialize(d).map(SubjectSet::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Subject::*;

    fn read(pairs: &[(&str, &str)]) -> (Profile, Vec<QueryError>) {
        Profile::read(pairs, &Profile::default())
    }

    #[test]
    fn round_trips_through_url_pairs() {
        let p = Profile {
            province: "江西".into(),
            year: Some(2025),
            track: Track::History,
            subjects: SubjectSet::of(&[Politics, Geography]),
            score: Some(560),
            rank: Some(23_456),
        };
        let pairs = p.to_pairs();
        assert_eq!(pairs.iter().map(|(k, _)| *k).collect::<Vec<_>>(), PROFILE_KEYS);
        assert_eq!(
            read(&pairs.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()),
            (p.clone(), vec![])
        );
        assert_eq!(Profile::from_pairs(&pairs, true), Ok(p));
        assert_eq!(
            Profile::default().to_pairs(),
            vec![("province", "福建".into()), ("track", "physics".into())]
        );
    }

    #[test]
    fn reads_what_students_and_old_links_write() {
        let (p, errors) = read(&[
            ("province", "fujian"),
            ("track", "physics"),
            ("subjects", "物理,化学,生物"),
            ("score", "560"),
            ("utm_source", "wechat"),
        ]);
        assert!(errors.is_empty());
        assert_eq!((p.province.as_str(), p.subjects), ("福建", SubjectSet::of(&[Chemistry, Biology])));
        assert_eq!(p.taken(), SubjectSet::of(&[Physics, Chemistry, Biology]));
        assert_eq!(p.standing(), Some(Standing::Score(560)));
        // A 位次查询 link of today is a profile without subjects.
        let (old, errors) = read(&[("province", "福建"), ("track", "history"), ("rank", "3000")]);
        assert!(errors.is_empty() && !old.subjects_known());
        assert_eq!((old.track, old.rank), (Track::History, Some(3000)));
    }

    #[test]
    fn bad_values_keep_the_previous_ones_and_are_reported() {
        let base = Profile {
            score: Some(500),
            subjects: SubjectSet::of(&[Chemistry, Biology]),
            ..Profile::default()
        };
        let (p, errors) = Profile::read(
            &[
                ("score", "99999"),
                ("rank", "0"),
                ("year", "20x5"),
                ("subjects", "化学,音乐"),
                ("track", "magic"),
            ],
            &base,
        );
        assert_eq!(p, base);
        assert_eq!(
            errors,
            vec![
                QueryError::Missing("track"),
                QueryError::Year,
                QueryError::Score,
                QueryError::Rank,
                QueryError::Subjects
            ]
        );
        assert!(errors.iter().all(|e| !e.message().is_empty()));
        assert_eq!(QueryError::Subjects.message(), "选科格式不正确");
    }

    #[test]
    fn the_api_reads_strictly() {
        for (pairs, error) in [
            (vec![("track", "physics"), ("score", "500")], QueryError::Missing("province")),
            (vec![("province", "福建"), ("score", "500")], QueryError::Missing("track")),
            (vec![("province", "福建"), ("track", "physics")], QueryError::Missing("standing")),
            (vec![("province", "福建"), ("track", "physics"), ("score", "+5")], QueryError::Score),
            (
                vec![("province", "福建"), ("track", "physics"), ("rank", "9"), ("subjects", "x")],
                QueryError::Subjects,
            ),
        ] {
            assert_eq!(Profile::from_pairs(&pairs, true), Err(error), "{pairs:?}");
        }
        assert!(Profile::from_pairs(&[("province", "福建"), ("track", "physics")], false).is_ok());
        let unknown = Profile::from_pairs(&[("province", "火星"), ("track", "magic"), ("rank", "9")], true);
        assert_eq!(
            unknown.map(|p| (p.province, p.track)),
            Ok(("火星".into(), Track::Other)),
            "finds nothing"
        );
    }

    #[test]
    fn issues_name_what_to_fix_in_chinese() {
        let table = ScoreTable { year: 2025, top: 700, ranks: vec![10, 100, 1000], source: None };
        let complete = Profile {
            subjects: SubjectSet::of(&[Chemistry, Biology]),
            score: Some(560),
            ..Profile::default()
        };
        assert_eq!(complete.issues(2025, Some(&table)), vec![]);
        let messages =
            |p: &Profile, year| p.issues(year, Some(&table)).iter().map(|i| i.message()).collect::<Vec<_>>();
        let bare = Profile::default();
        assert_eq!(
            messages(&bare, 2025),
            vec!["请从化学、生物、思想政治、地理中选两门再选科目（已选0门）", "请输入分数或位次"]
        );
        let jiangxi = Profile { province: "江西".into(), ..complete.clone() };
        assert_eq!(messages(&jiangxi, 2023), vec!["江西2023年没有物理类，请选择理科或文科"]);
        let history_in_physics =
            Profile { subjects: SubjectSet::of(&[History, Chemistry]), ..complete.clone() };
        assert!(messages(&history_in_physics, 2025).contains(&"所选科类的首选科目不是历史".to_string()));
        let zhejiang = Profile {
            province: "浙江".into(),
            track: Track::Comprehensive,
            subjects: SubjectSet::of(&[Physics, Chemistry, Technology]),
            ..complete.clone()
        };
        assert_eq!(zhejiang.issues(2025, None), vec![]);
        let beijing = Profile { province: "北京".into(), ..zhejiang.clone() };
        assert_eq!(beijing.issues(2025, None), vec![ProfileIssue::SubjectNotAllowed(Technology)]);
        let far = Profile { rank: Some(5000), ..complete.clone() };
        assert_eq!(messages(&far, 2025), vec!["位次 5000 超出了2025年一分一段表的人数（共 1000 人）"]);
        let mars = Profile { province: "火星".into(), ..complete };
        assert_eq!(messages(&mars, 2025), vec!["没有“火星”的招生数据，请选择省份"]);
    }

    #[test]
    fn eligibility_needs_the_subjects_taken() {
        let chemistry = Requirement::new("首选物理，再选化学");
        let known = Profile { subjects: SubjectSet::of(&[Chemistry, Biology]), ..Profile::default() };
        assert!(known.eligible(&chemistry));
        let other = Profile { subjects: SubjectSet::of(&[Politics, Geography]), ..Profile::default() };
        assert!(!other.eligible(&chemistry));
        let history = Profile { track: Track::History, ..known.clone() };
        assert!(!history.eligible(&chemistry), "the 首选 is the track's");
        assert!(Profile::default().eligible(&chemistry), "without 选科 nothing is ruled out");
    }

    #[test]
    fn a_score_and_a_rank_find_each_other_in_the_table() {
        let table = ScoreTable { year: 2025, top: 700, ranks: vec![10, 100, 1000], source: None };
        let by_score = Profile { score: Some(699), ..Profile::default() };
        assert_eq!((by_score.rank_in(Some(&table)), by_score.score_in(Some(&table))), (Some(100), Some(699)));
        let by_rank = Profile { rank: Some(50), ..Profile::default() };
        assert_eq!((by_rank.rank_in(Some(&table)), by_rank.score_in(Some(&table))), (Some(50), Some(699)));
        assert_eq!(by_score.rank_in(None), None);
        assert_eq!(by_rank.rank_in(None), Some(50));
    }

    #[test]
    fn stored_profiles_decode_leniently() {
        let p: Profile = serde_json::from_str(
            r#"{"province":"福建","track":"physics","subjects":"chemistry,biology,magic","score":560}"#,
        )
        .expect("decode");
        assert_eq!(p.subjects, SubjectSet::of(&[Chemistry, Biology]));
        let back: Profile = serde_json::from_str(&serde_json::to_string(&p).expect("json")).expect("again");
        assert_eq!(back, p);
    }
}
