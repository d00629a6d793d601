//! The visitor's session, shared through context: who is signed in, which schools they follow,
//! and the one account dialog (open or not, and what to do after signing in).

use crate::api::{Api, ApiError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::{SchoolId, User};
use std::collections::BTreeSet;

pub mod choice;
pub mod compare;
pub mod follow;
pub mod plans;
pub mod session;

pub use plans::Plans;
pub use session::AccountTab;
use session::{Change, SessionState};

/// The session as signals, one per field of [`SessionState`], so a component redraws only for
/// what it reads. Every change goes through [`Session::apply`], and so through the host-tested
/// rules of `session`.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<User>>,
    /// Schools the signed-in visitor follows.
    pub follows: RwSignal<BTreeSet<SchoolId>>,
    /// `Some(tab)` while the account dialog is open.
    pub dialog: RwSignal<Option<AccountTab>>,
    /// A follow asked for while signed out, completed once the visitor signs in.
    pub pending_follow: RwSignal<Option<SchoolId>>,
    /// Whether the first "who is signed in" check has answered.
    pub checked: RwSignal<bool>,
}

impl Session {
    /// Creates the session, provides it, and asks the data source who is signed in.
    pub fn provide(api: Api) -> Session {
        let session = Session {
            user: RwSignal::new(None),
            follows: RwSignal::new(BTreeSet::new()),
            dialog: RwSignal::new(None),
            pending_follow: RwSignal::new(None),
            checked: RwSignal::new(false),
        };
        provide_context(session);
        session.refresh(api);
        session
    }

    fn state(self) -> SessionState {
        SessionState {
            user: self.user.get_untracked(),
            follows: self.follows.get_untracked(),
            dialog: self.dialog.get_untracked(),
            pending_follow: self.pending_follow.get_untracked(),
        }
    }

    /// Writes what changed; only those signals notify their readers.
    fn write(self, before: SessionState, after: SessionState) {
        if after.user != before.user {
            self.user.try_set(after.user);
        }
        if after.follows != before.follows {
            self.follows.try_set(after.follows);
        }
        if after.dialog != before.dialog {
            self.dialog.try_set(after.dialog);
        }
        if after.pending_follow != before.pending_follow {
            self.pending_follow.try_set(after.pending_follow);
        }
    }

    pub fn apply(self, change: Change) {
        let before = self.state();
        let mut after = before.clone();
        after.apply(change);
        self.write(before, after);
    }

    /// Whether `school`'s follow waited for this sign-in (true once).
    pub fn take_pending_follow(self, school: SchoolId) -> bool {
        let before = self.state();
        let mut after = before.clone();
        let due = after.take_pending_follow(school);
        self.write(before, after);
        due
    }

    /// Re-reads who is signed in and what they follow (start-up, and when another tab changed it).
    pub fn refresh(self, api: Api) {
        spawn_local(async move {
            let user = api.current_user().await.ok().flatten();
            let follows = follows_of(&api, user.as_ref()).await;
            self.apply(Change::Known { user, follows });
            self.checked.try_set(true);
        });
    }

    /// Records a sign-in or registration made in the dialog, which closes. The follows are read
    /// first, so a follow that waits for the sign-in sees the true state.
    pub async fn signed_in(self, api: &Api, user: User) {
        let follows = follows_of(api, Some(&user)).await;
        self.apply(Change::SignedIn { user, follows });
    }

    /// Signs out here and at the data source.
    pub async fn sign_out(self, api: &Api) -> Result<(), ApiError> {
        api.logout().await?;
        self.apply(Change::SignedOut);
        Ok(())
    }

    /// Opens the account dialog, optionally to complete a follow afterwards.
    pub fn ask_to_sign_in(self, tab: AccountTab, then_follow: Option<SchoolId>) {
        self.apply(Change::AskToSignIn { tab, then_follow });
    }

    pub fn is_signed_in(self) -> bool {
        self.user.with(Option::is_some)
    }
}

/// What a signed-in visitor follows (nothing when signed out or unreadable).
async fn follows_of(api: &Api, user: Option<&User>) -> BTreeSet<SchoolId> {
    match user {
        Some(_) => {
            api.my_follows().await.map(|list| list.into_iter().map(|s| s.id).collect()).unwrap_or_default()
        }
        None => BTreeSet::new(),
    }
}

/// The compare tray (院校对比): the chosen schools, kept in localStorage so it survives a
/// reload. Its rules are in [`compare`].
#[derive(Clone, Copy)]
pub struct Compare {
    pub tray: RwSignal<Vec<compare::Chosen>>,
}

impl Compare {
    /// Creates the tray from what this browser kept, and provides it.
    pub fn provide() -> Compare {
        let tray = Compare { tray: RwSignal::new(Vec::new()) };
        tray.reload();
        provide_context(tray);
        tray
    }

    /// Re-reads the kept tray (start-up, and when another tab changed it).
    pub fn reload(self) {
        let kept = crate::browser::storage::get(compare::STORAGE_KEY).ok().flatten();
        self.tray.set(kept.as_deref().map(compare::parse_stored).unwrap_or_default());
    }

    fn store(self, next: Vec<compare::Chosen>) {
        let _ = crate::browser::storage::set(compare::STORAGE_KEY, &compare::to_stored(&next));
        self.tray.set(next);
    }

    /// Adds the school or takes it out (the 加入对比 toggle).
    pub fn toggle(self, id: SchoolId, name: String) -> Result<(), compare::AddError> {
        let next = compare::toggle(&self.tray.get_untracked(), compare::Chosen { id, name })?;
        self.store(next);
        Ok(())
    }

    pub fn remove(self, id: SchoolId) {
        self.store(compare::remove(&self.tray.get_untracked(), id));
    }

    pub fn ids(self) -> Vec<SchoolId> {
        self.tray.with(|t| t.iter().map(|c| c.id).collect())
    }
}
