//! Pieces of SQL built from a query: search terms as LIKE patterns, page clamping, and the
//! home page's editorial list read from `meta`.

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

/// The home page's editorial list of featured schools (kept in `meta` as a JSON array of ids
/// by the load), or `None` when there is none (the most followed are shown).
pub fn featured(meta: Option<&str>) -> Option<Vec<portal_model::SchoolId>> {
    let ids: Vec<portal_model::SchoolId> =
        meta.and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default();
    (!ids.is_empty()).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

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
