//! The seam between the store's SQL, written once, and the two databases. Statements are
//! text with `$1, $2 …` placeholders and [`Value`] parameters; rows come back as [`Row`]s of
//! values read in column order. A backend (`sqlite.rs`, `postgres.rs`) implements [`Conn`]
//! over its client, and [`Dialect`] for the little SQL that differs between them.
//!
//! What the two databases share needs no dialect: `INSERT … ON CONFLICT … DO NOTHING | DO
//! UPDATE` (upsert), `RETURNING`, `LIMIT … OFFSET`, `LIKE … ESCAPE`, subqueries. The bundled
//! SQLite (3.46) has all of them.

use super::{StoreError, StoreResult};
use std::borrow::Cow;

/// A parameter or a column value: what both databases store (integers are 64-bit, text is
/// UTF-8).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// A parameter or a field as the value it is stored as.
pub trait ToValue {
    fn to_value(&self) -> Value;
}

macro_rules! int_values {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_values!(i64, i32, u32, u16, u8, bool);

macro_rules! wide_values {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            /// Counts beyond `i64::MAX` are stored as `i64::MAX`.
            fn to_value(&self) -> Value {
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
wide_values!(u64, usize);

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}

impl ToValue for f32 {
    fn to_value(&self) -> Value {
        Value::Real(f64::from(*self))
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// Parameters of a statement: `params![id, name]`.
macro_rules! params {
    ($($value:expr),* $(,)?) => { &[$($crate::store::db::ToValue::to_value(&$value)),*] };
}
pub(crate) use params;

/// A row of parameters to keep (`execute_each`): `values![id, name]`.
macro_rules! values {
    ($($value:expr),* $(,)?) => { vec![$($crate::store::db::ToValue::to_value(&$value)),*] };
}
pub(crate) use values;

/// A column's value as a Rust type; a value of another kind, or out of the type's range, is
/// an error naming the column.
pub trait FromValue: Sized {
    fn from_value(value: Value) -> Result<Self, String>;
}

impl FromValue for Value {
    fn from_value(value: Value) -> Result<Value, String> {
        Ok(value)
    }
}

impl FromValue for i64 {
    fn from_value(value: Value) -> Result<i64, String> {
        match value {
            Value::Int(v) => Ok(v),
            other => Err(format!("{other:?} is not an integer")),
        }
    }
}

macro_rules! narrow_ints {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: Value) -> Result<$t, String> {
                let v = i64::from_value(value)?;
                <$t>::try_from(v).map_err(|_| format!("{v} is out of range"))
            }
        }
    )*};
}
narrow_ints!(u64, u32, u16, u8, i32, usize);

impl FromValue for bool {
    fn from_value(value: Value) -> Result<bool, String> {
        i64::from_value(value).map(|v| v != 0)
    }
}

impl FromValue for f64 {
    fn from_value(value: Value) -> Result<f64, String> {
        match value {
            Value::Real(v) => Ok(v),
            Value::Int(v) => Ok(v as f64),
            other => Err(format!("{other:?} is not a number")),
        }
    }
}

