//! Filtering, sorting, paging and search over in-memory lists. The fixtures data source runs
//! these in the browser; the reference server runs the same rules, so both answer alike.

use std::collections::HashMap;

use crate::admissions::{RankIndex, YearLowest};
use crate::query::{SchoolQuery, SchoolSort};
use crate::types::{ArticleSummary, Page, SchoolCard, SchoolId, SchoolLowest};

/// Rows per page of the school directory.
pub const SCHOOLS_PER_PAGE: u32 = 20;
/// Rows per page of news lists (a school's news, a tag).
pub const ARTICLES_PER_PAGE: u32 = 15;
/// At most this many articles are listed for one search.
pub const SEARCH_ARTICLE_LIMIT: usize = 50;

/// One page of `items`; a page past the end shows the last page, a page before 1 the first.
pub fn paginate<T: Clone>(items: &[T], page: u32, page_size: u32) -> Page<T> {
    let page_size = page_size.max(1);
    let total = u32::try_from(items.len()).unwrap_or(u32::MAX);
    let last = total.div_ceil(page_size).max(1);
    let page = page.clamp(1, last);
    let start = ((page - 1) * page_size) as usize;
    let end = (start + page_size as usize).min(items.len());
    Page { items: items.get(start..end).unwrap_or_default().to_vec(), page, page_size, total }
}

/// Folds what a visitor types into what we compare: ASCII and full-width Latin letters in lower
/// case, white space and control characters dropped (Chinese is written without spaces, so
/// 厦门 大学 finds 厦门大学; a `%00` is no search term, where SQL would read it as the end).
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .map(|c| match c {
            // Full-width ASCII (ＡＢＣ１２３) to half-width.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a normalized needle occurs in any of the fields.
fn any_contains(needle: &str, fields: &[&str]) -> bool {
    needle.is_empty() || fields.iter().any(|f| normalize(f).contains(needle))
}

fn school_matches_name(school: &SchoolCard, needle: &str) -> bool {
    any_contains(needle, &[&school.name, &school.short_name, &school.pinyin])
}

/// The directory: filters, name search, sort, then one page.
pub fn filter_schools(all: &[SchoolCard], query: &SchoolQuery) -> Page<SchoolCard> {
    directory_page(all, query, None).0
}

/// The directory with the origin's admission lines (`lines`, the rank index of the query's
/// origin; `None` where it has none): the filters, then `reach`, the sort (by the latest
/// lowest rank for [`SchoolSort::Rank`]), one page, and the latest lowest line of each school
/// on it. "Latest" is the index's last year: a school without a line that year has none.
pub fn directory_page(
    all: &[SchoolCard],
    query: &SchoolQuery,
    lines: Option<&RankIndex>,
) -> (Page<SchoolCard>, Vec<SchoolLowest>) {
    directory_page_by(all, query, lines, |s| s.followers)
}

/// [`directory_page`] with each school's follower count given by `followers` (the server's
/// live count over the cards it keeps); the cards on the page carry that count.
pub fn directory_page_by(
    all: &[SchoolCard],
    query: &SchoolQuery,
    lines: Option<&RankIndex>,
    followers: impl Fn(&SchoolCard) -> u64,
) -> (Page<SchoolCard>, Vec<SchoolLowest>) {
    let latest: HashMap<SchoolId, YearLowest> = lines
        .and_then(|index| {
            let year = *index.years.last()?;
            Some(
                index
                    .schools
                    .iter()
                    .filter_map(|row| Some((row.id, *row.lowest.iter().find(|l| l.year == year)?)))
                    .collect(),
            )
        })
        .unwrap_or_default();
    let needle = normalize(&query.name);
    let mut rows: Vec<&SchoolCard> = all
        .iter()
        .filter(|s| query.level.is_none_or(|l| s.level == l))
        .filter(|s| query.kind.is_none_or(|k| s.kind == k))
        .filter(|s| query.nature.is_none_or(|n| s.nature == n))
        .filter(|s| query.province.as_ref().is_none_or(|p| &s.province == p))
        .filter(|s| school_matches_name(s, &needle))
        .filter(|s| {
            query.reach.is_none_or(|r| latest.get(&s.id).and_then(|l| l.rank).is_some_and(|x| x >= r))
        })
        .collect();
    let by_followers =
        |a: &&SchoolCard, b: &&SchoolCard| followers(b).cmp(&followers(a)).then(a.id.cmp(&b.id));
    if query.by_rank() {
        // Ranked schools first, most selective first; then those with only a score (highest
        // first); then those without a line, by followers.
        let key = |s: &SchoolCard| match latest.get(&s.id) {
            Some(YearLowest { rank: Some(rank), .. }) => (0, *rank, 0),
            Some(l) => (1, 0, u16::MAX - l.score),
            None => (2, 0, 0),
        };
        rows.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| by_followers(a, b)));
    } else {
        match query.sort {
            SchoolSort::Name => rows.sort_by(|a, b| a.pinyin.cmp(&b.pinyin).then(a.name.cmp(&b.name))),
            SchoolSort::Followers | SchoolSort::Rank => rows.sort_by(by_followers),
        }
    }
    let page = paginate(&rows, query.page, SCHOOLS_PER_PAGE);
    let lowest = page
        .items
        .iter()
        .filter_map(|s| latest.get(&s.id).map(|l| SchoolLowest { id: s.id, lowest: *l }))
        .collect();
    let page = Page {
        items: page.items.into_iter().map(|s| SchoolCard { followers: followers(s), ..s.clone() }).collect(),
        page: page.page,
        page_size: page.page_size,
        total: page.total,
    };
    (page, lowest)
}

