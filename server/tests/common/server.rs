//! The reference server under test, over real HTTP on an ephemeral 127.0.0.1 port: served by a
//! task of the test's own process on the test's own database (`super::seeded_store`), or as a
//! `portal-server` process (tests/instances.rs); and the requests tests send it. Every test
//! binary starts its servers here.

use portal_model::*;
use portal_server::auth::Policy;
use portal_server::store::Store;
use portal_server::{serve, Limits, Options};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

pub use super::fixtures;

pub struct Server {
    /// `http://127.0.0.1:PORT/api`.
    pub base: String,
    /// `http://127.0.0.1:PORT`, which browsers send as `Origin` from the site's own pages.
    pub origin: String,
    running: Running,
}

/// What keeps a server running, dropped with it.
enum Running {
    /// A task of this process, on a store the test can reach, with the files it needs.
    Task { store: Arc<Store>, _db: super::TestDb, dirs: Vec<TempDir> },
    /// A `portal-server` process, killed on drop.
    Process(Child),
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Running::Process(child) = &mut self.running {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
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

/// A server with the default options on the bundled fixtures.
pub async fn start() -> Server {
    start_with(Options::default()).await
}

/// A server on the bundled fixtures (SQLite, or PostgreSQL with `PORTAL_TEST_DB=postgres`).
pub async fn start_with(options: Options) -> Server {
    let dir = temp_dir();
    let db = super::seeded_store(&dir.0).await;
    serve_on(db, dir, options).await
}

/// A server on an empty SQLite database (nothing seeded: no memory spent on fixtures).
pub async fn start_empty(options: Options) -> Server {
    let dir = temp_dir();
    let db = super::empty_sqlite_store(&dir.0);
    serve_on(db, dir, options).await
}

async fn serve_on(db: super::TestDb, dir: TempDir, options: Options) -> Server {
    let store = db.store.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let served = store.clone();
    tokio::spawn(async move {
        serve(listener, served, options, std::future::pending()).await.expect("serve");
    });
    Server::at(&addr.to_string(), Running::Task { store, _db: db, dirs: vec![dir] })
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

impl Server {
    fn at(addr: &str, running: Running) -> Server {
        Server { base: format!("http://{addr}/api"), origin: format!("http://{addr}"), running }
    }

    /// A `portal-server` process on `db` (seeded from the bundled fixtures when empty) with
    /// `args` besides, once it answers.
    pub async fn process(db: &str, args: &[&str]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
            .args(["--addr", &format!("127.0.0.1:{port}"), "--db", db])
            .args(["--seed-dir", &fixtures().display().to_string()])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start portal-server");
        // Ready once it says where it listens (after binding: connections from then on queue
        // until it accepts them). Its log goes on to the test's own.
        let log = child.stderr.take().expect("piped stderr");
        let (ready, listening) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(log).lines().map_while(Result::ok) {
                eprintln!("{line}");
                if line.contains("API at ") {
                    let _ = ready.send(());
                }
            }
        });
        let server = Server::at(&format!("127.0.0.1:{port}"), Running::Process(child));
        tokio::task::spawn_blocking(move || listening.recv_timeout(Duration::from_secs(60)))
            .await
            .expect("wait for the server")
            .unwrap_or_else(|e| panic!("{} never said it listens: {e}", server.origin));
        server
    }

    /// The store a server of this process runs on.
    pub fn store(&self) -> Arc<Store> {
        match &self.running {
            Running::Task { store, .. } => store.clone(),
            Running::Process(_) => panic!("a server process's store is in the other process"),
        }
    }

    /// Keeps `dir` until the server is dropped.
    pub fn keep(&mut self, dir: TempDir) {
        if let Running::Task { dirs, .. } = &mut self.running {
            dirs.push(dir);
        }
    }

    /// `127.0.0.1:PORT`.
    pub fn host(&self) -> &str {
        self.origin.trim_start_matches("http://")
    }

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

    /// A request as this server's own page sends it (with its `Origin`), from any client.
    pub fn send(&self, client: &Client, method: Method, path: &str) -> RequestBuilder {
        client.request(method, self.url(path)).header("origin", &self.origin)
    }

    /// A `GET` that must answer 200, decoded.
    pub async fn get<T: DeserializeOwned>(&self, client: &Client, path: &str) -> T {
        let response = client.get(self.url(path)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::OK, "GET {path} on {}", self.origin);
        response.json().await.unwrap_or_else(|e| panic!("GET {path} does not decode: {e}"))
    }

    /// [`Server::get`] by a visitor without cookies.
    pub async fn read<T: DeserializeOwned>(&self, path: &str) -> T {
        self.get(&self.plain(), path).await
    }

    /// Who a `Cookie` header sent by hand (no cookie jar) is signed in as (`GET /session`).
    pub async fn signed_in_as(&self, cookie: &str) -> Option<User> {
        let response =
            self.plain().get(self.url("/session")).header("cookie", cookie).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::OK, "GET /session on {}", self.origin);
        response.json().await.expect("json")
    }

