//! What the app knows about the network, as signals in one context: page reads on their way
//! (the progress bar, `aria-busy`, the loading status), whether the page shows an offline copy
//! kept by the service worker, and whether the browser is online. The transport feeds it;
//! components only read it.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug)]
pub struct NetworkState {
    /// Page reads waiting for the network.
    pub pending: RwSignal<usize>,
    /// The page's last answer was an offline copy (header `X-Offline-Copy`).
    pub offline_copy: RwSignal<bool>,
    /// What the browser believes about the network.
    pub online: RwSignal<bool>,
}

impl NetworkState {
    /// Creates the state, follows the browser's online/offline events, and provides it.
    pub fn provide() -> NetworkState {
        let state = NetworkState {
            pending: RwSignal::new(0),
            offline_copy: RwSignal::new(false),
            online: RwSignal::new(crate::browser::dom::is_online()),
        };
        let _ = window_event_listener(leptos::ev::online, move |_| state.online.set(true));
        let _ = window_event_listener(leptos::ev::offline, move |_| state.online.set(false));
        provide_context(state);
        state
    }

    /// Counts a page read as pending for as long as the returned guard lives.
    pub(crate) fn page_read(self) -> PendingRead {
        self.pending.try_update(|n| *n += 1);
        PendingRead(self)
    }
}

pub(crate) struct PendingRead(NetworkState);

impl Drop for PendingRead {
    fn drop(&mut self) {
        self.0.pending.try_update(|n| *n = n.saturating_sub(1));
    }
}
