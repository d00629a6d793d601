//! Every in-app URL is built here, and only here, as a [`Route`], by filling a pattern of the
//! route manifest ([`crate::routes`]): a link takes its
//! [`Route::href`] (with the deploy prefix, `/sub/schools/7`, for sites served below the domain
//! root) and the router's `navigate` its [`Route::path`] (`/schools/7`, the router adds the
//! prefix itself). Neither form converts silently, so neither can be used in the other's place.

use crate::routes;
use portal_model::admissions::AdmissionQuery;
use portal_model::query::SchoolQuery;
use portal_model::url::{encode_component, query_string};
use portal_model::volunteer::bands::GroupFilter;
use portal_model::volunteer::profile::Profile;
use portal_model::{ArticleId, SchoolId};
use std::cell::RefCell;

thread_local! {
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the deploy prefix once at start-up, from the page's `<base href>` (trunk's public URL).
pub fn set_base(base: &str) {
    BASE.with(|b| *b.borrow_mut() = normalize_base(base));
}

/// The router's base: `""` at the domain root, `/sub` below it.
pub fn base() -> String {
    BASE.with(|b| b.borrow().clone())
}

/// `/sub/` → `/sub`, `/` → ``.
pub fn normalize_base(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

/// An in-app place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route(String);

impl Route {
    /// For `<a href>` and forms: the path below the deploy prefix.
    pub fn href(&self) -> String {
        format!("{}{}", base(), self.0)
    }

    /// For the router (`navigate`, route matching): the path without the prefix.
    pub fn path(&self) -> &str {
        &self.0
    }
}

/// A router path with an optional query string.
fn with_query(path: String, query: String) -> Route {
    Route(if query.is_empty() { path } else { format!("{path}?{query}") })
}

/// A page of the route manifest that takes no parameter (the main navigation's entries).
pub fn page(page: routes::Page) -> Route {
    Route(page.fill(&[]))
}

pub fn home() -> Route {
    Route(routes::HOME.fill(&[]))
}

pub fn schools(query: &SchoolQuery) -> Route {
    with_query(routes::SCHOOLS.fill(&[]), query_string(&query.to_pairs()))
}

pub fn school(id: SchoolId) -> Route {
    Route(routes::SCHOOL.fill(&[&id]))
}

pub fn school_articles(id: SchoolId, page: u32) -> Route {
    paged(routes::SCHOOL_ARTICLES.fill(&[&id]), page)
}

/// 分数线, with its filters (`?province=&track=&year=&batch=`).
pub fn school_scores(id: SchoolId, query: &AdmissionQuery) -> Route {
    with_query(routes::SCHOOL_SCORES.fill(&[&id]), query_string(&query.to_pairs()))
}

/// 招生计划, with its filters.
pub fn school_plans(id: SchoolId, query: &AdmissionQuery) -> Route {
    with_query(routes::SCHOOL_PLANS.fill(&[&id]), query_string(&query.to_pairs()))
}

/// 开设专业.
pub fn school_majors(id: SchoolId) -> Route {
    Route(routes::SCHOOL_MAJORS.fill(&[&id]))
}

/// `?page=N` from page 2 on.
fn paged(path: String, page: u32) -> Route {
    with_query(path, if page > 1 { format!("page={page}") } else { String::new() })
}

pub fn article(id: ArticleId) -> Route {
    Route(routes::ARTICLE.fill(&[&id]))
}

pub fn tag(name: &str, page: u32) -> Route {
    paged(routes::TAG.fill(&[&encode_component(name)]), page)
}

/// The search page; with an empty query, its bare path (also the search form's `action`).
pub fn search(query: &str) -> Route {
    let query = query.trim();
    if query.is_empty() {
        return Route(routes::SEARCH.fill(&[]));
    }
    with_query(routes::SEARCH.fill(&[]), query_string(&[("q", query)]))
}

pub fn me() -> Route {
    Route(routes::ME.fill(&[]))
}

// ---- 位次查询, 院校对比 and the 志愿表 ----

/// 位次查询 for a profile, narrowed by `filter`:
/// `/rank?province=&year=&track=&subjects=&score=&rank=&batch=&level=…`.
pub fn rank(profile: &Profile, filter: &GroupFilter) -> Route {
    let mut pairs = profile.to_pairs();
    pairs.extend(filter.to_pairs());
    with_query(routes::RANK.fill(&[]), query_string(&pairs))
}

/// The bare 位次查询 page (the visitor's remembered profile fills the form).
pub fn rank_page() -> Route {
    Route(routes::RANK.fill(&[]))
}

/// 院校对比 of these schools: `/compare?ids=1,2,3`.
pub fn compare(ids: &[SchoolId]) -> Route {
    let ids = crate::state::compare::format_ids(ids);
    with_query(routes::COMPARE.fill(&[]), if ids.is_empty() { String::new() } else { format!("ids={ids}") })
}

/// 院校对比 for a profile: `/compare?ids=1,2&province=…`.
pub fn compare_for(ids: &[SchoolId], profile: &Profile) -> Route {
    let ids = crate::state::compare::format_ids(ids);
    let profile = query_string(&profile.to_pairs());
    with_query(
        routes::COMPARE.fill(&[]),
        if ids.is_empty() { profile } else { format!("ids={ids}&{profile}") },
    )
}

/// 志愿表; with a profile, `/plan?province=…` (the header's link has none: the remembered one).
pub fn plan(profile: Option<&Profile>) -> Route {
    with_query(routes::PLAN.fill(&[]), profile.map(|p| query_string(&p.to_pairs())).unwrap_or_default())
}

/// A shared 志愿表: the list and profile travel in the fragment (`/plan#1.fujian.p…`), which
/// no server sees. `text` is `volunteer::share::encode`'s (only `0-9 A-Z a-z . - _ , %`).
pub fn plan_shared(text: &str) -> Route {
    Route(format!("{}#{text}", routes::PLAN.fill(&[])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_model::admissions::Track;
    use portal_model::Level;

    #[test]
    fn builds_router_paths() {
        assert_eq!(school(7).path(), "/schools/7");
        assert_eq!(school_articles(7, 1).path(), "/schools/7/articles");
        assert_eq!(school_articles(7, 3).path(), "/schools/7/articles?page=3");
        assert_eq!(article(42).path(), "/articles/42");
        assert_eq!(school_scores(7, &AdmissionQuery::default()).path(), "/schools/7/scores");
        let q = AdmissionQuery {
            province: Some("福建".into()),
            track: Some(portal_model::admissions::Track::History),
            year: Some(2024),
            ..Default::default()
        };
        assert_eq!(
            school_plans(7, &q).path(),
            "/schools/7/plans?province=%E7%A6%8F%E5%BB%BA&track=history&year=2024"
        );
        assert_eq!(school_majors(7).path(), "/schools/7/majors");
        assert_eq!(tag("产教融合", 1).path(), "/tags/%E4%BA%A7%E6%95%99%E8%9E%8D%E5%90%88");
        assert_eq!(tag("a/b?c", 2).path(), "/tags/a%2Fb%3Fc?page=2");
        assert_eq!(search(" 机电 ").path(), "/search?q=%E6%9C%BA%E7%94%B5");
        assert_eq!(search("  ").path(), "/search");
        assert_eq!(schools(&SchoolQuery::default()).path(), "/schools");
        let q = SchoolQuery { level: Some(Level::Vocational), page: 2, ..Default::default() };
        assert_eq!(schools(&q).path(), "/schools?level=vocational&page=2");
    }

    #[test]
    fn prefixes_the_deploy_base() {
        assert_eq!(normalize_base("/"), "");
        assert_eq!(normalize_base("/portal/"), "/portal");
        assert_eq!(normalize_base("portal"), "/portal");
        set_base("/portal/");
        assert_eq!(school(1).href(), "/portal/schools/1");
        assert_eq!(school(1).path(), "/schools/1");
        set_base("/");
        assert_eq!(home().href(), "/");
    }

    #[test]
    fn builds_admission_paths() {
        assert_eq!(
            school_scores(
                3,
                &AdmissionQuery {
                    province: Some("福建".into()),
                    track: Some(Track::Physics),
                    ..Default::default()
                }
            )
            .path(),
            "/schools/3/scores?province=%E7%A6%8F%E5%BB%BA&track=physics"
        );
        let profile = Profile { track: Track::History, rank: Some(12000), ..Profile::default() };
        assert_eq!(
            rank(&profile, &GroupFilter::default()).path(),
            "/rank?province=%E7%A6%8F%E5%BB%BA&track=history&rank=12000"
        );
        let filter = GroupFilter { major: "计算机".into(), show_ineligible: true, ..Default::default() };
        assert_eq!(
            rank(&Profile { score: Some(560), ..Profile::default() }, &filter).path(),
            "/rank?province=%E7%A6%8F%E5%BB%BA&track=physics&score=560&major=%E8%AE%A1%E7%AE%97%E6%9C%BA&ineligible=1"
        );
        assert_eq!(compare(&[1, 2, 3]).path(), "/compare?ids=1,2,3");
        assert_eq!(compare(&[]).path(), "/compare");
        assert_eq!(
            compare_for(&[4, 2], &Profile::default()).path(),
            "/compare?ids=4,2&province=%E7%A6%8F%E5%BB%BA&track=physics"
        );
        assert_eq!(plan(None).path(), "/plan");
        assert_eq!(plan(Some(&profile)).path(), "/plan?province=%E7%A6%8F%E5%BB%BA&track=history&rank=12000");
        assert_eq!(plan_shared("1.fujian.p.....u.1-01--y").path(), "/plan#1.fujian.p.....u.1-01--y");
    }

    /// Links and the router agree: each built path opens exactly one route of the manifest,
    /// and every route has a builder here.
    #[test]
    fn every_link_opens_one_route_and_every_route_has_a_link() {
        let profile = Profile::default();
        let links = [
            home(),
            schools(&SchoolQuery::default()),
            school(7),
            school_articles(7, 2),
            school_scores(7, &AdmissionQuery::default()),
            school_plans(7, &AdmissionQuery::default()),
            school_majors(7),
            article(42),
            tag("a/b?c", 2),
            search("机电"),
            me(),
            rank(&profile, &GroupFilter::default()),
            compare_for(&[1], &profile),
            plan_shared("1.fujian"),
        ];
        for link in &links {
            let path = link.path().split(['?', '#']).next().unwrap_or_default();
            let opened: Vec<_> = routes::ROUTES.iter().filter(|r| r.matches(path)).collect();
            assert_eq!(opened.len(), 1, "{path} opens {opened:?}");
        }
        for route in routes::ROUTES {
            assert!(
                links.iter().any(|l| route.matches(l.path().split(['?', '#']).next().unwrap_or_default())),
                "no link builds {}",
                route.pattern
            );
        }
    }
}
