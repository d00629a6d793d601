//! The `Api` boundary: the only way pages get data. Two implementations sit behind it, chosen
//! at start-up from `config.json`: the bundled fixture files, or a JSON API over HTTP. Pages ask
//! for typed data and get it or an [`ApiError`]; they never see URLs or JSON.

mod cache;
pub mod demo_store;
mod error;
mod fetch;
mod fixtures;
mod http;
mod network;

pub use error::ApiError;

use crate::config::Config;
use fetch::Transport;
pub use network::NetworkState;
use portal_model::admissions::{
    AdmissionQuery, MajorScoreLine, PlanRow, ProvinceMeta, RankIndex, SchoolMajors, SchoolScores, Track,
};
use portal_model::query::SchoolQuery;
use portal_model::sources::DataSource;
use portal_model::volunteer::bands::{GroupBands, GroupFilter};
use portal_model::volunteer::drafts::{AccountDrafts, Drafts, StoredDrafts};
use portal_model::volunteer::groups::GroupIndex;
use portal_model::volunteer::profile::Profile;
use portal_model::*;

/// A read a page makes first, started as its route matches (`crate::preload`).
#[derive(Clone, Debug)]
pub enum FirstRead {
    School(SchoolId),
    SchoolArticles(SchoolId, u32),
    /// 分数线 and 招生计划: the school's lines for the query.
    SchoolScores(SchoolId, AdmissionQuery),
    /// 分数线's 专业分数线 for the query (the page's province, track, year and batch).
    SchoolMajorScores(SchoolId, AdmissionQuery),
    SchoolMajors(SchoolId),
    Provinces,
}

#[derive(Clone, Debug)]
pub enum Api {
    Fixtures(fixtures::Fixtures),
    Http(http::Http),
}

/// Calls the same method on whichever data source is in use.
macro_rules! dispatch {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Api::Fixtures(source) => source.$method($($arg),*).await,
            Api::Http(source) => source.$method($($arg),*).await,
        }
    };
}

impl Api {
    /// Reads `config.json` next to `index.html` and builds the data source it names, reporting
    /// its page reads to `network`. A missing file means the bundled fixtures, so a fresh
    /// checkout runs with nothing else.
    pub async fn from_site_config(network: NetworkState) -> Result<Api, ApiError> {
        let transport = Transport::new(crate::config::DEFAULT_TIMEOUT_MS, false, None);
        let url = format!("{}/config.json", crate::paths::base());
        let config = match transport.get_text(&url).await {
            Ok(text) => crate::config::parse(&text).map_err(ApiError::Config)?,
            Err(ApiError::NotFound) => Config::default(),
            Err(other) => return Err(other),
        };
        Ok(Api::new(&config, Some(network)))
    }

    pub fn new(config: &Config, network: Option<NetworkState>) -> Api {
        match &config.data_source {
            crate::config::DataSource::Fixtures => Api::Fixtures(fixtures::Fixtures::new(
                format!("{}/data", crate::paths::base()),
                Transport::new(config.timeout_ms, false, network),
            )),
            crate::config::DataSource::Http { base } => {
                Api::Http(http::Http::new(base.clone(), Transport::new(config.timeout_ms, true, network)))
            }
        }
    }

    /// Names the data behind the pages: `fixtures`, or the API's base URL. Pages rendered
    /// ahead of time (scripts/prerender.mjs) carry it, so the app drops them when the site
    /// has since been pointed at other data.
    pub fn source_label(&self) -> String {
        match self {
            Api::Fixtures(_) => "fixtures".into(),
            Api::Http(source) => source.base().into(),
        }
    }

    /// Whether the visitor is looking at bundled demo data (the UI says so).
    pub fn is_demo(&self) -> bool {
        matches!(self, Api::Fixtures(_))
    }

    /// Starts `read` without decoding its answer (decoding would bring each page's decoders into
    /// the main module): the page's own read, once its code is in, joins it or finds it kept.
    pub async fn start(&self, read: FirstRead) {
        dispatch!(self.start(read))
    }

    pub async fn home(&self) -> Result<Home, ApiError> {
        dispatch!(self.home())
    }

    pub async fn schools(&self, query: &SchoolQuery) -> Result<SchoolDirectory, ApiError> {
        dispatch!(self.schools(query))
    }

    /// Fetches what filtering the directory will need, while the visitor looks at its first page.
    pub async fn prefetch_directory_filters(&self) {
        dispatch!(self.prefetch_directory_filters())
    }

    pub async fn school(&self, id: SchoolId) -> Result<SchoolPage, ApiError> {
        dispatch!(self.school(id))
    }

    pub async fn school_articles(&self, id: SchoolId, page: u32) -> Result<SchoolArticles, ApiError> {
        dispatch!(self.school_articles(id, page))
    }

