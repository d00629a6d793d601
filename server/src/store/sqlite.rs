//! SQLite under the store: one file (the embedded default), one connection behind a mutex,
//! WAL journal. A write transaction starts with `BEGIN IMMEDIATE`, so it holds the database's
//! write lock from its first statement: a check and the write it decides cannot be split by
//! another writer, in this process or another on the same file.

use super::db::{fail, renumber, Conn, Dialect, Row, Value};
use super::{StoreError, StoreResult};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, Connection, TransactionBehavior};
use std::borrow::Cow;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

pub struct Sqlite {
    conn: Mutex<Connection>,
}

struct SqliteDialect;

impl Dialect for SqliteDialect {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn placeholders<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        renumber(sql, '?')
    }

    fn nocase_eq(&self, column: &str, param: &str) -> String {
        format!("{column} = {param} COLLATE NOCASE")
    }

    fn lock_rows(&self) -> &'static str {
        ""
    }

    fn follows_insertion(&self) -> &'static str {
        "rowid"
    }

    fn setup_lock(&self) -> Option<&'static str> {
        None
    }

    fn follow_news(&self) -> Option<&'static str> {
        None
    }
}

impl Sqlite {
    /// Opens (creating) the database file; `None`: a database in memory.
    pub fn open(path: Option<&Path>) -> StoreResult<Sqlite> {
        let conn = match path {
            Some(path) => Connection::open(path),
            None => Connection::open_in_memory(),
        }
        .map_err(fail)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(fail)?;
        // Every statement of the store stays prepared (the default keeps 16).
        conn.set_prepared_statement_cache_capacity(128);
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
        )
        .map_err(fail)?;
        Ok(Sqlite { conn: Mutex::new(conn) })
    }

    fn lock(&self) -> StoreResult<MutexGuard<'_, Connection>> {
        self.conn.lock().map_err(|_| fail("connection lock poisoned"))
    }

    pub fn run<T>(&self, work: impl FnOnce(&mut dyn Conn) -> StoreResult<T>) -> StoreResult<T> {
        work(&mut Lite(&*self.lock()?))
    }

    /// `work` in a transaction holding the write lock, committed if it succeeds.
    pub fn transaction<T>(&self, work: impl FnOnce(&mut dyn Conn) -> StoreResult<T>) -> StoreResult<T> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(fail)?;
        let done = work(&mut Lite(&tx))?;
        tx.commit().map_err(fail)?;
        Ok(done)
    }
}

/// A connection or a transaction (which derefs to its connection).
struct Lite<'a>(&'a Connection);

impl Conn for Lite<'_> {
    fn dialect(&self) -> &'static dyn Dialect {
        &SqliteDialect
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        let mut statement = self.0.prepare_cached(&SqliteDialect.placeholders(sql)).map_err(error)?;
        let columns = statement.column_count();
        let mut rows = statement.query(params_from_iter(params)).map_err(error)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(error)? {
            let mut values = Vec::with_capacity(columns);
            for i in 0..columns {
                values.push(match row.get_ref(i).map_err(error)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Real(v),
                    ValueRef::Text(v) | ValueRef::Blob(v) => {
                        Value::Text(String::from_utf8(v.to_vec()).map_err(fail)?)
                    }
                });
            }
            out.push(Row::new(values));
        }
        Ok(out)
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        let mut statement = self.0.prepare_cached(&SqliteDialect.placeholders(sql)).map_err(error)?;
        let changed = statement.execute(params_from_iter(params)).map_err(error)?;
        Ok(u64::try_from(changed).unwrap_or(u64::MAX))
    }

    fn batch(&mut self, sql: &str) -> StoreResult<()> {
        self.0.execute_batch(sql).map_err(error)
    }

    fn execute_each(&mut self, sql: &str, rows: &[Vec<Value>]) -> StoreResult<()> {
        let mut statement = self.0.prepare_cached(&SqliteDialect.placeholders(sql)).map_err(error)?;
        for row in rows {
            statement.execute(params_from_iter(row)).map_err(error)?;
        }
        Ok(())
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(*v),
            Value::Real(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v.as_bytes()),
        }))
    }
}

/// A unique index's refusal is a [`StoreError::Conflict`] (its message names the column:
/// `UNIQUE constraint failed: users.phone`).
fn error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) if e.to_string().contains("UNIQUE") => {
            StoreError::Conflict(e.to_string())
        }
        _ => fail(e),
    }
}
