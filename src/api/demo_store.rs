//! The fixtures source's account store: demo accounts, their sessions and follows, kept in
//! `localStorage` as one JSON document. The rules here are pure (tested on the host); hashing
//! and storage are done by the caller.

use crate::browser::json;
use portal_model::{username, SchoolId, User};
use serde::{Deserialize, Serialize};

pub const STORE_KEY: &str = "haixia.accounts.v1";
pub const SESSION_KEY: &str = "haixia.session.v1";

pub use portal_model::validate::{DEMO_PASSWORD, DEMO_PHONE, DEMO_USERNAME};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DemoStore {
    #[serde(default)]
    pub next_id: u64,
    #[serde(default)]
    pub accounts: Vec<DemoAccount>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub id: u64,
    pub username: String,
    pub phone: String,
    /// Hex of the random salt.
    pub salt: String,
    /// Hex of PBKDF2-SHA256(password, salt).
    pub hash: String,
    /// Most recent first.
    #[serde(default)]
    pub follows: Vec<SchoolId>,
}

impl DemoAccount {
    pub fn user(&self) -> User {
        User { id: self.id, username: self.username.clone() }
    }
}

pub use portal_model::Taken;

impl DemoStore {
    /// Reads the stored document. Anything unreadable is reported, not trusted.
    pub fn parse(text: &str) -> Result<DemoStore, String> {
        json::from_str(text)
    }

    pub fn to_json(&self) -> String {
        json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    pub fn by_id(&self, id: u64) -> Option<&DemoAccount> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// The account a sign-in names, by username (any spelling of its fold:
    /// [`username::latin_key`]) or by phone number.
    pub fn find_login(&self, account: &str) -> Option<&DemoAccount> {
        let (account, key) = (account.trim(), username::latin_key(account));
        self.accounts.iter().find(|a| username::latin_key(&a.username) == key || a.phone == account)
    }

    /// Whether a registration's name and phone are free. Names are unique by the server's fold
    /// as far as the app carries it (`portal_model::username`: look-alike Latin letters and
    /// case; the Chinese tables are the server's, and here accounts are one browser's own).
    pub fn check_free(&self, name: &str, phone: &str) -> Result<(), Taken> {
        let key = username::latin_key(name);
        if self.accounts.iter().any(|a| username::latin_key(&a.username) == key) {
            return Err(Taken::Username);
        }
        if self.accounts.iter().any(|a| a.phone == phone.trim()) {
            return Err(Taken::Phone);
        }
        Ok(())
    }

    /// Adds an account (the caller has checked [`DemoStore::check_free`] and hashed the
    /// password) and returns its user.
    pub fn add(&mut self, username: &str, phone: &str, salt: String, hash: String) -> User {
        self.next_id = self.next_id.max(self.accounts.iter().map(|a| a.id).max().unwrap_or(0)) + 1;
        let account = DemoAccount {
            id: self.next_id,
            username: username.trim().to_string(),
            phone: phone.trim().to_string(),
            salt,
            hash,
            follows: Vec::new(),
        };
        let user = account.user();
        self.accounts.push(account);
        user
    }

    /// Sets whether `user` follows `school`; idempotent. `false` when the account is gone.
    pub fn set_follow(&mut self, user: u64, school: SchoolId, follow: bool) -> bool {
        let Some(account) = self.accounts.iter_mut().find(|a| a.id == user) else { return false };
        account.follows.retain(|&s| s != school);
        if follow {
            account.follows.insert(0, school);
        }
        true
    }

    /// How many local accounts follow a school (added to its published count).
    pub fn followers_of(&self, school: SchoolId) -> u64 {
        self.accounts.iter().filter(|a| a.follows.contains(&school)).count() as u64
    }
}

pub use portal_model::hex::{decode as unhex, encode as hex};

/// Compares hashes without stopping at the first difference.
pub fn same_hash(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> DemoStore {
        let mut s = DemoStore::default();
        s.add("Demo", "13800000000", "00".into(), "aa".into());
        s.add("考生", "13900000000", "01".into(), "bb".into());
        s
    }

    #[test]
    fn finds_accounts_by_name_or_phone() {
        let s = store();
        assert_eq!(s.find_login("demo").map(|a| a.id), Some(1));
        assert_eq!(s.find_login(" 13900000000 ").map(|a| a.id), Some(2));
        assert!(s.find_login("nobody").is_none());
    }

    #[test]
    fn refuses_taken_names_and_phones() {
        let s = store();
        assert_eq!(s.check_free("DEMO", "13700000000"), Err(Taken::Username));
        assert_eq!(s.check_free("Dern0", "13700000000"), Err(Taken::Username), "m looks like rn, 0 like o");
        let mut s = s;
        s.add("adminl", "13600000001", String::new(), String::new());
        assert_eq!(s.check_free("adminI", "13700000000"), Err(Taken::Username), "look-alikes");
        assert_eq!(s.check_free("ADMIN1", "13700000000"), Err(Taken::Username));
        assert_eq!(s.find_login("admin1").map(|a| a.id), Some(3));
        assert_eq!(s.check_free("new_one", "13900000000"), Err(Taken::Phone));
        assert_eq!(s.check_free("new_one", "13700000000"), Ok(()));
    }

    #[test]
    fn ids_stay_unique_after_removals() {
        let mut s = store();
        s.accounts.remove(0);
        let user = s.add("third", "13600000000", String::new(), String::new());
        assert_eq!(user.id, 3);
    }

    #[test]
    fn follows_are_idempotent_and_counted() {
        let mut s = store();
        assert!(s.set_follow(1, 7, true));
        assert!(s.set_follow(1, 7, true));
        assert!(s.set_follow(2, 7, true));
        assert_eq!(s.followers_of(7), 2);
        assert!(s.set_follow(1, 9, true));
        assert_eq!(s.by_id(1).map(|a| a.follows.clone()), Some(vec![9, 7]), "most recent first");
        assert!(s.set_follow(1, 7, false));
        assert!(s.set_follow(1, 7, false));
        assert_eq!(s.followers_of(7), 1);
        assert!(!s.set_follow(99, 7, true));
    }

    #[test]
    fn garbage_is_reported_and_round_trips_are_exact() {
        assert!(DemoStore::parse("not json").is_err());
        assert!(DemoStore::parse(r#"{"accounts": 5}"#).is_err());
        assert_eq!(DemoStore::parse("{}"), Ok(DemoStore::default()));
        let s = store();
        assert_eq!(DemoStore::parse(&s.to_json()), Ok(s));
    }

    #[test]
    fn hex_and_hash_comparison() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(unhex("000fff"), Some(vec![0, 15, 255]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
        assert!(same_hash("abcd", "abcd"));
        assert!(!same_hash("abcd", "abce"));
        assert!(!same_hash("abcd", "abc"));
    }
}
