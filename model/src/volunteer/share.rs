//! A 志愿表 and its profile as a short, versioned text for the fragment of a share link (the
//! list travels in the link; no server keeps it):
//!
//! ```text
//! 1.fujian.p.2025.cb.560.23456.u.12-01-01,02-y_7-03--n
//! │ │      │ │    │  │   │     │ └ rows: school-group-majors-服从调剂(y/n), joined by _
//! │ │      │ │    │  │   │     └ batch (u 本科批, v 专科批 …)
//! │ │      │ │    │  │   └ rank (may be empty)
//! │ │      │ │    │  └ score (may be empty)
//! │ │      │ │    └ subjects, one letter each (c 化学, b 生物, z 政治, g 地理 …)
//! │ │      │ └ year (may be empty: the newest)
//! │ │      └ track (p 物理类, h 历史类, s 理科, l 文科, c 综合)
//! │ └ province key
//! └ version
//! ```
//!
//! Codes are written with every character but `0-9 A-Z a-z` percent-escaped, so no separator
//! can hide in them. Decoding never fails and never panics: whatever is valid is kept and each
//! thing left out is reported ([`Dropped`]) — a wrong province, a malformed row, 200 rows, a
//! group the data does not know ([`Decoded::keep_known`]).

use super::groups::GroupIndex;
use super::list::{ListRow, VolunteerList};
use super::profile::Profile;
use super::rules::BatchRules;
use super::subjects::Subject;
use crate::admissions::{Batch, Province, Track, YEAR_MAX, YEAR_MIN};
use crate::rank::{parse_rank, parse_score};
use crate::types::SchoolId;

/// The version this code writes (and the only one it reads).
pub const SHARE_VERSION: &str = "1";
/// Longer texts are cut here before reading (a URL fragment of a full list is far shorter).
pub const MAX_SHARE_LEN: usize = 8192;
/// Rows read at most, whatever the province allows (none allows more).
pub const MAX_SHARE_ROWS: usize = 120;

const TRACKS: [(Track, char); 5] = [
    (Track::Physics, 'p'),
    (Track::History, 'h'),
    (Track::Science, 's'),
    (Track::LiberalArts, 'l'),
    (Track::Comprehensive, 'c'),
];
const BATCHES: [(Batch, char); 5] = [
    (Batch::Undergraduate, 'u'),
    (Batch::Vocational, 'v'),
    (Batch::Early, 'e'),
    (Batch::UndergraduateFirst, '1'),
    (Batch::UndergraduateSecond, '2'),
];
const SUBJECTS: [(Subject, char); 7] = [
    (Subject::Physics, 'p'),
    (Subject::History, 'h'),
    (Subject::Chemistry, 'c'),
    (Subject::Biology, 'b'),
    (Subject::Politics, 'z'),
    (Subject::Geography, 'g'),
    (Subject::Technology, 't'),
];

fn letter<T: PartialEq + Copy>(table: &[(T, char)], value: T) -> char {
    table.iter().find(|(v, _)| *v == value).map_or('x', |(_, c)| *c)
}

fn from_letter<T: Copy>(table: &[(T, char)], text: &str) -> Option<T> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => table.iter().find(|(_, l)| *l == c).map(|(v, _)| *v),
        _ => None,
    }
}

/// Escapes every byte but `0-9 A-Z a-z`.
fn escape(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for b in code.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unescape(text: &str) -> Option<String> {
    let ok = text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'%');
    let code = crate::url::decode_component(text, false);
    (ok && !code.is_empty() && code.chars().count() <= 20).then_some(code)
}

