//! The API's error codes (`ErrorBody::code`) and their Chinese messages, in one place for the
//! reference server and the app (whose fixtures source answers the same codes).

/// Every `code` an API error answer may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    NotFound,
    SignInRequired,
    BadCredentials,
    UsernameTaken,
    PhoneTaken,
    /// A field fails its rule; the message names the field's rule (`model/src/validate.rs`).
    Invalid,
    BadRequest,
    UnsupportedMediaType,
    TooLarge,
    /// 429 with `Retry-After`; the server's message names the wait.
    TooManyAttempts,
    ForbiddenOrigin,
    /// 503 with `Retry-After`: every password-hashing slot is taken.
    Busy,
    /// 408: the request or its body took too long.
    Timeout,
    Internal,
    /// 手机验证码: the code does not match (the server's message says how many tries are left).
    CodeWrong,
    /// 手机验证码: no code for this phone, or it is past its validity or out of tries.
    CodeExpired,
    /// 401 with a challenge: the account is drawing failures from many places, so a password
    /// sign-in must carry a solved 安全验证 (`crate::challenge`).
    ChallengeRequired,
    /// 421: the request named a host this server does not serve (`--public-origin`).
    UnknownHost,
    /// 409 to `PUT /me/plans`: the account's drafts changed (another device) since the revision
    /// the client merged from; it reads them again, merges and saves.
    PlansChanged,
    /// 413 to `PUT /me/plans`: the drafts are over the size the account keeps.
    PlansTooLarge,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 20] = [
        ErrorCode::NotFound,
        ErrorCode::SignInRequired,
        ErrorCode::BadCredentials,
        ErrorCode::UsernameTaken,
        ErrorCode::PhoneTaken,
        ErrorCode::Invalid,
        ErrorCode::BadRequest,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::TooLarge,
        ErrorCode::TooManyAttempts,
        ErrorCode::ForbiddenOrigin,
        ErrorCode::Busy,
        ErrorCode::Timeout,
        ErrorCode::Internal,
        ErrorCode::CodeWrong,
        ErrorCode::CodeExpired,
        ErrorCode::ChallengeRequired,
        ErrorCode::UnknownHost,
        ErrorCode::PlansChanged,
        ErrorCode::PlansTooLarge,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::SignInRequired => "sign_in_required",
            ErrorCode::BadCredentials => "bad_credentials",
            ErrorCode::UsernameTaken => "username_taken",
            ErrorCode::PhoneTaken => "phone_taken",
            ErrorCode::Invalid => "invalid",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::ForbiddenOrigin => "forbidden_origin",
            ErrorCode::Busy => "busy",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Internal => "internal",
            ErrorCode::CodeWrong => "code_wrong",
            ErrorCode::CodeExpired => "code_expired",
            ErrorCode::ChallengeRequired => "challenge_required",
            ErrorCode::UnknownHost => "unknown_host",
            ErrorCode::PlansChanged => "plans_changed",
            ErrorCode::PlansTooLarge => "plans_too_large",
        }
    }

    /// The message to show, when the answer has no more specific one (`Invalid`,
    /// `BadRequest` and `TooManyAttempts` usually do).
    pub fn message(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "要找的内容不存在",
            ErrorCode::SignInRequired => "请先登录",
            ErrorCode::BadCredentials => "账号或密码错误",
            ErrorCode::UsernameTaken => "该用户名已被注册",
            ErrorCode::PhoneTaken => "该手机号已被注册",
            ErrorCode::Invalid => "请检查填写的内容",
            ErrorCode::BadRequest => "请求内容格式不正确",
            ErrorCode::UnsupportedMediaType => "请求内容必须是 JSON",
            ErrorCode::TooLarge => "请求内容过大",
            ErrorCode::TooManyAttempts => "尝试次数过多，请稍后再试",
            ErrorCode::ForbiddenOrigin => "请求来源不被允许",
            ErrorCode::Busy => "服务器繁忙，请稍后再试",
            ErrorCode::Timeout => "请求超时，请重试",
            ErrorCode::Internal => "服务器出错了，请稍后重试",
            ErrorCode::CodeWrong => "验证码错误",
            ErrorCode::CodeExpired => "验证码已失效，请重新获取",
            ErrorCode::ChallengeRequired => "为保护账号安全，请先完成安全验证",
            ErrorCode::UnknownHost => "请通过本站的正式地址访问",
            ErrorCode::PlansChanged => "志愿表已在其他设备上修改，请重新读取后合并",
            ErrorCode::PlansTooLarge => "志愿表内容过多（超过128KB），请删除不用的方案后再保存",
        }
    }

    pub fn from_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Why a registration is refused: the name or the phone is someone's already. The server's
/// store and the fixtures source's demo store both answer it, as [`Taken::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    Username,
    Phone,
}

impl Taken {
    pub fn code(self) -> ErrorCode {
        match self {
            Taken::Username => ErrorCode::UsernameTaken,
            Taken::Phone => ErrorCode::PhoneTaken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_read_back() {
        for c in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(c.code()), Some(c));
            assert!(!c.message().is_empty());
        }
        assert_eq!(ErrorCode::from_code("rate_limited"), None);
    }
}
