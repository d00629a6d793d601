//! Every error the API answers, with one JSON shape: `{ "code": …, "message": "中文" }`.

use crate::store::{StoreError, Taken};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_model::ErrorBody;

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
    TooManyAttempts,
    ForbiddenOrigin,
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.0)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "要找的内容不存在".to_string()),
            ApiError::SignInRequired => (StatusCode::UNAUTHORIZED, "sign_in_required", "请先登录".into()),
            ApiError::BadCredentials => {
                (StatusCode::UNAUTHORIZED, "bad_credentials", "账号或密码错误".into())
            }
            ApiError::Taken(Taken::Username) => {
                (StatusCode::CONFLICT, "username_taken", "该用户名已被注册".into())
            }
            ApiError::Taken(Taken::Phone) => (StatusCode::CONFLICT, "phone_taken", "该手机号已被注册".into()),
            ApiError::Invalid(message) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid", message),
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message.into()),
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "请求内容必须是 JSON".into())
            }
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", "请求内容过大".into()),
            ApiError::TooManyAttempts => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", "尝试次数过多，请15分钟后再试".into())
            }
            ApiError::ForbiddenOrigin => {
                (StatusCode::FORBIDDEN, "forbidden_origin", "请求来源不被允许".into())
            }
            ApiError::Internal(detail) => {
                eprintln!("portal-server: internal error: {detail}");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "服务器出错了，请稍后重试".into())
            }
        };
        (status, Json(ErrorBody { code: code.into(), message })).into_response()
    }
}