    /// A `GET` that must fail: its status and error body.
    pub async fn error(&self, path: &str) -> (StatusCode, ErrorBody) {
        let response = self.plain().get(self.url(path)).send().await.expect("send");
        let status = response.status();
        (status, response.json().await.unwrap_or_else(|e| panic!("GET {path}: no error body: {e}")))
    }

    /// Sends `head` on a new connection and reads the answer until the server closes it or
    /// `bound` passes (then `None`).
    pub async fn raw(&self, head: &str, bound: Duration) -> Option<String> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut socket = self.connect().await;
        socket.write_all(head.as_bytes()).await.expect("write");
        let mut answer = Vec::new();
        tokio::time::timeout(bound, socket.read_to_end(&mut answer)).await.ok()?.ok()?;
        Some(String::from_utf8_lossy(&answer).into_owned())
    }

    /// A new connection to the server.
    pub async fn connect(&self) -> tokio::net::TcpStream {
        tokio::net::TcpStream::connect(self.host()).await.expect("connect")
    }

    /// `POST` of a JSON body as this server's own page sends it.
    async fn post(&self, client: &Client, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.send(client, Method::POST, path).json(&body).send().await.expect("send")
    }

    pub async fn register(&self, client: &Client, username: &str, phone: &str) -> reqwest::Response {
        self.post(client, "/users", json!({ "username": username, "phone": phone, "password": "gaokao2025" }))
            .await
    }

    pub async fn login(&self, client: &Client, account: &str, password: &str) -> reqwest::Response {
        self.post(client, "/session", json!({ "account": account, "password": password })).await
    }

    /// Follows (`PUT`) or unfollows (`DELETE`) a school.
    pub async fn follow(&self, client: &Client, school: u32, follow: bool) -> reqwest::Response {
        let method = if follow { Method::PUT } else { Method::DELETE };
        self.send(client, method, &format!("/schools/{school}/follow")).send().await.expect("send")
    }

    pub async fn sms_code(&self, client: &Client, phone: &str) -> reqwest::Response {
        self.post(client, "/auth/sms/code", json!({ "phone": phone })).await
    }

    pub async fn sms_login(&self, client: &Client, phone: &str, code: &str) -> reqwest::Response {
        self.post(client, "/auth/sms/session", json!({ "phone": phone, "code": code })).await
    }
}

pub async fn error_of(response: reqwest::Response) -> (StatusCode, ErrorBody) {
    let status = response.status();
    (status, response.json().await.expect("error body"))
}

/// The `name=value` of the cookie a response sets.
pub fn cookie_pair(response: &reqwest::Response) -> String {
    let set = response.headers().get("set-cookie").expect("a cookie").to_str().expect("ascii");
    set.split(';').next().expect("name=value").to_string()
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
    server.keep(outbox);
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
