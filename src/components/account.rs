//! The account dialog: 账号密码登录 and 注册 tabs, 其他登录方式, one for the whole app. A native
//! modal `<dialog>`: the page behind is inert, Escape and 关闭 close it, Tab stays inside, and
//! focus returns to whatever opened it.

use crate::api::demo_store::{DEMO_PASSWORD, DEMO_USERNAME};
use crate::api::{Api, ApiError};
use crate::browser::dom;
use crate::components::form::{
    check, check_all, dispatch_once, Check, Field, FormError, Input, SubmitButton,
};
use crate::components::lazy::LazyView;
use crate::components::toast::Toasts;
use crate::state::session::Change;
use crate::state::{AccountTab, Session};
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html::Dialog;
use leptos::prelude::*;
use portal_model::{validate, ErrorCode, LoginRequest, RegisterRequest, SmsCodeRequest, SmsLoginRequest};

/// The `AuthMethod::id` of 手机验证码 sign-in.
const SMS_METHOD: &str = "sms";

#[component]
pub fn AccountDialog() -> impl IntoView {
    let session = expect_context::<Session>();
    let dialog = NodeRef::<Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);

    // Opens and closes the native dialog as the session asks.
    Effect::new(move |_| {
        let wanted = session.dialog.get().is_some();
        let Some(element) = dialog.get() else { return };
        if wanted && !element.open() {
            opener.set_value(dom::active_element());
            if element.show_modal().is_ok() {
                // The contents render on first open; focus once they are in the page.
                request_animation_frame(move || dom::focus_first_field(&element));
            }
        } else if !wanted && element.open() {
            element.close();
        }
    });
    // Escape, 关闭 and a finished sign-in all end here.
    let on_close = move |_| {
        session.apply(Change::DialogClosed);
        if let Some(element) = opener.get_value() {
            let _ = element.focus();
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if let Some(element) = dialog.get_untracked() {
            dom::keep_tab_inside(&element, &ev);
        }
    };
    let tab = move || session.dialog.get().unwrap_or(AccountTab::Login);
    // The forms are built (and in the release build, downloaded: crate::chunks) the first time
    // the dialog opens, not on every page load.
    let opened = RwSignal::new(false);
    Effect::new(move |_| {
        if session.dialog.get().is_some() {
            opened.set(true);
        }
    });

    view! {
        <dialog
            class="account-dialog"
            node_ref=dialog
            aria-labelledby="account-dialog-title"
            on:close=on_close
            on:keydown=on_keydown
        >
            <div class="dialog-head">
                <h2 id="account-dialog-title">{move || if tab() == AccountTab::Login { "登录海峡高考门户" } else { "注册海峡高考门户账号" }}</h2>
                <button type="button" class="dialog-close" aria-label="关闭" on:click=move |_| session.apply(Change::DialogClosed)>
                    "×"
                </button>
            </div>
            <Show when=move || opened.get()>
                <LazyView load=crate::chunks::account_dialog fallback=|| view! { <p class="muted">"正在加载…"</p> } />
            </Show>
        </dialog>
    }
}

