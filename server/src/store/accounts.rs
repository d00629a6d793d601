//! Accounts, sessions, follows, 志愿表 drafts and 手机验证码: what visitors make, shared by every server
//! instance on the database.

use super::catalogue::pages::{card, cards};
use super::db::{params, Conn};
use super::{CodeCheck, Credentials, Store, StoreError, StoreResult, Taken};
use portal_model::{username, FollowState, SchoolCard, SchoolId, User};

impl Store {
    /// A new account, or which of its names is taken: the username by its fold
    /// (`portal_model::username::key`) or ignoring ASCII case, or the phone. Checked and
    /// inserted in one write transaction; a registration through another instance in between
    /// is refused by the unique indexes, with the same answer.
    pub fn create_user(
        &self,
        username: &str,
        phone: &str,
        password_hash: &str,
    ) -> StoreResult<Result<User, Taken>> {
        let key = username::key(username);
        let inserted = self.transaction(|tx| {
            let same_name = tx.dialect().nocase_eq("username", "$2");
            let sql = format!("SELECT 1 FROM users WHERE username_key = $1 OR {same_name}");
            if tx.row::<i64>(&sql, params![&key, username])?.is_some() {
                return Ok(Err(Taken::Username));
            }
            if tx.row::<i64>("SELECT 1 FROM users WHERE phone = $1", params![phone])?.is_some() {
                return Ok(Err(Taken::Phone));
            }
            let id: u64 = tx.one(
                "INSERT INTO users (username, username_key, phone, password_hash) VALUES ($1, $2, $3, $4) RETURNING id",
                params![username, &key, phone, password_hash],
            )?;
            Ok(Ok(User { id, username: username.to_string() }))
        });
        match inserted {
            Err(StoreError::Conflict(index)) if index.contains("phone") => Ok(Err(Taken::Phone)),
            Err(StoreError::Conflict(_)) => Ok(Err(Taken::Username)),
            other => other,
        }
    }

    /// An account by username (the exact name first, then any spelling of its fold,
    /// `portal_model::username::key`) or phone.
    pub fn credentials(&self, account: &str) -> StoreResult<Option<Credentials>> {
        self.run(|c| {
            let same_name = c.dialect().nocase_eq("username", "$1");
            let sql = format!(
                "SELECT id, username, password_hash FROM users
                 WHERE {same_name} OR username_key = $2 OR phone = $1
                 ORDER BY {same_name} DESC, id LIMIT 1"
            );
            let found: Option<(u64, String, String)> =
                c.row(&sql, params![account, username::key(account)])?;
            Ok(found.map(|(id, username, password_hash)| Credentials {
                user: User { id, username },
                password_hash,
            }))
        })
    }

    pub fn create_session(&self, token_hash: &str, user_id: u64, expires_at: i64) -> StoreResult<()> {
        self.run(|c| {
            c.execute(
                "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
                params![token_hash, user_id, expires_at],
            )
            .map(drop)
        })
    }

    pub fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>> {
        self.run(|c| {
            c.row(
                "SELECT u.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2",
                params![token_hash, now],
            )
        })
    }

