//! A reference server for a test over real HTTP on an ephemeral 127.0.0.1 port, on the test's
//! own database (`super::seeded_store`), and the requests tests send it.

use portal_model::*;
use portal_server::auth::Policy;
use portal_server::store::Store;
use portal_server::{serve, Limits, Options};
use reqwest::{Client, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub fn fixtures() -> PathBuf {
    super::fixtures()
}

pub struct Server {
    pub base: String,
    /// `http://127.0.0.1:PORT`, which browsers send as `Origin` from the site's own pages.
    pub origin: String,
    pub store: Arc<dyn Store>,
    pub _db: super::TestDb,
    pub _dirs: Vec<TempDir>,
}

pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn temp_dir() -> TempDir {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("portal-server-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

pub async fn start() -> Server {
    start_with(Options::default()).await
}

/// Sign-in waits of a minute instead of a second (the same free attempts): a test that
/// expects 429 right after the free failures then holds however slowly a loaded machine
/// answers between them.
pub fn minute_waits(options: Options) -> Options {
    let minute = Duration::from_secs(60);
    let account = Policy { base: minute, cap: minute, ..portal_server::LOGIN_PER_ACCOUNT_ADDRESS };
    let address = Policy { base: minute, cap: minute, ..portal_server::LOGIN_PER_ADDRESS };
    Options { login_per_account_address: Some(account), login_per_address: Some(address), ..options }
}

/// Limits short enough for tests of slow clients to take a second or two.
pub fn short_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(500),
        body_timeout: Duration::from_millis(500),
        request_timeout: Duration::from_secs(5),
        ..Limits::default()
    }
}

pub async fn start_with(options: Options) -> Server {
    let dir = temp_dir();
    let db = super::seeded_store(&dir.0).await;
    let store = db.store.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let served = store.clone();
    tokio::spawn(async move {
        serve(listener, served, options, std::future::pending()).await.expect("serve");
    });
    Server {
        base: format!("http://{addr}/api"),
        origin: format!("http://{addr}"),
        store,
        _db: db,
        _dirs: vec![dir],
    }
}

impl Server {
    /// A browser on the site's own page: keeps cookies, sends the page's `Origin`.
    pub fn client(&self) -> Client {
        self.client_with(true)
    }

    /// The same without a cookie jar (cookies set by hand).
    pub fn plain(&self) -> Client {
        self.client_with(false)
    }

    pub fn client_with(&self, cookies: bool) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("origin", self.origin.parse().expect("origin"));
        Client::builder().cookie_store(cookies).default_headers(headers).build().expect("client")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get<T: DeserializeOwned>(&self, client: &Client, path: &str) -> T {
        let response = client.get(self.url(path)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap_or_else(|e| panic!("GET {path} does not decode: {e}"))
    }

    pub async fn register(&self, client: &Client, username: &str, phone: &str) -> reqwest::Response {
        client
            .post(self.url("/users"))
            .json(&json!({ "username": username, "phone": phone, "password": "gaokao2025" }))
            .send()
            .await
            .expect("send")
    }

    pub async fn login(&self, client: &Client, account: &str, password: &str) -> reqwest::Response {
        client
            .post(self.url("/session"))
            .json(&json!({ "account": account, "password": password }))
            .send()
            .await
            .expect("send")
    }
}

pub async fn error_of(response: reqwest::Response) -> (StatusCode, ErrorBody) {
    let status = response.status();
    (status, response.json().await.expect("error body"))
}

pub fn read_fixture<T: DeserializeOwned>(rel: &str) -> T {
    let text = std::fs::read_to_string(fixtures().join(rel)).expect(rel);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {rel} does not decode: {e}"))
}

/// A server with the development SMS sender, and the outbox file it writes.
pub async fn start_sms(options: Options) -> (Server, PathBuf) {
    let outbox = temp_dir();
    let path = outbox.0.join("outbox.jsonl");
    let sender = portal_server::sms::OutboxSender::new(path.clone());
    let mut server = start_with(Options { sms: Some(Arc::new(sender)), ..options }).await;
    server._dirs.push(outbox);
    (server, path)
}

/// The codes sent to `phone`, oldest first.
pub fn codes_sent(outbox: &Path, phone: &str) -> Vec<String> {
    let text = std::fs::read_to_string(outbox).unwrap_or_default();
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("outbox line"))
        .filter(|v| v["phone"] == phone)
        .map(|v| v["code"].as_str().expect("code").to_string())
        .collect()
}

impl Server {
    pub async fn sms_code(&self, client: &Client, phone: &str) -> reqwest::Response {
        client.post(self.url("/auth/sms/code")).json(&json!({ "phone": phone })).send().await.expect("send")
    }

    pub async fn sms_login(&self, client: &Client, phone: &str, code: &str) -> reqwest::Response {
        client
            .post(self.url("/auth/sms/session"))
            .json(&json!({ "phone": phone, "code": code }))
            .send()
            .await
            .expect("send")
    }
}
