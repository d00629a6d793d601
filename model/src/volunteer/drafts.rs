//! The student's 志愿表 drafts (方案一, 方案二 …) as one versioned document: what the app keeps
//! on the device (localStorage `haixia.plans.v1`) and what a later server sync keeps on the
//! account (`GET/PUT /api/me/plans`).
//!
//! ```json
//! { "version": 1,
//!   "active": "k3v9q2m8x1ab",
//!   "drafts": [
//!     { "id": "k3v9q2m8x1ab", "name": "方案一", "updated": 1750838400000,
//!       "province": "福建", "track": "physics",
//!       "list": { "batch": "undergraduate",
//!                 "rows": [ { "school": 12, "group": "03", "majors": ["01", "04"], "adjust": true } ] } } ],
//!   "deleted": [ { "id": "p0w7…", "updated": 1750838000000 } ] }
//! ```
//!
//! - `id`: made once when a draft is created or copied (12 random characters `0-9a-z`) and never
//!   changed, so two copies of the document can be merged draft by draft.
//! - `updated`: milliseconds since 1970 (UTC) of the draft's last change (edit, rename). A merge
//!   keeps, per id, the draft with the larger `updated`.
//! - `deleted`: tombstones (id and time of deletion), so a merge does not bring a deleted draft
//!   back from a copy made before; the newest [`MAX_TOMBSTONES`] are kept.
//! - `province`/`track`: the group index the rows refer to; a draft's rows are `ListRow`s
//!   (`school` id, 专业组代码, chosen 专业代码 in order, 服从调剂).
//! - `active`: the draft the device shows (a device's choice, not worth merging).
//!
//! On the account (`GET/PUT /api/me/plans`, docs/api.md) the same document travels inside
//! [`AccountDrafts`] with the account's `revision`. Two devices are reconciled by
//! [`merge`], never by the last writer: the server takes a `PUT` only when it names the
//! revision it was merged from, so a device that missed another's save is told so (409) and
//! merges again before it saves.
//!
//! The student's profile (分数, 位次, 选科) is not in a draft: it lives once, in the profile
//! (`state::choice` in the app). Reading is lenient ([`Drafts::read`]): a draft or row that does
//! not read is left out and reported, never the whole document; later versions may add fields,
//! which this one ignores.

use super::list::{ListRow, VolunteerList};
use crate::admissions::{Batch, Province, Track};
use crate::types::SchoolId;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

/// The version this code writes.
pub const DRAFTS_VERSION: u32 = 1;
/// Drafts kept at most; more are left out when read.
pub const MAX_DRAFTS: usize = 20;
/// Rows a stored draft may hold at most (more than any province allows, so an over-long list
/// is still shown with its check, up to this).
pub const MAX_ROWS: usize = 120;
/// Majors read per row at most (the checks name more than the province allows).
pub const MAX_MAJORS: usize = 12;
/// Characters of a draft's name.
pub const MAX_NAME_CHARS: usize = 20;
/// Tombstones of deleted drafts kept for a sync.
pub const MAX_TOMBSTONES: usize = 50;
/// Bytes of the JSON body of `PUT /api/me/plans` the account keeps at most (20 drafts of 40
/// groups with 6 majors each are about 75 KB).
pub const ACCOUNT_MAX_BYTES: usize = 128 * 1024;
/// Characters of a code (专业组代码, 专业代码) read at most.
const MAX_CODE_CHARS: usize = 20;

/// One draft: a named 志愿表 for one province and track.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub id: String,
    pub name: String,
    /// Milliseconds since 1970 (UTC) of the last change.
    pub updated: u64,
    pub province: String,
    pub track: Track,
    pub list: VolunteerList,
}

/// A deleted draft, remembered for a sync.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub id: String,
    pub updated: u64,
}

/// Every draft of the student.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Drafts {
    pub version: u32,
    /// The draft shown; `None` only when there is none.
    pub active: Option<String>,
    pub drafts: Vec<Draft>,
    pub deleted: Vec<Deleted>,
}

impl Default for Drafts {
    fn default() -> Self {
        Drafts { version: DRAFTS_VERSION, active: None, drafts: Vec::new(), deleted: Vec::new() }
    }
}

/// What was left out when a stored document was read, with the message the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftProblem {
    /// Not a document of drafts at all.
    Unreadable,
    /// Written by a later version of the site: what this one knows is shown.
    NewerVersion(u32),
    /// A draft that did not read (its position, 0-based).
    BadDraft {
        position: usize,
    },
    UnknownProvince {
        name: String,
        province: String,
    },
    UnknownTrack {
        name: String,
    },
    BadRows {
        name: String,
        count: usize,
    },
    RepeatedRows {
        name: String,
        count: usize,
    },
    TooManyRows {
        name: String,
        dropped: usize,
    },
    TooManyDrafts {
        dropped: usize,
    },
}

