//! The 关注 button's optimistic state machine, pure so it is tested on the host: a tap shows
//! the new state at once; one change at a time goes to the data source, which is told the
//! visitor's latest wish until it agrees (rapid taps end in one state on both sides); a failure
//! goes back to what the data source last confirmed.
//!
//! Whether the visitor follows the school lives in the session (every button for the school
//! shows it); this machine keeps the count, what was confirmed, and whether a change is on its
//! way, and says what to send.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Follow {
    /// The follower count shown.
    pub count: u64,
    /// A change is on its way (shown as `aria-busy`).
    pub busy: bool,
    /// What the data source last confirmed (following, count): where a failure goes back to.
    confirmed: (bool, u64),
}

impl Follow {
    pub fn new(following: bool, count: u64) -> Follow {
        Follow { count, busy: false, confirmed: (following, count) }
    }

    /// The visitor taps while `following`. Returns the new following state to show, and what
    /// to send now: nothing while a change is on its way (its answer sends the latest wish).
    pub fn tap(&mut self, following: bool) -> (bool, Option<bool>) {
        if !self.busy {
            self.confirmed = (following, self.count);
        }
        let now = !following;
        self.count = if now { self.count + 1 } else { self.count.saturating_sub(1) };
        if self.busy {
            (now, None)
        } else {
            self.busy = true;
            (now, Some(now))
        }
    }

    /// The data source answered (`answer_following`, `followers`) while the visitor's wish is
    /// `following`. Returns what to send next if the wish changed meanwhile, else the change
    /// is done.
    pub fn answered(&mut self, following: bool, answer_following: bool, followers: u64) -> Option<bool> {
        self.confirmed = (answer_following, followers);
        self.count = match (following, answer_following) {
            (true, false) => followers + 1,
            (false, true) => followers.saturating_sub(1),
            _ => followers,
        };
        if following == answer_following {
            self.busy = false;
            None
        } else {
            Some(following)
        }
    }

    /// The change failed: back to what was confirmed. Returns the following state to show.
    pub fn failed(&mut self) -> bool {
        self.count = self.confirmed.1;
        self.busy = false;
        self.confirmed.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tap_shows_at_once_and_sends_once_confirmed() {
        let mut f = Follow::new(false, 10);
        assert_eq!(f.tap(false), (true, Some(true)));
        assert_eq!((f.count, f.busy), (11, true));
        // The data source counts someone else too.
        assert_eq!(f.answered(true, true, 12), None);
        assert_eq!((f.count, f.busy), (12, false));
    }

    #[test]
    fn rapid_taps_send_one_change_at_a_time_and_end_on_the_last_wish() {
        let mut f = Follow::new(false, 10);
        let (mut shown, sent) = f.tap(false);
        assert_eq!(sent, Some(true));
        for _ in 0..6 {
            let (next, sent) = f.tap(shown);
            assert_eq!(sent, None, "nothing more is sent while a change is on its way");
            shown = next;
        }
        assert!(shown, "seven taps: following");
        // The first change was answered; the wish is the same, so the change is done.
        assert_eq!(f.answered(shown, true, 11), None);
        assert_eq!((f.count, f.busy), (11, false));
    }

    #[test]
    fn a_wish_changed_while_on_its_way_is_sent_next() {
        let mut f = Follow::new(false, 10);
        let (shown, _) = f.tap(false);
        let (shown, _) = f.tap(shown); // changed their mind
        assert!(!shown);
        assert_eq!(f.count, 10);
        // The follow landed: shown as unfollowed (count without the visitor), and unfollow is sent.
        assert_eq!(f.answered(shown, true, 11), Some(false));
        assert_eq!((f.count, f.busy), (10, true));
        assert_eq!(f.answered(shown, false, 10), None);
        assert!(!f.busy);
    }

    #[test]
    fn a_failure_goes_back_to_what_was_confirmed() {
        let mut f = Follow::new(true, 5);
        let (shown, sent) = f.tap(true);
        assert_eq!((shown, sent), (false, Some(false)));
        assert_eq!(f.count, 4);
        assert!(f.failed());
        assert_eq!((f.count, f.busy), (5, false));
    }

    #[test]
    fn a_failure_after_a_confirmed_step_goes_back_to_that_step() {
        let mut f = Follow::new(false, 10);
        let (shown, _) = f.tap(false);
        let (shown, _) = f.tap(shown);
        assert_eq!(f.answered(shown, true, 11), Some(false));
        assert!(f.failed(), "the follow was confirmed, so following it stays");
        assert_eq!(f.count, 11);
    }

    #[test]
    fn the_count_never_goes_below_zero() {
        let mut f = Follow::new(true, 0);
        f.tap(true);
        assert_eq!(f.count, 0);
    }
}
