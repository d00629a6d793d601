//! Glue to browser APIs that the rest of the app uses through small typed functions.

pub mod crypto;
pub mod dom;
pub mod download;
pub mod json;
pub mod panic;
pub mod prerender;
pub mod sanitize;
pub mod share;
pub mod storage;