/// The share text of a profile and its list.
pub fn encode(profile: &Profile, list: &VolunteerList) -> String {
    let key = Province::find(&profile.province).map_or("", |p| p.key);
    let subjects: String = profile.subjects.iter().map(|s| letter(&SUBJECTS, s)).collect();
    let num = |v: Option<String>| v.unwrap_or_default();
    let rows: Vec<String> = list
        .rows
        .iter()
        .map(|r| {
            let majors: Vec<String> = r.majors.iter().map(|m| escape(m)).collect();
            format!(
                "{}-{}-{}-{}",
                r.school,
                escape(&r.group),
                majors.join(","),
                if r.adjust { 'y' } else { 'n' }
            )
        })
        .collect();
    format!(
        "{SHARE_VERSION}.{key}.{}.{}.{subjects}.{}.{}.{}.{}",
        letter(&TRACKS, profile.track),
        num(profile.year.map(|y| y.to_string())),
        num(profile.score.map(|s| s.to_string())),
        num(profile.rank.map(|r| r.to_string())),
        letter(&BATCHES, list.batch),
        rows.join("_")
    )
}

/// Something a decoded link had that was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// Not a share text of a version this code reads.
    Unreadable,
    /// Cut to [`MAX_SHARE_LEN`] before reading.
    TooLong,
    UnknownProvince(String),
    UnknownTrack(String),
    /// A profile value that did not read (year, subjects, score, rank, batch).
    Value {
        field: &'static str,
        value: String,
    },
    /// A row that did not read; `position` is 0-based in the link.
    Row {
        position: usize,
        text: String,
    },
    Repeated {
        position: usize,
    },
    /// Rows past the limit (the province's, or [`MAX_SHARE_ROWS`]).
    TooManyRows {
        kept: usize,
        dropped: usize,
    },
    /// A group the data does not have this year.
    UnknownGroup {
        position: usize,
        school: SchoolId,
        group: String,
    },
    /// A group of another batch than the list's.
    OtherBatch {
        position: usize,
        batch: Batch,
        list: Batch,
    },
    UnknownMajor {
        position: usize,
        major: String,
    },
    TooManyMajors {
        position: usize,
        kept: usize,
    },
}

impl Dropped {
    pub fn message(&self) -> String {
        let short = |t: &str| t.chars().take(24).collect::<String>();
        match self {
            Dropped::Unreadable => "链接中的志愿表无法识别（可能不完整或来自其他版本），未导入".into(),
            Dropped::TooLong => "链接过长，超出部分未导入".into(),
            Dropped::UnknownProvince(p) => format!("链接中的省份“{}”无法识别，志愿表未导入", short(p)),
            Dropped::UnknownTrack(t) => format!("链接中的科类“{}”无法识别，志愿表未导入", short(t)),
            Dropped::Value { field, value } => format!("链接中的{field}“{}”无法识别，已忽略", short(value)),
            Dropped::Row { position, text } => {
                format!("第{}个志愿“{}”格式不正确，已忽略", position + 1, short(text))
            }
            Dropped::Repeated { position } => format!("第{}个志愿重复，已忽略", position + 1),
            Dropped::TooManyRows { kept, dropped } => format!("志愿超过{kept}个，多出的{dropped}个未导入"),
            Dropped::UnknownGroup { position, group, .. } => {
                format!("第{}个志愿的专业组（代码 {}）在当前数据中不存在，已忽略", position + 1, short(group))
            }
            Dropped::OtherBatch { position, batch, list } => format!(
                "第{}个志愿是{}的专业组，这张志愿表填的是{}，已忽略",
                position + 1,
                batch.label(),
                list.label()
            ),
            Dropped::UnknownMajor { position, major } => {
                format!("第{}个志愿的专业（代码 {}）今年不招生，已去掉", position + 1, short(major))
            }
            Dropped::TooManyMajors { position, kept } => {
                format!("第{}个志愿的专业超过{kept}个，多出的已去掉", position + 1)
            }
        }
    }
}

/// What a link held, and what was left out of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// `None` when the link named no usable province and track (then the list is empty).
    pub profile: Option<Profile>,
    pub list: VolunteerList,
    pub dropped: Vec<Dropped>,
    /// Each row's position in the link, for messages after [`keep_known`](Self::keep_known).
    positions: Vec<usize>,
}