/// The dialog's tabs, forms and 其他登录方式: built when it first opens.
#[component]
pub fn DialogContents() -> impl IntoView {
    let session = expect_context::<Session>();
    let api = expect_context::<Api>();
    // On the first opening the forms arrive after the dialog has opened: focus the first field
    // once they are in the page (on later openings the dialog does it).
    let tabs = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(tabs) = tabs.get() else { return };
        // A frame later: the view is built before it is put in the dialog.
        request_animation_frame(move || {
            if let Ok(Some(dialog)) = tabs.closest("dialog") {
                dom::focus_first_field(&dialog);
            }
        });
    });
    let tab = move || session.dialog.get().unwrap_or(AccountTab::Login);
    let select = move |t: AccountTab| {
        session.apply(Change::Tab(t));
        dom::focus_by_id(tab_ids(t).0);
    };
    let on_tab_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowLeft" | "ArrowRight" | "Home" | "End" => {
            ev.prevent_default();
            select(if tab() == AccountTab::Login { AccountTab::Register } else { AccountTab::Login });
        }
        _ => {}
    };
    let methods = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            // Asked once the dialog first opens, not on every page load.
            let open = session.dialog.get().is_some();
            async move {
                if open {
                    api.auth_methods().await
                } else {
                    Ok(Vec::new())
                }
            }
        }
    });
    let demo = api.is_demo();
    // The 手机验证码 form, opened from its entry in 其他登录方式.
    let sms_open = RwSignal::new(false);

    view! {
            <div class="tabs" role="tablist" aria-label="登录方式" node_ref=tabs on:keydown=on_tab_key>
                {tab_button(AccountTab::Login, "账号密码登录", tab, select)}
                {tab_button(AccountTab::Register, "注册", tab, select)}
            </div>
            <div role="tabpanel" id=tab_ids(AccountTab::Login).1 aria-labelledby=tab_ids(AccountTab::Login).0 hidden=move || tab() != AccountTab::Login>
                {demo.then(|| view! {
                    <p class="demo-hint">
                        "演示账号：" <strong>{DEMO_USERNAME}</strong> "，密码：" <strong>{DEMO_PASSWORD}</strong>
                        "。也可以注册新账号，数据只保存在本浏览器。"
                    </p>
                })}
                <LoginForm />
            </div>
            <div role="tabpanel" id=tab_ids(AccountTab::Register).1 aria-labelledby=tab_ids(AccountTab::Register).0 hidden=move || tab() != AccountTab::Register>
                <RegisterForm />
            </div>
            <section class="other-methods" aria-labelledby="other-methods-title">
                <h3 id="other-methods-title">"其他登录方式"</h3>
                <Suspense fallback=|| view! { <p class="muted">"正在加载…"</p> }>
                    {move || Suspend::new(async move {
                        match methods.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted">"暂无其他登录方式。"</p> }.into_any(),
                            Ok(list) => {
                                let sms = list.iter().any(|m| m.id == SMS_METHOD && m.available);
                                view! {
                                <ul class="method-list">
                                    {list
                                        .into_iter()
                                        .map(|m| if m.id == SMS_METHOD && m.available {
                                            view! {
                                                <li class="method">
                                                    <button
                                                        type="button"
                                                        class="method-button"
                                                        aria-expanded=move || sms_open.get().to_string()
                                                        aria-controls="sms-panel"
                                                        on:click=move |_| {
                                                            sms_open.update(|o| *o = !*o);
                                                            if sms_open.get_untracked() {
                                                                request_animation_frame(|| dom::focus_by_id("sms-phone"));
                                                            }
                                                        }
                                                    >
                                                        <span class="method-name">{m.name.clone()}</span>
                                                        <span class="method-note">"可用"</span>
                                                    </button>
                                                </li>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <li class="method" class:unavailable=!m.available>
                                                    <span class="method-name">{m.name.clone()}</span>
                                                    <span class="method-note">{if m.available { "可用" } else { "暂不可用" }}</span>
                                                </li>
                                            }.into_any()
                                        })
                                        .collect_view()}
                                </ul>
                                <div id="sms-panel" hidden=move || !sms_open.get()>
                                    <Show when=move || sms && sms_open.get()>
                                        <SmsForm />
                                    </Show>
                                </div>
                                <p class="muted method-reason">
                                    {if demo {
                                        "演示模式不连接第三方平台，请使用账号密码登录或注册。"
                                    } else if sms {
                                        "微信、QQ、微博登录暂未开放；也可以使用手机验证码登录，新手机号将自动注册。"
                                    } else {
                                        "第三方登录暂未开放，请使用账号密码登录或注册。"
                                    }}
                                </p>
                            }
                            .into_any()
                            }
                            Err(e) => view! { <p class="muted">{format!("其他登录方式暂时无法加载：{e}")}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
    }
}

/// One labelled input with its message, wired for screen readers.
/// The ids of a tab and of the panel it controls.
fn tab_ids(tab: AccountTab) -> (&'static str, &'static str) {
    match tab {
        AccountTab::Login => ("tab-login", "panel-login"),
        AccountTab::Register => ("tab-register", "panel-register"),
    }
}

/// One tab of the dialog's tablist; only the selected tab is in the Tab order (arrow keys move
/// between tabs).
fn tab_button(
    this: AccountTab,
    label: &'static str,
    current: impl Fn() -> AccountTab + Copy + Send + Sync + 'static,
    select: impl Fn(AccountTab) + Copy + 'static,
) -> impl IntoView {
    let (tab_id, panel_id) = tab_ids(this);
    view! {
        <button
            type="button"
            role="tab"
            id=tab_id
            aria-controls=panel_id
            aria-selected=move || (current() == this).to_string()
            tabindex=move || if current() == this { "0" } else { "-1" }
            on:click=move |_| select(this)
        >
            {label}
        </button>
    }
}

/// After a successful sign-in or registration: record it, close the dialog, say so.
async fn welcome(session: Session, toasts: Toasts, api: &Api, user: portal_model::User, verb: &str) {
    let name = user.username.clone();
    session.signed_in(api, user).await;
    toasts.show(format!("{verb}成功，欢迎你，{name}"));
}

/// A sign-in the server asked for a 安全验证: the proof being searched for, then sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verification {
    Solving,
    Sending,
}

impl Verification {
    fn notice(self) -> &'static str {
        match self {
            Verification::Solving => "为保护账号安全，正在进行安全验证，请稍候…",
            Verification::Sending => "安全验证已完成，正在登录…",
        }
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let api = expect_context::<Api>();
    let (account, password) = (Input::new("login-account"), Input::new("login-password"));
    let failure = RwSignal::new(None::<String>);
    let shown = RwSignal::new(false);
    // Where a sign-in that was asked for a 安全验证 is.
    let verifying = RwSignal::new(None::<Verification>);
    // One sign-in at a time: a second click or Enter while one is on its way does nothing.
    let login = Action::new_local(move |request: &LoginRequest| {
        let (api, mut request) = (api.clone(), request.clone());
        async move {
            // The server may ask for a 安全验证 (an account drawing failed sign-ins from many
            // places): solve it and send the sign-in again with the proof. A fresh one asked
            // for again (the attack grew meanwhile) is solved too, a few times at most.
            let mut rounds = 0;
            let outcome = loop {
                match api.login(&request).await {
                    Err(ApiError::Challenge(asked)) if rounds < 3 => {
                        rounds += 1;
                        verifying.try_set(Some(Verification::Solving));
                        request.proof = Some(crate::browser::crypto::solve_challenge(&asked).await);
                        verifying.try_set(Some(Verification::Sending));
                    }
                    other => break other,
                }
            };
            verifying.try_set(None);
            match outcome {
                Ok(user) => {
                    password.clear();
                    welcome(session, toasts, &api, user, "登录").await;
                }
                Err(e) => {
                    failure.try_set(Some(e.to_string()));
                }
            }
        }
    });
    let submitting = login.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        if check_all(&[check(account, validate::login_account), check(password, validate::login_password)]) {
            dispatch_once(
                &login,
                LoginRequest { account: account.trimmed(), password: password.text(), proof: None },
            );
        }
    };
    view! {
        <form class="account-form" novalidate on:submit=on_submit>
            <Field input=account label="账号" autocomplete="username" placeholder="用户名或手机号" maxlength=32 />
            <Field
                input=password
                label="密码"
                kind="password"
                autocomplete="current-password"
                placeholder="请输入密码"
                maxlength=64
                reveal=shown
            />
            <button type="button" class="link-button reveal" aria-pressed=move || shown.get().to_string() on:click=move |_| shown.update(|s| *s = !*s)>
                {move || if shown.get() { "隐藏密码" } else { "显示密码" }}
            </button>
            <p class="form-notice" role="status">{move || verifying.get().map(Verification::notice)}</p>
            <FormError failure />
            <SubmitButton pending=submitting>
                {move || match (submitting.get(), verifying.get()) {
                    (true, Some(Verification::Solving)) => "安全验证中…",
                    (true, _) => "登录中…",
                    (false, _) => "登录",
                }}
            </SubmitButton>
        </form>
    }
}

#[component]
fn RegisterForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let api = expect_context::<Api>();
    let username = Input::new("register-username");
    let phone = Input::new("register-phone");
    let password = Input::new("register-password");
    let repeat = Input::new("register-repeat");
    let agreed = RwSignal::new(false);
    let agreement_problem = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    // One registration at a time, so a double submit never makes two accounts.
    let register = Action::new_local(move |request: &RegisterRequest| {
        let (api, request) = (api.clone(), request.clone());
        async move {
            match api.register(&request).await {
                Ok(user) => {
                    password.clear();
                    repeat.clear();
                    welcome(session, toasts, &api, user, "注册").await;
                }
                Err(ApiError::Rejected { code: Some(ErrorCode::UsernameTaken), message, .. }) => {
                    username.reject(message)
                }
                Err(ApiError::Rejected { code: Some(ErrorCode::PhoneTaken), message, .. }) => {
                    phone.reject(message)
                }
                Err(e) => failure.set(Some(e.to_string())),
            }
        }
    });
    let submitting = register.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let typed = password.text();
        let checks = [
            check(username, validate::username),
            check(phone, validate::phone),
            check(password, validate::new_password),
            check(repeat, |r| validate::password_repeat(&typed, r)),
            Check {
                id: "register-agreement",
                problem: agreement_problem,
                outcome: validate::agreement(agreed.get_untracked()),
            },
        ];
        if check_all(&checks) {
            let request =
                RegisterRequest { username: username.trimmed(), phone: phone.trimmed(), password: typed };
            dispatch_once(&register, request);
        }
    };
    view! {
        <form class="account-form" novalidate on:submit=on_submit>
            <Field input=username label="用户名" autocomplete="username" placeholder="2–20个字符：中文、字母、数字或下划线" maxlength=20 />
            <Field input=phone label="手机号" kind="tel" autocomplete="tel" placeholder="11位手机号" inputmode="numeric" maxlength=11 />
            <Field input=password label="密码" kind="password" autocomplete="new-password" placeholder="8–32位，包含字母和数字" maxlength=32 />
            <Field input=repeat label="确认密码" kind="password" autocomplete="new-password" placeholder="再次输入密码" maxlength=32 />
            <div class="field checkbox">
                <input
                    id="register-agreement"
                    type="checkbox"
                    prop:checked=move || agreed.get()
                    aria-invalid=move || agreement_problem.get().is_some().to_string()
                    aria-describedby=move || agreement_problem.get().map(|_| "register-agreement-error")
                    on:change:target=move |ev| {
                        agreed.set(ev.target().checked());
                        agreement_problem.set(None);
                    }
                />
                <label for="register-agreement">"我已阅读并同意《用户协议》和《隐私政策》"</label>
                <p class="field-error" id="register-agreement-error" hidden=move || agreement_problem.get().is_none()>
                    {move || agreement_problem.get().unwrap_or_default()}
                </p>
            </div>
            <FormError failure />
            <SubmitButton pending=submitting>{move || if submitting.get() { "注册中…" } else { "注册" }}</SubmitButton>
        </form>
    }
}

