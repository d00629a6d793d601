//! The fixtures data source: the JSON files bundled under `data/`, fetched over HTTP like any
//! API answer. Lists that an API would filter on the server (the directory, search) come as one
//! index file that is fetched once, kept, and filtered here with the same rules the server uses.

use super::demo_store::{self, hex, same_hash, unhex, DemoStore, Taken};
use super::fetch::Transport;
use super::{ApiError, FirstRead};
use crate::browser::{crypto, storage};
use portal_model::admissions::{
    self, AdmissionQuery, MajorScoreLine, PlanRow, ProvinceMeta, RankIndex, SchoolMajors, SchoolScores, Track,
};
use portal_model::fixtures as files;
use portal_model::list;
use portal_model::query::SchoolQuery;
use portal_model::sources::DataSource;
use portal_model::volunteer::bands::{self as group_rule, GroupBands, GroupFilter};
use portal_model::volunteer::drafts::{AccountDrafts, Drafts, StoredDrafts};
use portal_model::volunteer::groups::GroupIndex;
use portal_model::volunteer::profile::Profile;
use portal_model::*;
use serde::de::DeserializeOwned;
use std::rc::Rc;

#[derive(Clone, Debug)]
pub struct Fixtures {
    /// URL of the `data/` folder, without a trailing slash.
    root: String,
    transport: Transport,
}

