//! The session's rules as plain data (host-tested): who is signed in, what they follow, the
//! account dialog, and the follow that waits for a sign-in. `state::Session` keeps the same
//! fields as signals for the components and changes them only through [`SessionState::apply`].

use portal_model::{SchoolId, User};
use std::collections::BTreeSet;

/// The tabs of the account dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountTab {
    Login,
    Register,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionState {
    pub user: Option<User>,
    /// Schools the signed-in visitor follows.
    pub follows: BTreeSet<SchoolId>,
    /// `Some(tab)` while the account dialog is open.
    pub dialog: Option<AccountTab>,
    /// A follow asked for while signed out, completed once the visitor signs in.
    pub pending_follow: Option<SchoolId>,
}

/// Everything that changes a session.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The data source said who is signed in (start-up, another tab) and what they follow.
    Known {
        user: Option<User>,
        follows: BTreeSet<SchoolId>,
    },
    /// Signed in or registered in the dialog: recorded, and the dialog closes.
    SignedIn {
        user: User,
        follows: BTreeSet<SchoolId>,
    },
    SignedOut,
    /// The data source no longer knows the session (401): signed out here, and asked again.
    Expired {
        then_follow: Option<SchoolId>,
    },
    /// 登录 / 注册 or a follow while signed out opens the dialog.
    AskToSignIn {
        tab: AccountTab,
        then_follow: Option<SchoolId>,
    },
    /// The other tab of the open dialog.
    Tab(AccountTab),
    /// Escape, 关闭, or a finished sign-in.
    DialogClosed,
    /// The follow button shows the visitor's wish at once, before the data source answers.
    Following {
        school: SchoolId,
        on: bool,
    },
}

impl SessionState {
    pub fn apply(&mut self, change: Change) {
        match change {
            // A follow waiting in the open dialog stays: this answer may come after the visitor
            // tapped 关注 (start-up, or a tap replayed on a page rendered ahead of time).
            Change::Known { user, follows } => {
                self.follows = if user.is_some() { follows } else { BTreeSet::new() };
                self.user = user;
            }
            Change::SignedIn { user, follows } => {
                self.user = Some(user);
                self.follows = follows;
                self.dialog = None;
            }
            Change::SignedOut => *self = SessionState { dialog: self.dialog, ..SessionState::default() },
            Change::Expired { then_follow } => {
                self.user = None;
                self.follows.clear();
                self.pending_follow = then_follow;
                self.dialog = Some(AccountTab::Login);
            }
            Change::AskToSignIn { tab, then_follow } => {
                self.pending_follow = then_follow;
                self.dialog = Some(tab);
            }
            Change::Tab(tab) => {
                if self.dialog.is_some() {
                    self.dialog = Some(tab);
                }
            }
            Change::DialogClosed => {
                self.dialog = None;
                // Closed without signing in: the follow that opened it is off.
                if self.user.is_none() {
                    self.pending_follow = None;
                }
            }
            Change::Following { school, on } => {
                if on {
                    self.follows.insert(school);
                } else {
                    self.follows.remove(&school);
                }
            }
        }
    }

    /// Whether `school`'s follow waited for this sign-in: true once, then it is done.
    pub fn take_pending_follow(&mut self, school: SchoolId) -> bool {
        let due = self.user.is_some() && self.pending_follow == Some(school);
        if due {
            self.pending_follow = None;
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> User {
        User { id: 7, username: "xiaoming".into() }
    }

    fn follows(ids: &[SchoolId]) -> BTreeSet<SchoolId> {
        ids.iter().copied().collect()
    }

    #[test]
    fn a_follow_while_signed_out_waits_for_the_sign_in_once() {
        let mut s = SessionState::default();
        s.apply(Change::AskToSignIn { tab: AccountTab::Login, then_follow: Some(3) });
        assert_eq!((s.dialog, s.pending_follow), (Some(AccountTab::Login), Some(3)));
        assert!(!s.take_pending_follow(3), "not before the sign-in");
        s.apply(Change::Tab(AccountTab::Register));
        assert_eq!(s.pending_follow, Some(3), "switching tabs keeps it");
        s.apply(Change::SignedIn { user: user(), follows: follows(&[1]) });
        assert_eq!(s.dialog, None);
        assert!(!s.take_pending_follow(4), "only for its school");
        assert!(s.take_pending_follow(3));
        assert!(!s.take_pending_follow(3), "once");
    }

    #[test]
    fn closing_the_dialog_without_signing_in_drops_the_follow() {
        let mut s = SessionState::default();
        s.apply(Change::AskToSignIn { tab: AccountTab::Login, then_follow: Some(3) });
        s.apply(Change::DialogClosed);
        assert_eq!((s.dialog, s.pending_follow), (None, None));
        s.apply(Change::SignedIn { user: user(), follows: BTreeSet::new() });
        assert!(!s.take_pending_follow(3));
    }

    #[test]
    fn signing_out_forgets_the_user_follows_and_waiting_follow() {
        let mut s = SessionState::default();
        s.apply(Change::Known { user: Some(user()), follows: follows(&[1, 2]) });
        s.apply(Change::Following { school: 5, on: true });
        s.apply(Change::Following { school: 1, on: false });
        assert_eq!(s.follows, follows(&[2, 5]));
        s.apply(Change::SignedOut);
        assert_eq!(s, SessionState::default());
        // Another tab signed out: the same.
        s.apply(Change::Known { user: Some(user()), follows: follows(&[1]) });
        s.apply(Change::Known { user: None, follows: follows(&[1]) });
        assert_eq!(s, SessionState::default());
    }

    #[test]
    fn the_first_answer_keeps_a_follow_tapped_before_it() {
        let mut s = SessionState::default();
        s.apply(Change::AskToSignIn { tab: AccountTab::Login, then_follow: Some(3) });
        s.apply(Change::Known { user: None, follows: BTreeSet::new() });
        assert_eq!((s.dialog, s.pending_follow), (Some(AccountTab::Login), Some(3)));
    }

    #[test]
    fn an_expired_session_asks_again_and_keeps_the_wish() {
        let mut s = SessionState::default();
        s.apply(Change::Known { user: Some(user()), follows: follows(&[1]) });
        s.apply(Change::Expired { then_follow: Some(9) });
        assert_eq!((s.user.clone(), s.follows.len(), s.dialog), (None, 0, Some(AccountTab::Login)));
        s.apply(Change::SignedIn { user: user(), follows: follows(&[1]) });
        assert!(s.take_pending_follow(9));
    }

    #[test]
    fn a_tab_change_does_not_open_a_closed_dialog() {
        let mut s = SessionState::default();
        s.apply(Change::Tab(AccountTab::Register));
        assert_eq!(s.dialog, None);
    }
}
