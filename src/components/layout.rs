//! The frame around every page: site banner, navigation, search, account entry and footer.

use crate::api::{Api, NetworkState};
use crate::components::toast::Toasts;
use crate::paths;
use crate::routes;
use crate::state::{AccountTab, Compare, Plans, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

/// The skip link moves focus itself: the router would otherwise take the click as navigation.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    crate::browser::dom::focus_by_id("main");
}

#[component]
pub fn Header() -> impl IntoView {
    let location = use_location();
    // The home page has its own large search box; the header's would repeat it.
    let on_home = move || location.pathname.get() == paths::home().href();
    // 院校对比 opens the schools in the tray.
    let compare = expect_context::<Compare>();
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"跳到主要内容"</a>
        <header class="site-header">
            <div class="header-bar">
                <a class="brand" href=paths::home().href()>
                    <span class="brand-mark" aria-hidden="true">"海"</span>
                    <span class="brand-text">
                        <span class="brand-name">"海峡高考门户"</span>
                        <span class="brand-sub">"福建高考网"</span>
                    </span>
                </a>
                <AccountMenu />
            </div>
            <div class="header-tools" class:on-home=on_home>
                <nav class="main-nav" aria-label="主导航">
                    {routes::NAV
                        .iter()
                        .map(|&(page, label)| {
                            if page == routes::PLAN {
                                view! { <PlanLink label /> }.into_any()
                            } else if page == routes::COMPARE {
                                view! { <A href=move || paths::compare(&compare.ids()).href()>{label}</A> }.into_any()
                            } else {
                                view! { <A href=paths::page(page).href() exact={page == routes::HOME}>{label}</A> }.into_any()
                            }
                        })
                        .collect_view()}
                </nav>
                <SearchBox id="header-search" label="全站搜索" />
            </div>
            <DemoNotice />
            <OfflineNotice />
        </header>
    }
}

/// 志愿表, with the number of groups in the draft shown (kept on this device).
#[component]
fn PlanLink(label: &'static str) -> impl IntoView {
    let plans = expect_context::<Plans>();
    let count = Memo::new(move |_| plans.count());
    view! {
        <A href=paths::plan(None).href()>
            {label}
            {move || {
                let n = count.get();
                (n > 0).then(|| view! {
                    <span class="nav-badge" aria-hidden="true">{n}</span>
                    <span class="visually-hidden">{format!("（{n}个专业组）")}</span>
                })
            }}
        </A>
    }
}

/// 登录 / 注册 when signed out; the name and 退出 when signed in (我的关注 is in the nav).
#[component]
fn AccountMenu() -> impl IntoView {
    let session = expect_context::<Session>();
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let sign_out = move |_| {
        let api = api.clone();
        spawn_local(async move {
            match session.sign_out(&api).await {
                Ok(()) => toasts.show("已退出登录"),
                Err(e) => toasts.show(format!("退出失败：{e}")),
            }
        });
    };
    view! {
        <div class="header-account">
            {move || match session.user.get() {
                Some(user) => view! {
                    <span class="greeting" title=user.username.clone()><span class="greeting-hello">"你好，"</span><strong>{user.username.clone()}</strong></span>
                    <button type="button" class="link-button header-link" on:click=sign_out.clone()>"退出"</button>
                }
                .into_any(),
                None => view! {
                    <button type="button" class="button button-small" on:click=move |_| session.ask_to_sign_in(AccountTab::Login, None)>
                        "登录"
                    </button>
                    <button type="button" class="link-button header-link" on:click=move |_| session.ask_to_sign_in(AccountTab::Register, None)>
                        "注册"
                    </button>
                }
                .into_any(),
            }}
        </div>
    }
}

/// The search form in the header: submits to `/search?q=`.
#[component]
pub fn SearchBox(
    /// Unique on the page: the header and a page may both show one.
    #[prop(into)]
    id: String,
    /// Names the search landmark; each on a page needs its own.
    #[prop(into)]
    label: String,
    #[prop(optional, into)] initial: String,
) -> impl IntoView {
    let navigate = use_navigate();
    let query = RwSignal::new(initial);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        if !q.trim().is_empty() {
            navigate(paths::search(&q).path(), Default::default());
        }
    };
    view! {
        // The action is for a page showing without the app (a pre-rendered article before the
        // app takes over, or with JavaScript off): the browser itself goes to /search?q=.
        <form class="search-box" role="search" aria-label=label action=paths::search("").href() on:submit=on_submit>
            <label class="visually-hidden" for=id.clone()>"搜索院校或文章"</label>
            <input
                id=id
                type="search"
                name="q"
                placeholder="搜索院校、新闻"
                enterkeyhint="search"
                maxlength="50"
                bind:value=query
            />
            <button type="submit" class="button button-small">"搜索"</button>
        </form>
    }
}

/// Says so when the browser is offline, and when a page is an offline copy kept from an
/// earlier visit.
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let network = expect_context::<NetworkState>();
    let (online, copy) = (network.online, network.offline_copy);
    view! {
        <p class="offline-notice" role="status" hidden=move || online.get() && !copy.get()>
            {move || if copy.get() {
                "离线副本：这是您之前打开时保存的内容，联网后会显示最新版本。"
            } else {
                "网络已断开：已打开的内容仍可阅读，联网后再打开新页面。"
            }}
        </p>
    }
}

/// On a site without a server, says that follows and sign-in stay in this browser, and, when
/// the data set cites no published documents (the bundled fixtures), that its figures are
/// examples. A data set built from real publications lists them (`sources.json`).
#[component]
pub fn DemoNotice() -> impl IntoView {
    let api = use_context::<Api>().filter(Api::is_demo)?;
    let sources = LocalResource::new(move || {
        let api = api.clone();
        async move { api.sources().await }
    });
    // Its own Suspense: the list is read here alone, so waiting for it never puts the frame
    // around it (the nearest Suspense otherwise) back to its fallback.
    Some(view! {
        <Suspense>
            {move || {
                let real = !portal_model::sources::only_examples(&sources.get()?.ok()?);
                Some(view! {
                    <p class="demo-notice" role="note">
                        {if real {
                            "关注和登录只保存在本浏览器，换设备或清除浏览数据后不会保留"
                        } else {
                            "演示模式：示例数据，关注和登录只保存在本浏览器"
                        }}
                    </p>
                })
            }}
        </Suspense>
    })
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"海峡高考门户 · 为考生和家长提供院校资讯"</p>
            <p class="footer-small">"院校信息以各校官方发布为准。"</p>
        </footer>
    }
}
