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

/// The tabs of the account dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountTab {
    Login,
    Register,
}

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

    /// Re-reads who is signed in and what they follow (start-up, and when another tab changed it).
    pub fn refresh(self, api: Api) {
        spawn_local(async move {
            let user = api.current_user().await.ok().flatten();
            self.signed_in(&api, user).await;
            self.checked.set(true);
        });
    }

    /// Records a sign-in (or its absence): loads the follows first, so a follow that waits for
    /// the sign-in sees the true state.
    pub async fn signed_in(self, api: &Api, user: Option<User>) {
        let follows = match &user {
            Some(_) => api
                .my_follows()
                .await
                .map(|list| list.into_iter().map(|s| s.id).collect())
                .unwrap_or_default(),
            None => BTreeSet::new(),
        };
        self.follows.set(follows);
        self.user.set(user);
    }

    /// Signs out here and at the data source.
    pub async fn sign_out(self, api: &Api) -> Result<(), ApiError> {
        api.logout().await?;
        self.pending_follow.set(None);
        self.follows.set(BTreeSet::new());
        self.user.set(None);
        Ok(())
    }

    /// Opens the account dialog, optionally to complete a follow afterwards.
    pub fn ask_to_sign_in(self, tab: AccountTab, then_follow: Option<SchoolId>) {
        self.pending_follow.set(then_follow);
        self.dialog.set(Some(tab));
    }

    pub fn is_signed_in(self) -> bool {
        self.user.with(Option::is_some)
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
