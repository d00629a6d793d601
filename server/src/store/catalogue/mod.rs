//! The catalogue: schools, articles and 招生数据, what every visitor reads and none changes.
//! Its writes are all in `load.rs` (seeding and bringing a live database up to a new source,
//! `portal-data load`, through one writer), which bumps the catalogue's version in `meta`
//! whenever it changed something. Each process keeps what it read of it in memory, the pages'
//! answers and the rank and group indexes (`kept.rs`), and drops it when that version moves.
//! Its reads: `pages.rs` (home, directory, school, articles, tags, search) and `admissions.rs`
//! (scores, plans, majors, the indexes); `export.rs` reads it all back as a data set
//! (`portal-data export`). Follower counts are never kept: the pages read them live with the
//! cards; follows themselves are `accounts.rs`'.

mod admissions;
mod export;
mod kept;
mod load;
pub(super) mod pages;

pub(super) use kept::KeptCatalogue;
pub use load::{LoadOptions, LoadReport, Tally};