/// The provinces present in a list, in the order they first appear, for the province filter.
pub fn provinces(all: &[SchoolCard]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for school in all {
        if !school.province.is_empty() && !seen.contains(&school.province) {
            seen.push(school.province.clone());
        }
    }
    seen
}

/// The words of a search, normalized; control characters separate words like spaces.
pub fn search_terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| c.is_whitespace() || c.is_control())
        .map(normalize)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Schools and articles matching every word of the query. Schools match on their names and 拼音
/// (with its initials and short names), articles on title, summary, school name and tags; newest
/// articles first.
pub fn search(
    query: &str,
    schools: &[SchoolCard],
    articles: &[ArticleSummary],
) -> (Vec<SchoolCard>, Vec<ArticleSummary>) {
    let terms = search_terms(query);
    if terms.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut school_hits: Vec<SchoolCard> =
        schools.iter().filter(|s| terms.iter().all(|t| school_matches_name(s, t))).cloned().collect();
    school_hits.sort_by_key(|s| std::cmp::Reverse(s.followers));
    let mut article_hits: Vec<ArticleSummary> = articles
        .iter()
        .filter(|a| {
            terms.iter().all(|t| {
                any_contains(t, &[&a.title, &a.summary, &a.school_name])
                    || a.tags.iter().any(|tag| normalize(tag).contains(t.as_str()))
            })
        })
        .cloned()
        .collect();
    article_hits.sort_by(|a, b| b.published.cmp(&a.published).then(b.id.cmp(&a.id)));
    article_hits.truncate(SEARCH_ARTICLE_LIMIT);
    (school_hits, article_hits)
}

/// The edit distance of `a` and `b` in characters (insert, delete, replace, swap two
/// neighbours), or `None` once it is over 1: only one-character misses are suggested.
fn within_one(a: &[char], b: &[char]) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    match a.len().abs_diff(b.len()) {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            let swapped = diff.len() == 2
                && diff[1] == diff[0] + 1
                && a[diff[0]] == b[diff[1]]
                && a[diff[1]] == b[diff[0]];
            (diff.len() == 1 || swapped).then_some(1)
        }
        1 => {
            let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
            let at = (0..short.len()).find(|&i| long[i] != short[i]).unwrap_or(short.len());
            (long[at + 1..] == short[at..]).then_some(1)
        }
        _ => None,
    }
}