/// Reads a share text (the fragment without `#`). Never panics; see [`Decoded::dropped`].
pub fn decode(text: &str) -> Decoded {
    let mut dropped = Vec::new();
    let mut text = text.trim();
    if text.len() > MAX_SHARE_LEN {
        let mut cut = MAX_SHARE_LEN;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text = &text[..cut];
        dropped.push(Dropped::TooLong);
    }
    let empty = |dropped: Vec<Dropped>| Decoded {
        profile: None,
        list: VolunteerList::new(Batch::Undergraduate),
        dropped,
        positions: Vec::new(),
    };
    let parts: Vec<&str> = text.splitn(9, '.').collect();
    if parts.len() != 9 || parts[0] != SHARE_VERSION {
        dropped.push(Dropped::Unreadable);
        return empty(dropped);
    }
    let Some(province) = Province::find(parts[1]) else {
        dropped.push(Dropped::UnknownProvince(parts[1].into()));
        return empty(dropped);
    };
    let Some(track) = from_letter(&TRACKS, parts[2]) else {
        dropped.push(Dropped::UnknownTrack(parts[2].into()));
        return empty(dropped);
    };
    let mut profile = Profile { province: province.name.into(), track, ..Profile::default() };
    let mut value =
        |field: &'static str, text: &str| dropped.push(Dropped::Value { field, value: text.into() });
    if !parts[3].is_empty() {
        match parts[3].parse::<u16>().ok().filter(|y| (YEAR_MIN..=YEAR_MAX).contains(y)) {
            Some(y) => profile.year = Some(y),
            None => value("年份", parts[3]),
        }
    }
    for c in parts[4].chars() {
        match SUBJECTS.iter().find(|(_, l)| *l == c) {
            Some((s, _)) => profile.subjects = profile.subjects.with(*s),
            None => value("选科", &c.to_string()),
        }
    }
    if matches!(track, Track::Physics | Track::History) {
        profile.subjects = profile.subjects.without(if track == Track::Physics {
            Subject::Physics
        } else {
            Subject::History
        });
    }
    if !parts[5].is_empty() {
        match parse_score(parts[5]) {
            Ok(s) => profile.score = Some(s),
            Err(_) => value("分数", parts[5]),
        }
    }
    if !parts[6].is_empty() {
        match parse_rank(parts[6]) {
            Ok(r) => profile.rank = Some(r),
            Err(_) => value("位次", parts[6]),
        }
    }
    let batch = from_letter(&BATCHES, parts[7]).unwrap_or_else(|| {
        value("批次", parts[7]);
        Batch::Undergraduate
    });
    let mut rows: Vec<ListRow> = Vec::new();
    let mut positions = Vec::new();
    let texts: Vec<&str> = if parts[8].is_empty() { Vec::new() } else { parts[8].split('_').collect() };
    for (position, row_text) in texts.iter().enumerate() {
        if rows.len() == MAX_SHARE_ROWS {
            dropped.push(Dropped::TooManyRows { kept: MAX_SHARE_ROWS, dropped: texts.len() - position });
            break;
        }
        let Some(row) = read_row(row_text) else {
            dropped.push(Dropped::Row { position, text: (*row_text).into() });
            continue;
        };
        if rows.iter().any(|r| r.school == row.school && r.group == row.group) {
            dropped.push(Dropped::Repeated { position });
            continue;
        }
        rows.push(row);
        positions.push(position);
    }
    Decoded { profile: Some(profile), list: VolunteerList::with_rows(batch, rows), dropped, positions }
}

fn read_row(text: &str) -> Option<ListRow> {
    let parts: Vec<&str> = text.split('-').collect();
    let [school, group, majors, adjust] = parts.as_slice() else { return None };
    let school: SchoolId = crate::query::parse_id(school)?;
    let group = unescape(group)?;
    let majors = if majors.is_empty() {
        Vec::new()
    } else {
        majors.split(',').take(32).map(unescape).collect::<Option<Vec<String>>>()?
    };
    let adjust = match *adjust {
        "y" => true,
        "n" => false,
        _ => return None,
    };
    Some(ListRow { school, group, majors, adjust })
}

