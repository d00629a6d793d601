//! Two `portal-server` processes on one PostgreSQL database behave as one server: a burst of
//! sign-ins split across them meets the per-account limit, a follow made through one shows
//! through the other (its list at once, its count when the news arrives), and a sign-out
//! through one ends the session on both.
//!
//! Needs `PORTAL_TEST_POSTGRES_URL` (scripts/test.sh always sets it); without it the tests
//! print why and pass.

mod common;

use common::server::{cookie_pair, Server};
use portal_model::*;
use reqwest::{Client, Method, StatusCode};
use serde_json::json;
use std::sync::Arc;

/// A `portal-server` process on `db`, with waits long enough that the check after the burst
/// cannot outlast them, however slow the machine.
async fn instance(db: &str) -> Server {
    Server::process(db, &["--db-pool", "4", "--sign-in-wait", "600"]).await
}

/// Two instances on a fresh database, or `None` (with the reason printed) without PostgreSQL.
async fn two_instances() -> Option<(common::PgDatabase, Server, Server)> {
    if common::postgres_url().is_none() {
        eprintln!("skipped: {} is not set (scripts/test.sh sets it)", common::POSTGRES_URL_VAR);
        return None;
    }
    let db = common::blocking(|| common::new_postgres_database(false)).await;
    // Started together: both migrate and seed the empty database; the advisory lock lets
    // exactly one of them do each.
    let (a, b) = tokio::join!(instance(&db.url), instance(&db.url));
    Some((db, a, b))
}

/// School `id`'s follower count on `instance` once it is `want`, or after a minute: a follow
/// made through the other instance reaches this one as news (store/follow_counts.rs), in
/// milliseconds; the count is asked again until then. Only a hang waits the minute.
async fn followers_once_heard(instance: &Server, id: u32, want: u64) -> u64 {
    let path = format!("/schools/{id}");
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let count = instance.get::<SchoolPage>(&Client::new(), &path).await.school.followers;
        if count == want || tokio::time::Instant::now() > deadline {
            return count;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// One client for both instances: cookies are per host, not per port, as in a browser
/// behind one load balancer.
fn browser() -> Client {
    Client::builder().cookie_store(true).build().expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_sessions_follows_and_limits() {
    let Some((_db, a, b)) = two_instances().await else { return };
    let a = Arc::new(a);
    let b = Arc::new(b);

    // Seeded once: both serve the same directory.
    let on_a: SchoolDirectory = a.get(&Client::new(), "/schools").await;
    let on_b: SchoolDirectory = b.get(&Client::new(), "/schools").await;
    assert_eq!(on_a, on_b);
    assert!(on_a.schools.total > 0);

    // Registered through A, signed in on B with the same cookie.
    let client = browser();
    let created = a
        .send(&client, Method::POST, "/users")
        .json(&json!({ "username": "two_sites", "phone": "13900000100", "password": "gaokao2025" }))
        .send()
        .await
        .expect("send");
    assert_eq!(created.status(), StatusCode::CREATED);
    let me: Option<User> = b.get(&client, "/session").await;
    assert_eq!(me.map(|u| u.username).as_deref(), Some("two_sites"), "a session made on A is known to B");

    // A follow through A: B's list shows it at once, B's count when B hears the news.
    let base = b.get::<SchoolPage>(&Client::new(), "/schools/3").await.school.followers;
    let r = a.follow(&client, 3, true).await;
    assert_eq!(r.status(), StatusCode::OK);
    let follows: Vec<SchoolCard> = b.get(&client, "/me/follows").await;
    assert_eq!(follows.iter().map(|s| s.id).collect::<Vec<_>>(), vec![3]);
    assert_eq!(followers_once_heard(&b, 3, base + 1).await, base + 1);
    // And an unfollow through B shows through A.
    let r = b.follow(&client, 3, false).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(followers_once_heard(&a, 3, base).await, base);

    // A sign-out through B ends the session on A too (the token sent by hand, so the check is
    // the database's, not a cookie jar's).
    let signed_in = a
        .send(&Client::new(), Method::POST, "/session")
        .json(&json!({ "account": "two_sites", "password": "gaokao2025" }))
        .send()
        .await
        .expect("send");
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookie = cookie_pair(&signed_in);
    assert!(a.signed_in_as(&cookie).await.is_some());
    assert!(b.signed_in_as(&cookie).await.is_some(), "the session made on A works on B");
    let r = b
        .send(&Client::new(), Method::DELETE, "/session")
        .header("cookie", &cookie)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(a.signed_in_as(&cookie).await, None, "signed out through B, so signed out on A");

    // A burst of wrong passwords for one account, split across the two instances: only the
    // account's 5 free attempts reach the hash, wherever they arrive.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let instance = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            instance.login(&Client::new(), "two_sites", "wrong-pass1").await.status()
        }));
    }
    let (mut hashed, mut refused) = (0, 0);
    for task in tasks {
        match task.await.expect("task") {
            StatusCode::UNAUTHORIZED => hashed += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected answer {other}"),
        }
    }
    assert_eq!((hashed, refused), (5, 15), "the per-account limit holds across instances");
    // The limit is the account's on both instances now, the right password included.
    assert_eq!(
        a.login(&Client::new(), "two_sites", "gaokao2025").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        b.login(&Client::new(), "two_sites", "gaokao2025").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}
