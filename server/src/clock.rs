//! The one clock every policy reads: attempt waits, daily caps, session and code expiry,
//! challenge lifetimes. Production runs on the system clock; tests hold a manual one and move
//! it forward, so a simulated day of attempts takes milliseconds and no test sleeps.
//!
//! Connection timeouts (header, body, request, write stall) are not policies of this kind:
//! they run on tokio's timers, which bound real waiting on real sockets; a test of their
//! rules pauses tokio's clock instead (guard.rs).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Milliseconds since the Unix epoch, from the system or from a test's hand.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// `None`: the system clock. `Some`: a manual clock, shared by every copy.
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    /// A clock that stands still at `start_ms` until [`Clock::advance`] moves it.
    pub fn manual(start_ms: i64) -> Clock {
        Clock { manual: Some(Arc::new(AtomicI64::new(start_ms))) }
    }

    /// A manual clock starting at the system's time now (so stored timestamps look real).
    pub fn manual_from_now() -> Clock {
        Clock::manual(system_ms())
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        match &self.manual {
            Some(at) => at.load(Ordering::SeqCst),
            None => system_ms(),
        }
    }

    /// Whole seconds since the Unix epoch (sessions and codes are stored in seconds).
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves a manual clock forward; the system clock cannot be moved (a no-op).
    pub fn advance(&self, by: Duration) {
        if let Some(at) = &self.manual {
            at.fetch_add(i64::try_from(by.as_millis()).unwrap_or(i64::MAX), Ordering::SeqCst);
        }
    }
}

fn system_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_copies_share_it() {
        let clock = Clock::manual(5_000);
        let copy = clock.clone();
        assert_eq!(clock.now_ms(), 5_000);
        copy.advance(Duration::from_millis(1_500));
        assert_eq!((clock.now_ms(), clock.now_secs()), (6_500, 6));
        let system = Clock::system();
        let before = system.now_ms();
        system.advance(Duration::from_secs(3600));
        assert!(system.now_ms() - before < 3_600_000, "the system clock is not moved");
    }
}