/// 你是不是要找: the name of the school whose name, short name or 拼音 word the query misses by
/// one character (夏门大学 and 厦门大字 for 厦门大学, xaimen for xiamen), or whose name has a
/// stretch the query misses so (夏门大 in 厦门大学); most followed first. Queries under three
/// characters suggest nothing: one character off in two is another word.
pub fn suggest(query: &str, schools: &[SchoolCard]) -> Option<String> {
    let q: Vec<char> = normalize(query).chars().collect();
    if q.len() < 3 {
        return None;
    }
    let mut ranked: Vec<&SchoolCard> = schools.iter().collect();
    ranked.sort_by_key(|s| std::cmp::Reverse(s.followers));
    let near = |word: &str| {
        let w: Vec<char> = normalize(word).chars().collect();
        w.len() >= 3 && within_one(&q, &w).is_some()
    };
    ranked
        .into_iter()
        .find(|s| {
            let name: Vec<char> = normalize(&s.name).chars().collect();
            let stretch = (q.len().saturating_sub(1)..=q.len() + 1)
                .filter(|&n| n >= 3 && n <= name.len())
                .any(|n| name.windows(n).any(|w| within_one(&q, w).is_some()));
            stretch
                || near(&s.short_name)
                || s.pinyin.split(['|', ' ']).any(near)
                || near(&s.pinyin.split('|').next().unwrap_or_default().replace(' ', ""))
        })
        .map(|s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Kind, Level, Nature};

    fn school(id: u32, name: &str, pinyin: &str, level: Level, province: &str, followers: u64) -> SchoolCard {
        SchoolCard {
            id,
            name: name.into(),
            short_name: String::new(),
            pinyin: pinyin.into(),
            level,
            kind: Kind::Engineering,
            nature: Nature::Public,
            province: province.into(),
            city: String::new(),
            tags: vec![],
            followers,
        }
    }

    fn sample() -> Vec<SchoolCard> {
        vec![
            school(1, "厦门大学", "xiamen daxue", Level::Undergraduate, "福建", 500),
            school(2, "江西机电职业技术学院", "jiangxi jidian", Level::Vocational, "江西", 149_000),
            school(3, "福州大学", "fuzhou daxue", Level::Undergraduate, "福建", 900),
        ]
    }

    #[test]
    fn paginates_and_clamps() {
        let items: Vec<u32> = (1..=45).collect();
        let p = paginate(&items, 3, 20);
        assert_eq!((p.items.clone(), p.page, p.total, p.total_pages()), ((41..=45).collect(), 3, 45, 3));
        assert_eq!(paginate(&items, 99, 20).page, 3);
        assert_eq!(paginate(&items, 0, 20).items[0], 1);
        let empty = paginate::<u32>(&[], 5, 20);
        assert_eq!((empty.page, empty.total_pages(), empty.items.len()), (1, 1, 0));
    }

    #[test]
    fn filters_by_level_and_province_and_sorts() {
        let q = SchoolQuery { level: Some(Level::Undergraduate), page: 1, ..Default::default() };
        let ids: Vec<u32> = filter_schools(&sample(), &q).items.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![3, 1], "most followed first");
        let q = SchoolQuery { sort: SchoolSort::Name, page: 1, ..Default::default() };
        let ids: Vec<u32> = filter_schools(&sample(), &q).items.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![3, 2, 1], "by pinyin");
        let q = SchoolQuery { province: Some("江西".into()), page: 1, ..Default::default() };
        assert_eq!(filter_schools(&sample(), &q).total, 1);
    }

    #[test]
    fn an_origin_orders_and_filters_by_the_latest_lowest_rank() {
        use crate::admissions::{RankIndex, RankRow, Track, YearLowest};
        use crate::query::Origin;
        let row = |id: u32, lines: &[(u16, u16, Option<u32>)]| RankRow {
            id,
            name: String::new(),
            level: Level::Undergraduate,
            lowest: lines.iter().map(|&(year, score, rank)| YearLowest { year, score, rank }).collect(),
        };
        let index = RankIndex {
            province: "福建".into(),
            track: Track::Physics,
            years: vec![2024, 2025],
            table: None,
            // 1: best rank last year; 3: a line last year without a rank; 2: only an older line.
            schools: vec![
                row(1, &[(2024, 640, Some(2100)), (2025, 630, Some(2500))]),
                row(2, &[(2024, 500, Some(60000))]),
                row(3, &[(2025, 560, None)]),
            ],
            sources: Vec::new(),
            derived_ranks: false,
        };
        let origin = Some(Origin { province: "福建".into(), track: Track::Physics });
        let q = SchoolQuery { sort: SchoolSort::Rank, origin: origin.clone(), page: 1, ..Default::default() };
        let (page, lowest) = directory_page(&sample(), &q, Some(&index));
        assert_eq!(page.items.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1, 3, 2]);
        assert_eq!(
            lowest.iter().map(|l| (l.id, l.lowest.year, l.lowest.rank)).collect::<Vec<_>>(),
            vec![(1, 2025, Some(2500)), (3, 2025, None)],
            "only last year's lines; 2 had none"
        );
        // A candidate at rank 2,000 reached school 1 last year; at 3,000 nothing with a rank.
        let reach = |r: u32| {
            let q = SchoolQuery { reach: Some(r), ..q.clone() };
            directory_page(&sample(), &q, Some(&index)).0.items.iter().map(|s| s.id).collect::<Vec<_>>()
        };
        assert_eq!((reach(2000), reach(2500), reach(3000)), (vec![1], vec![1], vec![]));
        // No lines for the origin: nothing reached, the order falls back to followers.
        let q = SchoolQuery { reach: Some(1), ..q.clone() };
        assert_eq!(directory_page(&sample(), &q, None).0.total, 0);
        let q = SchoolQuery { sort: SchoolSort::Rank, origin, page: 1, ..Default::default() };
        let (page, lowest) = directory_page(&sample(), &q, None);
        assert_eq!((page.items.iter().map(|s| s.id).collect::<Vec<_>>(), lowest), (vec![2, 3, 1], vec![]));
        // Rank order without an origin is the default order.
        let q = SchoolQuery { sort: SchoolSort::Rank, page: 1, ..Default::default() };
        assert_eq!(
            filter_schools(&sample(), &q).items.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![2, 3, 1]
        );
    }

    #[test]
    fn name_search_matches_chinese_pinyin_and_full_width() {
        for (needle, expect) in
            [("机电", 1), ("厦门 大学", 1), ("XIAMEN", 1), ("ｘｉａｍｅｎ", 1), ("大学", 2), ("北京", 0)]
        {
            let q = SchoolQuery { name: needle.into(), page: 1, ..Default::default() };
            assert_eq!(filter_schools(&sample(), &q).total, expect, "{needle}");
        }
    }

    #[test]
    fn search_needs_every_word_and_lists_newest_first() {
        let article = |id: u32, title: &str, date: &str| ArticleSummary {
            id,
            title: title.into(),
            school_id: 2,
            school_name: "江西机电职业技术学院".into(),
            published: date.into(),
            author: String::new(),
            views: 0,
            category: String::new(),
            summary: String::new(),
            tags: vec![],
        };
        let articles =
            vec![article(1, "产教融合共同体成立", "2023-11-21"), article(2, "技能大赛获奖", "2023-12-01")];
        let (schools, hits) = search("江西机电", &sample(), &articles);
        assert_eq!(schools.len(), 1);
        assert_eq!(hits.iter().map(|a| a.id).collect::<Vec<_>>(), vec![2, 1]);
        let (_, hits) = search("机电 共同体", &sample(), &articles);
        assert_eq!(hits.len(), 1);
        assert_eq!(search("   ", &sample(), &articles), (vec![], vec![]));
    }

    #[test]
    fn finds_schools_by_initials_and_short_names_and_articles_by_tag() {
        let mut schools = sample();
        schools[0].short_name = "厦大".into();
        schools[0].pinyin = "xiamen daxue|xmdx|xiada|xd".into();
        let article = ArticleSummary {
            id: 1,
            title: "共同体成立".into(),
            school_id: 2,
            school_name: String::new(),
            published: "2023-11-21".into(),
            author: String::new(),
            views: 0,
            category: String::new(),
            summary: String::new(),
            tags: vec!["产教融合".into()],
        };
        for q in ["xmdx", "XMDX", "xiada", "厦大", "厦门"] {
            assert_eq!(search(q, &schools, &[]).0.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1], "{q}");
        }
        // The words stay apart: nothing matches across the separator.
        assert!(search("daxuexmdx", &schools, &[]).0.is_empty());
        assert_eq!(search("产教融合", &schools, std::slice::from_ref(&article)).1.len(), 1);
    }

    #[test]
    fn suggests_the_school_a_query_misses_by_one_character() {
        let mut schools = sample();
        schools[0].pinyin = "xiamen daxue|xmdx".into();
        for q in ["夏门大学", "厦门大字", "厦门大", "夏门大", "厦门大学院", "xaimen", "xiamne"]
        {
            assert_eq!(suggest(q, &schools).as_deref(), Some("厦门大学"), "{q}");
        }
        assert_eq!(suggest("福洲大学", &schools).as_deref(), Some("福州大学"));
        for q in ["夏门", "北京大学", "火星", "", "xx"] {
            assert_eq!(suggest(q, &schools), None, "{q}");
        }
    }

    #[test]
    fn lists_provinces_once_in_order() {
        assert_eq!(provinces(&sample()), vec!["福建".to_string(), "江西".to_string()]);
    }
}
