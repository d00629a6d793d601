//! The visitor's province and track for admission data (位次查询, 院校对比, 分数线), kept in
//! localStorage as `{province, track}` (pure rules; the storage itself is `browser::storage`).

use crate::browser::json;
use portal_model::admissions::{Province, Track};
use serde::{Deserialize, Serialize};

pub const STORAGE_KEY: &str = "haixia.admissions.v1";

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

/// The stored choice; the default for anything missing, unreadable or unknown.
pub fn parse_stored(text: Option<&str>) -> Choice {
    read_stored(text).unwrap_or_default()
}

/// The stored choice, if there is a readable one naming a known province and track.
pub fn read_stored(text: Option<&str>) -> Option<Choice> {
    text.and_then(|t| json::from_str::<Choice>(t).ok())
        .filter(|c| Province::find(&c.province).is_some() && c.track != Track::Other)
        .map(|c| Choice {
            province: Province::find(&c.province).map_or(c.province.clone(), |p| p.name.into()),
            ..c
        })
}

pub fn to_stored(choice: &Choice) -> String {
    json::to_string(choice).unwrap_or_default()
}

/// Reads the remembered choice (the default where storage is refused).
pub fn load() -> Choice {
    stored().unwrap_or_default()
}

/// The remembered choice, if the visitor made one.
pub fn stored() -> Option<Choice> {
    read_stored(crate::browser::storage::get(STORAGE_KEY).ok().flatten().as_deref())
}

/// Remembers the choice; a browser that refuses storage just forgets it.
pub fn save(choice: &Choice) {
    let _ = crate::browser::storage::set(STORAGE_KEY, &to_stored(choice));
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

    #[test]
    fn reads_the_stored_choice_or_the_default() {
        let c = Choice { province: "江西".into(), track: Track::History };
        assert_eq!(parse_stored(Some(&to_stored(&c))), c);
        assert_eq!(parse_stored(Some(r#"{"province":"jiangxi","track":"history"}"#)), c);
        assert_eq!(parse_stored(None), Choice::default());
        assert_eq!(parse_stored(Some("{")), Choice::default());
        assert_eq!(parse_stored(Some(r#"{"province":"火星","track":"physics"}"#)), Choice::default());
        assert_eq!(parse_stored(Some(r#"{"province":"福建","track":"magic"}"#)), Choice::default());
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
