//! The student's profile — 省份, 年份, 首选 (科类), 再选, 分数 and/or 位次 — remembered on the
//! device, the one place 分数线, 招生计划, 位次查询, 院校对比 and the 志愿表 read it from. Each of
//! those pages also carries it in its URL (`?province=&track=&subjects=&score=…`, read over
//! the remembered one with [`Profile::read`]), so a link opens with the profile it was made with.
//!
//! Kept in localStorage as the profile's JSON (`{province, year, track, subjects, score,
//! rank}`) under the key of its first version, which held `{province, track}` only: each
//! version reads what the other wrote (pure rules; the storage itself is `browser::storage`).

use crate::browser::json;
use portal_model::admissions::{Province, Track};
pub use portal_model::volunteer::profile::Profile;
use serde::{Deserialize, Serialize};

pub const STORAGE_KEY: &str = "haixia.admissions.v1";

/// The province and track alone, for the pages that need no more (the directory's 生源地).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// A province's short name (福建).
    pub province: String,
    pub track: Track,
}

impl Default for Choice {
    /// 福建 物理类, where most visitors come from.
    fn default() -> Self {
        Choice { province: "福建".into(), track: Track::Physics }
    }
}

impl From<&Profile> for Choice {
    fn from(p: &Profile) -> Choice {
        Choice { province: p.province.clone(), track: p.track }
    }
}

/// The stored choice; the default for anything missing, unreadable or unknown.
pub fn parse_stored(text: Option<&str>) -> Choice {
    read_stored(text).map(|p| Choice::from(&p)).unwrap_or_default()
}

/// The stored profile, if there is a readable one naming a known province and track. Values
/// out of range (a score of 1000, a year of 1900) are left out, as a URL's would be.
pub fn read_stored(text: Option<&str>) -> Option<Profile> {
    let text = text?;
    // A profile whose extra values do not decode still has its province and track.
    let decoded = json::from_str::<Profile>(text).ok().or_else(|| {
        json::from_str::<Choice>(text).ok().map(|c| Profile {
            province: c.province,
            track: c.track,
            ..Profile::default()
        })
    })?;
    let province = Province::find(&decoded.province)?;
    if decoded.track == Track::Other {
        return None;
    }
    let base = Profile { province: province.name.into(), track: decoded.track, ..Profile::default() };
    let (mut profile, _) = Profile::read(&decoded.to_pairs(), &base);
    profile.province = province.name.into();
    Some(profile)
}

pub fn to_stored(profile: &Profile) -> String {
    json::to_string(profile).unwrap_or_default()
}

/// The remembered profile (福建 物理类 and nothing else where none is, or storage is refused).
pub fn load_profile() -> Profile {
    stored_profile().unwrap_or_default()
}

/// The remembered profile, if the visitor set one.
pub fn stored_profile() -> Option<Profile> {
    read_stored(crate::browser::storage::get(STORAGE_KEY).ok().flatten().as_deref())
}

/// Remembers the profile; a browser that refuses storage just forgets it.
pub fn save_profile(profile: &Profile) {
    let _ = crate::browser::storage::set(STORAGE_KEY, &to_stored(profile));
}

/// Reads the remembered province and track.
pub fn load() -> Choice {
    Choice::from(&load_profile())
}

/// The remembered province and track, if the visitor chose them.
pub fn stored() -> Option<Choice> {
    stored_profile().map(|p| Choice::from(&p))
}

/// Remembers a province and track, keeping the rest of the profile (选科, 分数, 位次).
pub fn save(choice: &Choice) {
    save_profile(&with_choice(load_profile(), choice));
}

/// The profile with another province and track; its 再选 stay, its exam year goes when the
/// province changes (another province may not have it).
pub fn with_choice(profile: Profile, choice: &Choice) -> Profile {
    let year = if profile.province == choice.province { profile.year } else { None };
    Profile { province: choice.province.clone(), track: choice.track, year, ..profile }
}