    pub fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        self.run(|c| c.execute("DELETE FROM sessions WHERE token_hash = $1", params![token_hash]).map(drop))
    }

    /// Deletes at most `limit` sessions expired at `now`; how many it deleted.
    pub fn delete_expired_sessions(&self, now: i64, limit: usize) -> StoreResult<usize> {
        self.delete_batch("sessions", "token_hash", "expires_at", now, limit)
    }

    /// Follows or unfollows; `None` when the school does not exist. Idempotent.
    pub fn set_follow(
        &self,
        user_id: u64,
        school: SchoolId,
        follow: bool,
    ) -> StoreResult<Option<FollowState>> {
        let state = self.transaction(|c| {
            if card(c, school)?.is_none() {
                return Ok(None);
            }
            let sql = if follow {
                "INSERT INTO follows (user_id, school_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
            } else {
                "DELETE FROM follows WHERE user_id = $1 AND school_id = $2"
            };
            c.execute(sql, params![user_id, school])?;
            // Every other instance hears of it when this commits; this one drops its counts now.
            if let Some(news) = c.dialect().follow_news() {
                c.execute(news, &[])?;
            }
            let followers = card(c, school)?.map_or(0, |c| c.followers);
            Ok(Some(FollowState { school_id: school, following: follow, followers }))
        })?;
        self.kept.follows.heard();
        Ok(state)
    }

    /// How much follow news this process has had, for [`Store::wait_for_follow_news`].
    pub fn follow_news_seen(&self) -> u64 {
        self.kept.follows.news_seen()
    }

    /// Waits, up to `timeout`, until this process hears of every instance's follows (only
    /// PostgreSQL has news to hear); whether it does.
    pub fn listens_for_follow_news(&self, timeout: std::time::Duration) -> bool {
        self.kept.follows.wait_until_listening(timeout)
    }

    /// Waits, up to `timeout`, until this process's follower counts are at least as fresh as
    /// the database was when [`Store::follow_news_seen`] said `seen`; whether they are. For
    /// tests of several instances: another instance's follow reaches this one as news.
    pub fn wait_for_follow_news(&self, seen: u64, timeout: std::time::Duration) -> bool {
        self.kept.follows.wait_for_news(seen, timeout)
    }

    /// The schools a user follows, the latest first.
    pub fn follows(&self, user_id: u64) -> StoreResult<Vec<SchoolCard>> {
        self.run(|c| {
            let order = c.dialect().follows_insertion();
            let tail = format!(
                "JOIN follows fw ON fw.school_id = s.id WHERE fw.user_id = $1
                 ORDER BY fw.followed_at DESC, fw.{order} DESC"
            );
            cards(c, &tail, params![user_id])
        })
    }

    /// The 志愿表 drafts document kept on `user_id`'s account and its revision, if any.
    pub fn account_drafts(&self, user_id: u64) -> StoreResult<Option<(u64, String)>> {
        self.run(|c| {
            c.row("SELECT revision, document FROM account_drafts WHERE user_id = $1", params![user_id])
        })
    }

    /// Keeps `document` as `user_id`'s drafts if the account's are still at revision `base` (0:
    /// none kept yet); the new revision, or `None` when another save came first. One statement
    /// each way, so two saves from the same base cannot both succeed on either database.
    pub fn save_account_drafts(
        &self,
        user_id: u64,
        base: u64,
        document: &str,
        now_ms: i64,
    ) -> StoreResult<Option<u64>> {
        self.run(|c| {
            let changed = if base == 0 {
                c.execute(
                    "INSERT INTO account_drafts (user_id, revision, document, updated_at)
                     VALUES ($1, 1, $2, $3) ON CONFLICT (user_id) DO NOTHING",
                    params![user_id, document, now_ms],
                )?
            } else {
                c.execute(
                    "UPDATE account_drafts SET revision = revision + 1, document = $1, updated_at = $2
                     WHERE user_id = $3 AND revision = $4",
                    params![document, now_ms, user_id, base],
                )?
            };
            Ok((changed == 1).then_some(base + 1))
        })
    }

    /// Keeps a new code's hash for `phone` (replacing an older one, its tries reset).
    pub fn save_sms_code(&self, phone: &str, code_hash: &str, expires_at: i64) -> StoreResult<()> {
        self.run(|c| {
            c.execute(
                "INSERT INTO sms_codes (phone, code_hash, tries, expires_at) VALUES ($1, $2, 0, $3)
                 ON CONFLICT (phone) DO UPDATE SET code_hash = excluded.code_hash, tries = 0,
                 expires_at = excluded.expires_at",
                params![phone, code_hash, expires_at],
            )
            .map(drop)
        })
    }

    /// Checks a code in one locked step: `matches` is asked about the stored hash of a code
    /// still valid at `now`; a match uses the code up, a miss counts a try, and the
    /// `max_tries`-th miss deletes it.
    pub fn use_sms_code(
        &self,
        phone: &str,
        now: i64,
        max_tries: u32,
        matches: &dyn Fn(&str) -> bool,
    ) -> StoreResult<CodeCheck> {
        self.transaction(|tx| {
            let sql = format!(
                "SELECT code_hash, tries, expires_at FROM sms_codes WHERE phone = $1{}",
                tx.dialect().lock_rows()
            );
            let found: Option<(String, i64, i64)> = tx.row(&sql, params![phone])?;
            let delete =
                |tx: &mut dyn Conn| tx.execute("DELETE FROM sms_codes WHERE phone = $1", params![phone]);
            Ok(match found {
                Some((_, tries, expires_at)) if expires_at <= now || tries >= i64::from(max_tries) => {
                    delete(tx)?;
                    CodeCheck::Expired
                }
                None => CodeCheck::Expired,
                Some((hash, _, _)) if matches(&hash) => {
                    delete(tx)?;
                    CodeCheck::Valid
                }
                Some((_, tries, _)) => {
                    let left = u32::try_from(i64::from(max_tries) - tries - 1).unwrap_or(0);
                    if left == 0 {
                        delete(tx)?;
                    } else {
                        tx.execute(
                            "UPDATE sms_codes SET tries = tries + 1 WHERE phone = $1",
                            params![phone],
                        )?;
                    }
                    CodeCheck::Wrong { left }
                }
            })
        })
    }

    /// Deletes at most `limit` codes expired at `now`; how many it deleted.
    pub fn delete_expired_sms_codes(&self, now: i64, limit: usize) -> StoreResult<usize> {
        self.delete_batch("sms_codes", "phone", "expires_at", now, limit)
    }
}
