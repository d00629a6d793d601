//! A database made by an older server migrates forward when a newer one opens it, keeping its
//! accounts: migrations 1 to 3 applied by hand (the schema before usernames were folded),
//! look-alike and 繁体 usernames registered then, and the store opens it (migrations 4 to 6
//! with the backfill of the fold's keys). On SQLite, and on PostgreSQL with
//! `PORTAL_TEST_DB=postgres` (scripts/test.sh).

mod common;

use common::server::temp_dir;
use portal_server::store::{migrations, Store, Taken};

/// The accounts registered before the fold (ids 1 to 4, in this order): username, phone.
const USERS: &[(&str, &str)] =
    &[("adminl", "13900000301"), ("adminI", "13900000302"), ("張三", "13900000303"), ("考生", "13900000304")];

/// The statements an older server ran: the schema up to `version`, and its users.
fn older_database(version: i64, database: &str) -> Vec<String> {
    let mut sql: Vec<String> = migrations::MIGRATIONS
        .iter()
        .filter(|m| m.version <= version)
        .map(|m| m.text(database).to_string())
        .collect();
    sql.push(format!("INSERT INTO meta (key, value) VALUES ('schema', '{version}')"));
    for (name, phone) in USERS {
        sql.push(format!(
            "INSERT INTO users (username, phone, password_hash) VALUES ('{name}', '{phone}', '!')"
        ));
    }
    sql
}

#[test]
fn an_older_database_migrates_forward_keeping_its_accounts() {
    let dir = temp_dir();
    let (_db, url) = if common::on_postgres() {
        let db = common::new_postgres_database(false);
        let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
        for statement in older_database(3, "postgres") {
            client.batch_execute(&statement).expect("an older server's statement");
        }
        let url = db.url.clone();
        (Some(db), url)
    } else {
        let path = dir.0.join("older.sqlite");
        let conn = rusqlite::Connection::open(&path).expect("open");
        for statement in older_database(3, "sqlite") {
            conn.execute_batch(&statement).expect("an older server's statement");
        }
        (None, path.display().to_string())
    };
    let store = Store::open(&url, 2).expect("migrated forward");
    let id_of = |account: &str| store.credentials(account).expect("read").map(|c| c.user.id);
    // Each look-alike keeps its account by its exact name; the older one also by the fold.
    assert_eq!((id_of("adminl"), id_of("adminI"), id_of("admin1")), (Some(1), Some(2), Some(1)));
    assert_eq!((id_of("張三"), id_of("张三"), id_of("13900000304")), (Some(3), Some(3), Some(4)));
    // New names are unique by the fold now.
    let taken = |name: &str, phone: &str| store.create_user(name, phone, "!").expect("store").err();
    assert_eq!(taken("ADMINL", "13900000305"), Some(Taken::Username));
    assert_eq!(taken("张三", "13900000306"), Some(Taken::Username));
    assert_eq!(taken("新考生", "13900000304"), Some(Taken::Phone));
    assert_eq!(taken("新考生", "13900000307"), None);
    drop(store);
    // Opening it again migrates nothing and keeps everything.
    let store = Store::open(&url, 2).expect("opened again");
    assert_eq!(store.credentials("adminI").expect("read").map(|c| c.user.id), Some(2));
}
