//! The model's types as rows: each table's columns listed once, beside the code that reads
//! them (`FromRow`, in the same order) and, for the admission tables, writes them
//! ([`Record::values`]). A new column is one name in a list, one line in each.

use super::db::{fail, FromRow, FromValue, Row, ToValue, Value};
use super::StoreResult;
use portal_model::admissions::{AdmissionType, Batch, MajorScoreLine, PlanRow, ScoreLine, Track};
use portal_model::volunteer::groups::GroupSchool;
use portal_model::{ArticleLink, ArticleSummary, Kind, Level, Nature, SchoolCard, TagCount, User};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Codes are stored as their text (`Level::code`); one the server does not know reads as
/// `Other`, as in the JSON the app reads.
macro_rules! codes {
    ($($t:ident),*) => {$(
        impl FromValue for $t {
            fn from_value(value: Value) -> Result<$t, String> {
                Ok($t::from_code(&String::from_value(value)?).unwrap_or($t::Other))
            }
        }

        impl ToValue for $t {
            fn to_value(&self) -> Value {
                self.code().to_value()
            }
        }
    )*};
}
codes!(Level, Kind, Nature, Track, Batch, AdmissionType);

/// A list or a record kept as JSON text.
pub fn json<T: Serialize + ?Sized>(value: &T) -> StoreResult<Value> {
    serde_json::to_string(value).map(Value::Text).map_err(fail)
}

/// JSON text read back; text that does not parse is an error.
pub fn from_json<T: DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(fail)
}

/// JSON text read back leniently, as the app reads answers: what does not parse is empty.
pub fn lenient_json<T: DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

/// The columns of a school card up to its follower count, from `schools s`.
macro_rules! card_columns {
    () => {
        "s.id, s.name, s.short_name, s.pinyin, s.level, s.kind, s.nature, s.province, s.city, s.tags"
    };
}

/// The columns of a school card, live follower count included, from `schools s` (the count is
/// column 11).
pub const CARD: &str = concat!(
    card_columns!(),
    ", s.base_followers + (SELECT COUNT(*) FROM follows f WHERE f.school_id = s.id)"
);

/// A school card with only the catalogue's part of its follower count (what a load set), as
/// the kept catalogue holds it; the pages add the live count of follows.
pub const CATALOGUE_CARD: &str = concat!(card_columns!(), ", s.base_followers");

impl FromRow for SchoolCard {
    fn from_row(r: &mut Row) -> StoreResult<SchoolCard> {
        Ok(SchoolCard {
            id: r.get()?,
            name: r.get()?,
            short_name: r.get()?,
            pinyin: r.get()?,
            level: r.get()?,
            kind: r.get()?,
            nature: r.get()?,
            province: r.get()?,
            city: r.get()?,
            tags: lenient_json(&r.get::<String>()?),
            followers: r.get::<i64>()?.max(0).unsigned_abs(),
        })
    }
}

/// The columns of an article summary, from `articles a JOIN schools s`.
pub const SUMMARY: &str =
    "a.id, a.title, a.school_id, s.name, a.published, a.author, a.views, a.category, a.summary, a.tags";

impl FromRow for ArticleSummary {
    fn from_row(r: &mut Row) -> StoreResult<ArticleSummary> {
        Ok(ArticleSummary {
            id: r.get()?,
            title: r.get()?,
            school_id: r.get()?,
            school_name: r.get()?,
            published: r.get()?,
            author: r.get()?,
            views: r.get::<i64>()?.max(0).unsigned_abs(),
            category: r.get()?,
            summary: r.get()?,
            tags: lenient_json(&r.get::<String>()?),
        })
    }
}

impl FromRow for ArticleLink {
    fn from_row(r: &mut Row) -> StoreResult<ArticleLink> {
        Ok(ArticleLink { id: r.get()?, title: r.get()? })
    }
}

impl FromRow for TagCount {
    fn from_row(r: &mut Row) -> StoreResult<TagCount> {
        Ok(TagCount { name: r.get()?, count: r.get()? })
    }
}

/// `id, username` of `users`.
impl FromRow for User {
    fn from_row(r: &mut Row) -> StoreResult<User> {
        Ok(User { id: r.get()?, username: r.get()? })
    }
}

/// A school as the group index lists it, from `admission_groups g JOIN schools s`.
pub const GROUP_SCHOOL: &str = "g.school_id, s.name, s.level, s.kind, s.nature, s.province, g.school_code";

impl FromRow for GroupSchool {
    fn from_row(r: &mut Row) -> StoreResult<GroupSchool> {
        Ok(GroupSchool {
            id: r.get()?,
            name: r.get()?,
            level: r.get()?,
            kind: r.get()?,
            nature: r.get()?,
            province: r.get()?,
            code: r.get()?,
        })
    }
}

/// A row of one of a school's admission tables (`school_id`, `seq`, then its columns; rows
/// keep the source's order in `seq`).
pub trait Record: FromRow {
    const TABLE: &'static str;
    /// The columns after `school_id, seq`, as `from_row` reads them and `values` writes them.
    const COLUMNS: &'static [&'static str];
    fn values(&self) -> Vec<Value>;
}

/// A [`Record`] whose columns are fields of the type, each named once here, in their order
/// (`field as column` where the column's name differs).
macro_rules! record {
    ($t:ident in $table:literal: $($field:ident $(as $column:ident)?),* $(,)?) => {
        impl Record for $t {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$(column!($field $(as $column)?)),*];

            fn values(&self) -> Vec<Value> {
                vec![$(self.$field.to_value()),*]
            }
        }

        impl FromRow for $t {
            fn from_row(r: &mut Row) -> StoreResult<$t> {
                Ok($t { $($field: r.get()?),* })
            }
        }
    };
}

macro_rules! column {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident as $column:ident) => {
        stringify!($column)
    };
}

record!(ScoreLine in "score_lines":
    year, province, track, batch, admission_type, group as grp, subjects,
    lowest, lowest_rank, average, highest, control_line, source, rank_source, control_source);
record!(MajorScoreLine in "major_lines":
    year, province, track, batch, admission_type, group as grp, major, major_class, subjects,
    lowest, lowest_rank, average, highest, source, rank_source);
record!(PlanRow in "plans":
    year, province, track, batch, admission_type, group as grp, major, major_class,
    places, duration, tuition, subjects, remarks, source);