impl DraftProblem {
    pub fn message(&self) -> String {
        let short = |t: &str| t.chars().take(MAX_NAME_CHARS).collect::<String>();
        match self {
            DraftProblem::Unreadable => "本机保存的志愿表无法读取，已从空白开始".into(),
            DraftProblem::NewerVersion(v) => {
                format!("本机的志愿表由更新版本的网站保存（第{v}版），这里只显示能识别的部分")
            }
            DraftProblem::BadDraft { position } => {
                format!("本机保存的第{}个方案无法读取，已忽略", position + 1)
            }
            DraftProblem::UnknownProvince { name, province } => {
                format!("“{}”的省份“{}”无法识别，该方案已忽略", short(name), short(province))
            }
            DraftProblem::UnknownTrack { name } => format!("“{}”的科类无法识别，该方案已忽略", short(name)),
            DraftProblem::BadRows { name, count } => {
                format!("“{}”有{count}个志愿无法读取，已忽略", short(name))
            }
            DraftProblem::RepeatedRows { name, count } => {
                format!("“{}”有{count}个重复的志愿，已去掉", short(name))
            }
            DraftProblem::TooManyRows { name, dropped } => {
                format!("“{}”的志愿超过{MAX_ROWS}个，多出的{dropped}个未载入", short(name))
            }
            DraftProblem::TooManyDrafts { dropped } => {
                format!("方案超过{MAX_DRAFTS}个，多出的{dropped}个未载入")
            }
        }
    }
}

/// A value that read, or anything at all (left out).
#[derive(Deserialize)]
#[serde(untagged)]
enum Lenient<T> {
    Read(T),
    Bad(IgnoredAny),
}

/// The document as stored, read leniently: every field optional, bad elements kept apart.
#[derive(Deserialize)]
pub struct StoredDrafts {
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    active: Option<Lenient<String>>,
    #[serde(default)]
    drafts: Vec<Lenient<StoredDraft>>,
    #[serde(default)]
    deleted: Vec<Lenient<Deleted>>,
}

#[derive(Deserialize)]
struct StoredDraft {
    #[serde(default)]
    id: Option<Lenient<String>>,
    #[serde(default)]
    name: Option<Lenient<String>>,
    #[serde(default)]
    updated: Option<Lenient<f64>>,
    province: String,
    track: Track,
    #[serde(default)]
    list: Option<Lenient<StoredList>>,
}

#[derive(Deserialize)]
struct StoredList {
    #[serde(default)]
    batch: Option<Batch>,
    #[serde(default)]
    rows: Vec<Lenient<StoredRow>>,
}

#[derive(Deserialize)]
struct StoredRow {
    school: SchoolId,
    group: String,
    #[serde(default)]
    majors: Vec<Lenient<String>>,
    #[serde(default)]
    adjust: Option<bool>,
}

fn read<T>(value: Option<Lenient<T>>) -> Option<T> {
    match value {
        Some(Lenient::Read(v)) => Some(v),
        _ => None,
    }
}

/// A code as stored: trimmed, non-empty, no control characters, not too long.
fn code(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty() && t.chars().count() <= MAX_CODE_CHARS && !t.chars().any(char::is_control))
        .then(|| t.to_string())
}

/// An id as stored: `0-9 A-Z a-z - _`, 1 to 40 characters.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A name as typed: control characters out, spaces trimmed, at most [`MAX_NAME_CHARS`].
pub fn clean_name(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect::<String>().trim().chars().take(MAX_NAME_CHARS).collect()
}

/// 方案一 … 方案十, then 方案11 ….
pub fn numbered_name(n: usize) -> String {
    const DIGITS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match n {
        1..=10 => format!("方案{}", DIGITS[n - 1]),
        _ => format!("方案{n}"),
    }
}

/// Why a change of the drafts did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    NoSuchDraft,
    EmptyName,
    TooMany,
}

impl DraftError {
    pub fn message(&self) -> String {
        match self {
            DraftError::NoSuchDraft => "没有这个方案".into(),
            DraftError::EmptyName => "请输入方案名称".into(),
            DraftError::TooMany => format!("最多保存{MAX_DRAFTS}个方案，请先删除不用的方案"),
        }
    }
}

