//! Account form rules, with the Chinese message a visitor sees beside the field. The app checks
//! them before sending; the server checks them again and answers 422 with the same words.

pub type Problem = &'static str;

fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// 用户名: 2–20 characters of Chinese, letters, digits or `_`, not all digits (so it can never
/// be mistaken for a phone number when signing in).
pub fn username(value: &str) -> Result<(), Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err("请输入用户名");
    }
    if !(2..=20).contains(&char_count(value)) {
        return Err("用户名需为2–20个字符");
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || is_cjk(c)) {
        return Err("用户名只能包含中文、字母、数字和下划线");
    }
    if value.chars().all(|c| c.is_ascii_digit()) {
        return Err("用户名不能是纯数字");
    }
    Ok(())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// A mainland mobile number: 11 digits starting 13–19.
pub fn phone(value: &str) -> Result<(), Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err("请输入手机号");
    }
    let b = value.as_bytes();
    let ok =
        b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit);
    if ok {
        Ok(())
    } else {
        Err("请输入正确的11位手机号")
    }
}

/// A new password: 8–32 characters with at least one letter and one digit.
pub fn new_password(value: &str) -> Result<(), Problem> {
    if value.is_empty() {
        return Err("请输入密码");
    }
    if !(8..=32).contains(&char_count(value)) {
        return Err("密码长度需为8–32位");
    }
    if !(value.chars().any(|c| c.is_ascii_alphabetic()) && value.chars().any(|c| c.is_ascii_digit())) {
        return Err("密码需同时包含字母和数字");
    }
    Ok(())
}

pub fn password_repeat(password: &str, repeat: &str) -> Result<(), Problem> {
    if repeat.is_empty() {
        return Err("请再次输入密码");
    }
    if password != repeat {
        return Err("两次输入的密码不一致");
    }
    Ok(())
}

/// The sign-in account field: a username or a phone number.
pub fn login_account(value: &str) -> Result<(), Problem> {
    if value.trim().is_empty() {
        return Err("请输入用户名或手机号");
    }
    if char_count(value.trim()) > 32 {
        return Err("账号过长");
    }
    Ok(())
}

/// The sign-in password field: only presence (and a sane length) is checked here.
pub fn login_password(value: &str) -> Result<(), Problem> {
    if value.is_empty() {
        return Err("请输入密码");
    }
    if char_count(value) > 64 {
        return Err("密码过长");
    }
    Ok(())
}

pub fn agreement(accepted: bool) -> Result<(), Problem> {
    if accepted {
        Ok(())
    } else {
        Err("请阅读并同意用户协议和隐私政策")
    }
}

/// Whether a sign-in account looks like a phone number rather than a username.
pub fn is_phone(account: &str) -> bool {
    phone(account).is_ok()
}

/// The demo account: offered by every fixtures deploy (in the browser) and by the reference
/// server with `--demo-account`, shown in the sign-in dialog.
/// 手机验证码 sign-in: the code's digits, how long it is valid, how many wrong tries it
/// survives, and how soon another may be sent to the same phone (the dialog counts this down).
pub const SMS_CODE_LENGTH: usize = 6;
pub const SMS_CODE_VALID_SECONDS: u32 = 5 * 60;
pub const SMS_CODE_TRIES: u32 = 5;
pub const SMS_RESEND_SECONDS: u32 = 60;
/// Wrong codes one phone may be sent in any 24 hours, whatever the codes and addresses; then
/// its 验证码登录 pauses for a day.
pub const SMS_WRONG_CODES_PER_DAY: u32 = 20;

/// A 手机验证码 as typed: exactly six digits.
pub fn sms_code(value: &str) -> Result<(), Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err("请输入验证码");
    }
    if value.len() == SMS_CODE_LENGTH && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("请输入6位数字验证码")
    }
}

/// The message for a wrong code with `left` tries remaining.
pub fn sms_code_wrong(left: u32) -> String {
    if left == 0 {
        "验证码错误次数过多，请重新获取".to_string()
    } else {
        format!("验证码错误，还可尝试{left}次")
    }
}

