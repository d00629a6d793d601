//! The data set of 海峡高考门户: schools, articles, 招生数据, the home page's featured schools
//! and the documents every admission figure came from (数据来源), with the views the site
//! shows of it (home, directory, school pages, indexes).
//!
//! One shape, three users: `portal-data build` makes one from an operator's source folder and
//! writes it as the static files the fixtures source reads ([`write`]); the fixture generator
//! makes one for the demo and large test sets; the reference server seeds its database from
//! one (read back from those files). Nothing here reads a source folder or a database.
//!
//! | module | what it owns |
//! |---|---|
//! | this file | [`Dataset`], its records and the pages' views of it |
//! | [`admissions`] | 招生数据 per school, the 一分一段表, the rank and group indexes |
//! | [`profile`] | what a school page derives from a school's facts (基本信息) |
//! | [`write`] | every static file, under the layout of `portal_model::fixtures` |

pub mod admissions;
pub mod profile;
mod write;

pub use admissions::{Admissions, SchoolAdmissions, SchoolGroups};
pub use write::{demo_auth_methods, publish, replace_folder, write};

use portal_model::list;
use portal_model::sources::DataSource;
use portal_model::*;
use std::collections::BTreeMap;

/// A school with everything its pages show.
#[derive(Clone, Debug, PartialEq)]
pub struct SchoolRecord {
    pub card: SchoolCard,
    pub profile: SchoolProfile,
}

/// An article with its body.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleRecord {
    pub info: ArticleSummary,
    pub body_html: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    /// By id.
    pub schools: Vec<SchoolRecord>,
    /// By id; ids ascend with publication.
    pub articles: Vec<ArticleRecord>,
    /// 招生数据 of every school.
    pub admissions: Admissions,
    /// 首页推荐院校, in the editors' order (empty: the most followed).
    pub featured: Vec<SchoolId>,
    /// Every document the data came from (`sources.json`), by id.
    pub sources: Vec<DataSource>,
}

/// How many schools the home page features when the editors chose none.
pub const FEATURED_BY_DEFAULT: usize = 8;

impl Dataset {
    pub fn school(&self, id: SchoolId) -> Option<&SchoolRecord> {
        let i = self.schools.binary_search_by_key(&id, |s| s.card.id).ok()?;
        self.schools.get(i)
    }

    pub fn school_cards(&self) -> Vec<SchoolCard> {
        self.schools.iter().map(|s| s.card.clone()).collect()
    }

    /// A school's articles, newest first.
    pub fn articles_of(&self, school: SchoolId) -> Vec<&ArticleRecord> {
        let mut list: Vec<&ArticleRecord> =
            self.articles.iter().filter(|a| a.info.school_id == school).collect();
        list.reverse();
        list
    }

    /// Tags by how many articles carry them, then by name.
    pub fn tag_counts(&self) -> Vec<TagCount> {
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        for article in &self.articles {
            for tag in &article.info.tags {
                *counts.entry(tag).or_default() += 1;
            }
        }
        let mut tags: Vec<TagCount> =
            counts.into_iter().map(|(name, count)| TagCount { name: name.into(), count }).collect();
        tags.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        tags
    }

    /// The featured schools: the editors' list, or the most followed when they chose none.
    pub fn featured_cards(&self) -> Vec<SchoolCard> {
        if !self.featured.is_empty() {
            return self.featured.iter().filter_map(|&id| self.school(id)).map(|s| s.card.clone()).collect();
        }
        let mut by_followers = self.school_cards();
        by_followers.sort_by(|a, b| b.followers.cmp(&a.followers).then(a.id.cmp(&b.id)));
        by_followers.truncate(FEATURED_BY_DEFAULT);
        by_followers
    }

    pub fn home(&self) -> Home {
        Home {
            featured: self.featured_cards(),
            latest: self.articles.iter().rev().take(10).map(|a| a.info.clone()).collect(),
            hot_tags: self.tag_counts().into_iter().take(12).collect(),
        }
    }

    pub fn directory(&self) -> SchoolDirectory {
        let mut cards = self.school_cards();
        cards.sort_by(|a, b| b.followers.cmp(&a.followers).then(a.id.cmp(&b.id)));
        let total = cards.len() as u32;
        SchoolDirectory {
            provinces: list::provinces(&cards),
            schools: Page { items: cards, page: 1, page_size: total.max(1), total },
            lowest: Vec::new(),
        }
    }

    pub fn school_page(&self, record: &SchoolRecord) -> SchoolPage {
        SchoolPage {
            school: record.card.clone(),
            profile: record.profile.clone(),
            latest_news: self
                .articles_of(record.card.id)
                .into_iter()
                .take(6)
                .map(|a| a.info.clone())
                .collect(),
        }
    }

    /// The article at `index` of [`Dataset::articles`] with its school and neighbours; `None`
    /// when its school is not in the set.
    pub fn article(&self, index: usize) -> Option<Article> {
        let record = self.articles.get(index)?;
        let school = &self.school(record.info.school_id)?.card;
        let siblings: Vec<&ArticleRecord> =
            self.articles.iter().filter(|a| a.info.school_id == record.info.school_id).collect();
        let position = siblings.iter().position(|a| a.info.id == record.info.id).unwrap_or(0);
        let link = |a: &&ArticleRecord| ArticleLink { id: a.info.id, title: a.info.title.clone() };
        Some(Article {
            info: record.info.clone(),
            body_html: record.body_html.clone(),
            school: school.clone(),
            prev: position.checked_sub(1).and_then(|p| siblings.get(p)).map(link),
            next: siblings.get(position + 1).map(link),
        })
    }

    pub fn search_index(&self) -> SearchResults {
        SearchResults {
            query: String::new(),
            schools: self.school_cards(),
            articles: self.articles.iter().rev().map(|a| a.info.clone()).collect(),
            suggestion: None,
        }
    }

    /// Every article carrying a tag, newest first.
    pub fn tagged(&self, tag: &str) -> Vec<ArticleSummary> {
        self.articles
            .iter()
            .rev()
            .filter(|a| a.info.tags.iter().any(|t| t == tag))
            .map(|a| a.info.clone())
            .collect()
    }
}
