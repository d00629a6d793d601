//! The student's 志愿表 drafts as one context: what every page that adds a group, the header's
//! badge and `/plan` read and change. Kept in localStorage through `browser::storage` as the
//! versioned document of `portal_model::volunteer::drafts` (its format, and how a later server
//! sync merges it, are documented there). Every change goes through [`Plans::change`]: it is
//! made on a copy, kept only when it succeeds, then written.

use crate::browser::{json, storage};
use crate::components::toast::Toasts;
use leptos::prelude::*;
use portal_model::admissions::{Province, Track};
use portal_model::volunteer::drafts::{Drafts, StoredDrafts};
use portal_model::volunteer::groups::Group;
use portal_model::volunteer::rules::rules;

/// Where the drafts are kept.
pub const STORAGE_KEY: &str = "haixia.plans.v1";

#[derive(Clone, Copy)]
pub struct Plans {
    pub drafts: RwSignal<Drafts>,
    /// What reading the stored drafts left out, for `/plan` to show.
    pub problems: RwSignal<Vec<String>>,
    toasts: Option<Toasts>,
}

/// Where an added group went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    pub draft: String,
    /// 0-based.
    pub position: usize,
}

impl Plans {
    /// Creates the drafts from what this browser kept, and provides them.
    pub fn provide() -> Plans {
        let plans = Plans {
            drafts: RwSignal::new(Drafts::default()),
            problems: RwSignal::new(Vec::new()),
            toasts: use_context::<Toasts>(),
        };
        plans.reload();
        provide_context(plans);
        plans
    }

    /// Re-reads the kept drafts (start-up, and when another tab changed them).
    pub fn reload(self) {
        let (drafts, problems) = match storage::get(STORAGE_KEY) {
            Ok(Some(text)) => Drafts::read(json::from_str::<StoredDrafts>(&text).ok()),
            Ok(None) | Err(_) => (Drafts::default(), Vec::new()),
        };
        self.problems.set(problems.iter().map(|p| p.message()).collect());
        self.drafts.set(drafts);
    }

    /// Applies `change` to a copy of the drafts; keeps and writes it when it succeeds. A browser
    /// that refuses to store keeps the change for this visit and says so.
    pub fn change<T>(
        self,
        change: impl FnOnce(&mut Drafts, Stamp) -> Result<T, String>,
    ) -> Result<T, String> {
        let mut next = self.drafts.get_untracked();
        let out = change(&mut next, Stamp)?;
        let written = json::to_string(&next)
            .map_err(|_| storage::StorageError::Full)
            .and_then(|text| storage::set(STORAGE_KEY, &text));
        if let (Err(e), Some(toasts)) = (written, self.toasts) {
            toasts.show(format!("志愿表只保存在本次打开的页面中：{e}"));
        }
        self.drafts.set(next);
        Ok(out)
    }

    /// Adds a group of `province` and `track` to the draft it fits (the one shown, else the
    /// latest for that province and track, else a new one), which is shown from then on.
    pub fn add(self, group: &Group, province: &str, track: Track, year: u16) -> Result<Added, String> {
        let volunteer_rules = Province::find(province)
            .and_then(|p| rules(p, year))
            .ok_or_else(|| format!("{province}{year}年不按院校专业组填报志愿，无法加入志愿表"))?;
        let batch_rules = volunteer_rules
            .batch(group.batch)
            .ok_or_else(|| format!("{province}没有{}的志愿表", group.batch.label()))?;
        self.change(|drafts, stamp| {
            let id = match drafts.target(province, track, group.batch) {
                Some(d) => d.id.clone(),
                None => drafts.create(stamp.id(), province, track, stamp.now()).map_err(|e| e.message())?,
            };
            drafts.activate(&id).map_err(|e| e.message())?;
            let position = drafts
                .edit(&id, stamp.now(), |list| list.add(group, batch_rules))
                .map_err(|e| e.message())?
                .map_err(|e| e.message())?;
            let draft = drafts.get(&id).map(|d| d.name.clone()).unwrap_or_default();
            Ok(Added { draft, position })
        })
    }

    /// Groups in the draft shown (the header's badge).
    pub fn count(self) -> usize {
        self.drafts.with(|d| d.active().map_or(0, |a| a.list.len()))
    }
}

/// What a change needs from the browser: the time, and new ids.
#[derive(Clone, Copy)]
pub struct Stamp;

impl Stamp {
    /// Milliseconds since 1970.
    pub fn now(self) -> u64 {
        js_sys::Date::now() as u64
    }

    /// A new draft id: 12 random characters `0-9a-z`.
    pub fn id(self) -> String {
        const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let bytes = crate::browser::crypto::random_bytes(12)
            .unwrap_or_else(|_| (0..12).map(|_| (js_sys::Math::random() * 256.0) as u8).collect());
        bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
    }
}
