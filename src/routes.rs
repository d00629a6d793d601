//! The route manifest: every page of the portal, written once. Each line gives the path
//! pattern, the page it opens (a loader of [`chunks`], whose group decides which split module
//! holds its code, or a page kept in the main module), and two facts the build needs:
//! `prerendered` (scripts/prerender.mjs renders it ahead of time) and `reads_query` (its page
//! depends on the query, so a snapshot stands only for the bare path).
//!
//! From this one table come the router ([`PageRoutes`], in app.rs), the patterns that
//! [`crate::paths`] fills to build links, and `src/routes.json`, the same table for the build
//! scripts (split-wasm.mjs: which modules a path preloads; prerender.mjs: which paths it renders
//! and which read the query; both through scripts/routes.mjs). routes.json is checked in and
//! a host test fails when it differs from this table (`HAIXIA_WRITE_ROUTES=1 cargo test -p
//! haixia-portal --lib routes` rewrites it): the build needs no extra compile to emit it.
//!
//! The main navigation ([`NAV`]) is a list of these routes with their labels, read the same way.
//!
//! A new page: its module in `pages/`, a loader in a group of chunks.rs, and one line here
//! (with the page's first data read in `crate::preload`, so it starts beside the code).

use crate::chunks;
use crate::pages;
use crate::preload;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

/// One route of the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// The router's pattern: `/schools/:id` (`:name` is one segment).
    pub pattern: &'static str,
    /// The split group of chunks.rs that holds the page's code; `None`: the main module.
    pub group: Option<&'static str>,
    /// Rendered ahead of time by scripts/prerender.mjs.
    pub prerendered: bool,
    /// The page reads the query (a snapshot stands only for the path without one).
    pub reads_query: bool,
}

impl Page {
    const fn new(pattern: &'static str, group: Option<&'static str>) -> Page {
        Page { pattern, group, prerendered: false, reads_query: false }
    }

    const fn prerendered(self) -> Page {
        Page { prerendered: true, ..self }
    }

    const fn reads_query(self) -> Page {
        Page { reads_query: true, ..self }
    }

    /// The pattern with each `:name` segment replaced by the next of `params` (already
    /// percent-encoded where needed): `/schools/:id/scores` with `[7]` is `/schools/7/scores`.
    pub fn fill(&self, params: &[&dyn std::fmt::Display]) -> String {
        let mut params = params.iter();
        let mut out = String::with_capacity(self.pattern.len() + 8);
        for segment in self.pattern.split('/').skip(1) {
            out.push('/');
            let param = if segment.starts_with(':') { params.next() } else { None };
            match param {
                Some(param) => out.push_str(&param.to_string()),
                None => out.push_str(segment),
            }
        }
        out
    }

    /// Whether `path` (no query, no prefix) is one this route matches (the router's rule, for
    /// the tests that links and routes agree).
    #[cfg(test)]
    pub fn matches(&self, path: &str) -> bool {
        let mut got = path.split('/');
        self.pattern.split('/').all(|want| {
            got.next().is_some_and(|got| if want.starts_with(':') { !got.is_empty() } else { got == want })
        }) && got.next().is_none()
    }
}

/// `NAME "pattern" => split(loader[, first read]) | main(View), flags…;`: a const `NAME` for each route,
/// [`ROUTES`], and the router's `<Routes>` ([`PageRoutes`]).
macro_rules! route_manifest {
    ($( $name:ident $pattern:tt => $kind:ident ( $($page:tt)+ ) $( , $flag:ident )* ; )+) => {
        $( pub const $name: Page = Page::new($pattern, route_manifest!(@group $kind($($page)+))) $( .$flag() )*; )+

        /// Every route, in the router's order.
        pub const ROUTES: &[Page] = &[$( $name ),+];

        /// The router's table: each route's page inside the shared frame, and the 404 view for
        /// any other path.
        #[component]
        pub fn PageRoutes() -> impl IntoView {
            view! {
                <Routes fallback=pages::not_found::NotFoundPage>
                    $( <Route path=path!($pattern) view=route_manifest!(@view $kind($($page)+)) /> )+
                </Routes>
            }
        }
    };
    (@group split($loader:ident $(, $first:path)?)) => { Some(chunks::group::$loader) };
    (@group main($($view:tt)+)) => { None };
    // `split(loader, first)`: `first` starts the page's first data read as the route matches,
    // beside its code download (crate::preload). Untracked: the router calls a route's view
    // inside a Suspend, which would run again when a signal read there changes; the preload
    // wants the URL of the moment only.
    (@view split($loader:ident)) => { || chunks::page(chunks::$loader) };
    (@view split($loader:ident, $first:path)) => { || { untrack($first); chunks::page(chunks::$loader) } };
    (@view main($($view:tt)+)) => { $($view)+ };
}

