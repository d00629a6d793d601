//! Pieces of SQL built from a query: the directory's filters and order, search terms as
//! LIKE patterns, and page clamping.

use super::db::Value;
use portal_model::list::normalize;
use portal_model::query::{SchoolQuery, SchoolSort};

/// A LIKE pattern matching `needle` anywhere, with `\` as the escape character.
pub fn like(needle: &str) -> String {
    let escaped = needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The 1-based page to show and its offset, clamped like `portal_model::list::paginate`.
pub fn clamp_page(page: u32, total: u32, size: u32) -> (u32, u32) {
    let last = total.div_ceil(size).max(1);
    let page = page.clamp(1, last);
    (page, (page - 1) * size)
}

/// The directory's filters as `WHERE …` (empty without filters) over `schools s`, and the
/// values of its placeholders (`$1` …). The name search matches the normalized columns, as
/// `model::list` matches in the browser.
pub fn school_filter(query: &SchoolQuery) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut add = |clause: &str, value: String| {
        values.push(Value::Text(value));
        clauses.push(clause.replace('?', &format!("${}", values.len())));
    };
    if let Some(level) = query.level {
        add("s.level = ?", level.code().into());
    }
    if let Some(kind) = query.kind {
        add("s.kind = ?", kind.code().into());
    }
    if let Some(nature) = query.nature {
        add("s.nature = ?", nature.code().into());
    }
    if let Some(province) = &query.province {
        add("s.province = ?", province.clone());
    }
    let needle = normalize(&query.name);
    if !needle.is_empty() {
        add("(s.name_norm LIKE ? ESCAPE '\\' OR s.short_norm LIKE ? ESCAPE '\\' OR s.pinyin_norm LIKE ? ESCAPE '\\')", like(&needle));
    }
    let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    (filter, values)
}

/// Every one of `terms` search terms (the LIKE patterns `$1` … `$terms`) in one of `columns`:
/// a column's name, or a condition with `{term}` where the pattern goes (`… LIKE {term}`).
pub fn each_term(terms: usize, columns: &[&str]) -> String {
    let term = |i: usize| {
        let pattern = format!("${i} ESCAPE '\\'");
        let any: Vec<String> = columns
            .iter()
            .map(|c| match c.contains("{term}") {
                true => c.replace("{term}", &pattern),
                false => format!("{c} LIKE {pattern}"),
            })
            .collect();
        format!("({})", any.join(" OR "))
    };
    (1..=terms).map(term).collect::<Vec<_>>().join(" AND ")
}

/// The directory's order by a card query's columns (column 11 is the follower count). Without
/// an origin, rank order is the default order (`model::list`); with one, the stores order in
/// `model::list::directory_page` instead.
pub fn school_order(sort: SchoolSort) -> &'static str {
    match sort {
        SchoolSort::Name => "ORDER BY s.pinyin, s.name",
        SchoolSort::Followers | SchoolSort::Rank => "ORDER BY 11 DESC, s.id",
    }
}

/// The home page's featured schools: `WHERE …` for the editors' list (kept in `meta` as a JSON
/// array of ids by the seed), or the most followed when there is none; and the ids to order
/// the cards by. The ids are numbers read back from our own JSON, written as literals.
pub fn featured_tail(meta: Option<&str>) -> (String, Vec<portal_model::SchoolId>) {
    let ids: Vec<portal_model::SchoolId> =
        meta.and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default();
    if ids.is_empty() {
        return (format!("ORDER BY 11 DESC, s.id LIMIT {}", portal_dataset::FEATURED_BY_DEFAULT), ids);
    }
    let list: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    (format!("WHERE s.id IN ({})", list.join(",")), ids)
}

/// Cards in the order of `ids` (all of them when `ids` is empty).
pub fn in_order(
    mut cards: Vec<portal_model::SchoolCard>,
    ids: &[portal_model::SchoolId],
) -> Vec<portal_model::SchoolCard> {
    if !ids.is_empty() {
        cards.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
    }
    cards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_number_their_placeholders() {
        let query =
            SchoolQuery::from_pairs(&[("level", "vocational"), ("province", "江西"), ("q", "10%_机电")]);
        let (sql, values) = school_filter(&query);
        let text = |s: &str| Value::Text(s.into());
        assert_eq!(values, vec![text("vocational"), text("江西"), text("%10\\%\\_机电%")]);
        assert!(sql.starts_with("WHERE s.level = $1 AND s.province = $2 AND (s.name_norm LIKE $3"), "{sql}");
        assert_eq!(school_filter(&SchoolQuery::default()), (String::new(), vec![]));
    }

    #[test]
    fn every_term_matches_one_of_the_columns() {
        assert_eq!(
            each_term(2, &["a", "b"]),
            "(a LIKE $1 ESCAPE '\\' OR b LIKE $1 ESCAPE '\\') AND (a LIKE $2 ESCAPE '\\' OR b LIKE $2 ESCAPE '\\')"
        );
    }

    #[test]
    fn pages_clamp_like_the_model() {
        assert_eq!(clamp_page(0, 45, 20), (1, 0));
        assert_eq!(clamp_page(99, 45, 20), (3, 40));
        assert_eq!(clamp_page(2, 0, 20), (1, 0));
    }
}