    /// 院校分数线: the school's lines that match `query` (its page ignored), and the provinces
    /// it recruits in.
    pub async fn school_scores(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<SchoolScores, ApiError> {
        dispatch!(self.school_scores(id, query))
    }

    /// 专业分数线 matching `query`, one page.
    pub async fn school_major_scores(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<Page<MajorScoreLine>, ApiError> {
        dispatch!(self.school_major_scores(id, query))
    }

    /// 招生计划 matching `query`, one page.
    pub async fn school_plans(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<Page<PlanRow>, ApiError> {
        dispatch!(self.school_plans(id, query))
    }

    /// 开设专业.
    pub async fn school_majors(&self, id: SchoolId) -> Result<SchoolMajors, ApiError> {
        dispatch!(self.school_majors(id))
    }

    /// Provinces with admission data; kept for the visit.
    pub async fn provinces(&self) -> Result<std::rc::Rc<Vec<ProvinceMeta>>, ApiError> {
        dispatch!(self.provinces())
    }

    /// 数据来源: the documents admission figures cite by id; kept for the visit. A data set or
    /// server without the list (older, or the demo) answers none.
    pub async fn sources(&self) -> Result<std::rc::Rc<Vec<DataSource>>, ApiError> {
        match dispatch!(self.sources()) {
            Err(ApiError::NotFound) => Ok(Default::default()),
            other => other,
        }
    }

    pub async fn article(&self, id: ArticleId) -> Result<Article, ApiError> {
        dispatch!(self.article(id))
    }

    /// Fetches an article the visitor will probably open next (下一篇), so it shows at once.
    pub async fn prefetch_article(&self, id: ArticleId) {
        dispatch!(self.prefetch_article(id))
    }

    pub async fn tag_articles(&self, tag: &str, page: u32) -> Result<TagArticles, ApiError> {
        dispatch!(self.tag_articles(tag, page))
    }

    pub async fn search(&self, query: &str) -> Result<SearchResults, ApiError> {
        dispatch!(self.search(query))
    }

    /// The other sign-in methods this data source offers (其他登录方式).
    pub async fn auth_methods(&self) -> Result<Vec<AuthMethod>, ApiError> {
        dispatch!(self.auth_methods())
    }

    /// Who is signed in, if anyone.
    pub async fn current_user(&self) -> Result<Option<User>, ApiError> {
        dispatch!(self.current_user())
    }

    pub async fn login(&self, request: &LoginRequest) -> Result<User, ApiError> {
        dispatch!(self.login(request))
    }

    /// Creates an account and signs it in.
    pub async fn register(&self, request: &RegisterRequest) -> Result<User, ApiError> {
        dispatch!(self.register(request))
    }

    /// 获取验证码: a 手机验证码 sent to the phone (when the data source offers the method).
    pub async fn sms_code(&self, request: &SmsCodeRequest) -> Result<SmsCodeSent, ApiError> {
        dispatch!(self.sms_code(request))
    }

    /// 手机验证码登录: signs the phone's account in (creating it on first use).
    pub async fn sms_login(&self, request: &SmsLoginRequest) -> Result<User, ApiError> {
        dispatch!(self.sms_login(request))
    }

    pub async fn logout(&self) -> Result<(), ApiError> {
        dispatch!(self.logout())
    }

    /// Follows or unfollows a school; answers the truth afterwards.
    pub async fn set_follow(&self, school: SchoolId, follow: bool) -> Result<FollowState, ApiError> {
        dispatch!(self.set_follow(school, follow))
    }

    /// The signed-in visitor's followed schools, most recent first.
    pub async fn my_follows(&self) -> Result<Vec<SchoolCard>, ApiError> {
        dispatch!(self.my_follows())
    }

    /// The 志愿表 drafts kept on the signed-in account and their revision; `None` where the data
    /// source keeps drafts on the device only (fixtures).
    pub async fn my_plans(&self) -> Result<Option<AccountDrafts<StoredDrafts>>, ApiError> {
        dispatch!(self.my_plans())
    }

    /// Keeps `drafts`, merged from the account's `revision`, on the account; the new revision.
    /// `plans_changed` when another device saved first (read, merge and save again).
    pub async fn save_my_plans(&self, revision: u64, drafts: &Drafts) -> Result<u64, ApiError> {
        dispatch!(self.save_my_plans(revision, drafts))
    }

    // ---- 位次查询 and 院校对比 ----

    /// Every school's lowest score and rank per year in one province and track, with the
    /// latest 一分一段表.
    pub async fn rank_index(&self, province: &str, track: Track) -> Result<RankIndex, ApiError> {
        dispatch!(self.rank_index(province, track))
    }

    // ---- 院校专业组 and the 志愿表 ----

    /// Group-level 位次查询: the 院校专业组 in 冲 / 稳 / 保 for the profile (which needs a score or
    /// a rank), narrowed by `filter`. A province or track without groups answers empty bands
    /// that say why, not an error.
    pub async fn group_bands(&self, profile: &Profile, filter: &GroupFilter) -> Result<GroupBands, ApiError> {
        dispatch!(self.group_bands(profile, filter))
    }

    /// Every 院校专业组 of the newest plan in one province and track, with their lines, majors
    /// and every year's 一分一段表 — what the 志愿表's checks, 等位分 and 投档回放 read. Kept for
    /// the visit; an empty index where the province has no groups.
    pub async fn group_index(
        &self,
        province: &str,
        track: Track,
    ) -> Result<std::rc::Rc<GroupIndex>, ApiError> {
        dispatch!(self.group_index(province, track))
    }
}