/// 手机验证码登录: 获取验证码 (then a countdown until another may be asked for), the code,
/// 登录. A phone without an account gets one on its first sign-in.
#[component]
fn SmsForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let api = expect_context::<Api>();
    let (phone, code) = (Input::new("sms-phone"), Input::new("sms-code"));
    let failure = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    // Seconds until 获取验证码 may be pressed again.
    let countdown = RwSignal::new(0u32);
    let ticker = StoredValue::new_local(None::<leptos::leptos_dom::helpers::IntervalHandle>);
    let stop_ticker = move || {
        if let Some(handle) = ticker.try_update_value(|t| t.take()).flatten() {
            handle.clear();
        }
    };
    on_cleanup(stop_ticker);
    let start_countdown = move |seconds: u32| {
        stop_ticker();
        countdown.set(seconds);
        let handle = set_interval_with_handle(
            move || {
                let left = countdown.try_get_untracked().unwrap_or(0).saturating_sub(1);
                countdown.try_set(left);
                if left == 0 {
                    stop_ticker();
                }
            },
            std::time::Duration::from_secs(1),
        );
        ticker.set_value(handle.ok());
    };

    let send_code = {
        let api = api.clone();
        Action::new_local(move |request: &SmsCodeRequest| {
            let (api, request) = (api.clone(), request.clone());
            async move {
                match api.sms_code(&request).await {
                    Ok(sent) => {
                        start_countdown(sent.resend_after);
                        notice.try_set(Some(format!(
                            "验证码已发送，{}分钟内有效",
                            sent.valid_for.div_ceil(60)
                        )));
                        dom::focus_by_id("sms-code");
                    }
                    Err(ApiError::Rejected { code: Some(ErrorCode::Invalid), message, .. }) => {
                        phone.reject(message);
                    }
                    Err(e) => {
                        failure.try_set(Some(e.to_string()));
                    }
                }
            }
        })
    };
    let sending = send_code.pending();
    let sign_in = Action::new_local(move |request: &SmsLoginRequest| {
        let (api, request) = (api.clone(), request.clone());
        async move {
            match api.sms_login(&request).await {
                Ok(user) => {
                    code.clear();
                    welcome(session, toasts, &api, user, "登录").await;
                }
                Err(ApiError::Rejected {
                    code: Some(ErrorCode::CodeWrong | ErrorCode::CodeExpired),
                    message,
                    ..
                }) => {
                    code.reject(message);
                    dom::focus_by_id("sms-code");
                }
                Err(e) => {
                    failure.try_set(Some(e.to_string()));
                }
            }
        }
    });
    let submitting = sign_in.pending();

    let request_code = {
        move |_| {
            // A second click while sending or counting down does nothing.
            if sending.get_untracked() || countdown.get_untracked() > 0 {
                return;
            }
            failure.set(None);
            notice.set(None);
            if check_all(&[check(phone, validate::phone)]) {
                send_code.dispatch(SmsCodeRequest { phone: phone.trimmed() });
            }
        }
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        if check_all(&[check(phone, validate::phone), check(code, validate::sms_code)]) {
            dispatch_once(&sign_in, SmsLoginRequest { phone: phone.trimmed(), code: code.trimmed() });
        }
    };
    let code_length = validate::SMS_CODE_LENGTH as u32;
    view! {
        <form class="account-form sms-form" novalidate on:submit=on_submit aria-label="手机验证码登录">
            <Field input=phone label="手机号" kind="tel" autocomplete="tel" placeholder="11位手机号" inputmode="numeric" maxlength=11 />
            <div class="sms-code-row">
                <Field input=code label="验证码" autocomplete="one-time-code" placeholder="6位数字" inputmode="numeric" maxlength=code_length />
                <button
                    type="button"
                    class="button button-secondary sms-send"
                    disabled=move || { sending.get() || countdown.get() != 0 }
                    aria-busy=move || sending.get().to_string()
                    on:click=request_code
                >
                    {move || match (sending.get(), countdown.get()) {
                        (true, _) => "发送中…".to_string(),
                        (false, 0) => "获取验证码".to_string(),
                        (false, left) => format!("{left}秒后重新获取"),
                    }}
                </button>
            </div>
            <p class="form-notice" role="status">{move || notice.get()}</p>
            <FormError failure />
            <SubmitButton pending=submitting>{move || if submitting.get() { "登录中…" } else { "验证码登录" }}</SubmitButton>
        </form>
    }
}
