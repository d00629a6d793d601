//! `portal-data`: the data source folder of 海峡高考门户 — the official publications an operator
//! holds (一分一段表, 批次线, 院校专业组投档线, 专业录取分, 招生计划, a school list, majors and
//! articles) as CSV, XLSX and Markdown/HTML files with a `manifest.toml` — read into typed rows
//! and checked, with every problem located (file, row, column) and explained in Chinese and
//! English. `portal-data check` prints the report; `build` and `load` take a
//! [`ValidSource`], which only exists when the report has no error, so nothing is written from
//! a bad source.
//!
//! | module | what it owns |
//! |---|---|
//! | [`manifest`] | `manifest.toml`: datasets, provenance, keys fixed per file, featured schools |
//! | [`decode`] | bytes to text: UTF-8 (BOM or not), UTF-16 with a BOM, GB18030/GBK |
//! | [`sheet`] | CSV and workbooks (XLSX, XLS, ODS) as rows of text cells |
//! | [`columns`] | the columns of each kind: Chinese headers, synonyms, required or not |
//! | [`values`] | one cell read as a number, province, code, date, URL |
//! | [`rows`] | the typed rows and how a sheet row becomes one |
//! | [`scores`] | 一分一段表 per province, year and track; rank brackets and derived ranks |
//! | [`articles`] | articles with TOML front matter; Markdown to HTML |
//! | [`sanitize_check`] | what the site's sanitizer would change in an article body |
//! | `validate` (private) | checks across rows and files |
//! | [`source`] | reading a whole folder: [`read`] → [`Checked`] → [`ValidSource`] |
//! | [`problem`] | every problem, its place, severity, code and messages |
//! | [`build`] | a valid source as the site's data set and its static files |
//! | [`export`] | a data set (read from a database) written back as a source folder |

pub mod articles;
pub mod build;
pub mod columns;
pub mod decode;
pub mod export;
pub mod manifest;
pub mod problem;
pub mod rows;
pub mod sanitize_check;
pub mod scores;
pub mod sheet;
pub mod source;
mod validate;
pub mod values;

pub use problem::{Place, Problem, ProblemKind, Report, Severity};
pub use source::{read, Checked, DatasetRead, Source, ValidSource};