impl Decoded {
    /// Drops rows whose group the index does not have or belongs to another batch, majors the
    /// group does not offer, and whatever exceeds the batch's limits, reporting each.
    pub fn keep_known(&mut self, index: &GroupIndex, rules: Option<&BatchRules>) {
        let mut kept = Vec::new();
        let mut positions = Vec::new();
        let rows = std::mem::take(&mut self.list.rows);
        for (mut row, position) in rows.into_iter().zip(self.positions.iter().copied()) {
            let Some(group) = index.group(row.school, &row.group) else {
                self.dropped.push(Dropped::UnknownGroup { position, school: row.school, group: row.group });
                continue;
            };
            if group.batch != self.list.batch {
                self.dropped.push(Dropped::OtherBatch {
                    position,
                    batch: group.batch,
                    list: self.list.batch,
                });
                continue;
            }
            let majors = std::mem::take(&mut row.majors);
            for code in majors {
                if group.major(&code).is_none() {
                    self.dropped.push(Dropped::UnknownMajor { position, major: code });
                } else if !row.majors.contains(&code) {
                    row.majors.push(code);
                }
            }
            if let Some(max) = rules.map(|r| r.majors).filter(|m| row.majors.len() > *m) {
                row.majors.truncate(max);
                self.dropped.push(Dropped::TooManyMajors { position, kept: max });
            }
            kept.push(row);
            positions.push(position);
        }
        let limit = rules.map_or(MAX_SHARE_ROWS, |r| r.groups);
        if kept.len() > limit {
            self.dropped.push(Dropped::TooManyRows { kept: limit, dropped: kept.len() - limit });
            kept.truncate(limit);
            positions.truncate(limit);
        }
        self.list.rows = kept;
        self.positions = positions;
    }

