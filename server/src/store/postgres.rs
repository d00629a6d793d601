//! PostgreSQL under the store, for several server instances sharing one database.
//! Connections come from an r2d2 pool of synchronous `postgres` clients: the store is
//! synchronous and every handler already calls it on the blocking pool (`spawn_blocking`), so
//! an async driver would only be blocked on again.
//!
//! Integers are `BIGINT` and read back through checked conversions; text that answers are
//! ordered by is collated "C" (byte order, as in SQLite). A transaction that decides on rows
//! it read locks them (`SELECT … FOR UPDATE`); migrating and seeding hold an advisory lock, so
//! instances starting together do each once.

use super::db::{fail, Conn, Dialect, Row, Value};
use super::follow_counts::{FollowCounts, FOLLOW_NEWS};
use super::{StoreError, StoreResult};
use bytes::BytesMut;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{GenericClient, NoTls};
use r2d2_postgres::{r2d2, PostgresConnectionManager};
use std::borrow::Cow;
use std::error::Error;
use std::sync::Weak;
use std::time::Duration;

type Manager = PostgresConnectionManager<NoTls>;

pub struct Postgres {
    /// Always `Some` until dropped (see `Drop`).
    pool: Option<r2d2::Pool<Manager>>,
    /// Where the pool connects, for the connection that listens for news (`listen`).
    config: postgres::Config,
}

/// The synchronous client runs its own small runtime and blocks on it, also when a connection
/// is closed; a pool dropped on an async worker thread would panic there. The pool is dropped
/// on a thread of its own instead.
impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

struct PostgresDialect;

impl Dialect for PostgresDialect {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn placeholders<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        Cow::Borrowed(sql)
    }

    fn nocase_eq(&self, column: &str, param: &str) -> String {
        format!("lower({column}) = lower({param})")
    }

    fn lock_rows(&self) -> &'static str {
        " FOR UPDATE"
    }

    fn follows_insertion(&self) -> &'static str {
        "seq"
    }

    fn setup_lock(&self) -> Option<&'static str> {
        // The key is "haixia" in ASCII (0x686169786961).
        Some("SELECT pg_advisory_xact_lock(114767590615393)")
    }

    fn follow_news(&self) -> Option<&'static str> {
        // Sent when the transaction commits (`follow_counts.rs`); the channel is `FOLLOW_NEWS`.
        Some("NOTIFY portal_follows")
    }
}

impl Postgres {
    /// A pool of at most `pool_size` connections to `url`. Blocking.
    pub fn connect(url: &str, pool_size: u32) -> StoreResult<Postgres> {
        let config: postgres::Config = url.parse().map_err(|e| fail(format!("database URL: {e}")))?;
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(1))
            // No round trip to test each connection as it is taken (r2d2's default): most
            // requests make one query, which this would double. A connection the server closed
            // fails the one request that finds it and is dropped when returned (`has_broken`).
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(5))
            .build(PostgresConnectionManager::new(config.clone(), NoTls))
            .map_err(|e| fail(format!("cannot connect to PostgreSQL: {e}")))?;
        Ok(Postgres { pool: Some(pool), config })
    }

    /// Hears the follows' news ([`FOLLOW_NEWS`]) for `counts` on a connection and a thread of
    /// their own, for as long as `counts` lives (checked every second): `counts` listens while
    /// the connection is up and is told of each piece of news; a lost connection is made
    /// again a second later.
    pub fn listen(&self, counts: Weak<FollowCounts>) -> StoreResult<()> {
        let config = self.config.clone();
        std::thread::Builder::new()
            .name("follow-news".into())
            .spawn(move || {
                while counts.strong_count() > 0 {
                    if let Ok(mut client) = config.connect(NoTls) {
                        if client.batch_execute(&format!("LISTEN {FOLLOW_NEWS}")).is_ok() {
                            hear(&mut client, &counts);
                        }
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            })
            .map(drop)
            .map_err(|e| fail(format!("cannot start listening for follows: {e}")))
    }

    fn conn(&self) -> StoreResult<r2d2::PooledConnection<Manager>> {
        self.pool.as_ref().ok_or_else(|| fail("store closed"))?.get().map_err(fail)
    }

    pub fn run<T>(&self, work: impl FnOnce(&mut dyn Conn) -> StoreResult<T>) -> StoreResult<T> {
        work(&mut Pg(&mut *self.conn()?))
    }

    /// `work` in a transaction, committed if it succeeds (rolled back when dropped otherwise).
    pub fn transaction<T>(&self, work: impl FnOnce(&mut dyn Conn) -> StoreResult<T>) -> StoreResult<T> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(error)?;
        let done = work(&mut Pg(&mut tx))?;
        tx.commit().map_err(error)?;
        Ok(done)
    }
}

