//! The fixtures data source: the JSON files bundled under `data/`, fetched over HTTP like any
//! API answer. Lists that an API would filter on the server (the directory, search) come as one
//! index file that is fetched once, kept, and filtered here with the same rules the server uses.

use super::fetch::Transport;
use super::ApiError;
use portal_model::fixtures as files;
use portal_model::list;
use portal_model::query::SchoolQuery;
use portal_model::*;
use serde::de::DeserializeOwned;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug)]
pub struct Fixtures {
    /// URL of the `data/` folder, without a trailing slash.
    root: String,
    transport: Transport,
    directory: Arc<Mutex<Option<Arc<SchoolDirectory>>>>,
    search_index: Arc<Mutex<Option<Arc<SearchResults>>>>,
}

impl Fixtures {
    pub fn new(root: String, transport: Transport) -> Fixtures {
        Fixtures { root, transport, directory: Default::default(), search_index: Default::default() }
    }

    async fn file<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.transport.get(&format!("{}/{}", self.root, path)).await
    }

    /// Fetches an index file once per visit and keeps it for later pages.
    async fn kept<T: DeserializeOwned>(&self, slot: &Mutex<Option<Arc<T>>>, path: &str) -> Result<Arc<T>, ApiError> {
        if let Some(kept) = slot.lock().ok().and_then(|s| s.clone()) {
            return Ok(kept);
        }
        let fresh = Arc::new(self.file::<T>(path).await?);
        if let Ok(mut s) = slot.lock() {
            *s = Some(fresh.clone());
        }
        Ok(fresh)
    }

    pub async fn home(&self) -> Result<Home, ApiError> {
        self.file(&files::home()).await
    }

    pub async fn schools(&self, query: &SchoolQuery) -> Result<SchoolDirectory, ApiError> {
        let all = self.kept(&self.directory, &files::directory()).await?;
        Ok(SchoolDirectory {
            schools: list::filter_schools(&all.schools.items, query),
            provinces: all.provinces.clone(),
        })
    }

    pub async fn school(&self, id: SchoolId) -> Result<SchoolPage, ApiError> {
        self.file(&files::school(id)).await
    }

    pub async fn school_articles(&self, id: SchoolId, page: u32) -> Result<SchoolArticles, ApiError> {
        match self.file(&files::school_articles(id, page)).await {
            // A page past the end: show the first page, as the API clamps too.
            Err(ApiError::NotFound) if page > 1 => self.file(&files::school_articles(id, 1)).await,
            other => other,
        }
    }

    pub async fn article(&self, id: ArticleId) -> Result<Article, ApiError> {
        self.file(&files::article(id)).await
    }

    pub async fn tag_articles(&self, tag: &str, page: u32) -> Result<TagArticles, ApiError> {
        match self.file(&files::tag_articles(tag, page)).await {
            Err(ApiError::NotFound) if page > 1 => self.file(&files::tag_articles(tag, 1)).await,
            other => other,
        }
    }

    pub async fn search(&self, query: &str) -> Result<SearchResults, ApiError> {
        let index = self.kept(&self.search_index, &files::search_index()).await?;
        let (schools, articles) = list::search(query, &index.schools, &index.articles);
        Ok(SearchResults { query: query.to_string(), schools, articles })
    }
}
