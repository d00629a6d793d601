//! The school directory's state as it lives in the URL query (`/schools?level=…&page=2`) and in
//! the API request (`GET /schools?…`): one type, one way to read it, one way to write it.

use crate::admissions::{Province, Track, RANK_MAX};
use crate::types::{Kind, Level, Nature};

/// How the directory is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SchoolSort {
    /// 按关注人数, most followed first (the default).
    #[default]
    Followers,
    /// 按名称, by 拼音.
    Name,
    /// 按去年最低位次 in the chosen 生源地 and 科类, most selective first; needs an origin
    /// (without one the list keeps the default order).
    Rank,
}

impl SchoolSort {
    pub const ALL: [SchoolSort; 3] = [SchoolSort::Followers, SchoolSort::Name, SchoolSort::Rank];
    pub fn code(self) -> &'static str {
        match self {
            SchoolSort::Followers => "followers",
            SchoolSort::Name => "name",
            SchoolSort::Rank => "rank",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SchoolSort::Followers => "按关注人数",
            SchoolSort::Name => "按名称拼音",
            SchoolSort::Rank => "按最低位次",
        }
    }
    pub fn from_code(code: &str) -> Option<SchoolSort> {
        SchoolSort::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Filters, name search, sort and page of the school directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchoolQuery {
    pub level: Option<Level>,
    pub kind: Option<Kind>,
    pub province: Option<String>,
    pub nature: Option<Nature>,
    /// Matched against the name, short name and 拼音.
    pub name: String,
    pub sort: SchoolSort,
    /// 生源地 and 科类 whose latest admission lines the list shows, sorts and filters by.
    pub origin: Option<Origin>,
    /// Only schools whose latest lowest rank in the origin is this rank or after it: the ones
    /// a candidate at this rank reached last year. Needs an origin.
    pub reach: Option<u32>,
    /// 1-based.
    pub page: u32,
}

/// A candidate's province of origin (its short name, 福建) and 科类.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub province: String,
    pub track: Track,
}

/// Reads `?page=N`; anything missing, zero or unreadable is page 1.
/// An id in a path (`/schools/7`): a plain positive integer, as docs/api.md says. `+7`, `07`,
/// `0` and ` 7` are not ids, so each id has exactly one URL (the app and the server agree).
pub fn parse_id(text: &str) -> Option<u32> {
    let plain = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0');
    plain.then(|| text.parse().ok()).flatten()
}

pub fn parse_page(value: Option<&str>) -> u32 {
    value.and_then(|v| v.trim().parse::<u32>().ok()).filter(|&p| p >= 1).unwrap_or(1)
}