impl Drafts {
    /// Reads a stored document (decoded by the caller from JSON: the app's JSON goes through
    /// the browser). `None` (nothing decoded) reads as no drafts with [`DraftProblem::Unreadable`].
    pub fn read(stored: Option<StoredDrafts>) -> (Drafts, Vec<DraftProblem>) {
        let mut problems = Vec::new();
        let Some(stored) = stored else {
            return (Drafts::default(), vec![DraftProblem::Unreadable]);
        };
        if let Some(v) = stored.version.filter(|v| *v > DRAFTS_VERSION) {
            problems.push(DraftProblem::NewerVersion(v));
        }
        let mut drafts: Vec<Draft> = Vec::new();
        let total = stored.drafts.len();
        for (position, entry) in stored.drafts.into_iter().enumerate() {
            if drafts.len() == MAX_DRAFTS {
                problems.push(DraftProblem::TooManyDrafts { dropped: total - position });
                break;
            }
            let Lenient::Read(d) = entry else {
                problems.push(DraftProblem::BadDraft { position });
                continue;
            };
            let name = read(d.name).map(|n| clean_name(&n)).filter(|n| !n.is_empty());
            let name = name.unwrap_or_else(|| numbered_name(position + 1));
            let Some(province) = Province::find(&d.province) else {
                problems.push(DraftProblem::UnknownProvince { name, province: d.province });
                continue;
            };
            if d.track == Track::Other {
                problems.push(DraftProblem::UnknownTrack { name });
                continue;
            }
            let mut id = read(d.id).filter(|id| valid_id(id)).unwrap_or_else(|| format!("stored-{position}"));
            if drafts.iter().any(|other| other.id == id) {
                id = format!("{id}-{position}");
            }
            let updated = read(d.updated).filter(|t| t.is_finite() && *t >= 0.0).map_or(0, |t| t as u64);
            let stored_list = read(d.list);
            let batch = stored_list.as_ref().and_then(|l| l.batch).unwrap_or(Batch::Undergraduate);
            let (mut rows, mut bad, mut repeated) = (Vec::new(), 0, 0);
            let row_entries = stored_list.map(|l| l.rows).unwrap_or_default();
            let row_total = row_entries.len();
            for entry in row_entries {
                if rows.len() == MAX_ROWS {
                    break;
                }
                let Lenient::Read(r) = entry else {
                    bad += 1;
                    continue;
                };
                let Some(group) = code(&r.group).filter(|_| r.school > 0) else {
                    bad += 1;
                    continue;
                };
                if rows.iter().any(|x: &ListRow| x.school == r.school && x.group == group) {
                    repeated += 1;
                    continue;
                }
                let mut majors: Vec<String> = Vec::new();
                for m in r.majors.into_iter().filter_map(|m| read(Some(m))).filter_map(|m| code(&m)) {
                    if !majors.contains(&m) && majors.len() < MAX_MAJORS {
                        majors.push(m);
                    }
                }
                rows.push(ListRow { school: r.school, group, majors, adjust: r.adjust.unwrap_or(true) });
            }
            let dropped = row_total.saturating_sub(rows.len() + bad + repeated);
            if bad > 0 {
                problems.push(DraftProblem::BadRows { name: name.clone(), count: bad });
            }
            if repeated > 0 {
                problems.push(DraftProblem::RepeatedRows { name: name.clone(), count: repeated });
            }
            if dropped > 0 {
                problems.push(DraftProblem::TooManyRows { name: name.clone(), dropped });
            }
            drafts.push(Draft {
                id,
                name,
                updated,
                province: province.name.into(),
                track: d.track,
                list: VolunteerList::with_rows(batch, rows),
            });
        }
        let mut deleted: Vec<Deleted> = stored
            .deleted
            .into_iter()
            .filter_map(|d| read(Some(d)))
            .filter(|d| valid_id(&d.id) && !drafts.iter().any(|x| x.id == d.id))
            .collect();
        deleted.sort_by_key(|d| std::cmp::Reverse(d.updated));
        deleted.truncate(MAX_TOMBSTONES);
        let active = read(stored.active)
            .filter(|id| drafts.iter().any(|d| d.id == *id))
            .or_else(|| drafts.first().map(|d| d.id.clone()));
        (Drafts { version: DRAFTS_VERSION, active, drafts, deleted }, problems)
    }