    /// Every message, in order, for a notice on the page.
    pub fn messages(&self) -> Vec<String> {
        self.dropped.iter().map(Dropped::message).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::groups::Group;
    use super::super::subjects::SubjectSet;
    use super::super::testdata::{group, index};
    use super::*;

    fn plan() -> (Profile, VolunteerList) {
        let profile = Profile {
            province: "福建".into(),
            year: Some(2025),
            track: Track::Physics,
            subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
            score: Some(560),
            rank: Some(23_456),
        };
        let list = VolunteerList::with_rows(
            Batch::Undergraduate,
            vec![
                ListRow {
                    school: 12,
                    group: "01".into(),
                    majors: vec!["01".into(), "02".into()],
                    adjust: true,
                },
                ListRow { school: 7, group: "03".into(), majors: vec![], adjust: false },
            ],
        );
        (profile, list)
    }

    #[test]
    fn round_trips_and_stays_short() {
        let (profile, list) = plan();
        let text = encode(&profile, &list);
        assert_eq!(text, "1.fujian.p.2025.cb.560.23456.u.12-01-01,02-y_7-03--n");
        let back = decode(&text);
        assert_eq!((back.profile.as_ref(), &back.list, back.dropped.len()), (Some(&profile), &list, 0));
        let bare = decode(&encode(&Profile::default(), &VolunteerList::new(Batch::Vocational)));
        assert_eq!(
            (bare.profile, bare.list.rows.len(), bare.list.batch),
            (Some(Profile::default()), 0, Batch::Vocational)
        );
    }

    #[test]
    fn odd_codes_are_escaped() {
        let (profile, _) = plan();
        let list = VolunteerList::with_rows(
            Batch::Undergraduate,
            vec![ListRow { school: 3, group: "A-1_.".into(), majors: vec!["专1".into()], adjust: true }],
        );
        let text = encode(&profile, &list);
        assert!(text.ends_with("3-A%2D1%5F%2E-%E4%B8%931-y"), "{text}");
        assert_eq!(decode(&text).list, list);
    }

    #[test]
    fn tampered_links_keep_what_is_valid() {
        let garbage = decode("<script>alert(1)</script>");
        assert_eq!((garbage.profile, garbage.dropped), (None, vec![Dropped::Unreadable]));
        let mars = decode("1.mars.p.2025.cb.560..u.1-01--y");
        assert_eq!(mars.dropped, vec![Dropped::UnknownProvince("mars".into())]);
        assert!(mars.list.rows.is_empty());
        assert_eq!(mars.messages(), vec!["链接中的省份“mars”无法识别，志愿表未导入"]);
        let bad = decode("1.jiangxi.h.20x5.zq.999.0.?.1-01--y_oops_1-01-01-y_2-01--maybe_3-02--n");
        let p = bad.profile.clone().expect("profile");
        assert_eq!(
            (p.province.as_str(), p.track, p.year, p.score, p.rank),
            ("江西", Track::History, None, None, None)
        );
        assert_eq!(p.subjects, SubjectSet::of(&[Subject::Politics]));
        assert_eq!(bad.list.rows.iter().map(|r| r.school).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(
            bad.messages(),
            vec![
                "链接中的年份“20x5”无法识别，已忽略",
                "链接中的选科“q”无法识别，已忽略",
                "链接中的分数“999”无法识别，已忽略",
                "链接中的位次“0”无法识别，已忽略",
                "链接中的批次“?”无法识别，已忽略",
                "第2个志愿“oops”格式不正确，已忽略",
                "第3个志愿重复，已忽略",
                "第4个志愿“2-01--maybe”格式不正确，已忽略",
            ]
        );
    }

    #[test]
    fn two_hundred_rows_are_cut_to_the_limit() {
        let rows: Vec<String> = (1..=200).map(|i| format!("{i}-01--y")).collect();
        let mut d = decode(&format!("1.fujian.p.....u.{}", rows.join("_")));
        assert_eq!(d.list.rows.len(), MAX_SHARE_ROWS);
        assert!(d.dropped.contains(&Dropped::TooManyRows { kept: MAX_SHARE_ROWS, dropped: 80 }));
        let ix = index((1..=50).map(|i| group(i, "01", "不限", &[(2025, 1000 * i)])).collect());
        let rules = BatchRules { batch: Batch::Undergraduate, groups: 40, majors: 6, adjustment: true };
        d.keep_known(&ix, Some(&rules));
        assert_eq!(d.list.rows.len(), 40);
        assert!(d.dropped.contains(&Dropped::TooManyRows { kept: 40, dropped: 10 }), "{:?}", d.dropped);
        assert_eq!(d.dropped.iter().filter(|x| matches!(x, Dropped::UnknownGroup { .. })).count(), 70);
    }

    #[test]
    fn unknown_groups_and_majors_are_dropped_against_the_data() {
        let ix = index(vec![group(1, "01", "不限", &[(2025, 1000)])]);
        let mut d = decode("1.fujian.p.....u.1-01-01,09,02,01-y_2-05-01-y");
        let rules = BatchRules { batch: Batch::Undergraduate, groups: 40, majors: 1, adjustment: true };
        d.keep_known(&ix, Some(&rules));
        assert_eq!(d.list.rows.len(), 1);
        assert_eq!(d.list.rows[0].majors, ["01"]);
        assert_eq!(
            d.messages(),
            vec![
                "第1个志愿的专业（代码 09）今年不招生，已去掉",
                "第1个志愿的专业超过1个，多出的已去掉",
                "第2个志愿的专业组（代码 05）在当前数据中不存在，已忽略",
            ]
        );
    }

    #[test]
    fn groups_of_another_batch_are_dropped() {
        let vocational = Group { batch: Batch::Vocational, ..group(2, "01", "不限", &[(2025, 1000)]) };
        let ix = index(vec![group(1, "01", "不限", &[(2025, 1000)]), vocational]);
        let mut d = decode("1.fujian.p.....u.2-01--y_1-01--y");
        d.keep_known(&ix, None);
        assert_eq!(d.list.rows.iter().map(|r| r.school).collect::<Vec<_>>(), vec![1]);
        assert_eq!(d.messages(), vec!["第1个志愿是专科批的专业组，这张志愿表填的是本科批，已忽略"]);
    }

    #[test]
    fn huge_input_is_cut_not_choked_on() {
        let long = format!("1.fujian.p.....u.{}", "1-01--y_".repeat(5000));
        let d = decode(&long);
        assert!(d.dropped.contains(&Dropped::TooLong));
        assert_eq!(d.list.rows.len(), 1, "every row after the first repeats it");
        let chinese = "福".repeat(5000);
        assert_eq!(decode(&chinese).dropped, vec![Dropped::TooLong, Dropped::Unreadable]);
    }
}
