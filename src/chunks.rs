//! The pages (and the account dialog's forms, and the QR encoder) whose code is downloaded
//! when first opened (route-level code splitting).
//!
//! The release build (scripts/build-release.sh sets `--cfg split`) cuts each group below out
//! of the main wasm into a module of its own, with `wasm_split` through Leptos' re-export; the
//! frame and the article page stay in the main module, so a shared article link needs nothing
//! more. A development build (`trunk serve`) and the host tests keep one module. Either way a
//! route opens its page through [`LazyView`], which shows the skeleton while the code arrives
//! and the error view with 重试 if the download fails.
//!
//! Leptos' own `#[lazy]` panics when a download fails (which would stop the whole app), hence
//! `wasm_split`'s `fallible` option here.

use crate::components::account::DialogContents;
use crate::components::lazy::{LazyView, PageLoad};
use crate::components::qr::QrSvg;
use crate::pages;
use leptos::prelude::*;

/// `group { name => View, … }`: each `name` becomes a loader of the view (for [`LazyView`]),
/// and every view of a group shares one downloaded module. `name(prop: Type, …) => View`
/// passes the loader's arguments on as the view's props.
macro_rules! split_pages {
    ($( $group:ident { $( $name:ident $( ( $( $prop:ident : $ty:ty ),* ) )? => $page:path ),+ $(,)? } )+) => {
        /// The split points: each returns its page's view, after its module has loaded.
        mod split {
            use super::*;
            use crate::api::ApiError;
            $( $(
                #[cfg_attr(split, ::leptos::wasm_split::wasm_split(
                    $group, wasm_split_path = ::leptos::wasm_split, fallible
                ))]
                pub fn $name($( $( $prop: $ty ),* )?) -> Result<AnyView, ApiError> {
                    Ok(view! { <$page $( $( $prop=$prop )* )? /> }.into_any())
                }
            )+ )+
        }
        /// The group of each loader, by the loader's name (for the route manifest, src/routes.rs).
        #[allow(non_upper_case_globals)]
        pub mod group {
            $( $( pub const $name: &str = stringify!($group); )+ )+
        }
        $( $(
            pub fn $name($( $( $prop: $ty ),* )?) -> PageLoad {
                Box::pin(async move {
                    #[cfg(split)]
                    return split::$name($( $( $prop ),* )?).await;
                    #[cfg(not(split))]
                    return split::$name($( $( $prop ),* )?);
                })
            }
        )+ )+
    };
}

split_pages! {
    home { home => pages::home::HomePage }
    directory {
        schools => pages::schools::SchoolsPage,
        search => pages::search::SearchPage,
        tag => pages::tag::TagPage,
    }
    school {
        school => pages::school::SchoolPage,
        school_articles => pages::school_articles::SchoolArticlesPage,
    }
    admissions {
        school_scores => pages::school_scores::SchoolScoresPage,
        school_plans => pages::school_plans::SchoolPlansPage,
        school_majors => pages::school_majors::SchoolMajorsPage,
        rank => pages::rank::RankPage,
        compare => pages::compare::ComparePage,
    }
    me { me => pages::me::MePage }
    plan { plan => pages::plan::PlanPage }
    account { account_dialog => DialogContents }
    // Most visits never open 微信 sharing.
    qr { qr_code(text: String, label: String) => QrSvg }
}

/// A route's view: its page, once its code is in.
pub fn page(load: fn() -> PageLoad) -> impl IntoView {
    view! { <LazyView load /> }
}
