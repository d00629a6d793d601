//! The student's 志愿表 drafts as one context: what every page that adds a group, the header's
//! badge and `/plan` read and change. Kept in localStorage through `browser::storage` as the
//! versioned document of `portal_model::volunteer::drafts` (its format, and how two copies
//! merge, are documented there). Every change goes through [`Plans::change`]: it is made on a
//! copy, kept only when it succeeds, then written.
//!
//! Signed in where the data source keeps drafts on the account (http), the drafts follow the
//! account: at sign-in the device's and the account's are merged (`drafts::merge`) and saved,
//! then every change is saved. One save at a time, no timer: a change made while a save is on
//! its way is sent by the next one, so a burst of edits costs two requests. A save refused
//! because another device saved first reads, merges and saves again. A failed save leaves the
//! device copy as it is and says so ([`AccountSync::Failed`], a toast); the next change or
//! 重试 tries again.

use crate::api::{Api, ApiError};
use crate::browser::{json, storage};
use crate::components::toast::Toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::admissions::{Province, Track};
use portal_model::volunteer::drafts::{merge, Drafts, StoredDrafts};
use portal_model::volunteer::groups::Group;
use portal_model::volunteer::rules::rules;
use portal_model::ErrorCode;

/// Where the drafts are kept.
pub const STORAGE_KEY: &str = "haixia.plans.v1";

#[derive(Clone, Copy)]
pub struct Plans {
    pub drafts: RwSignal<Drafts>,
    /// What reading the stored drafts left out, and what a merge with the account's renamed or
    /// left out, for `/plan` to show.
    pub problems: RwSignal<Vec<String>>,
    /// Where the drafts are kept besides the device, for `/plan` to say.
    pub account: RwSignal<AccountSync>,
    link: StoredValue<Link>,
    api: StoredValue<Option<Api>, LocalStorage>,
    toasts: Option<Toasts>,
}

/// Whether the drafts follow an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountSync {
    /// Kept on this device only (signed out, or a data source without accounts' drafts).
    DeviceOnly,
    Saving,
    Saved,
    /// The last save failed: the device keeps the drafts; why.
    Failed(String),
}

/// The account the drafts follow and where its save stands.
#[derive(Clone, Debug, Default)]
struct Link {
    /// The signed-in account, while its data source keeps drafts.
    user: Option<u64>,
    /// Bumped when the account changes: a save of the account before does nothing more.
    generation: u64,
    /// The account's revision this device's drafts were merged with; `None`: read and merge
    /// before the next save.
    revision: Option<u64>,
    /// A save is on its way.
    busy: bool,
    /// A change was made while it was: save again when it is done.
    again: bool,
}

/// Saves refused because another device saved first, read and merged again before giving up.
const MERGE_ATTEMPTS: usize = 3;

/// Where an added group went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    pub draft: String,
    /// 0-based.
    pub position: usize,
}

