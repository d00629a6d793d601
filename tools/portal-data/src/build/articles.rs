//! Articles: numbered (the front matter's `id`, else the next free number in order of
//! publication), their school named, a summary taken from the body where none is given.

use super::SchoolIds;
use crate::source::Source;
use portal_dataset::{ArticleRecord, SchoolRecord};
use portal_model::{ArticleId, ArticleSummary};

/// How much of the body a summary made from it keeps.
const SUMMARY_CHARS: usize = 80;

pub(super) fn records(source: &Source, ids: &SchoolIds, schools: &[SchoolRecord]) -> Vec<ArticleRecord> {
    let school_name =
        |id| schools.binary_search_by_key(&id, |s| s.card.id).ok().map(|i| schools[i].card.name.clone());
    let mut next = source.articles.iter().filter_map(|a| a.value.id).max().unwrap_or(0);
    let mut unnumbered: Vec<_> =
        source.articles.iter().map(|a| &a.value).filter(|a| a.id.is_none()).collect();
    unnumbered.sort_by(|a, b| (&a.date, &a.school, &a.path).cmp(&(&b.date, &b.school, &b.path)));
    let numbered = source.articles.iter().map(|a| &a.value).filter_map(|a| Some((a.id?, a)));
    let assigned = unnumbered.into_iter().map(|a| {
        next += 1;
        (next, a)
    });
    let mut out: Vec<ArticleRecord> = numbered
        .chain(assigned.collect::<Vec<_>>())
        .filter_map(|(id, a): (ArticleId, _)| {
            let school_id = *ids.get(&a.school)?;
            Some(ArticleRecord {
                info: ArticleSummary {
                    id,
                    title: a.title.clone(),
                    school_id,
                    school_name: school_name(school_id)?,
                    published: a.date.clone(),
                    author: a.author.clone(),
                    views: a.views,
                    category: a.category.clone(),
                    summary: if a.summary.is_empty() { summary_of(&a.body_html) } else { a.summary.clone() },
                    tags: a.tags.clone(),
                },
                body_html: a.body_html.clone(),
            })
        })
        .collect();
    // Oldest first, as lists and 上一篇/下一篇 read them.
    out.sort_by(|a, b| (&a.info.published, a.info.id).cmp(&(&b.info.published, b.info.id)));
    out
}

/// The body's first words as plain text.
fn summary_of(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let text: String = fragment.root_element().text().collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    let plain = words.join(" ");
    let mut chars = plain.chars();
    let head: String = chars.by_ref().take(SUMMARY_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_summary_is_the_body_s_first_words() {
        assert_eq!(
            super::summary_of("<h2>总则</h2>\n<p>第一条 <b>招生</b>工作。</p>"),
            "总则 第一条 招生工作。"
        );
        let long = format!("<p>{}</p>", "字".repeat(100));
        assert_eq!(super::summary_of(&long).chars().count(), 81);
    }
}