    pub fn get(&self, id: &str) -> Option<&Draft> {
        self.drafts.iter().find(|d| d.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Draft> {
        self.drafts.iter_mut().find(|d| d.id == id)
    }

    /// The draft shown.
    pub fn active(&self) -> Option<&Draft> {
        self.active.as_deref().and_then(|id| self.get(id))
    }

    /// Shows draft `id`.
    pub fn activate(&mut self, id: &str) -> Result<(), DraftError> {
        self.get(id).ok_or(DraftError::NoSuchDraft)?;
        self.active = Some(id.to_string());
        Ok(())
    }

    /// The lowest 方案N not taken yet.
    fn next_name(&self) -> String {
        (1..).map(numbered_name).find(|n| !self.drafts.iter().any(|d| d.name == *n)).unwrap_or_default()
    }

    /// A new, empty draft for a province and track, shown from now on; its id.
    pub fn create(
        &mut self,
        id: String,
        province: &str,
        track: Track,
        now: u64,
    ) -> Result<String, DraftError> {
        if self.drafts.len() >= MAX_DRAFTS {
            return Err(DraftError::TooMany);
        }
        let name = self.next_name();
        self.drafts.push(Draft {
            id: id.clone(),
            name,
            updated: now,
            province: province.to_string(),
            track,
            list: VolunteerList::new(Batch::Undergraduate),
        });
        self.active = Some(id.clone());
        Ok(id)
    }

    /// A copy of draft `from` under `id`, named “…（副本）”, placed after it and shown.
    pub fn copy(&mut self, from: &str, id: String, now: u64) -> Result<String, DraftError> {
        if self.drafts.len() >= MAX_DRAFTS {
            return Err(DraftError::TooMany);
        }
        let at = self.drafts.iter().position(|d| d.id == from).ok_or(DraftError::NoSuchDraft)?;
        let source = &self.drafts[at];
        let copy = Draft {
            id: id.clone(),
            name: clean_name(&format!("{}（副本）", source.name)),
            updated: now,
            province: source.province.clone(),
            track: source.track,
            list: VolunteerList::with_rows(source.list.batch, source.list.rows.clone()),
        };
        self.drafts.insert(at + 1, copy);
        self.active = Some(id.clone());
        Ok(id)
    }

    pub fn rename(&mut self, id: &str, name: &str, now: u64) -> Result<(), DraftError> {
        let name = clean_name(name);
        if name.is_empty() {
            return Err(DraftError::EmptyName);
        }
        let draft = self.get_mut(id).ok_or(DraftError::NoSuchDraft)?;
        draft.name = name;
        draft.updated = now;
        Ok(())
    }

    /// Deletes draft `id` (remembered as deleted for a sync); the one beside it is shown.
    pub fn delete(&mut self, id: &str, now: u64) -> Result<Draft, DraftError> {
        let at = self.drafts.iter().position(|d| d.id == id).ok_or(DraftError::NoSuchDraft)?;
        let gone = self.drafts.remove(at);
        self.deleted.insert(0, Deleted { id: gone.id.clone(), updated: now });
        self.deleted.truncate(MAX_TOMBSTONES);
        if self.active.as_deref() == Some(id) {
            let beside = self.drafts.get(at).or_else(|| at.checked_sub(1).and_then(|i| self.drafts.get(i)));
            self.active = beside.map(|d| d.id.clone());
        }
        Ok(gone)
    }

    /// Changes draft `id`'s list with `edit` and marks it changed at `now`.
    pub fn edit<T>(
        &mut self,
        id: &str,
        now: u64,
        edit: impl FnOnce(&mut VolunteerList) -> T,
    ) -> Result<T, DraftError> {
        let draft = self.get_mut(id).ok_or(DraftError::NoSuchDraft)?;
        let out = edit(&mut draft.list);
        draft.updated = now;
        Ok(out)
    }

    /// The draft a page about `province` and `track` shows: the active one if it is for them,
    /// else the most recently changed one that is.
    pub fn shown(&self, province: &str, track: Track) -> Option<&Draft> {
        let fits = |d: &&Draft| d.province == province && d.track == track;
        self.active().filter(fits).or_else(|| self.drafts.iter().filter(fits).max_by_key(|d| d.updated))
    }

    /// The draft a group of `province`, `track` and `batch` is added to: the one shown if it is
    /// for them (an empty list takes any batch), else the most recently changed one that is.
    pub fn target(&self, province: &str, track: Track, batch: Batch) -> Option<&Draft> {
        let fits = |d: &&Draft| {
            d.province == province && d.track == track && (d.list.is_empty() || d.list.batch == batch)
        };
        self.active().filter(fits).or_else(|| self.drafts.iter().filter(fits).max_by_key(|d| d.updated))
    }

    /// Where a group is listed in the draft it would be added to: the draft and the position.
    pub fn listed(
        &self,
        province: &str,
        track: Track,
        batch: Batch,
        school: SchoolId,
        group: &str,
    ) -> Option<(&Draft, usize)> {
        let draft = self.target(province, track, batch)?;
        draft.list.position(school, group).map(|at| (draft, at))
    }
}

/// The account's drafts and the revision they are (`GET /api/me/plans`), or what a device
/// saves and the revision it merged from (`PUT`). Revision 0: nothing kept on the account yet.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountDrafts<D> {
    pub revision: u64,
    pub drafts: D,
}

/// What `PUT /api/me/plans` answers: the revision the account's drafts are now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlansSaved {
    pub revision: u64,
}

