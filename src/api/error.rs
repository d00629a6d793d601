//! What can go wrong when the app asks for data, as one type the pages can show.

use portal_model::{ErrorBody, ErrorCode};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The browser says it has no network.
    Offline,
    /// The request never got an answer (DNS, refused, reset, CORS).
    Network,
    /// No answer within the configured time.
    Timeout,
    /// 404: the school, article or page does not exist.
    NotFound,
    /// 401: the visitor must sign in (again).
    Unauthorized(String),
    /// Another 4xx with the server's own explanation (409 taken, 422 invalid, 429 too many…);
    /// `code` is `None` for a code this app does not know.
    Rejected { status: u16, code: Option<ErrorCode>, message: String },
    /// 503 with the server's own explanation (busy, maintenance): worth trying again later.
    Unavailable(String),
    /// 5xx or an unexpected status.
    Server(u16),
    /// The answer was not the JSON we expect.
    Decode(String),
    /// `config.json` is missing something or malformed.
    Config(String),
    /// The demo account store (localStorage) is unusable.
    Storage(String),
    /// A page's code (a module of the split release wasm, `crate::chunks`) did not download.
    Download,
    /// 401 `challenge_required`: the server wants this 安全验证 solved before the sign-in is
    /// sent again (the account is drawing failed sign-ins from many places).
    Challenge(portal_model::challenge::Challenge),
}

impl ApiError {
    /// Maps an HTTP error status and the body the server sent (if it decoded as [`ErrorBody`]).
    pub fn from_status(status: u16, body: Option<ErrorBody>) -> ApiError {
        match (status, body) {
            (404, _) => ApiError::NotFound,
            (408, _) => ApiError::Timeout,
            (401, Some(ErrorBody { challenge: Some(asked), .. })) => ApiError::Challenge(asked),
            (401, Some(b)) => ApiError::Unauthorized(b.message),
            (401, None) => ApiError::Unauthorized(ErrorCode::SignInRequired.message().into()),
            (400..=499, Some(b)) => {
                ApiError::Rejected { status, code: ErrorCode::from_code(&b.code), message: b.message }
            }
            (429, None) => ApiError::rejected(status, ErrorCode::TooManyAttempts),
            (400..=499, None) => {
                ApiError::Rejected { status, code: None, message: "请求未被接受".into() }
            }
            (503, Some(b)) => ApiError::Unavailable(b.message),
            _ => ApiError::Server(status),
        }
    }

    /// A refusal with a known code and its standard message.
    pub fn rejected(status: u16, code: ErrorCode) -> ApiError {
        ApiError::Rejected { status, code: Some(code), message: code.message().into() }
    }

    /// Whether the data source refused with `code`.
    pub fn is(&self, code: ErrorCode) -> bool {
        matches!(self, ApiError::Rejected { code: Some(c), .. } if *c == code)
    }

    /// Whether trying again later could help (and so a retry button makes sense): a broken
    /// config.json can be fixed by its operator meanwhile; a refused request (4xx) stays refused.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Offline
                | ApiError::Network
                | ApiError::Timeout
                | ApiError::Server(_)
                | ApiError::Unavailable(_)
                | ApiError::Decode(_)
                | ApiError::Config(_)
                | ApiError::Download
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Offline => write!(f, "网络已断开，请检查网络连接后重试"),
            ApiError::Network => write!(f, "网络连接失败，请稍后重试"),
            ApiError::Timeout => write!(f, "请求超时，网络可能较慢，请重试"),
            ApiError::NotFound => write!(f, "要找的内容不存在或已被删除"),
            ApiError::Unauthorized(message) => write!(f, "{message}"),
            ApiError::Rejected { message, .. } => write!(f, "{message}"),
            ApiError::Unavailable(message) => write!(f, "{message}（HTTP 503）"),
            ApiError::Server(status) => write!(f, "服务器出错了（HTTP {status}），请稍后重试"),
            ApiError::Decode(detail) => write!(f, "数据格式有误，暂时无法显示（{detail}）"),
            ApiError::Config(detail) => write!(f, "站点配置有误：{detail}"),
            ApiError::Storage(detail) => write!(f, "浏览器存储不可用：{detail}"),
            ApiError::Download => write!(f, "内容下载失败，请检查网络后重试"),
            ApiError::Challenge(_) => write!(f, "{}", ErrorCode::ChallengeRequired.message()),
        }
    }
}

impl std::error::Error for ApiError {}

/// A split module's download failed (the browser console has the details).
impl From<leptos::wasm_split::SplitLoaderError> for ApiError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> ApiError {
        ApiError::Download
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str, message: &str) -> Option<ErrorBody> {
        Some(ErrorBody { code: code.into(), message: message.into(), challenge: None })
    }

    #[test]
    fn maps_statuses() {
        assert_eq!(ApiError::from_status(404, None), ApiError::NotFound);
        assert_eq!(
            ApiError::from_status(401, body("unauthorized", "用户名或密码错误")).to_string(),
            "用户名或密码错误"
        );
        assert_eq!(ApiError::from_status(401, None).to_string(), "请先登录");
        let asked = portal_model::challenge::Challenge { token: "t".into(), bits: 18 };
        let mut with_challenge = body("challenge_required", "为保护账号安全，请先完成安全验证");
        if let Some(b) = with_challenge.as_mut() {
            b.challenge = Some(asked.clone());
        }
        assert_eq!(ApiError::from_status(401, with_challenge), ApiError::Challenge(asked));
        assert_eq!(
            ApiError::from_status(409, body("username_taken", "该用户名已被注册")),
            ApiError::rejected(409, ErrorCode::UsernameTaken)
        );
        assert!(ApiError::from_status(409, body("phone_taken", "x")).is(ErrorCode::PhoneTaken));
        assert!(matches!(
            ApiError::from_status(409, body("new_code", "x")),
            ApiError::Rejected { code: None, .. }
        ));
        assert_eq!(ApiError::from_status(429, None).to_string(), ErrorCode::TooManyAttempts.message());
        assert_eq!(ApiError::from_status(408, body("timeout", "请求超时，请重试")), ApiError::Timeout);
        let busy = ApiError::from_status(503, body("busy", "服务器繁忙，请稍后再试"));
        assert_eq!(busy.to_string(), "服务器繁忙，请稍后再试（HTTP 503）");
        assert!(busy.is_retryable());
        assert_eq!(ApiError::from_status(503, None), ApiError::Server(503));
        assert_eq!(ApiError::from_status(500, None).to_string(), "服务器出错了（HTTP 500），请稍后重试");
    }

    #[test]
    fn says_when_a_retry_helps() {
        assert!(ApiError::Timeout.is_retryable());
        assert!(ApiError::Server(502).is_retryable());
        assert!(!ApiError::NotFound.is_retryable());
        assert!(ApiError::Config("data_source".into()).is_retryable());
        assert!(!ApiError::from_status(422, body("invalid", "请输入正确的11位手机号")).is_retryable());
    }
}
