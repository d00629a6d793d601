//! Reusable pieces of the page. Components take typed data and signals; they never know which
//! data source is behind them.

pub mod layout;
pub mod load;
