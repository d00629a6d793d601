//! Filtering, sorting, paging and search over in-memory lists. The fixtures data source runs
//! these in the browser; the reference server runs the same rules, so both answer alike.

use crate::query::{SchoolQuery, SchoolSort};
use crate::types::{ArticleSummary, Page, SchoolCard};

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
/// case, white space dropped (Chinese is written without spaces, so 厦门 大学 finds 厦门大学).
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
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
    let needle = normalize(&query.name);
    let mut rows: Vec<&SchoolCard> = all
        .iter()
        .filter(|s| query.level.is_none_or(|l| s.level == l))
        .filter(|s| query.kind.is_none_or(|k| s.kind == k))
        .filter(|s| query.nature.is_none_or(|n| s.nature == n))
        .filter(|s| query.province.as_ref().is_none_or(|p| &s.province == p))
        .filter(|s| school_matches_name(s, &needle))
        .collect();
    match query.sort {
        SchoolSort::Followers => rows.sort_by(|a, b| b.followers.cmp(&a.followers).then(a.id.cmp(&b.id))),
        SchoolSort::Name => rows.sort_by(|a, b| a.pinyin.cmp(&b.pinyin).then(a.name.cmp(&b.name))),
    }
    let page = paginate(&rows, query.page, SCHOOLS_PER_PAGE);
    Page {
        items: page.items.into_iter().cloned().collect(),
        page: page.page,
        page_size: page.page_size,
        total: page.total,
    }
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

/// Schools and articles matching every word of the query. Schools match on their names and 拼音,
/// articles on title, summary and school name; newest articles first.
pub fn search(
    query: &str,
    schools: &[SchoolCard],
    articles: &[ArticleSummary],
) -> (Vec<SchoolCard>, Vec<ArticleSummary>) {
    let terms: Vec<String> = query.split_whitespace().map(normalize).filter(|t| !t.is_empty()).collect();
    if terms.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut school_hits: Vec<SchoolCard> =
        schools.iter().filter(|s| terms.iter().all(|t| school_matches_name(s, t))).cloned().collect();
    school_hits.sort_by_key(|s| std::cmp::Reverse(s.followers));
    let mut article_hits: Vec<ArticleSummary> = articles
        .iter()
        .filter(|a| terms.iter().all(|t| any_contains(t, &[&a.title, &a.summary, &a.school_name])))
        .cloned()
        .collect();
    article_hits.sort_by(|a, b| b.published.cmp(&a.published).then(b.id.cmp(&a.id)));
    article_hits.truncate(SEARCH_ARTICLE_LIMIT);
    (school_hits, article_hits)
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
    fn lists_provinces_once_in_order() {
        assert_eq!(provinces(&sample()), vec!["福建".to_string(), "江西".to_string()]);
    }
}