/// A number as typed into 分数 / 位次: spaces, thousands separators (30,000, 30，000, 3 0000)
/// and leading zeros dropped, digits only (full-width digits, as Chinese keyboards may type
/// them, read too). `None` for anything else.
pub fn normalize_number(text: &str) -> Option<String> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '\'' | '’') && !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if digits.is_empty() || digits.len() > 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    Some(if trimmed.is_empty() { "0".into() } else { trimmed.into() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_model::volunteer::subjects::{Subject, SubjectSet};

    #[test]
    fn reads_the_stored_choice_or_the_default() {
        let c = Choice { province: "江西".into(), track: Track::History };
        assert_eq!(parse_stored(Some(&json::to_string(&c).expect("json"))), c);
        assert_eq!(parse_stored(Some(r#"{"province":"jiangxi","track":"history"}"#)), c);
        assert_eq!(parse_stored(None), Choice::default());
        assert_eq!(parse_stored(Some("{")), Choice::default());
        assert_eq!(parse_stored(Some(r#"{"province":"火星","track":"physics"}"#)), Choice::default());
        assert_eq!(parse_stored(Some(r#"{"province":"福建","track":"magic"}"#)), Choice::default());
    }

    #[test]
    fn the_profile_is_kept_whole_and_read_by_the_first_version_too() {
        let p = Profile {
            province: "福建".into(),
            year: Some(2025),
            track: Track::Physics,
            subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
            score: Some(560),
            rank: None,
        };
        let text = to_stored(&p);
        assert_eq!(read_stored(Some(&text)), Some(p.clone()));
        // What the first version reads of it: province and track.
        let old: Choice = json::from_str(&text).expect("first version's shape");
        assert_eq!(old, Choice { province: "福建".into(), track: Track::Physics });
        // What the first version wrote.
        assert_eq!(
            read_stored(Some(r#"{"province":"江西","track":"history"}"#)),
            Some(Profile { province: "江西".into(), track: Track::History, ..Profile::default() })
        );
    }

    #[test]
    fn tampered_values_are_left_out_not_the_profile() {
        let read = |t: &str| read_stored(Some(t)).expect(t);
        let p = read(
            r#"{"province":"fujian","track":"physics","score":1000,"rank":0,"year":1900,"subjects":"化学,烹饪"}"#,
        );
        assert_eq!((p.province.as_str(), p.score, p.rank, p.year), ("福建", None, None, None));
        assert_eq!(p.subjects, SubjectSet::of(&[Subject::Chemistry]), "stored subjects are read leniently");
        let p = read(r#"{"province":"福建","track":"physics","score":"lots","rank":-5}"#);
        assert_eq!((p.province.as_str(), p.track, p.score), ("福建", Track::Physics, None));
    }

    #[test]
    fn a_new_province_keeps_the_subjects_and_drops_the_year() {
        let p = Profile {
            year: Some(2024),
            subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
            score: Some(560),
            ..Profile::default()
        };
        let same = with_choice(p.clone(), &Choice { province: "福建".into(), track: Track::History });
        assert_eq!((same.year, same.track, same.score), (Some(2024), Track::History, Some(560)));
        let other = with_choice(p.clone(), &Choice { province: "江西".into(), track: Track::Physics });
        assert_eq!((other.year, other.subjects, other.score), (None, p.subjects, Some(560)));
    }

    #[test]
    fn normalizes_typed_numbers() {
        assert_eq!(normalize_number(" 560 ").as_deref(), Some("560"));
        assert_eq!(normalize_number("0012").as_deref(), Some("12"));
        assert_eq!(normalize_number("000").as_deref(), Some("0"));
        assert_eq!(normalize_number("５６０").as_deref(), Some("560"));
        for grouped in ["30,000", "30，000", "30 000", "3’0000", "３０，０００"] {
            assert_eq!(normalize_number(grouped).as_deref(), Some("30000"), "{grouped}");
        }
        assert_eq!(normalize_number(","), None);
        assert_eq!(normalize_number(""), None);
        assert_eq!(normalize_number("5.5"), None);
        assert_eq!(normalize_number("-3"), None);
        assert_eq!(normalize_number("1234567890"), None);
    }
}