impl Drafts {
    /// A document sent to the account: read as a device reads it, but refused (with what is
    /// wrong) where a device would leave something out, so the account never keeps less than
    /// it was sent.
    pub fn check_upload(stored: StoredDrafts) -> Result<Drafts, String> {
        let (drafts, problems) = Drafts::read(Some(stored));
        match problems.first() {
            None => Ok(drafts),
            Some(DraftProblem::NewerVersion(v)) => {
                Err(format!("志愿表由更新版本的网站保存（第{v}版），本服务器无法保存"))
            }
            Some(problem) => {
                Err(format!("志愿表内容不正确：{}", problem.message().replace("本机保存的", "")))
            }
        }
    }
}

/// The drafts of a device and of the account, as one: what a device keeps and saves after it
/// signs in, and after a save was refused because another device saved first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    pub drafts: Drafts,
    /// Drafts renamed because the other side had one of the same name: (old, new).
    pub renamed: Vec<(String, String)>,
    /// Drafts left out over [`MAX_DRAFTS`] (the device's newest-listed ones).
    pub dropped: usize,
}

impl Merged {
    /// What the student is told, if anything.
    pub fn message(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .renamed
            .iter()
            .map(|(old, new)| format!("本机的“{old}”与账号中的方案同名，已改名为“{new}”"))
            .collect();
        if self.dropped > 0 {
            parts.push(format!("方案超过{MAX_DRAFTS}个，本机的{}个方案未合并到账号", self.dropped));
        }
        (!parts.is_empty()).then(|| parts.join("；"))
    }
}

