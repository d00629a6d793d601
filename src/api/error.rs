//! What can go wrong when the app asks for data, as one type the pages can show.

use portal_model::ErrorBody;
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
    /// Another 4xx with the server's own explanation (409 taken, 422 invalid, 429 too many…).
    Rejected { status: u16, code: String, message: String },
    /// 5xx or an unexpected status.
    Server(u16),
    /// The answer was not the JSON we expect.
    Decode(String),
    /// `config.json` is missing something or malformed.
    Config(String),
    /// The demo account store (localStorage) is unusable.
    Storage(String),
}

impl ApiError {
    /// Maps an HTTP error status and the body the server sent (if it decoded as [`ErrorBody`]).
    pub fn from_status(status: u16, body: Option<ErrorBody>) -> ApiError {
        match (status, body) {
            (404, _) => ApiError::NotFound,
            (401, Some(b)) => ApiError::Unauthorized(b.message),
            (401, None) => ApiError::Unauthorized("请先登录".into()),
            (400..=499, Some(b)) => ApiError::Rejected { status, code: b.code, message: b.message },
            (408, None) => ApiError::Timeout,
            (429, None) => ApiError::Rejected {
                status,
                code: "rate_limited".into(),
                message: "操作过于频繁，请稍后再试".into(),
            },
            (400..=499, None) => {
                ApiError::Rejected { status, code: "rejected".into(), message: "请求未被接受".into() }
            }
            _ => ApiError::Server(status),
        }
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
                | ApiError::Decode(_)
                | ApiError::Config(_)
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
            ApiError::Server(status) => write!(f, "服务器出错了（HTTP {status}），请稍后重试"),
            ApiError::Decode(detail) => write!(f, "数据格式有误，暂时无法显示（{detail}）"),
            ApiError::Config(detail) => write!(f, "站点配置有误：{detail}"),
            ApiError::Storage(detail) => write!(f, "浏览器存储不可用：{detail}"),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str, message: &str) -> Option<ErrorBody> {
        Some(ErrorBody { code: code.into(), message: message.into() })
    }

    #[test]
    fn maps_statuses() {
        assert_eq!(ApiError::from_status(404, None), ApiError::NotFound);
        assert_eq!(
            ApiError::from_status(401, body("unauthorized", "用户名或密码错误")).to_string(),
            "用户名或密码错误"
        );
        assert_eq!(ApiError::from_status(401, None).to_string(), "请先登录");
        assert_eq!(
            ApiError::from_status(409, body("username_taken", "该用户名已被注册")),
            ApiError::Rejected {
                status: 409,
                code: "username_taken".into(),
                message: "该用户名已被注册".into()
            }
        );
        assert_eq!(ApiError::from_status(429, None).to_string(), "操作过于频繁，请稍后再试");
        assert_eq!(ApiError::from_status(503, body("x", "y")), ApiError::Server(503));
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