impl FromValue for f32 {
    fn from_value(value: Value) -> Result<f32, String> {
        f64::from_value(value).map(|v| v as f32)
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> Result<String, String> {
        match value {
            Value::Text(v) => Ok(v),
            other => Err(format!("{other:?} is not text")),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> Result<Option<T>, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One row of an answer, read column by column in the order of the `SELECT`.
pub struct Row {
    values: std::vec::IntoIter<Value>,
    column: usize,
}

impl Row {
    pub fn new(values: Vec<Value>) -> Row {
        Row { values: values.into_iter(), column: 0 }
    }

    /// The columns not read yet, in order.
    pub fn into_values(self) -> Vec<Value> {
        self.values.collect()
    }

    /// The next column's value.
    pub fn get<T: FromValue>(&mut self) -> StoreResult<T> {
        self.column += 1;
        let value = self.values.next().ok_or_else(|| fail(format!("no column {}", self.column)))?;
        T::from_value(value).map_err(|e| fail(format!("column {}: {e}", self.column)))
    }
}

/// A type read from a row (its columns in the order its `SELECT` lists them).
pub trait FromRow: Sized {
    fn from_row(row: &mut Row) -> StoreResult<Self>;
}

impl<T: FromValue> FromRow for T {
    fn from_row(row: &mut Row) -> StoreResult<T> {
        row.get()
    }
}

macro_rules! tuple_rows {
    ($($t:ident),*) => {
        impl<$($t: FromValue),*> FromRow for ($($t,)*) {
            fn from_row(row: &mut Row) -> StoreResult<Self> {
                Ok(($(row.get::<$t>()?,)*))
            }
        }
    };
}
tuple_rows!(A, B);
tuple_rows!(A, B, C);
tuple_rows!(A, B, C, D);
tuple_rows!(A, B, C, D, E);
tuple_rows!(A, B, C, D, E, F);

/// A connection, or a transaction on one. Statements are written with `$n` placeholders
/// whatever the database (the backend renumbers them through its [`Dialect`]).
pub trait Conn {
    fn dialect(&self) -> &'static dyn Dialect;
    /// The rows `sql` answers.
    fn query(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>>;
    /// Runs `sql`; the rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> StoreResult<u64>;
    /// Runs several statements without parameters (a migration).
    fn batch(&mut self, sql: &str) -> StoreResult<()>;
    /// Runs `sql`, prepared once, with each row of parameters in turn.
    fn execute_each(&mut self, sql: &str, rows: &[Vec<Value>]) -> StoreResult<()>;
}

impl dyn Conn + '_ {
    /// Every row of the answer as a `T`.
    pub fn rows<T: FromRow>(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<T>> {
        self.query(sql, params)?.iter_mut().map(T::from_row).collect()
    }

    /// The first row of the answer, if there is one.
    pub fn row<T: FromRow>(&mut self, sql: &str, params: &[Value]) -> StoreResult<Option<T>> {
        self.query(sql, params)?.first_mut().map(T::from_row).transpose()
    }

    /// The first row of an answer that always has one (`COUNT(*)` …).
    pub fn one<T: FromRow>(&mut self, sql: &str, params: &[Value]) -> StoreResult<T> {
        self.row(sql, params)?.ok_or_else(|| fail(format!("no row from {sql}")))
    }
}

/// What the two databases write differently. Everything else is one text for both.
pub trait Dialect: Sync {
    /// The suffix of this database's migration files (`store/migrations/*.{name}.sql`).
    fn name(&self) -> &'static str;
    /// `sql` with its `$n` placeholders as this database writes them.
    fn placeholders<'a>(&self, sql: &'a str) -> Cow<'a, str>;
    /// `column` equal to `param` ignoring ASCII case, as the usernames' unique index
    /// compares them (a `NOCASE` column in SQLite, an index on `lower()` in PostgreSQL).
    fn nocase_eq(&self, column: &str, param: &str) -> String;
    /// After a `SELECT` in a transaction: what locks the rows it read until the transaction
    /// ends (`FOR UPDATE`), or nothing where every write transaction holds the database's
    /// write lock from its start (SQLite's `BEGIN IMMEDIATE`).
    fn lock_rows(&self) -> &'static str;
    /// The column that orders `follows` rows as they were inserted (`rowid` in SQLite, a
    /// serial `seq` in PostgreSQL).
    fn follows_insertion(&self) -> &'static str;
    /// A statement that makes migrating and seeding one process's at a time, run first in
    /// their transaction; `None` where the write transaction is lock enough.
    fn setup_lock(&self) -> Option<&'static str>;
    /// A statement a follow or an unfollow runs in its transaction to tell every instance
    /// (`follow_counts.rs`); `None` where there is no other instance to tell.
    fn follow_news(&self) -> Option<&'static str>;
}

pub(super) fn fail(e: impl std::fmt::Display) -> StoreError {
    StoreError::Failed(e.to_string())
}

/// `sql` with each `$n` outside quoted text written as `{marker}n` (SQLite's `?n`).
pub(super) fn renumber<'a>(sql: &'a str, marker: char) -> Cow<'a, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => quoted = !quoted,
            '$' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push(marker);
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_renumbered_outside_quotes() {
        assert_eq!(renumber("a = $1 AND b LIKE $12 ESCAPE '\\'", '?'), "a = ?1 AND b LIKE ?12 ESCAPE '\\'");
        assert_eq!(renumber("x = '$1' OR y = $2", '?'), "x = '$1' OR y = ?2");
        assert!(matches!(renumber("SELECT 1", '?'), Cow::Borrowed(_)));
    }

    #[test]
    fn rows_read_in_column_order_and_name_the_column_that_fails() {
        let mut row = Row::new(vec![Value::Int(7), Value::Text("福建".into()), Value::Null, Value::Int(-1)]);
        assert_eq!(row.get::<u32>().expect("id"), 7);
        assert_eq!(row.get::<String>().expect("text"), "福建");
        assert_eq!(row.get::<Option<u16>>().expect("null"), None);
        let error = row.get::<u32>().expect_err("negative");
        assert!(error.to_string().contains("column 4"), "{error}");
        assert!(row.get::<i64>().is_err(), "no fifth column");
    }

    #[test]
    fn parameters_keep_their_kind() {
        let values: &[Value] = params![1_u32, "a", None::<i64>, Some(2.5_f64), u64::MAX];
        assert_eq!(
            values,
            &[Value::Int(1), Value::Text("a".into()), Value::Null, Value::Real(2.5), Value::Int(i64::MAX)]
        );
    }
}
