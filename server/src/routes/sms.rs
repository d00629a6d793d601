//! 手机验证码 sign-in (only with a sender, `--sms-outbox` or a provider): `POST
//! /auth/sms/code` sends a code, `POST /auth/sms/session` signs in with it. Codes themselves
//! (making, hashing, sending) are `crate::sms`'s; their limits `crate::limits`'.

use super::accounts::start_session;
use crate::error::ApiError;
use crate::extract::{Body, ClientAddress, SessionCookie};
use crate::limits::{
    self, CODE_GUESSES_PER_ADDRESS, CODE_GUESSES_PER_PHONE, SMS_PER_ADDRESS, SMS_PER_ADDRESS_DAILY,
    SMS_PER_PHONE, SMS_PER_PHONE_DAILY,
};
use crate::sms;
use crate::state::{blocking, Shared};
use crate::store::{CodeCheck, StoreError};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use portal_model::{validate, SmsCodeRequest, SmsCodeSent, SmsLoginRequest};

pub fn router() -> Router<Shared> {
    Router::new().route("/auth/sms/code", post(send_code)).route("/auth/sms/session", post(sign_in))
}

/// 获取验证码: sends a new code to the phone, limited per phone (one a minute, ten a day)
/// and per address (waits from ten on, thirty a day); nothing while the phone's 验证码登录 is
/// paused for wrong codes. Answers the same whether or not the phone has an account.
async fn send_code(
    State(s): State<Shared>,
    ClientAddress(address): ClientAddress,
    Body(request): Body<SmsCodeRequest>,
) -> Result<Json<SmsCodeSent>, ApiError> {
    let sender = s.options.sms.clone().ok_or(ApiError::NotFound)?;
    validate::phone(&request.phone).map_err(|m| ApiError::Invalid(m.into()))?;
    let phone = request.phone.trim().to_string();
    // A phone whose 验证码登录 is paused (too many wrong codes today) is sent nothing.
    limits::check(&s, &format!("code:phone:{phone}"), CODE_GUESSES_PER_PHONE).await?;
    let reserved = limits::reserve_all(
        &s,
        vec![
            (format!("sms:phone:{phone}"), SMS_PER_PHONE),
            (format!("sms:phone-day:{phone}"), SMS_PER_PHONE_DAILY),
            (format!("sms:ip:{address}"), SMS_PER_ADDRESS),
            (format!("sms:ip-day:{address}"), SMS_PER_ADDRESS_DAILY),
        ],
    )
    .await?;
    let now = s.clock.now_secs();
    let sent = blocking(&s, move |store| {
        let code = sms::new_code().map_err(StoreError::Failed)?;
        let hash = sms::hash_code(&phone, &code).map_err(StoreError::Failed)?;
        store.save_sms_code(&phone, &hash, now + i64::from(validate::SMS_CODE_VALID_SECONDS))?;
        sender.send_code(&phone, &code).map_err(StoreError::Failed)
    })
    .await;
    if let Err(e) = sent {
        // Not the visitor's doing: the waits are not theirs to serve.
        limits::release_all(&s, &reserved).await;
        return Err(e);
    }
    Ok(Json(SmsCodeSent {
        resend_after: validate::SMS_RESEND_SECONDS,
        valid_for: validate::SMS_CODE_VALID_SECONDS,
    }))
}

/// 手机验证码登录: a valid code signs the phone's account in, creating it on first use
/// (username 用户 + the last four digits, a suffix when taken; no password).
async fn sign_in(
    State(s): State<Shared>,
    ClientAddress(address): ClientAddress,
    cookie: SessionCookie,
    Body(request): Body<SmsLoginRequest>,
) -> Result<Response, ApiError> {
    if s.options.sms.is_none() {
        return Err(ApiError::NotFound);
    }
    validate::phone(&request.phone)
        .and(validate::sms_code(&request.code))
        .map_err(|m| ApiError::Invalid(m.into()))?;
    let phone = request.phone.trim().to_string();
    let code = request.code.trim().to_string();
    // Counted before the code is looked at, in one locked step each, so parallel guesses
    // cannot pass the daily caps together; only a wrong code stays counted.
    let reserved = limits::reserve_all(
        &s,
        vec![
            (format!("code:phone:{phone}"), CODE_GUESSES_PER_PHONE),
            (format!("code:ip:{address}"), CODE_GUESSES_PER_ADDRESS),
        ],
    )
    .await?;
    let now = s.clock.now_secs();
    let checked = blocking(&s, {
        let phone = phone.clone();
        move |store| {
            store.use_sms_code(&phone, now, validate::SMS_CODE_TRIES, &|stored| {
                sms::code_matches(stored, &phone, &code)
            })
        }
    })
    .await;
    if let Ok(CodeCheck::Wrong { left }) = checked {
        return Err(ApiError::CodeWrong(left));
    }
    limits::release_all(&s, &reserved).await;
    match checked? {
        CodeCheck::Valid => {}
        CodeCheck::Wrong { left } => return Err(ApiError::CodeWrong(left)),
        CodeCheck::Expired => return Err(ApiError::CodeExpired),
    }
    let user = blocking(&s, move |store| {
        for attempt in 0..20 {
            if let Some(found) = store.credentials(&phone)? {
                return Ok(found.user);
            }
            let name = validate::sms_username(&phone, attempt);
            // No password: `!` is no PHC string, so password sign-in never matches it.
            match store.create_user(&name, &phone, "!")? {
                Ok(user) => return Ok(user),
                // Taken::Phone: created meanwhile (a second instance); found next time round.
                Err(_) => continue,
            }
        }
        Err(StoreError::Failed("no free username for a new phone account".into()))
    })
    .await?;
    start_session(&s, cookie, user, StatusCode::OK).await
}