/// `counts` listens while `client` (listening) is connected and is told of each notification,
/// until the connection is lost or `counts` is gone.
fn hear(client: &mut postgres::Client, counts: &Weak<FollowCounts>) {
    let tell = |news: &dyn Fn(&FollowCounts)| counts.upgrade().map(|counts| news(&counts)).is_some();
    tell(&|counts| counts.listening(true));
    loop {
        let next = client.notifications().timeout_iter(Duration::from_secs(1)).next();
        match next {
            Ok(Some(_)) if tell(&FollowCounts::heard) => {}
            // A second without news: still wanted, still connected?
            Ok(None) if tell(&|_| ()) && !client.is_closed() => {}
            _ => break,
        }
    }
    tell(&|counts| counts.listening(false));
}

/// A client or a transaction.
struct Pg<'a, C: GenericClient>(&'a mut C);

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl<C: GenericClient> Conn for Pg<'_, C> {
    fn dialect(&self) -> &'static dyn Dialect {
        &PostgresDialect
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        // Without parameters there are no types to learn first: one round trip instead of a
        // prepare, an execute and a close.
        let rows = if params.is_empty() {
            self.0.query_typed(sql, &[]).map_err(error)?
        } else {
            self.0.query(sql, &refs(params)).map_err(error)?
        };
        rows.iter().map(row).collect()
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        self.0.execute(sql, &refs(params)).map_err(error)
    }

    fn batch(&mut self, sql: &str) -> StoreResult<()> {
        self.0.batch_execute(sql).map_err(error)
    }

    fn execute_each(&mut self, sql: &str, rows: &[Vec<Value>]) -> StoreResult<()> {
        let statement = self.0.prepare(sql).map_err(error)?;
        for params in rows {
            self.0.execute(&statement, &refs(params)).map_err(error)?;
        }
        Ok(())
    }
}

/// A row's columns as values, by their types (the schema's `BIGINT`, `TEXT`, `DOUBLE
/// PRECISION`, and what expressions give: `INTEGER` literals, `BOOLEAN`).
fn row(row: &postgres::Row) -> StoreResult<Row> {
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let value = match *column.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int)),
            Type::INT4 => row.try_get::<_, Option<i32>>(i).map(|v| v.map(|v| Value::Int(v.into()))),
            Type::INT2 => row.try_get::<_, Option<i16>>(i).map(|v| v.map(|v| Value::Int(v.into()))),
            Type::BOOL => row.try_get::<_, Option<bool>>(i).map(|v| v.map(|v| Value::Int(v.into()))),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i).map(|v| v.map(Value::Real)),
            Type::FLOAT4 => row.try_get::<_, Option<f32>>(i).map(|v| v.map(|v| Value::Real(v.into()))),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                row.try_get::<_, Option<String>>(i).map(|v| v.map(Value::Text))
            }
            ref other => {
                return Err(fail(format!(
                    "column {} has type {other}, which the store does not read",
                    column.name()
                )))
            }
        };
        values.push(value.map_err(fail)?.unwrap_or(Value::Null));
    }
    Ok(Row::new(values))
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        fn checked<T: ToSql>(
            v: T,
            ty: &Type,
            out: &mut BytesMut,
        ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
            if !T::accepts(ty) {
                return Err(format!("a parameter of type {ty} given {}", std::any::type_name::<T>()).into());
            }
            v.to_sql(ty, out)
        }
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT4 => checked(i32::try_from(*v)?, ty, out),
                Type::INT2 => checked(i16::try_from(*v)?, ty, out),
                _ => checked(*v, ty, out),
            },
            Value::Real(v) if *ty == Type::FLOAT4 => checked(*v as f32, ty, out),
            Value::Real(v) => checked(*v, ty, out),
            Value::Text(v) => checked(v.as_str(), ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Each kind checks its own type in `to_sql`.
        true
    }

    to_sql_checked!();
}

/// A unique index's refusal is a [`StoreError::Conflict`] naming the index (`users_phone_key`).
fn error(e: postgres::Error) -> StoreError {
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        let index = e.as_db_error().and_then(|d| d.constraint()).unwrap_or_default();
        return StoreError::Conflict(index.to_string());
    }
    fail(e)
}
