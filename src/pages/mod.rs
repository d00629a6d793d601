//! One module per route. A page reads its params, asks the `Api` for typed data through
//! [`crate::components::load::Loaded`], and lays out components. Nothing else.

pub mod article;
pub mod home;
pub mod me;
pub mod not_found;
pub mod school;
pub mod school_articles;
pub mod schools;
pub mod search;
pub mod tag;
