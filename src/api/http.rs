//! The http data source: a JSON API at a base URL (contract: `docs/api.md`).

use super::fetch::{Body, Transport};
use super::{ApiError, FirstRead};
use gloo_net::http::Method;
use portal_model::admissions::{
    AdmissionQuery, MajorScoreLine, PlanRow, ProvinceMeta, RankIndex, SchoolMajors, SchoolScores, Track,
};
use portal_model::query::SchoolQuery;
use portal_model::sources::DataSource;
use portal_model::url::{encode_component, query_string};
use portal_model::volunteer::bands::{GroupBands, GroupFilter};
use portal_model::volunteer::drafts::{AccountDrafts, Drafts, PlansSaved, StoredDrafts};
use portal_model::volunteer::groups::GroupIndex;
use portal_model::volunteer::profile::Profile;
use portal_model::*;
use std::rc::Rc;

/// The provinces with data (a file kept for the visit).
const PROVINCES: &str = "/provinces";

#[derive(Clone, Debug)]
pub struct Http {
    base: String,
    transport: Transport,
}

impl Http {
    pub fn new(base: String, transport: Transport) -> Http {
        Http { base, transport }
    }

    /// The API's base URL, as config.json gives it.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn home(&self) -> Result<Home, ApiError> {
        self.transport.get(&self.url(&paths::home())).await
    }

    pub async fn schools(&self, query: &SchoolQuery) -> Result<SchoolDirectory, ApiError> {
        self.transport.get(&self.url(&paths::schools(query))).await
    }

    pub async fn start(&self, read: FirstRead) {
        let (path, for_visit) = match read {
            FirstRead::School(id) => (paths::school(id), false),
            FirstRead::SchoolArticles(id, page) => (paths::school_articles(id, page), false),
            FirstRead::SchoolScores(id, query) => (paths::school_scores(id, &query), false),
            FirstRead::SchoolMajors(id) => (paths::school_majors(id), false),
            // The API answers the year and track asked: without them the page's own year (the
            // newest in its data) and track are not known yet, and a guess would cost a request.
            FirstRead::SchoolMajorScores(id, query) => {
                if query.year.is_none() || query.track.is_none() {
                    return;
                }
                (paths::school_major_scores(id, &query), false)
            }
            FirstRead::Provinces => (PROVINCES.to_string(), true),
        };
        self.transport.start_read(&self.url(&path), for_visit).await
    }

    pub async fn school(&self, id: SchoolId) -> Result<SchoolPage, ApiError> {
        self.transport.get(&self.url(&paths::school(id))).await
    }

    pub async fn school_articles(&self, id: SchoolId, page: u32) -> Result<SchoolArticles, ApiError> {
        self.transport.get(&self.url(&paths::school_articles(id, page))).await
    }

    pub async fn school_scores(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<SchoolScores, ApiError> {
        self.transport.get(&self.url(&paths::school_scores(id, query))).await
    }

    pub async fn school_major_scores(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<Page<MajorScoreLine>, ApiError> {
        self.transport.get(&self.url(&paths::school_major_scores(id, query))).await
    }

    pub async fn school_plans(
        &self,
        id: SchoolId,
        query: &AdmissionQuery,
    ) -> Result<Page<PlanRow>, ApiError> {
        self.transport.get(&self.url(&paths::admissions(id, "plans", query))).await
    }

    pub async fn school_majors(&self, id: SchoolId) -> Result<SchoolMajors, ApiError> {
        self.transport.get(&self.url(&paths::school_majors(id))).await
    }

    pub async fn provinces(&self) -> Result<Rc<Vec<ProvinceMeta>>, ApiError> {
        self.transport.get_kept(&self.url(PROVINCES)).await
    }

    pub async fn sources(&self) -> Result<Rc<Vec<DataSource>>, ApiError> {
        self.transport.get_kept(&self.url("/sources")).await
    }

    pub async fn article(&self, id: ArticleId) -> Result<Article, ApiError> {
        self.transport.get(&self.url(&paths::article(id))).await
    }

    /// The API filters on the server: nothing to fetch ahead.
    pub async fn prefetch_directory_filters(&self) {}

    pub async fn prefetch_article(&self, id: ArticleId) {
        self.transport.fetch_ahead(&self.url(&paths::article(id))).await
    }

    pub async fn tag_articles(&self, tag: &str, page: u32) -> Result<TagArticles, ApiError> {
        self.transport.get(&self.url(&paths::tag_articles(tag, page))).await
    }

    pub async fn search(&self, query: &str) -> Result<SearchResults, ApiError> {
        self.transport.get(&self.url(&paths::search(query))).await
    }

    pub async fn auth_methods(&self) -> Result<Vec<AuthMethod>, ApiError> {
        Ok(self.transport.get_kept::<Vec<AuthMethod>>(&self.url("/auth/methods")).await?.as_ref().clone())
    }

    pub async fn current_user(&self) -> Result<Option<User>, ApiError> {
        match self.transport.get_for_visit::<Option<User>>(&self.url("/session")).await {
            Ok(user) => Ok(user),
            Err(ApiError::Unauthorized(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    pub async fn login(&self, request: &LoginRequest) -> Result<User, ApiError> {
        self.transport.send(Method::POST, &self.url("/session"), Some(Body::json(request)?)).await
    }

    pub async fn register(&self, request: &RegisterRequest) -> Result<User, ApiError> {
        self.transport.send(Method::POST, &self.url("/users"), Some(Body::json(request)?)).await
    }

    pub async fn sms_code(&self, request: &SmsCodeRequest) -> Result<SmsCodeSent, ApiError> {
        self.transport.send(Method::POST, &self.url("/auth/sms/code"), Some(Body::json(request)?)).await
    }

    pub async fn sms_login(&self, request: &SmsLoginRequest) -> Result<User, ApiError> {
        self.transport.send(Method::POST, &self.url("/auth/sms/session"), Some(Body::json(request)?)).await
    }

    pub async fn logout(&self) -> Result<(), ApiError> {
        self.transport.change(Method::DELETE, &self.url("/session"), None).await.map(|_| ())
    }

    pub async fn set_follow(&self, school: SchoolId, follow: bool) -> Result<FollowState, ApiError> {
        let method = if follow { Method::PUT } else { Method::DELETE };
        self.transport.send(method, &self.url(&paths::follow(school)), None).await
    }

    pub async fn my_follows(&self) -> Result<Vec<SchoolCard>, ApiError> {
        self.transport.get_for_visit(&self.url("/me/follows")).await
    }

    pub async fn my_plans(&self) -> Result<Option<AccountDrafts<StoredDrafts>>, ApiError> {
        self.transport.get_for_visit(&self.url(&paths::plans())).await.map(Some)
    }

    pub async fn save_my_plans(&self, revision: u64, drafts: &Drafts) -> Result<u64, ApiError> {
        let body = Body::json(&AccountDrafts { revision, drafts })?;
        let saved: PlansSaved =
            self.transport.send_own(Method::PUT, &self.url(&paths::plans()), Some(body)).await?;
        Ok(saved.revision)
    }

    // ---- 位次查询 and 院校对比 ----

    pub async fn rank_index(&self, province: &str, track: Track) -> Result<RankIndex, ApiError> {
        Ok(self
            .transport
            .get_kept::<RankIndex>(&self.url(&paths::rank_index(province, track)))
            .await?
            .as_ref()
            .clone())
    }
}

impl Http {
    pub async fn group_bands(&self, profile: &Profile, filter: &GroupFilter) -> Result<GroupBands, ApiError> {
        self.transport.get(&self.url(&paths::group_bands(profile, filter))).await
    }

    pub async fn group_index(&self, province: &str, track: Track) -> Result<Rc<GroupIndex>, ApiError> {
        self.transport.get_kept::<GroupIndex>(&self.url(&paths::group_index(province, track))).await
    }
}

/// The school line endpoint takes no page: one spelling, one cache key.
fn without_page(query: &AdmissionQuery) -> AdmissionQuery {
    AdmissionQuery { page: 1, ..query.clone() }
}

/// The API's paths, relative to its base URL.
pub mod paths {
    use super::*;

    pub fn home() -> String {
        "/home".into()
    }

    pub fn schools(query: &SchoolQuery) -> String {
        let qs = query_string(&query.to_pairs());
        if qs.is_empty() {
            "/schools".into()
        } else {
            format!("/schools?{qs}")
        }
    }

    pub fn school(id: SchoolId) -> String {
        format!("/schools/{id}")
    }

    pub fn school_articles(id: SchoolId, page: u32) -> String {
        format!("/schools/{id}/articles?page={page}")
    }

    /// `/schools/{id}/{what}?province=&track=&year=&batch=&page=`.
    pub fn admissions(id: SchoolId, what: &str, query: &AdmissionQuery) -> String {
        let qs = query_string(&query.to_pairs());
        if qs.is_empty() {
            format!("/schools/{id}/{what}")
        } else {
            format!("/schools/{id}/{what}?{qs}")
        }
    }

    /// A school's lines: every page of them at once (the page's filters pick from them).
    pub fn school_scores(id: SchoolId, query: &AdmissionQuery) -> String {
        admissions(id, "scores", &without_page(query))
    }

    pub fn school_major_scores(id: SchoolId, query: &AdmissionQuery) -> String {
        admissions(id, "major-scores", query)
    }

    pub fn school_majors(id: SchoolId) -> String {
        format!("/schools/{id}/majors")
    }

    pub fn article(id: ArticleId) -> String {
        format!("/articles/{id}")
    }

    pub fn tag_articles(tag: &str, page: u32) -> String {
        format!("/tags/{}/articles?page={page}", encode_component(tag))
    }

    pub fn search(query: &str) -> String {
        format!("/search?{}", query_string(&[("q", query)]))
    }

    pub fn follow(id: SchoolId) -> String {
        format!("/schools/{id}/follow")
    }

    /// The signed-in account's 志愿表 drafts.
    pub fn plans() -> String {
        "/me/plans".into()
    }

    pub fn rank_index(province: &str, track: Track) -> String {
        format!("/rank/index?{}", query_string(&[("province", province), ("track", track.code())]))
    }

    /// `/groups/bands?province=&year=&track=&subjects=&score=&rank=` and the filter's pairs.
    pub fn group_bands(profile: &Profile, filter: &GroupFilter) -> String {
        let mut pairs = profile.to_pairs();
        pairs.extend(filter.to_pairs());
        format!("/groups/bands?{}", query_string(&pairs))
    }

    pub fn group_index(province: &str, track: Track) -> String {
        format!("/groups/index?{}", query_string(&[("province", province), ("track", track.code())]))
    }
}

#[cfg(test)]
mod tests {
    use super::paths;
    use portal_model::query::SchoolQuery;
    use portal_model::Kind;

    #[test]
    fn builds_api_paths() {
        assert_eq!(paths::home(), "/home");
        assert_eq!(paths::schools(&SchoolQuery::default()), "/schools");
        let q =
            SchoolQuery {
                kind: Some(Kind::Normal), name: "福建 师范".into(), page: 2, ..Default::default()
            };
        assert_eq!(
            paths::schools(&q),
            "/schools?type=normal&q=%E7%A6%8F%E5%BB%BA%20%E5%B8%88%E8%8C%83&page=2"
        );
        assert_eq!(paths::school_articles(9, 1), "/schools/9/articles?page=1");
        assert_eq!(paths::tag_articles("a&b", 3), "/tags/a%26b/articles?page=3");
        assert_eq!(paths::search("厦门"), "/search?q=%E5%8E%A6%E9%97%A8");
        let q = portal_model::admissions::AdmissionQuery {
            province: Some("福建".into()),
            track: Some(portal_model::admissions::Track::Physics),
            page: 2,
            ..Default::default()
        };
        assert_eq!(
            paths::admissions(1, "plans", &q),
            "/schools/1/plans?province=%E7%A6%8F%E5%BB%BA&track=physics&page=2"
        );
        let profile = portal_model::volunteer::profile::Profile {
            subjects: portal_model::volunteer::subjects::SubjectSet::read("化学,生物").expect("subjects"),
            score: Some(560),
            ..Default::default()
        };
        let filter =
            portal_model::volunteer::bands::GroupFilter { major: "计算机".into(), ..Default::default() };
        assert_eq!(
            paths::group_bands(&profile, &filter),
            "/groups/bands?province=%E7%A6%8F%E5%BB%BA&track=physics&subjects=chemistry%2Cbiology&score=560&major=%E8%AE%A1%E7%AE%97%E6%9C%BA"
        );
        assert_eq!(
            paths::group_index("江西", portal_model::admissions::Track::History),
            "/groups/index?province=%E6%B1%9F%E8%A5%BF&track=history"
        );
    }
}