impl Fixtures {
    pub fn new(root: String, transport: Transport) -> Fixtures {
        Fixtures { root, transport }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}", self.root, path)
    }

    async fn file<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.transport.get(&self.url(path)).await
    }

    /// An index file, fetched once per visit and kept for later pages.
    async fn index<T: DeserializeOwned + 'static>(&self, path: &str) -> Result<Rc<T>, ApiError> {
        self.transport.get_kept::<T>(&self.url(path)).await
    }

    async fn directory_index(&self) -> Result<Rc<SchoolDirectory>, ApiError> {
        self.index(&files::directory()).await
    }

    pub async fn home(&self) -> Result<Home, ApiError> {
        let mut home: Home = self.file(&files::home()).await?;
        with_local_followers(home.featured.iter_mut());
        Ok(home)
    }

    pub async fn schools(&self, query: &SchoolQuery) -> Result<SchoolDirectory, ApiError> {
        // The unfiltered list in its default order comes pre-paged: page 1 costs 20 schools,
        // not the whole index (which the page fetches ahead for the first filter).
        if !query.is_filtered()
            && query.sort == Default::default()
            && query.origin.is_none()
            && !local_follows_exist()
        {
            match self.file::<SchoolDirectory>(&files::directory_page(query.page)).await {
                Err(ApiError::NotFound) if query.page > 1 => {}
                answer => return answer,
            }
        }
        let all = self.directory_index().await?;
        let lines = match &query.origin {
            Some(origin) => self.rank_index_file(&origin.province, origin.track).await?,
            None => None,
        };
        let (schools, lowest) = if local_follows_exist() {
            // Local follows change counts, and so the order: adjust a copy first.
            let mut adjusted = all.schools.items.clone();
            with_local_followers(adjusted.iter_mut());
            list::directory_page(&adjusted, query, lines.as_deref())
        } else {
            list::directory_page(&all.schools.items, query, lines.as_deref())
        };
        Ok(SchoolDirectory { schools, provinces: all.provinces.clone(), lowest })
    }

    /// The whole directory index, which every filter reads.
    pub async fn prefetch_directory_filters(&self) {
        let _ = self.directory_index().await;
    }

    pub async fn start(&self, read: FirstRead) {
        let (path, for_visit) = match read {
            FirstRead::School(id) => (files::school(id), false),
            FirstRead::SchoolArticles(id, page) => (files::school_articles(id, page), false),
            FirstRead::SchoolScores(id, _) => (files::school_scores(id), false),
            FirstRead::SchoolMajors(id) => (files::school_majors(id), false),
            // One file per province, whatever the track, year and batch.
            FirstRead::SchoolMajorScores(id, query) => {
                let Some(key) = query.province.as_deref().and_then(admissions::province_key) else { return };
                (files::school_major_scores(id, key), false)
            }
            FirstRead::Provinces => (files::provinces(), true),
        };
        self.transport.start_read(&self.url(&path), for_visit).await
    }

    pub async fn school(&self, id: SchoolId) -> Result<SchoolPage, ApiError> {
        let mut page: SchoolPage = self.file(&files::school(id)).await?;
        with_local_followers(std::iter::once(&mut page.school));
        Ok(page)
    }

    pub async fn school_articles(&self, id: SchoolId, page: u32) -> Result<SchoolArticles, ApiError> {
        let mut news: SchoolArticles = match self.file(&files::school_articles(id, page)).await {
            // A page past the end: show the first page, as the API clamps too.
            Err(ApiError::NotFound) if page > 1 => self.file(&files::school_articles(id, 1)).await,
            other => other,
        }?;
        with_local_followers(std::iter::once(&mut news.school));
        Ok(news)
    }

    pub async fn school_scores(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<SchoolScores, ApiError> {
        let mut scores: SchoolScores = self.file(&files::school_scores(id)).await?;
        scores.lines = admissions::filter_lines(&scores.lines, query);
        with_local_followers(std::iter::once(&mut scores.school));
        Ok(scores)
    }

    /// One province's file, or nothing where the school has none (no such province, no
    /// lines there): an empty list, as the API answers.
    async fn province_file<T: DeserializeOwned>(
        &self,
        query: &AdmissionQuery,
        path: impl Fn(&str) -> String,
    ) -> Result<Vec<T>, ApiError> {
        let Some(key) = query.province.as_deref().and_then(admissions::province_key) else {
            return Ok(Vec::new());
        };
        if query.matches_nothing {
            return Ok(Vec::new());
        }
        match self.file::<Vec<T>>(&path(key)).await {
            Err(ApiError::NotFound) => Ok(Vec::new()),
            other => other,
        }
    }

    pub async fn school_major_scores(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<Page<MajorScoreLine>, ApiError> {
        let lines: Vec<MajorScoreLine> =
            self.province_file(query, |key| files::school_major_scores(id, key)).await?;
        Ok(admissions::filter_major_lines(&lines, query))
    }

    pub async fn school_plans(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<Page<PlanRow>, ApiError> {
        let plans: Vec<PlanRow> = self.province_file(query, |key| files::school_plans(id, key)).await?;
        Ok(admissions::filter_plans(&plans, query))
    }

    pub async fn school_majors(&self, id: SchoolId) -> Result<SchoolMajors, ApiError> {
        let mut majors: SchoolMajors = self.file(&files::school_majors(id)).await?;
        with_local_followers(std::iter::once(&mut majors.school));
        Ok(majors)
    }

    pub async fn provinces(&self) -> Result<Rc<Vec<ProvinceMeta>>, ApiError> {
        self.index(&files::provinces()).await
    }

    pub async fn sources(&self) -> Result<Rc<Vec<DataSource>>, ApiError> {
        self.index(&files::sources()).await
    }

    pub async fn article(&self, id: ArticleId) -> Result<Article, ApiError> {
        let mut article: Article = self.file(&files::article(id)).await?;
        with_local_followers(std::iter::once(&mut article.school));
        Ok(article)
    }

    /// The follower counts of this browser's demo follows are added when the article is read.
    pub async fn prefetch_article(&self, id: ArticleId) {
        self.transport.fetch_ahead(&self.url(&files::article(id))).await
    }

    pub async fn tag_articles(&self, tag: &str, page: u32) -> Result<TagArticles, ApiError> {
        match self.file(&files::tag_articles(tag, page)).await {
            Err(ApiError::NotFound) if page > 1 => self.file(&files::tag_articles(tag, 1)).await,
            other => other,
        }
    }

    pub async fn search(&self, query: &str) -> Result<SearchResults, ApiError> {
        let index = self.index::<SearchResults>(&files::search_index()).await?;
        let (mut schools, articles) = list::search(query, &index.schools, &index.articles);
        let suggestion = if schools.is_empty() { list::suggest(query, &index.schools) } else { None };
        with_local_followers(schools.iter_mut());
        Ok(SearchResults { query: query.to_string(), schools, articles, suggestion })
    }

    pub async fn auth_methods(&self) -> Result<Vec<AuthMethod>, ApiError> {
        Ok(self.index::<Vec<AuthMethod>>(&files::auth_methods()).await?.as_ref().clone())
    }

    // ---- accounts and follows, kept in this browser ----

    pub async fn current_user(&self) -> Result<Option<User>, ApiError> {
        Ok(signed_in(&load_store()?)?.map(|a| a.user()))
    }

    pub async fn login(&self, request: &LoginRequest) -> Result<User, ApiError> {
        ensure_demo_account().await?;
        let store = load_store()?;
        let wrong = || ApiError::Unauthorized(ErrorCode::BadCredentials.message().into());
        let account = store.find_login(&request.account).ok_or_else(wrong)?;
        let salt = unhex(&account.salt).ok_or_else(wrong)?;
        let hash = hex(&crypto::pbkdf2(&request.password, &salt).await.map_err(ApiError::Storage)?);
        if !same_hash(&hash, &account.hash) {
            return Err(wrong());
        }
        let user = account.user();
        storage::set(demo_store::SESSION_KEY, &user.id.to_string()).map_err(storage_error)?;
        Ok(user)
    }

    pub async fn register(&self, request: &RegisterRequest) -> Result<User, ApiError> {
        check_registration(request)?;
        taken(load_store()?.check_free(&request.username, &request.phone))?;
        let (salt, hash) = hash_new_password(&request.password).await?;
        // Re-read after the slow hash: another tab may have registered the name meanwhile.
        let mut store = load_store()?;
        taken(store.check_free(&request.username, &request.phone))?;
        let user = store.add(&request.username, &request.phone, salt, hash);
        save_store(&store)?;
        storage::set(demo_store::SESSION_KEY, &user.id.to_string()).map_err(storage_error)?;
        Ok(user)
    }

    /// 手机验证码 needs a server that sends codes; the demo lists it as unavailable.
    pub async fn sms_code(&self, _request: &SmsCodeRequest) -> Result<SmsCodeSent, ApiError> {
        Err(sms_unavailable())
    }

    pub async fn sms_login(&self, _request: &SmsLoginRequest) -> Result<User, ApiError> {
        Err(sms_unavailable())
    }

    pub async fn logout(&self) -> Result<(), ApiError> {
        storage::remove(demo_store::SESSION_KEY).map_err(storage_error)
    }

    pub async fn set_follow(&self, school: SchoolId, follow: bool) -> Result<FollowState, ApiError> {
        let directory = self.directory_index().await?;
        let base =
            directory.schools.items.iter().find(|s| s.id == school).ok_or(ApiError::NotFound)?.followers;
        let mut store = load_store()?;
        let user = signed_in(&store)?
            .map(|a| a.id)
            .ok_or_else(|| ApiError::Unauthorized(ErrorCode::SignInRequired.message().into()))?;
        store.set_follow(user, school, follow);
        save_store(&store)?;
        Ok(FollowState { school_id: school, following: follow, followers: base + store.followers_of(school) })
    }

    pub async fn my_follows(&self) -> Result<Vec<SchoolCard>, ApiError> {
        let store = load_store()?;
        let account = signed_in(&store)?
            .ok_or_else(|| ApiError::Unauthorized(ErrorCode::SignInRequired.message().into()))?;
        let directory = self.directory_index().await?;
        let mut cards: Vec<SchoolCard> = account
            .follows
            .iter()
            .filter_map(|id| directory.schools.items.iter().find(|s| s.id == *id).cloned())
            .collect();
        with_local_followers(cards.iter_mut());
        Ok(cards)
    }

    /// Drafts stay on the device (`state::Plans` keeps them there) in fixtures mode.
    pub async fn my_plans(&self) -> Result<Option<AccountDrafts<StoredDrafts>>, ApiError> {
        Ok(None)
    }

    /// Never called ([`Fixtures::my_plans`] keeps no account drafts): the revision stays.
    pub async fn save_my_plans(&self, revision: u64, _drafts: &Drafts) -> Result<u64, ApiError> {
        Ok(revision)
    }

    // ---- 位次查询 and 院校对比 ----

    pub async fn rank_index(&self, province: &str, track: Track) -> Result<RankIndex, ApiError> {
        match self.rank_index_file(province, track).await? {
            Some(index) => Ok(index.as_ref().clone()),
            None => Ok(RankIndex {
                province: province.to_string(),
                track,
                years: Vec::new(),
                table: None,
                schools: Vec::new(),
                sources: Vec::new(),
                derived_ranks: false,
            }),
        }
    }

    pub async fn group_bands(&self, profile: &Profile, filter: &GroupFilter) -> Result<GroupBands, ApiError> {
        let index = self.group_index(&profile.province, profile.track).await?;
        Ok(group_rule::group_bands(&index, profile, filter))
    }

    /// The group index file; an empty index where there is none (no such province or track, or
    /// a province that does not volunteer by group), as the API answers.
    pub async fn group_index(&self, province: &str, track: Track) -> Result<Rc<GroupIndex>, ApiError> {
        let empty = || Ok(Rc::new(GroupIndex::empty(province, track)));
        let Some(key) = admissions::province_key(province) else { return empty() };
        if track == Track::Other {
            return empty();
        }
        match self.index::<GroupIndex>(&files::group_index(key, track)).await {
            Err(ApiError::NotFound) => empty(),
            other => other,
        }
    }

    /// The rank index file of a province and track; `None` where there is none (an unknown
    /// province, or no school with lines there): the API answers that with an empty list.
    async fn rank_index_file(&self, province: &str, track: Track) -> Result<Option<Rc<RankIndex>>, ApiError> {
        let Some(key) = admissions::province_key(province) else { return Ok(None) };
        if track == Track::Other {
            return Ok(None);
        }
        match self.index::<RankIndex>(&files::rank_index(key, track)).await {
            Ok(index) => Ok(Some(index)),
            Err(ApiError::NotFound) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

fn storage_error(e: storage::StorageError) -> ApiError {
    ApiError::Storage(e.to_string())
}

/// The stored accounts. A document that does not parse is kept aside (not thrown away) and a
/// fresh store begins, so one bad write never locks the visitor out.
fn load_store() -> Result<DemoStore, ApiError> {
    let Some(text) = storage::get(demo_store::STORE_KEY).map_err(storage_error)? else {
        return Ok(DemoStore::default());
    };
    match DemoStore::parse(&text) {
        Ok(store) => Ok(store),
        Err(_) => {
            let _ = storage::set(&format!("{}.unreadable", demo_store::STORE_KEY), &text);
            Ok(DemoStore::default())
        }
    }
}

fn save_store(store: &DemoStore) -> Result<(), ApiError> {
    storage::set(demo_store::STORE_KEY, &store.to_json()).map_err(storage_error)
}

fn signed_in(store: &DemoStore) -> Result<Option<&demo_store::DemoAccount>, ApiError> {
    let session = storage::get(demo_store::SESSION_KEY).map_err(storage_error)?;
    Ok(session.and_then(|id| id.parse::<u64>().ok()).and_then(|id| store.by_id(id)))
}

fn taken(result: Result<(), Taken>) -> Result<(), ApiError> {
    result.map_err(|which| ApiError::rejected(409, which.code()))
}

/// The same rules the server applies, answered the way it answers (422).
fn check_registration(request: &RegisterRequest) -> Result<(), ApiError> {
    use portal_model::validate;
    validate::username(&request.username)
        .and(validate::phone(&request.phone))
        .and(validate::new_password(&request.password))
        .map_err(|message| ApiError::Rejected {
            status: 422,
            code: Some(ErrorCode::Invalid),
            message: message.into(),
        })
}

async fn hash_new_password(password: &str) -> Result<(String, String), ApiError> {
    let salt = crypto::random_bytes(16).map_err(ApiError::Storage)?;
    let hash = crypto::pbkdf2(password, &salt).await.map_err(ApiError::Storage)?;
    Ok((hex(&salt), hex(&hash)))
}

/// Creates the built-in demo account the first time anyone signs in on this browser.
async fn ensure_demo_account() -> Result<(), ApiError> {
    if load_store()?.find_login(demo_store::DEMO_USERNAME).is_some() {
        return Ok(());
    }
    let (salt, hash) = hash_new_password(demo_store::DEMO_PASSWORD).await?;
    let mut store = load_store()?;
    if store.check_free(demo_store::DEMO_USERNAME, demo_store::DEMO_PHONE).is_ok() {
        store.add(demo_store::DEMO_USERNAME, demo_store::DEMO_PHONE, salt, hash);
        save_store(&store)?;
    }
    Ok(())
}

/// Whether any account in this browser follows anything (most visitors: no).
fn local_follows_exist() -> bool {
    load_store().is_ok_and(|store| store.accounts.iter().any(|a| !a.follows.is_empty()))
}

/// Adds this browser's demo follows to published follower counts.
fn with_local_followers<'a>(schools: impl Iterator<Item = &'a mut SchoolCard>) {
    let Ok(store) = load_store() else { return };
    for school in schools {
        school.followers += store.followers_of(school.id);
    }
}

fn sms_unavailable() -> ApiError {
    ApiError::Rejected {
        status: 404,
        code: Some(ErrorCode::NotFound),
        message: "演示模式不支持手机验证码登录".into(),
    }
}