impl SchoolQuery {
    /// Reads decoded query pairs. Unknown keys and unknown values are ignored rather than
    /// rejected: a hand-edited or outdated link still opens the directory.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> SchoolQuery {
        let mut q = SchoolQuery { page: 1, ..SchoolQuery::default() };
        let (mut from, mut track) = (None, None);
        for (key, value) in pairs {
            let value = value.as_ref().trim();
            match key.as_ref() {
                "level" => q.level = Level::from_code(value),
                "type" => q.kind = Kind::from_code(value),
                "province" => q.province = Some(value.to_string()).filter(|p| !p.is_empty()),
                "nature" => q.nature = Nature::from_code(value),
                "q" => q.name = value.chars().take(50).collect(),
                "sort" => q.sort = SchoolSort::from_code(value).unwrap_or_default(),
                "from" => from = Province::find(value).map(|p| p.name.to_string()),
                "track" => track = Track::from_code(value).filter(|t| *t != Track::Other),
                "reach" => q.reach = value.parse::<u32>().ok().filter(|r| (1..=RANK_MAX).contains(r)),
                "page" => q.page = parse_page(Some(value)),
                _ => {}
            }
        }
        // A 生源地 alone (`?from=福建`, a link typed or shared by hand) takes its province's
        // first 科类 today, rather than being dropped.
        q.origin = from.and_then(|province| {
            let first = || Province::find(&province)?.tracks(crate::admissions::YEAR_MAX).first().copied();
            let track = track.or_else(first)?;
            Some(Origin { province, track })
        });
        if q.origin.is_none() {
            q.reach = None;
        }
        q
    }

    /// The pairs that differ from the defaults, in a stable order, so equal states give equal
    /// URLs.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(level) = self.level {
            pairs.push(("level", level.code().to_string()));
        }
        if let Some(kind) = self.kind {
            pairs.push(("type", kind.code().to_string()));
        }
        if let Some(province) = &self.province {
            pairs.push(("province", province.clone()));
        }
        if let Some(nature) = self.nature {
            pairs.push(("nature", nature.code().to_string()));
        }
        if !self.name.is_empty() {
            pairs.push(("q", self.name.clone()));
        }
        if self.sort != SchoolSort::default() {
            pairs.push(("sort", self.sort.code().to_string()));
        }
        if let Some(origin) = &self.origin {
            pairs.push(("from", origin.province.clone()));
            pairs.push(("track", origin.track.code().to_string()));
            if let Some(reach) = self.reach {
                pairs.push(("reach", reach.to_string()));
            }
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    /// The same filters on another page.
    pub fn with_page(&self, page: u32) -> SchoolQuery {
        SchoolQuery { page: page.max(1), ..self.clone() }
    }

    /// Whether any filter or search narrows the list.
    pub fn is_filtered(&self) -> bool {
        self.level.is_some()
            || self.kind.is_some()
            || self.province.is_some()
            || self.nature.is_some()
            || !self.name.is_empty()
            || self.reach.is_some()
    }

    /// Whether the list is ordered by the origin's latest lowest rank.
    pub fn by_rank(&self) -> bool {
        self.sort == SchoolSort::Rank && self.origin.is_some()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn ids_are_plain_positive_integers() {
        assert_eq!(parse_id("7"), Some(7));
        assert_eq!(parse_id("4294967295"), Some(u32::MAX));
        for bad in ["", "0", "07", "+7", "-7", " 7", "7 ", "7a", "4294967296", "１"] {
            assert_eq!(parse_id(bad), None, "{bad:?}");
        }
    }

    use super::*;

    #[test]
    fn round_trips_through_pairs() {
        let q = SchoolQuery {
            level: Some(Level::Vocational),
            kind: Some(Kind::Engineering),
            province: Some("江西".into()),
            nature: Some(Nature::Public),
            name: "机电".into(),
            sort: SchoolSort::Name,
            origin: Some(Origin { province: "福建".into(), track: Track::Physics }),
            reach: Some(12000),
            page: 3,
        };
        assert_eq!(SchoolQuery::from_pairs(&q.to_pairs()), q);
    }

    #[test]
    fn an_origin_needs_a_known_province_and_track() {
        let read = |pairs: &[(&str, &str)]| SchoolQuery::from_pairs(pairs);
        let q = read(&[("from", "fujian"), ("track", "history"), ("reach", "8000"), ("sort", "rank")]);
        assert_eq!(q.origin, Some(Origin { province: "福建".into(), track: Track::History }));
        assert_eq!((q.reach, q.by_rank(), q.is_filtered()), (Some(8000), true, true));
        // A province alone, or with a track that is no track: its first track today.
        for pairs in [
            vec![("from", "福建"), ("reach", "8000")],
            vec![("from", "福建"), ("track", "chemistry"), ("reach", "8000")],
        ] {
            let q = read(&pairs);
            assert_eq!(
                q.origin,
                Some(Origin { province: "福建".into(), track: Track::Physics }),
                "{pairs:?}"
            );
            assert_eq!(q.reach, Some(8000));
        }
        assert_eq!(read(&[("from", "北京")]).origin.map(|o| o.track), Some(Track::Comprehensive));
        // A real track it no longer has stays asked for (and finds no lines).
        assert_eq!(
            read(&[("from", "福建"), ("track", "science")]).origin.map(|o| o.track),
            Some(Track::Science)
        );
        // A track alone, or an unknown province: no origin, so no reach and no rank order.
        for pairs in [
            vec![("track", "physics"), ("reach", "8000"), ("sort", "rank")],
            vec![("from", "火星"), ("track", "physics"), ("reach", "8000"), ("sort", "rank")],
        ] {
            let q = read(&pairs);
            assert_eq!((q.origin.clone(), q.reach, q.by_rank()), (None, None, false), "{pairs:?}");
        }
        for bad in ["0", "-5", "2000001", "1.5", "abc"] {
            assert_eq!(
                read(&[("from", "福建"), ("track", "physics"), ("reach", bad)]).reach,
                None,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn defaults_leave_the_query_empty() {
        let q = SchoolQuery::from_pairs::<&str, &str>(&[]);
        assert_eq!(q.page, 1);
        assert!(q.to_pairs().is_empty());
        assert!(!q.is_filtered());
    }

    #[test]
    fn ignores_unknown_and_bad_values() {
        let q = SchoolQuery::from_pairs(&[
            ("level", "doctorate"),
            ("type", "<script>"),
            ("page", "-4"),
            ("sort", "random"),
            ("province", "  "),
            ("utm_source", "wechat"),
        ]);
        assert_eq!(q, SchoolQuery { page: 1, ..SchoolQuery::default() });
    }

    #[test]
    fn reads_pages() {
        assert_eq!(parse_page(None), 1);
        assert_eq!(parse_page(Some("0")), 1);
        assert_eq!(parse_page(Some("7")), 7);
        assert_eq!(parse_page(Some("99999999999")), 1);
        assert_eq!(parse_page(Some("abc")), 1);
    }

    #[test]
    fn a_new_filter_value_keeps_the_others() {
        let q = SchoolQuery::from_pairs(&[("level", "undergraduate"), ("page", "4")]);
        assert_eq!(q.with_page(0).page, 1);
        assert_eq!(q.with_page(2).level, Some(Level::Undergraduate));
    }
}
