//! Every error the API answers, with one JSON shape: `{ "code": …, "message": "中文" }`; the
//! codes and their messages live in `portal_model::ErrorCode`, shared with the app.

use crate::store::{StoreError, Taken};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_model::{ErrorBody, ErrorCode};

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    SignInRequired,
    BadCredentials,
    Taken(Taken),
    Invalid(String),
    BadRequest(&'static str),
    UnsupportedMediaType,
    TooLarge,
    /// Too many attempts for now; the wait before the next one is allowed.
    TooManyAttempts(std::time::Duration),
    ForbiddenOrigin,
    /// The `Host` is not one this server serves (`--public-origin`).
    UnknownHost,
    /// An error a layer answered by itself, as the API's JSON.
    Status(StatusCode, ErrorCode),
    /// Every password-hashing slot stayed taken for the allowed wait.
    Busy,
    /// The request (or its body) took longer than the server allows.
    Timeout,
    /// A wrong 手机验证码, with the tries left.
    CodeWrong(u32),
    /// No valid 手机验证码 for the phone (none sent, expired, or out of tries).
    CodeExpired,
    /// The account needs a solved 安全验证 first: this one.
    ChallengeRequired(portal_model::challenge::Challenge),
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

/// Seconds to wait, rounded up (never 0: a client told to retry at once would just spin).
fn whole_seconds(wait: std::time::Duration) -> u64 {
    (wait.as_millis().div_ceil(1000) as u64).max(1)
}

/// "30秒" / "15分钟" / "24小时": the wait as a visitor reads it.
fn wait_in_words(seconds: u64) -> String {
    if seconds < 60 {
        format!("{seconds}秒")
    } else if seconds <= 2 * 60 * 60 {
        format!("{}分钟", seconds.div_ceil(60))
    } else {
        format!("{}小时", seconds.div_ceil(60 * 60))
    }
}

/// Seconds a client asked to wait by a 503 should wait.
const BUSY_RETRY_SECONDS: u64 = 2;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match &self {
            ApiError::TooManyAttempts(wait) => Some(whole_seconds(*wait)),
            ApiError::Busy => Some(BUSY_RETRY_SECONDS),
            _ => None,
        };
        use ErrorCode as C;
        let mut challenge = None;
        let (status, code, message) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, C::NotFound, None),
            ApiError::SignInRequired => (StatusCode::UNAUTHORIZED, C::SignInRequired, None),
            ApiError::BadCredentials => (StatusCode::UNAUTHORIZED, C::BadCredentials, None),
            ApiError::Taken(taken) => (StatusCode::CONFLICT, taken.code(), None),
            ApiError::Invalid(message) => (StatusCode::UNPROCESSABLE_ENTITY, C::Invalid, Some(message)),
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, C::BadRequest, Some(message.into())),
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, C::UnsupportedMediaType, None)
            }
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, C::TooLarge, None),
            ApiError::TooManyAttempts(wait) => (
                StatusCode::TOO_MANY_REQUESTS,
                C::TooManyAttempts,
                Some(format!("尝试次数过多，请{}后再试", wait_in_words(whole_seconds(wait)))),
            ),
            ApiError::Busy => (StatusCode::SERVICE_UNAVAILABLE, C::Busy, None),
            ApiError::Timeout => (StatusCode::REQUEST_TIMEOUT, C::Timeout, None),
            ApiError::ForbiddenOrigin => (StatusCode::FORBIDDEN, C::ForbiddenOrigin, None),
            ApiError::UnknownHost => (StatusCode::MISDIRECTED_REQUEST, C::UnknownHost, None),
            ApiError::Status(status, code) => (status, code, None),
            ApiError::CodeWrong(left) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                if left == 0 { C::CodeExpired } else { C::CodeWrong },
                Some(portal_model::validate::sms_code_wrong(left)),
            ),
            ApiError::CodeExpired => (StatusCode::UNPROCESSABLE_ENTITY, C::CodeExpired, None),
            ApiError::ChallengeRequired(asked) => {
                challenge = Some(asked);
                (StatusCode::UNAUTHORIZED, C::ChallengeRequired, None)
            }
            ApiError::Internal(detail) => {
                eprintln!("portal-server: internal error: {detail}");
                (StatusCode::INTERNAL_SERVER_ERROR, C::Internal, None)
            }
        };
        let message = message.unwrap_or_else(|| code.message().to_string());
        let code = code.code();
        let mut response =
            (status, Json(ErrorBody { code: code.into(), message, challenge })).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A whole HTTP/1.1 answer, head and JSON body, for the connection layer to write by itself
/// (where no request reached the router): the API's error shape and headers, then close.
pub fn raw_answer(status: StatusCode, code: ErrorCode, message: &str) -> Vec<u8> {
    let body = serde_json::to_string(&ErrorBody {
        code: code.code().into(),
        message: message.into(),
        challenge: None,
    })
    .unwrap_or_default();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    );
    for (name, value) in crate::headers::API_HEADERS {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
        head.push_str(&format!("retry-after: {BUSY_RETRY_SECONDS}\r\n"));
    }
    head.push_str("\r\n");
    let mut answer = head.into_bytes();
    answer.extend_from_slice(body.as_bytes());
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn waits_read_in_whole_seconds_or_minutes() {
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(2001)), 3);
        assert_eq!(wait_in_words(59), "59秒");
        assert_eq!(wait_in_words(61), "2分钟");
        assert_eq!(wait_in_words(7200), "120分钟");
        assert_eq!(wait_in_words(86_399), "24小时");
        let response = ApiError::TooManyAttempts(Duration::from_secs(900)).into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "900");
    }
}