/// The username a phone number's account gets on its first 手机验证码 sign-in: 用户 and the
/// last four digits (a valid username, never all digits); `attempt` > 0 adds a suffix when
/// that name is taken.
pub fn sms_username(phone: &str, attempt: u32) -> String {
    let tail: String = phone.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    if attempt == 0 {
        format!("用户{tail}")
    } else {
        format!("用户{tail}_{attempt}")
    }
}

pub const DEMO_USERNAME: &str = "demo";
pub const DEMO_PASSWORD: &str = "gaokao2024";
pub const DEMO_PHONE: &str = "13800000000";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sms_codes_are_six_digits_and_new_accounts_get_valid_names() {
        assert_eq!(sms_code("123456"), Ok(()));
        assert_eq!(sms_code(" 123456 "), Ok(()));
        assert_eq!(sms_code(""), Err("请输入验证码"));
        for bad in ["12345", "1234567", "12345a", "１２３４５６"] {
            assert_eq!(sms_code(bad), Err("请输入6位数字验证码"), "{bad}");
        }
        assert_eq!(sms_code_wrong(3), "验证码错误，还可尝试3次");
        assert_eq!(sms_code_wrong(0), "验证码错误次数过多，请重新获取");
        assert_eq!(sms_username("13912345678", 0), "用户5678");
        assert_eq!(sms_username("13912345678", 2), "用户5678_2");
        assert_eq!(username(&sms_username("13912345678", 0)), Ok(()));
        assert_eq!(username(&sms_username("13912345678", 99)), Ok(()));
    }

    #[test]
    fn usernames() {
        assert_eq!(username(""), Err("请输入用户名"));
        assert_eq!(username("a"), Err("用户名需为2–20个字符"));
        assert_eq!(username("张"), Err("用户名需为2–20个字符"));
        assert_eq!(username(&"a".repeat(21)), Err("用户名需为2–20个字符"));
        assert_eq!(username("bad name"), Err("用户名只能包含中文、字母、数字和下划线"));
        assert_eq!(username("<script>"), Err("用户名只能包含中文、字母、数字和下划线"));
        assert_eq!(username("13800138000"), Err("用户名不能是纯数字"));
        assert_eq!(username("考生_2024"), Ok(()));
        assert_eq!(username("张三"), Ok(()));
    }

    #[test]
    fn phones() {
        assert_eq!(phone(""), Err("请输入手机号"));
        assert_eq!(phone("13800138000"), Ok(()));
        assert_eq!(phone("12800138000"), Err("请输入正确的11位手机号"));
        assert_eq!(phone("1380013800"), Err("请输入正确的11位手机号"));
        assert_eq!(phone("1380013800a"), Err("请输入正确的11位手机号"));
        assert_eq!(phone("１３８００１３８０００"), Err("请输入正确的11位手机号"));
        assert!(is_phone("19912345678"));
    }

    #[test]
    fn passwords() {
        assert_eq!(new_password(""), Err("请输入密码"));
        assert_eq!(new_password("a1"), Err("密码长度需为8–32位"));
        assert_eq!(new_password("abcdefgh"), Err("密码需同时包含字母和数字"));
        assert_eq!(new_password("12345678"), Err("密码需同时包含字母和数字"));
        assert_eq!(new_password("gaokao2024"), Ok(()));
        assert_eq!(password_repeat("gaokao2024", ""), Err("请再次输入密码"));
        assert_eq!(password_repeat("gaokao2024", "gaokao2025"), Err("两次输入的密码不一致"));
        assert_eq!(password_repeat("gaokao2024", "gaokao2024"), Ok(()));
    }

    #[test]
    fn sign_in_fields_and_agreement() {
        assert_eq!(login_account("  "), Err("请输入用户名或手机号"));
        assert_eq!(login_password(""), Err("请输入密码"));
        assert_eq!(login_account("demo"), Ok(()));
        assert!(agreement(false).is_err());
        assert!(agreement(true).is_ok());
    }
}
