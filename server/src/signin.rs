//! The limits around one password sign-in: the attempts it counts before the hash, and how
//! they are settled by what the hash found.

use crate::auth::Policy;
use crate::error::ApiError;
use crate::limits::{clear, release, reserve};
use crate::store::{self, Store};
use crate::{blocking, Shared};

/// The attempts one password sign-in counted (its account's and its address's), settled once
/// by what the hash found. A request cut off before that (the client gone, the request
/// timeout) is settled as a failure when dropped: its hash may have run, so it counts, and
/// the waits start again from then.
pub(crate) struct SignInAttempt {
    s: Shared,
    account_key: String,
    ip_key: String,
    settled: bool,
}

impl SignInAttempt {
    /// Counts the attempt for the address and the account, or 429 with the wait (and nothing
    /// left counted).
    pub(crate) async fn reserve(
        s: &Shared,
        account_key: String,
        ip_key: String,
    ) -> Result<SignInAttempt, ApiError> {
        reserve(s, &ip_key, s.login_per_address).await?;
        if let Err(e) = reserve(s, &account_key, s.login_per_account).await {
            release(s, &ip_key).await;
            return Err(e);
        }
        Ok(SignInAttempt { s: s.clone(), account_key, ip_key, settled: false })
    }

    /// The right password: the account starts afresh, the address's attempt is taken back.
    pub(crate) async fn succeeded(mut self) {
        self.settled = true;
        clear(&self.s, &self.account_key).await;
        release(&self.s, &self.ip_key).await;
    }

    /// A wrong password: both attempts stay counted, and both waits start now, when the
    /// failure is known, not when the attempt was reserved (hashes queued on a busy server
    /// would otherwise serve the wait before anyone learns the answer).
    pub(crate) async fn failed(mut self) {
        self.settled = true;
        let (s, keys) = (self.s.clone(), self.policies());
        let now_ms = s.clock.now_ms();
        if let Err(e) = blocking(&s, move |store| record_failures(store, &keys, now_ms)).await {
            eprintln!("portal-server: cannot restart a wait: {e:?}");
        }
    }

    /// Not tried (no free hash slot) or not finished: not the visitor's failure.
    pub(crate) async fn not_tried(mut self) {
        self.settled = true;
        release(&self.s, &self.account_key).await;
        release(&self.s, &self.ip_key).await;
    }

    fn policies(&self) -> [(String, Policy); 2] {
        [
            (self.account_key.clone(), self.s.login_per_account),
            (self.ip_key.clone(), self.s.login_per_address),
        ]
    }
}

impl Drop for SignInAttempt {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        // Drop cannot wait: the store step runs on the blocking pool by itself.
        let (store, keys, now_ms) = (self.s.store.clone(), self.policies(), self.s.clock.now_ms());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn_blocking(move || {
                if let Err(e) = record_failures(store.as_ref(), &keys, now_ms) {
                    eprintln!("portal-server: cannot restart a wait: {e}");
                }
            });
        }
    }
}

/// Restarts each key's wait from now (see [`Store::limit_failed`]).
fn record_failures(
    store: &dyn Store,
    keys: &[(String, Policy)],
    now_ms: i64,
) -> Result<(), store::StoreError> {
    keys.iter().try_for_each(|(key, policy)| store.limit_failed(key, policy, now_ms))
}