impl Plans {
    /// Creates the drafts from what this browser kept, and provides them.
    pub fn provide(api: Api) -> Plans {
        let plans = Plans {
            drafts: RwSignal::new(Drafts::default()),
            problems: RwSignal::new(Vec::new()),
            account: RwSignal::new(AccountSync::DeviceOnly),
            link: StoredValue::new(Link::default()),
            api: StoredValue::new_local(Some(api)),
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
        self.keep(next);
        self.save();
        Ok(out)
    }

    /// Writes `next` on the device and shows it.
    fn keep(self, next: Drafts) {
        let written = json::to_string(&next)
            .map_err(|_| storage::StorageError::Full)
            .and_then(|text| storage::set(STORAGE_KEY, &text));
        if let (Err(e), Some(toasts)) = (written, self.toasts) {
            toasts.show(format!("志愿表只保存在本次打开的页面中：{e}"));
        }
        self.drafts.set(next);
    }

    /// Follows the signed-in account (`None`: signed out): a new account's drafts are merged
    /// with the device's and saved. Signing out leaves the device without drafts the account
    /// holds (on a shared computer the next student must not find, or merge into their own
    /// account, someone else's list); drafts whose last save did not go through stay on the
    /// device rather than be lost.
    pub fn follow_account(self, user: Option<u64>) {
        let before = self.link.with_value(|l| l.user);
        let changed = self.link.try_update_value(|l| {
            let changed = l.user != user;
            if changed {
                *l = Link { user, generation: l.generation + 1, ..Link::default() };
            }
            changed
        });
        if changed == Some(true) {
            let saved = self.account.get_untracked() == AccountSync::Saved;
            if before.is_some() && user.is_none() && saved {
                self.keep(Drafts::default());
                self.problems.set(Vec::new());
            }
            self.account.set(AccountSync::DeviceOnly);
            self.save();
        }
    }

    /// Saves the drafts to the account, if they follow one: now, or after the save on its way.
    pub fn save(self) {
        let start = self.link.try_update_value(|l| {
            l.user?;
            if l.busy {
                l.again = true;
                return None;
            }
            l.busy = true;
            Some(l.generation)
        });
        let (Some(Some(generation)), Some(Some(api))) = (start, self.api.try_get_value()) else { return };
        self.account.set(AccountSync::Saving);
        spawn_local(async move {
            loop {
                self.link.update_value(|l| l.again = false);
                let outcome = self.save_once(&api, generation).await;
                let current = self.link.with_value(|l| l.generation == generation);
                if !current {
                    return;
                }
                let again = self.link.with_value(|l| l.again);
                match outcome {
                    Ok(true) if again => continue,
                    Ok(true) => self.account.set(AccountSync::Saved),
                    Ok(false) => {
                        // The data source keeps no drafts on accounts: the device does.
                        self.link.update_value(|l| l.user = None);
                        self.account.set(AccountSync::DeviceOnly);
                    }
                    Err(message) => {
                        if let Some(toasts) = self.toasts {
                            toasts.show(format!("志愿表未能保存到账号：{message}。已保存在本机"));
                        }
                        self.account.set(AccountSync::Failed(message));
                    }
                }
                break;
            }
            self.link.update_value(|l| l.busy = false);
        });
    }

    /// One save: read and merge first when the account's revision is not known (sign-in, or
    /// another device saved). `Ok(false)`: the data source keeps no drafts on accounts.
    async fn save_once(self, api: &Api, generation: u64) -> Result<bool, String> {
        let current = move || self.link.with_value(|l| l.generation == generation);
        for _ in 0..MERGE_ATTEMPTS {
            let revision = match self.link.with_value(|l| l.revision) {
                Some(revision) => revision,
                None => {
                    let Some(kept) = api.my_plans().await.map_err(|e| failure(&e))? else {
                        return Ok(false);
                    };
                    if !current() {
                        return Ok(true);
                    }
                    let (account, _) = Drafts::read(Some(kept.drafts));
                    let merged = merge(&self.drafts.get_untracked(), &account);
                    // Kept on /plan until read (a toast could pass unseen on another page).
                    if let Some(message) = merged.message() {
                        self.problems.update(|p| p.push(message));
                    }
                    let same = |a: &Drafts, b: &Drafts| a.drafts == b.drafts && a.deleted == b.deleted;
                    if !same(&merged.drafts, &self.drafts.get_untracked()) {
                        self.keep(merged.drafts.clone());
                    }
                    self.link.update_value(|l| l.revision = Some(kept.revision));
                    let nothing_new = kept.revision > 0 || merged.drafts.drafts.is_empty();
                    if same(&merged.drafts, &account) && nothing_new {
                        return Ok(true);
                    }
                    kept.revision
                }
            };
            let drafts = self.drafts.get_untracked();
            match api.save_my_plans(revision, &drafts).await {
                Ok(next) => {
                    if current() {
                        self.link.update_value(|l| l.revision = Some(next));
                    }
                    return Ok(true);
                }
                Err(e) if e.is(ErrorCode::PlansChanged) => {
                    self.link.update_value(|l| l.revision = None);
                }
                Err(e) => return Err(failure(&e)),
            }
        }
        Err(ErrorCode::PlansChanged.message().into())
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

/// A failed save as the student reads it.
fn failure(e: &ApiError) -> String {
    match e {
        ApiError::Unauthorized(_) => "登录已失效，请重新登录".into(),
        other => other.to_string(),
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
