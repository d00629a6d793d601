//! `localStorage`, which may be missing (privacy modes), full, or hold anything at all.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refuses storage (disabled, private mode, sandboxed frame).
    Unavailable,
    /// Writing failed, most likely because the quota is used up.
    Full,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable => write!(f, "浏览器禁止了本地存储，请关闭无痕模式或允许网站存储数据"),
            StorageError::Full => write!(f, "浏览器本地存储空间已满，请清理后重试"),
        }
    }
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or(StorageError::Unavailable)
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    storage()?.get_item(key).map_err(|_| StorageError::Unavailable)
}

pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    storage()?.set_item(key, value).map_err(|_| StorageError::Full)
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    storage()?.remove_item(key).map_err(|_| StorageError::Unavailable)
}
