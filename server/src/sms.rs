//! 手机验证码: making codes, keeping only their hashes, and sending them through an
//! [`SmsSender`].
//!
//! # Plugging in a real SMS provider
//!
//! Implement [`SmsSender`] for a client of the provider (阿里云短信, 腾讯云短信, …): `send_code`
//! gets the phone number and the six digits and must return once the provider has accepted
//! the message (it runs on the blocking pool, so a blocking HTTP client is fine), or an error,
//! which the visitor sees as 服务器出错了 and which does not use up their resend wait. Keep
//! the provider's key out of the command line (an environment variable or a mounted secret),
//! then construct it in `main.rs` where `--sms-outbox` builds the [`OutboxSender`], and pass it
//! as `Options::sms`. Nothing else changes: limits, hashing, expiry and tries are the
//! server's.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

/// Sends a code to a phone. `Debug` so the server's options can be printed.
pub trait SmsSender: Send + Sync + std::fmt::Debug + 'static {
    fn send_code(&self, phone: &str, code: &str) -> Result<(), String>;
}

/// The development sender: appends each code as one JSON line
/// (`{"phone":"139…","code":"123456","sent_at":1764460000}`) to a local file, which the tests
/// (and a developer) read instead of a phone.
#[derive(Debug)]
pub struct OutboxSender {
    path: PathBuf,
    lock: Mutex<()>,
}

impl OutboxSender {
    pub fn new(path: PathBuf) -> OutboxSender {
        OutboxSender { path, lock: Mutex::new(()) }
    }
}

impl SmsSender for OutboxSender {
    fn send_code(&self, phone: &str, code: &str) -> Result<(), String> {
        let line = serde_json::json!({ "phone": phone, "code": code, "sent_at": crate::clock::Clock::system().now_secs() });
        let _guard = self.lock.lock().map_err(|_| "outbox lock poisoned".to_string())?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| format!("sms outbox {}: {e}", self.path.display()))?;
        writeln!(file, "{line}").map_err(|e| format!("sms outbox {}: {e}", self.path.display()))
    }
}

/// A new code: `SMS_CODE_LENGTH` random digits, uniformly drawn.
pub fn new_code() -> Result<String, String> {
    const RANGE: u32 = 1_000_000;
    // The largest multiple of RANGE below 2^32: values above it would favour low codes.
    const LIMIT: u32 = u32::MAX - (u32::MAX % RANGE);
    loop {
        let mut bytes = [0u8; 4];
        getrandom::getrandom(&mut bytes).map_err(|e| e.to_string())?;
        let n = u32::from_le_bytes(bytes);
        if n < LIMIT {
            return Ok(format!("{:0width$}", n % RANGE, width = portal_model::validate::SMS_CODE_LENGTH));
        }
    }
}

fn digest(salt: &str, phone: &str, code: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [salt, phone, code] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    portal_model::hex::encode(&hasher.finalize())
}

/// What the store keeps of a code: a random salt and the salted SHA-256 of phone and code.
pub fn hash_code(phone: &str, code: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| e.to_string())?;
    let salt = portal_model::hex::encode(&salt);
    let hash = digest(&salt, phone, code);
    Ok(format!("{salt}:{hash}"))
}

/// Whether `code` is the one `stored` was made from (compared without an early exit).
pub fn code_matches(stored: &str, phone: &str, code: &str) -> bool {
    let Some((salt, expected)) = stored.split_once(':') else { return false };
    let got = digest(salt, phone, code);
    got.len() == expected.len()
        && got.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: Vec<String> = (0..50).map(|_| new_code().expect("code")).collect();
        assert!(codes.iter().all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())));
        let mut distinct = codes.clone();
        distinct.sort();
        distinct.dedup();
        assert!(distinct.len() > 40, "random codes");
    }

    #[test]
    fn only_hashes_are_kept_and_they_match_only_their_code_and_phone() {
        let stored = hash_code("13900000001", "123456").expect("hash");
        assert!(!stored.contains("123456"));
        assert!(code_matches(&stored, "13900000001", "123456"));
        assert!(!code_matches(&stored, "13900000001", "123457"));
        assert!(!code_matches(&stored, "13900000002", "123456"));
        assert!(!code_matches("garbage", "13900000001", "123456"));
        assert_ne!(stored, hash_code("13900000001", "123456").expect("hash"), "salted");
    }

    #[test]
    fn the_outbox_gets_one_json_line_per_code() {
        let path = std::env::temp_dir().join(format!("sms-outbox-test-{}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let sender = OutboxSender::new(path.clone());
        sender.send_code("13900000001", "111111").expect("send");
        sender.send_code("13900000002", "222222").expect("send");
        let text = std::fs::read_to_string(&path).expect("outbox");
        let lines: Vec<serde_json::Value> =
            text.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["phone"], "13900000002");
        assert_eq!(lines[1]["code"], "222222");
        let _ = std::fs::remove_file(&path);
    }
}
