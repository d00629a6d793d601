//! The database under the server tests: SQLite (a temporary file) by default, PostgreSQL
//! when `PORTAL_TEST_DB=postgres`, on the server named by `PORTAL_TEST_POSTGRES_URL` (a
//! throwaway one that scripts/test.sh starts with scripts/postgres.sh). Each PostgreSQL test
//! gets a database of its own, copied from a template seeded once per test binary.

#![allow(dead_code)]

pub mod server;

use portal_server::seed;
use portal_server::store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub const POSTGRES_URL_VAR: &str = "PORTAL_TEST_POSTGRES_URL";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data")
}

/// The PostgreSQL server for tests, if one is set.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_URL_VAR).ok().filter(|u| !u.is_empty())
}

/// Whether this run tests on PostgreSQL (`PORTAL_TEST_DB=postgres`).
pub fn on_postgres() -> bool {
    std::env::var("PORTAL_TEST_DB").is_ok_and(|v| v == "postgres")
}

/// `url` with its database name replaced.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(i) => &base[..authority_end + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// Runs blocking store work (the PostgreSQL client must not block an async worker).
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.expect("blocking task")
}

/// A database of a test's own on PostgreSQL, dropped when the test is done.
pub struct PgDatabase {
    admin: String,
    pub name: String,
    pub url: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // A thread of its own: the synchronous client cannot run on an async worker.
        let _ = std::thread::spawn(move || {
            if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
                let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        })
        .join();
    }
}

fn admin_client(admin: &str) -> postgres::Client {
    postgres::Client::connect(admin, postgres::NoTls).unwrap_or_else(|e| panic!("PostgreSQL at {admin}: {e}"))
}

/// A new database seeded with the bundled fixtures (`seeded`) or empty: copied from a template
/// made once per test binary, so each test starts from the same data in milliseconds.
/// Blocking.
pub fn new_postgres_database(seeded: bool) -> PgDatabase {
    static TEMPLATE: Mutex<bool> = Mutex::new(false);
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let admin = postgres_url().unwrap_or_else(|| panic!("{POSTGRES_URL_VAR} is not set"));
    let pid = std::process::id();
    let template = format!("portal_template_{pid}");
    let name = format!("portal_test_{pid}_{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    // One CREATE DATABASE at a time: a template must have no other users while copied.
    let mut made = TEMPLATE.lock().unwrap_or_else(|p| p.into_inner());
    let mut client = admin_client(&admin);
    if seeded && !*made {
        client.batch_execute(&format!("CREATE DATABASE {template}")).expect("create the template");
        let store = Store::postgres(&with_database(&admin, &template), 2).expect("open the template");
        store.seed(&seed::from_fixture_dir(&fixtures()).expect("fixtures")).expect("seed the template");
        drop(store);
        *made = true;
    }
    let copy = if seeded { format!(" TEMPLATE {template}") } else { String::new() };
    client.batch_execute(&format!("CREATE DATABASE {name}{copy}")).expect("create a test database");
    drop(made);
    PgDatabase { url: with_database(&admin, &name), admin, name }
}

/// The store a test runs on, and what keeps its database alive.
pub struct TestDb {
    pub store: Arc<Store>,
    pub postgres: Option<PgDatabase>,
}

/// A store seeded with the bundled fixtures: a SQLite file in `dir`, or a PostgreSQL database
/// of its own with `PORTAL_TEST_DB=postgres`.
pub async fn seeded_store(dir: &Path) -> TestDb {
    if on_postgres() {
        blocking(|| {
            let db = new_postgres_database(true);
            let store = Arc::new(Store::postgres(&db.url, 8).expect("open"));
            store.listen_for_follow_news().expect("listen");
            TestDb { store, postgres: Some(db) }
        })
        .await
    } else {
        let store = Store::sqlite(&dir.join("test.sqlite")).expect("open");
        store.seed(&seed::from_fixture_dir(&fixtures()).expect("fixtures")).expect("seed");
        TestDb { store: Arc::new(store), postgres: None }
    }
}

/// An empty SQLite file in `dir` (nothing seeded).
pub fn empty_sqlite_store(dir: &Path) -> TestDb {
    TestDb { store: Arc::new(Store::sqlite(&dir.join("test.sqlite")).expect("open")), postgres: None }
}

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(with_database("postgres://u@127.0.0.1:5/postgres", "x"), "postgres://u@127.0.0.1:5/x");
    assert_eq!(with_database("postgres://u@h:5", "x"), "postgres://u@h:5/x");
    assert_eq!(with_database("postgresql://h/db?sslmode=disable", "x"), "postgresql://h/x?sslmode=disable");
}
