//! The API contract of 海峡高考门户 and the pure logic every part of the project shares: the web
//! app, the reference server and the fixture generator. Nothing here touches a browser, a
//! network or a disk, so all of it is tested on the host with `cargo test`.

pub mod admissions;
pub mod challenge;
mod coded;
pub mod dates;
pub mod errors;
pub mod fixtures;
pub mod hex;
pub mod list;
pub mod query;
pub mod rank;
pub mod sources;
pub mod types;
pub mod url;
pub mod username;
pub mod validate;
pub mod volunteer;

pub use errors::{ErrorCode, Taken};
pub use types::*;
