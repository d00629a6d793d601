//! Accounts and sessions: the sign-in methods offered (`GET /auth/methods`), who is signed in
//! (`GET /session`), password sign-in (`POST /session`) with its limits and 安全验证
//! (`signin.rs`), sign-out (`DELETE /session`) and sign-up (`POST /users`). Passwords, tokens
//! and the cookie themselves are `crate::auth`'s.

use crate::auth;
use crate::error::ApiError;
use crate::extract::{AuthUser, Body, ClientAddress, SessionCookie};
use crate::limits::{release, reserve};
use crate::signin::SignInAttempt;
use crate::state::{blocking, Shared};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_model::{validate, AuthMethod, LoginRequest, RegisterRequest, User};

pub fn router() -> Router<Shared> {
    Router::new()
        .route("/auth/methods", get(methods))
        .route("/session", get(current_session).post(login).delete(logout))
        .route("/users", post(register))
}

async fn methods(State(s): State<Shared>) -> Json<Vec<AuthMethod>> {
    let note = Some("即将开放，请先使用账号密码登录或注册".to_string());
    let sms = s.options.sms.is_some();
    Json(
        [("wechat", "微信"), ("qq", "QQ"), ("weibo", "微博"), ("sms", "手机验证码")]
            .into_iter()
            .map(|(id, name)| {
                let available = id == "sms" && sms;
                AuthMethod {
                    id: id.into(),
                    name: name.into(),
                    available,
                    note: if available { None } else { note.clone() },
                }
            })
            .collect(),
    )
}

/// Starts a fresh session for `user` (never reusing one the client brought: no session
/// fixation), answering `status` with the user and the cookie.
pub(super) async fn start_session(
    s: &Shared,
    SessionCookie(old): SessionCookie,
    user: User,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if let Some(old) = old {
        blocking(s, move |store| store.delete_session(&old)).await?;
    }
    let (token, hash) = auth::new_token().map_err(ApiError::Internal)?;
    let (user_id, now) = (user.id, s.clock.now_secs());
    blocking(s, move |store| {
        store.create_session(&hash, user_id, now + auth::SESSION_DAYS * 86_400)?;
        // A bounded share of the sweep, so expired sessions go even between sweeps.
        store.delete_expired_sessions(now, 100).map(|_| ())
    })
    .await?;
    let cookie = auth::set_cookie(Some(&token), s.options.plain_http_cookies);
    Ok((status, [(header::SET_COOKIE, cookie)], Json(user)).into_response())
}

/// Who is signed in: the user, or `null` (a normal answer, not an error, so signed-out page
/// loads log nothing in the browser console).
async fn current_session(user: Option<AuthUser>) -> Json<Option<User>> {
    Json(user.map(|AuthUser(user)| user))
}

async fn login(
    State(s): State<Shared>,
    ClientAddress(address): ClientAddress,
    cookie: SessionCookie,
    Body(request): Body<LoginRequest>,
) -> Result<Response, ApiError> {
    validate::login_account(&request.account)
        .and(validate::login_password(&request.password))
        .map_err(|m| ApiError::Invalid(m.into()))?;
    let account = request.account.trim().to_string();
    let found = blocking(&s, {
        let account = account.clone();
        move |store| store.credentials(&account)
    })
    .await?;
    // Counted per account, whether named by username or phone; a name that matches no
    // account is counted by itself, with the same delays, so answers do not tell them apart.
    let account = match &found {
        Some(c) => format!("user:{}", c.user.id),
        None => format!("name:{}", portal_model::username::key(&account)),
    };
    // Check and count in one step each, before the hash: parallel guesses cannot all pass,
    // on this instance or any other on the same database.
    let attempt = SignInAttempt::reserve(&s, account, &address, request.proof.as_ref()).await?;
    let password = request.password;
    let verified = s
        .hashing(move |memory| match found {
            Some(c) if auth::verify_password_with(&password, &c.password_hash, memory) => Some(c.user),
            Some(_) => None,
            None => {
                // Same work for an unknown account as for a wrong password.
                let _ = auth::verify_password_with(&password, auth::decoy_hash(), memory);
                None
            }
        })
        .await;
    match verified {
        Ok(Some(user)) => {
            attempt.succeeded().await;
            start_session(&s, cookie, user, StatusCode::OK).await
        }
        Ok(None) => {
            attempt.failed().await;
            Err(ApiError::BadCredentials)
        }
        // Not tried (busy) or not finished: not a failure of the visitor's.
        Err(e) => {
            attempt.not_tried().await;
            Err(e)
        }
    }
}

async fn register(
    State(s): State<Shared>,
    ClientAddress(address): ClientAddress,
    cookie: SessionCookie,
    Body(request): Body<RegisterRequest>,
) -> Result<Response, ApiError> {
    validate::username(&request.username)
        .and(validate::phone(&request.phone))
        .and(validate::new_password(&request.password))
        .map_err(|m| ApiError::Invalid(m.into()))?;
    let ip_key = format!("register:ip:{address}");
    reserve(&s, &ip_key, s.register_per_ip).await?;
    let password = request.password.clone();
    let hash = match s.hashing(move |memory| auth::hash_password_with(&password, memory)).await {
        Ok(hash) => hash.map_err(ApiError::Internal)?,
        Err(e) => {
            release(&s, &ip_key).await;
            return Err(e);
        }
    };
    let (username, phone) = (request.username.trim().to_string(), request.phone.trim().to_string());
    let user = blocking(&s, move |store| store.create_user(&username, &phone, &hash))
        .await?
        .map_err(ApiError::Taken)?;
    start_session(&s, cookie, user, StatusCode::CREATED).await
}

async fn logout(State(s): State<Shared>, SessionCookie(hash): SessionCookie) -> Result<Response, ApiError> {
    if let Some(hash) = hash {
        blocking(&s, move |store| store.delete_session(&hash)).await?;
    }
    let cookie = auth::set_cookie(None, s.options.plain_http_cookies);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}
