//! Filling an empty database: from the bundled fixture files (the same files the fixtures
//! data source serves), or from a synthetic set of any size.

use portal_dataset::{ArticleRecord, Dataset, SchoolRecord};
use portal_model::fixtures as files;
use portal_model::{Article, Home, SchoolDirectory, SchoolPage, SearchResults};
use serde::de::DeserializeOwned;
use std::io;
use std::path::Path;

fn read<T: DeserializeOwned>(dir: &Path, rel: &str) -> io::Result<T> {
    let text = std::fs::read_to_string(dir.join(rel))?;
    serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{rel}: {e}")))
}

/// Reads a `data/` folder written by fixturegen back into a data set.
pub fn from_fixture_dir(dir: &Path) -> io::Result<Dataset> {
    let directory: SchoolDirectory = read(dir, &files::directory())?;
    let mut schools = Vec::new();
    for card in directory.schools.items {
        let page: SchoolPage = read(dir, &files::school(card.id))?;
        schools.push(SchoolRecord { card: page.school, profile: page.profile });
    }
    schools.sort_by_key(|s| s.card.id);
    let index: SearchResults = read(dir, &files::search_index())?;
    let mut articles = Vec::new();
    for summary in index.articles {
        let article: Article = read(dir, &files::article(summary.id))?;
        articles.push(ArticleRecord { info: article.info, body_html: article.body_html });
    }
    articles.sort_by_key(|a| a.info.id);
    let admissions = crate::admissions::from_fixture_dir(dir, &schools)?;
    // The editors' featured schools are the home page's, in its order.
    let home: Home = read(dir, &files::home())?;
    let featured = home.featured.iter().map(|c| c.id).collect();
    Ok(Dataset { schools, articles, admissions, featured, sources: Vec::new() })
}