/// `name` made different from every name in `taken`: “name（本机）”, then “name（本机2）” …,
/// cut to [`MAX_NAME_CHARS`].
fn free_name(name: &str, taken: &[String]) -> String {
    (1..)
        .map(|n| {
            let suffix = if n == 1 { "（本机）".to_string() } else { format!("（本机{n}）") };
            let keep = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
            format!("{}{suffix}", name.chars().take(keep).collect::<String>())
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_default()
}

/// Merges a device's drafts with the account's, losing neither:
/// - a draft on both sides (same id) is the one changed last (`updated`; a tie keeps the
///   account's, which other devices already have);
/// - a draft deleted on one side stays deleted unless it was changed after the deletion;
/// - a draft only on the device is added after the account's, renamed when its name is taken
///   (two different drafts both called 方案一 stay two drafts);
/// - the device keeps showing the draft it showed.
///
/// A merge is per draft, not per row: the rows of one draft are one decision of the student.
pub fn merge(device: &Drafts, account: &Drafts) -> Merged {
    let mut deleted: Vec<Deleted> = Vec::new();
    for d in account.deleted.iter().chain(&device.deleted) {
        match deleted.iter_mut().find(|x| x.id == d.id) {
            Some(x) => x.updated = x.updated.max(d.updated),
            None => deleted.push(d.clone()),
        }
    }
    let newer = |d: &Draft| match device.get(&d.id) {
        Some(mine) if mine.updated > d.updated => mine.clone(),
        _ => d.clone(),
    };
    let candidates = account
        .drafts
        .iter()
        .map(|d| (newer(d), false))
        .chain(device.drafts.iter().filter(|d| account.get(&d.id).is_none()).map(|d| (d.clone(), true)));
    let mut drafts: Vec<Draft> = Vec::new();
    let (mut renamed, mut dropped) = (Vec::new(), 0);
    for (mut draft, device_only) in candidates {
        if deleted.iter().any(|x| x.id == draft.id && x.updated >= draft.updated) {
            continue;
        }
        if drafts.len() == MAX_DRAFTS {
            dropped += 1;
            continue;
        }
        let names: Vec<String> = drafts.iter().map(|d| d.name.clone()).collect();
        if device_only && names.contains(&draft.name) {
            let new = free_name(&draft.name, &names);
            renamed.push((std::mem::replace(&mut draft.name, new.clone()), new));
        }
        drafts.push(draft);
    }
    deleted.retain(|x| !drafts.iter().any(|d| d.id == x.id));
    deleted.sort_by_key(|d| std::cmp::Reverse(d.updated));
    deleted.truncate(MAX_TOMBSTONES);
    let shown = |active: &Option<String>| active.clone().filter(|id| drafts.iter().any(|d| d.id == *id));
    let active = shown(&device.active)
        .or_else(|| shown(&account.active))
        .or_else(|| drafts.first().map(|d| d.id.clone()));
    Merged { drafts: Drafts { version: DRAFTS_VERSION, active, drafts, deleted }, renamed, dropped }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(json: &str) -> (Drafts, Vec<DraftProblem>) {
        Drafts::read(serde_json::from_str::<StoredDrafts>(json).ok())
    }

    fn row(school: SchoolId, group: &str) -> ListRow {
        ListRow { school, group: group.into(), majors: vec!["01".into()], adjust: false }
    }

    fn sample() -> Drafts {
        let mut d = Drafts::default();
        d.create("a1".into(), "福建", Track::Physics, 10).expect("create");
        d.edit("a1", 11, |l| l.rows = vec![row(1, "01"), row(2, "03")]).expect("edit");
        d.create("b2".into(), "江西", Track::History, 20).expect("create");
        d.delete("b2", 30).expect("delete");
        d
    }

    #[test]
    fn round_trips_through_json() {
        let d = sample();
        let json = serde_json::to_string(&d).expect("json");
        assert!(json.starts_with(r#"{"version":1,"active":"a1","drafts":[{"id":"a1","name":"方案一","updated":11,"province":"福建","track":"physics","list":{"batch":"undergraduate","rows":[{"school":1,"group":"01","majors":["01"],"adjust":false}"#), "{json}");
        assert!(json.ends_with(r#""deleted":[{"id":"b2","updated":30}]}"#), "{json}");
        assert_eq!(stored(&json), (d, vec![]));
    }

    #[test]
    fn garbage_reads_as_no_drafts() {
        for garbage in ["\"text\"", "42", "{", "null"] {
            assert_eq!(stored(garbage), (Drafts::default(), vec![DraftProblem::Unreadable]), "{garbage}");
        }
        assert_eq!(Drafts::read(None).1[0].message(), "本机保存的志愿表无法读取，已从空白开始");
        assert_eq!(stored("{}"), (Drafts::default(), vec![]));
    }

    #[test]
    fn a_tampered_document_keeps_what_is_valid() {
        let many_rows: Vec<String> = (1..=200).map(|i| format!(r#"{{"school":{i},"group":"01"}}"#)).collect();
        let json = format!(
            r#"{{"version":7,"active":"zzz","extra":true,"drafts":[
              {{"id":"x","name":"  我的\u0007方案  ","updated":5,"province":"fujian","track":"physics","list":{{"batch":"vocational","rows":[
                {{"school":1,"group":"01","majors":["01",7,"01","02"]}},{{"school":"x"}},{{"school":1,"group":"01"}},{{"school":0,"group":"01"}},{{"school":2,"group":""}},{{"school":3,"group":"02","adjust":false}}]}}}},
              {{"id":"x","province":"火星","track":"physics"}},
              {{"id":"x","name":"三","province":"江西","track":"magic"}},
              "garbage",
              {{"id":"bad id!","updated":-4,"province":"江西","track":"history","list":{{"rows":[{}]}}}}],
              "deleted":[{{"id":"old","updated":1}},{{"id":7}}]}}"#,
            many_rows.join(",")
        );
        let (d, problems) = stored(&json);
        let messages: Vec<String> = problems.iter().map(DraftProblem::message).collect();
        assert_eq!(
            messages,
            vec![
                "本机的志愿表由更新版本的网站保存（第7版），这里只显示能识别的部分",
                "“我的方案”有3个志愿无法读取，已忽略",
                "“我的方案”有1个重复的志愿，已去掉",
                "“方案二”的省份“火星”无法识别，该方案已忽略",
                "“三”的科类无法识别，该方案已忽略",
                "本机保存的第4个方案无法读取，已忽略",
                "“方案五”的志愿超过120个，多出的80个未载入",
            ]
        );
        assert_eq!(d.drafts.len(), 2);
        let first = &d.drafts[0];
        assert_eq!(
            (first.name.as_str(), first.province.as_str(), first.list.batch),
            ("我的方案", "福建", Batch::Vocational)
        );
        assert_eq!(
            first.list.rows,
            vec![
                ListRow {
                    school: 1,
                    group: "01".into(),
                    majors: vec!["01".into(), "02".into()],
                    adjust: true
                },
                ListRow { school: 3, group: "02".into(), majors: vec![], adjust: false },
            ]
        );
        let second = &d.drafts[1];
        assert_eq!((second.id.as_str(), second.updated, second.list.len()), ("stored-4", 0, MAX_ROWS));
        assert_eq!(d.active.as_deref(), Some("x"), "an unknown active draft falls back to the first");
        assert_eq!(d.deleted, vec![Deleted { id: "old".into(), updated: 1 }]);
    }

    #[test]
    fn creates_copies_renames_and_deletes() {
        let mut d = sample();
        assert_eq!(d.active().map(|x| x.name.as_str()), Some("方案一"));
        d.create("c3".into(), "福建", Track::Physics, 40).expect("create");
        assert_eq!(d.active().map(|x| x.name.as_str()), Some("方案二"), "the lowest free number");
        d.copy("a1", "d4".into(), 50).expect("copy");
        assert_eq!(
            d.drafts.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            ["方案一", "方案一（副本）", "方案二"]
        );
        assert_eq!(d.active().map(|x| (x.list.len(), x.updated)), Some((2, 50)));
        assert_eq!(d.rename("d4", "  ", 60), Err(DraftError::EmptyName));
        d.rename("d4", "冲一冲的方案，名字很长很长很长很长很长很长很长", 60).expect("rename");
        assert_eq!(d.get("d4").map(|x| x.name.chars().count()), Some(MAX_NAME_CHARS));
        assert_eq!(d.rename("zz", "x", 60), Err(DraftError::NoSuchDraft));
        d.delete("d4", 70).expect("delete");
        assert_eq!(d.active.as_deref(), Some("c3"), "the draft after the deleted one is shown");
        assert_eq!(d.deleted[0], Deleted { id: "d4".into(), updated: 70 });
        d.delete("c3", 80).expect("delete");
        assert_eq!(d.active.as_deref(), Some("a1"), "the last one deleted: the one before it");
        d.delete("a1", 90).expect("delete");
        assert_eq!((d.active.clone(), d.drafts.len()), (None, 0));
        for i in 0..MAX_DRAFTS {
            d.create(format!("n{i}"), "福建", Track::Physics, 100).expect("room");
        }
        assert_eq!(d.create("one-more".into(), "福建", Track::Physics, 100), Err(DraftError::TooMany));
        assert_eq!(DraftError::TooMany.message(), "最多保存20个方案，请先删除不用的方案");
        assert_eq!(numbered_name(10), "方案十");
        assert_eq!(numbered_name(11), "方案11");
    }

    #[test]
    fn groups_go_to_the_draft_that_fits() {
        let mut d = Drafts::default();
        d.create("fj".into(), "福建", Track::Physics, 10).expect("create");
        d.edit("fj", 10, |l| l.rows = vec![row(1, "01")]).expect("edit");
        d.create("jx".into(), "江西", Track::History, 20).expect("create");
        // The shown draft is 江西's: a 福建 group goes to 福建's draft.
        assert_eq!(d.target("福建", Track::Physics, Batch::Undergraduate).map(|x| x.id.as_str()), Some("fj"));
        assert_eq!(
            d.listed("福建", Track::Physics, Batch::Undergraduate, 1, "01")
                .map(|(x, at)| (x.id.as_str(), at)),
            Some(("fj", 0))
        );
        // An empty draft takes any batch; a list of another batch does not.
        assert_eq!(d.target("江西", Track::History, Batch::Vocational).map(|x| x.id.as_str()), Some("jx"));
        assert!(d.target("福建", Track::Physics, Batch::Vocational).is_none());
        assert_eq!(d.shown("福建", Track::Physics).map(|x| x.id.as_str()), Some("fj"));
        assert_eq!(d.shown("江西", Track::History).map(|x| x.id.as_str()), Some("jx"));
        assert!(d.shown("江西", Track::Physics).is_none());
        assert!(d.target("福建", Track::History, Batch::Undergraduate).is_none());
    }
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    fn row(school: SchoolId) -> ListRow {
        ListRow { school, group: "01".into(), majors: vec![], adjust: true }
    }

    /// A document with drafts (id, name, updated, first school of its one row).
    fn doc(drafts: &[(&str, &str, u64, SchoolId)], deleted: &[(&str, u64)]) -> Drafts {
        Drafts {
            version: DRAFTS_VERSION,
            active: drafts.first().map(|d| d.0.to_string()),
            drafts: drafts
                .iter()
                .map(|(id, name, updated, school)| Draft {
                    id: id.to_string(),
                    name: name.to_string(),
                    updated: *updated,
                    province: "福建".into(),
                    track: Track::Physics,
                    list: VolunteerList::with_rows(Batch::Undergraduate, vec![row(*school)]),
                })
                .collect(),
            deleted: deleted
                .iter()
                .map(|(id, updated)| Deleted { id: id.to_string(), updated: *updated })
                .collect(),
        }
    }

    fn names(d: &Drafts) -> Vec<(&str, &str)> {
        d.drafts.iter().map(|x| (x.id.as_str(), x.name.as_str())).collect()
    }

    #[test]
    fn same_names_from_both_sides_stay_two_drafts() {
        let device = doc(&[("dev", "方案一", 50, 7)], &[]);
        let account = doc(&[("acc", "方案一", 10, 3), ("acc2", "方案一（本机）", 10, 4)], &[]);
        let merged = merge(&device, &account);
        assert_eq!(
            names(&merged.drafts),
            [("acc", "方案一"), ("acc2", "方案一（本机）"), ("dev", "方案一（本机2）")]
        );
        assert_eq!(merged.drafts.get("dev").map(|d| d.list.rows[0].school), Some(7), "its rows stay");
        assert_eq!(merged.drafts.active.as_deref(), Some("dev"), "the device shows what it showed");
        assert_eq!(
            merged.message().as_deref(),
            Some("本机的“方案一”与账号中的方案同名，已改名为“方案一（本机2）”")
        );
        // Merging the result again changes nothing: a second device sign-in is idempotent.
        let again = merge(&merged.drafts, &merged.drafts);
        assert_eq!((again.drafts, again.renamed.len()), (merged.drafts, 0));
    }

    #[test]
    fn the_draft_changed_last_wins_per_id() {
        let device = doc(&[("a", "方案一", 30, 1), ("b", "冲", 5, 2)], &[]);
        let account = doc(&[("b", "冲一冲", 9, 8), ("a", "方案一", 20, 9)], &[]);
        let merged = merge(&device, &account);
        assert_eq!(names(&merged.drafts), [("b", "冲一冲"), ("a", "方案一")], "the account's order");
        let school = |id: &str| merged.drafts.get(id).map(|d| d.list.rows[0].school);
        assert_eq!((school("a"), school("b")), (Some(1), Some(8)));
        assert!(merged.message().is_none());
        // A tie keeps the account's copy.
        let tie = merge(&doc(&[("a", "x", 20, 1)], &[]), &doc(&[("a", "y", 20, 2)], &[]));
        assert_eq!(names(&tie.drafts), [("a", "y")]);
    }

    #[test]
    fn deletions_hold_unless_the_draft_changed_after_them() {
        // Deleted on the account after the device's last change: gone, and stays remembered.
        let device = doc(&[("a", "方案一", 10, 1), ("b", "方案二", 40, 2)], &[]);
        let account = doc(&[("c", "方案三", 5, 3)], &[("a", 20), ("b", 30)]);
        let merged = merge(&device, &account);
        assert_eq!(names(&merged.drafts), [("c", "方案三"), ("b", "方案二")], "b changed after its deletion");
        assert_eq!(merged.drafts.deleted, vec![Deleted { id: "a".into(), updated: 20 }]);
        // Deleted on the device: the account's older copy does not come back.
        let device = doc(&[], &[("c", 6)]);
        let merged = merge(&device, &account);
        assert!(merged.drafts.drafts.is_empty());
        assert_eq!(merged.drafts.active, None);
        assert_eq!(merged.drafts.deleted.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["b", "a", "c"]);
    }

    #[test]
    fn more_than_the_limit_is_reported_not_silent() {
        let many = |prefix: &str| -> Vec<(String, String)> {
            (0..MAX_DRAFTS).map(|i| (format!("{prefix}{i}"), format!("{prefix}{i}"))).collect()
        };
        let (d, a) = (many("d"), many("a"));
        fn rows(v: &[(String, String)]) -> Vec<(&str, &str, u64, SchoolId)> {
            v.iter().map(|(id, name)| (id.as_str(), name.as_str(), 1, 1)).collect()
        }
        let merged = merge(&doc(&rows(&d), &[]), &doc(&rows(&a), &[]));
        assert_eq!((merged.drafts.drafts.len(), merged.dropped), (MAX_DRAFTS, MAX_DRAFTS));
        assert_eq!(merged.message().as_deref(), Some("方案超过20个，本机的20个方案未合并到账号"));
        assert_eq!(merged.drafts.active.as_deref(), Some("a0"), "the device's draft did not fit");
    }

    #[test]
    fn long_names_are_cut_to_fit_the_suffix() {
        let long = "一二三四五六七八九十一二三四五六七八九十";
        let merged = merge(&doc(&[("d", long, 1, 1)], &[]), &doc(&[("a", long, 1, 1)], &[]));
        let renamed = &merged.drafts.drafts[1].name;
        assert_eq!(renamed.chars().count(), MAX_NAME_CHARS);
        assert!(renamed.ends_with("（本机）"), "{renamed}");
    }

    #[test]
    fn uploads_are_checked_like_a_device_reads_them() {
        let ok = serde_json::to_string(&doc(&[("a", "方案一", 1, 1)], &[])).expect("json");
        let read = |json: &str| Drafts::check_upload(serde_json::from_str(json).expect("stored"));
        assert!(read(&ok).is_ok());
        assert_eq!(
            read(r#"{"drafts":[{"id":"x","name":"甲","province":"火星","track":"physics"}]}"#),
            Err("志愿表内容不正确：“甲”的省份“火星”无法识别，该方案已忽略".into())
        );
        assert_eq!(
            read(r#"{"version":9}"#),
            Err("志愿表由更新版本的网站保存（第9版），本服务器无法保存".into())
        );
        assert_eq!(read(r#"{"drafts":[7]}"#), Err("志愿表内容不正确：第1个方案无法读取，已忽略".into()));
        assert!(crate::ErrorCode::PlansTooLarge
            .message()
            .contains(&format!("{}KB", ACCOUNT_MAX_BYTES / 1024)));
    }
}
