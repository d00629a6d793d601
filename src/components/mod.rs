//! Reusable pieces of the page. Components take typed data and signals; they never know which
//! data source is behind them.

pub mod account;
pub mod admission;
pub mod article;
pub mod breadcrumb;
pub mod compare;
pub mod filter;
pub mod follow;
pub mod form;
pub mod layout;
pub mod lazy;
pub mod load;
pub mod pagination;
pub mod profile;
pub mod qr;
pub mod school;
pub mod share;
pub mod skeleton;
pub mod title;
pub mod toast;
pub mod volunteer;