route_manifest! {
    HOME "/" => split(home), prerendered;
    SCHOOLS "/schools" => split(schools), prerendered, reads_query;
    SCHOOL "/schools/:id" => split(school, preload::school), prerendered;
    SCHOOL_ARTICLES "/schools/:id/articles" => split(school_articles, preload::school_articles);
    // 分数线 and 位次查询 rendered ahead of time as a visitor who has chosen nothing sees them
    // (the default province and track): without, they were the slowest pages to first show.
    SCHOOL_SCORES "/schools/:id/scores" => split(school_scores, preload::school_scores), prerendered, reads_query;
    SCHOOL_PLANS "/schools/:id/plans" => split(school_plans, preload::school_plans);
    SCHOOL_MAJORS "/schools/:id/majors" => split(school_majors, preload::school_majors);
    // In the main module: a shared article link needs nothing more.
    ARTICLE "/articles/:id" => main(pages::article::ArticlePage), prerendered;
    TAG "/tags/:tag" => split(tag);
    SEARCH "/search" => split(search);
    ME "/me" => split(me);
    RANK "/rank" => split(rank, preload::provinces), prerendered, reads_query;
    COMPARE "/compare" => split(compare, preload::provinces);
    PLAN "/plan" => split(plan, preload::provinces);
}

/// The site's main navigation, in its order: the page each entry opens (one with no `:name`)
/// and its label. The app's header draws it (components::layout), and scripts/post-build.mjs
/// writes the same links into index.html's shell from routes.json.
pub const NAV: &[(Page, &str)] = &[
    (HOME, "首页"),
    (SCHOOLS, "院校库"),
    (RANK, "位次查询"),
    (PLAN, "志愿表"),
    (COMPARE, "院校对比"),
    (ME, "我的关注"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// routes.json as this table would write it.
    fn manifest_json() -> String {
        let routes: Vec<serde_json::Value> = ROUTES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "path": r.pattern,
                    "group": r.group,
                    "prerendered": r.prerendered,
                    "reads_query": r.reads_query,
                })
            })
            .collect();
        let nav: Vec<serde_json::Value> = NAV
            .iter()
            .map(|(page, label)| serde_json::json!({ "path": page.pattern, "label": label }))
            .collect();
        let manifest = serde_json::json!({
            "generated": "from src/routes.rs; rewrite with HAIXIA_WRITE_ROUTES=1 cargo test -p haixia-portal --lib routes",
            "routes": routes,
            "nav": nav,
        });
        serde_json::to_string_pretty(&manifest).expect("plain JSON values") + "\n"
    }

    #[test]
    fn routes_json_is_the_manifest() {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes.json");
        let want = manifest_json();
        if std::env::var_os("HAIXIA_WRITE_ROUTES").is_some() {
            std::fs::write(file, &want).expect("write src/routes.json");
        }
        let have = std::fs::read_to_string(file).unwrap_or_default();
        assert!(
            have == want,
            "src/routes.json differs from src/routes.rs: run HAIXIA_WRITE_ROUTES=1 cargo test -p haixia-portal --lib routes"
        );
    }

    #[test]
    fn fills_and_matches_patterns() {
        assert_eq!(HOME.fill(&[]), "/");
        assert_eq!(SCHOOL_SCORES.fill(&[&7]), "/schools/7/scores");
        assert!(SCHOOL.matches("/schools/7"));
        assert!(!SCHOOL.matches("/schools/7/scores"));
        assert!(!SCHOOL.matches("/schools/"));
        assert!(HOME.matches("/") && !HOME.matches("/schools"));
        assert!(TAG.matches("/tags/%E9%AB%98%E8%80%83"));
    }

    #[test]
    fn patterns_are_distinct() {
        for (i, a) in ROUTES.iter().enumerate() {
            assert!(a.pattern.starts_with('/'), "{}", a.pattern);
            assert!(ROUTES[i + 1..].iter().all(|b| b.pattern != a.pattern), "{} twice", a.pattern);
            // A query-dependent snapshot only makes sense for a rendered page.
            assert!(!a.reads_query || a.prerendered, "{}", a.pattern);
        }
        for (page, label) in NAV {
            assert!(!page.pattern.contains(':'), "{label}: a nav entry needs no parameter");
        }
    }
}
