//! The reference server over real HTTP on an ephemeral 127.0.0.1 port, with a temporary SQLite
//! file seeded from the bundled fixtures.

use portal_model::*;
use portal_server::store::{SqliteStore, Store};
use portal_server::{router, seed, Options};
use reqwest::{Client, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data")
}

struct Server {
    base: String,
    _dir: TempDir,
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn start() -> Server {
    start_with(Options::default()).await
}

async fn start_with(options: Options) -> Server {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("portal-server-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let store = SqliteStore::open(&dir.join("test.sqlite")).expect("open");
    store.seed(&seed::from_fixture_dir(&fixtures()).expect("fixtures")).expect("seed");
    let store: Arc<dyn Store> = Arc::new(store);
    let app = router(store, options).into_make_service_with_connect_info::<SocketAddr>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    Server { base: format!("http://{addr}/api"), _dir: TempDir(dir) }
}

fn client() -> Client {
    Client::builder().cookie_store(true).build().expect("client")
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get<T: DeserializeOwned>(&self, client: &Client, path: &str) -> T {
        let response = client.get(self.url(path)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap_or_else(|e| panic!("GET {path} does not decode: {e}"))
    }

    async fn register(&self, client: &Client, username: &str, phone: &str) -> reqwest::Response {
        client
            .post(self.url("/users"))
            .json(&json!({ "username": username, "phone": phone, "password": "gaokao2025" }))
            .send()
            .await
            .expect("send")
    }

    async fn login(&self, client: &Client, account: &str, password: &str) -> reqwest::Response {
        client
            .post(self.url("/session"))
            .json(&json!({ "account": account, "password": password }))
            .send()
            .await
            .expect("send")
    }
}

async fn error_of(response: reqwest::Response) -> (StatusCode, ErrorBody) {
    let status = response.status();
    (status, response.json().await.expect("error body"))
}

fn read_fixture<T: DeserializeOwned>(rel: &str) -> T {
    let text = std::fs::read_to_string(fixtures().join(rel)).expect(rel);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {rel} does not decode: {e}"))
}

#[tokio::test]
async fn one_address_cannot_create_accounts_without_end() {
    let server = start().await;
    let mut statuses = Vec::new();
    for i in 0..21 {
        statuses
            .push(server.register(&client(), &format!("bulk_{i}"), &format!("1360000{i:04}")).await.status());
    }
    assert!(statuses[..20].iter().all(|s| *s == StatusCode::CREATED));
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn register_sets_an_http_only_same_site_session_cookie() {
    let server = start().await;
    let client = client();
    let response = server.register(&client, "考生_1", "13900000001").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = response.headers().get("set-cookie").expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("haixia_session="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));
    let user: User = response.json().await.expect("user");
    assert_eq!(user.username, "考生_1");
    let me: Option<User> = server.get(&client, "/session").await;
    assert_eq!(me, Some(user));
    let nobody: Option<User> = server.get(&Client::new(), "/session").await;
    assert_eq!(nobody, None);
}

#[tokio::test]
async fn duplicate_usernames_and_phones_are_refused() {
    let server = start().await;
    assert_eq!(server.register(&client(), "zhang_san", "13900000002").await.status(), StatusCode::CREATED);
    let (status, body) = error_of(server.register(&client(), "ZHANG_SAN", "13900000003").await).await;
    assert_eq!(
        (status, body.code.as_str(), body.message.as_str()),
        (StatusCode::CONFLICT, "username_taken", "该用户名已被注册")
    );
    let (status, body) = error_of(server.register(&client(), "li_si", "13900000002").await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::CONFLICT, "phone_taken"));
}

#[tokio::test]
async fn invalid_fields_answer_422_in_chinese() {
    let server = start().await;
    let response = server.register(&client(), "x", "13900000004").await;
    let (status, body) = error_of(response).await;
    assert_eq!((status, body.message.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "用户名需为2–20个字符"));
    let response = client()
        .post(server.url("/users"))
        .json(&json!({ "username": "wang_wu", "phone": "12345", "password": "gaokao2025" }))
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(response).await.1.message, "请输入正确的11位手机号");
}

#[tokio::test]
async fn wrong_password_and_unknown_account_read_the_same() {
    let server = start().await;
    server.register(&client(), "zhao_liu", "13900000005").await;
    let (s1, wrong) = error_of(server.login(&client(), "zhao_liu", "wrong-pass1").await).await;
    let (s2, unknown) = error_of(server.login(&client(), "nobody_here", "wrong-pass1").await).await;
    assert_eq!((s1, s2), (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED));
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.message, "账号或密码错误");
    // By phone number too.
    assert_eq!(server.login(&client(), "13900000005", "gaokao2025").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn too_many_failed_sign_ins_are_limited() {
    let server = start().await;
    server.register(&client(), "sun_qi", "13900000006").await;
    for _ in 0..5 {
        assert_eq!(server.login(&client(), "sun_qi", "wrong-pass1").await.status(), StatusCode::UNAUTHORIZED);
    }
    let (status, body) = error_of(server.login(&client(), "sun_qi", "gaokao2025").await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"));
}

#[tokio::test]
async fn too_many_failures_from_one_address_are_limited_across_accounts() {
    let server = start().await;
    let mut limited = false;
    for i in 0..40 {
        let status = server.login(&client(), &format!("guess_{i}"), "wrong-pass1").await.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            limited = true;
            break;
        }
    }
    assert!(limited, "per-address limit");
}

#[tokio::test]
async fn logout_invalidates_the_session_for_good() {
    let server = start().await;
    let response = server.register(&client(), "zhou_ba", "13900000007").await;
    let cookie = response.headers().get("set-cookie").expect("cookie").to_str().expect("ascii");
    let token = cookie.split(';').next().expect("pair").to_string();
    let plain = Client::new();
    let me = plain.get(server.url("/session")).header("cookie", &token).send().await.expect("send");
    assert_eq!(me.status(), StatusCode::OK);
    let out = plain.delete(server.url("/session")).header("cookie", &token).send().await.expect("send");
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers().get("set-cookie").expect("cleared").to_str().expect("ascii").contains("Max-Age=0"));
    let again: Option<User> = plain
        .get(server.url("/session"))
        .header("cookie", &token)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(again, None);
    let follow =
        plain.put(server.url("/schools/1/follow")).header("cookie", &token).send().await.expect("send");
    assert_eq!(follow.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_in_never_keeps_a_session_id_the_client_brought() {
    let server = start().await;
    server.register(&client(), "wu_jiu", "13900000008").await;
    let planted = format!("haixia_session={}", "a".repeat(64));
    let response = Client::new()
        .post(server.url("/session"))
        .header("cookie", &planted)
        .json(&json!({"account": "wu_jiu", "password": "gaokao2025"}))
        .send()
        .await
        .expect("send");
    let cookie = response.headers().get("set-cookie").expect("cookie").to_str().expect("ascii");
    assert!(!cookie.contains(&"a".repeat(64)));
}

#[tokio::test]
async fn following_twice_counts_once_and_unfollowing_is_idempotent() {
    let server = start().await;
    let client = client();
    server.register(&client, "zheng_shi", "13900000009").await;
    let page: SchoolPage = server.get(&client, "/schools/1").await;
    let base = page.school.followers;
    for _ in 0..2 {
        let state: FollowState = client
            .put(server.url("/schools/1/follow"))
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("state");
        assert_eq!(state, FollowState { school_id: 1, following: true, followers: base + 1 });
    }
    let mine: Vec<SchoolCard> = server.get(&client, "/me/follows").await;
    assert_eq!(mine.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1]);
    for _ in 0..2 {
        let state: FollowState = client
            .delete(server.url("/schools/1/follow"))
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("state");
        assert_eq!(state, FollowState { school_id: 1, following: false, followers: base });
    }
    let page: SchoolPage = server.get(&client, "/schools/1").await;
    assert_eq!(page.school.followers, base);
}

#[tokio::test]
async fn concurrent_follows_from_many_sessions_give_the_exact_count() {
    let server = Arc::new(start_with(Options { registrations_per_hour: 100, ..Options::default() }).await);
    let base = server.get::<SchoolPage>(&client(), "/schools/2").await.school.followers;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let client = client();
            let response = server.register(&client, &format!("crowd_{i}"), &format!("1370000{i:04}")).await;
            assert_eq!(response.status(), StatusCode::CREATED);
            for _ in 0..3 {
                let r = client.put(server.url("/schools/2/follow")).send().await.expect("send");
                assert_eq!(r.status(), StatusCode::OK);
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let page: SchoolPage = server.get(&client(), "/schools/2").await;
    assert_eq!(page.school.followers, base + 24);
}

#[tokio::test]
async fn nobody_can_unfollow_for_another_account() {
    let server = start().await;
    let (a, b) = (client(), client());
    server.register(&a, "account_a", "13900000010").await;
    server.register(&b, "account_b", "13900000011").await;
    let base = server.get::<SchoolPage>(&a, "/schools/3").await.school.followers;
    a.put(server.url("/schools/3/follow")).send().await.expect("send");
    let state: FollowState =
        b.delete(server.url("/schools/3/follow")).send().await.expect("send").json().await.expect("state");
    assert_eq!(state.followers, base + 1, "b's unfollow touches only b");
    let mine: Vec<SchoolCard> = server.get(&a, "/me/follows").await;
    assert_eq!(mine.len(), 1);
    let anonymous = Client::new().delete(server.url("/schools/3/follow")).send().await.expect("send");
    assert_eq!(error_of(anonymous).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn following_an_unknown_school_is_404() {
    let server = start().await;
    let client = client();
    server.register(&client, "qian_yi", "13900000012").await;
    for path in ["/schools/99999/follow", "/schools/abc/follow", "/schools/0/follow"] {
        let response = client.put(server.url(path)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn other_origins_cannot_change_state() {
    let server = start().await;
    let response = Client::new()
        .post(server.url("/users"))
        .header("origin", "https://evil.example")
        .json(&json!({ "username": "csrf_victim", "phone": "13900000013", "password": "gaokao2025" }))
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(response).await.1.code, "forbidden_origin");
    let host = server.base.trim_end_matches("/api").to_string();
    let response = Client::new()
        .post(server.url("/users"))
        .header("origin", host)
        .json(&json!({ "username": "same_origin", "phone": "13900000014", "password": "gaokao2025" }))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn bad_bodies_get_json_errors() {
    let server = start().await;
    let form = Client::new()
        .post(server.url("/session"))
        .body("account=a&password=b")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(form).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let broken = Client::new()
        .post(server.url("/session"))
        .body("{\"account\":")
        .header("content-type", "application/json")
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(broken).await.0, StatusCode::BAD_REQUEST);
    let huge = format!("{{\"account\":\"{}\",\"password\":\"x\"}}", "a".repeat(100_000));
    let big = Client::new()
        .post(server.url("/session"))
        .body(huge)
        .header("content-type", "application/json")
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(big).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let bytes = Client::new()
        .post(server.url("/session"))
        .body(vec![0xff, 0xfe, 0x00])
        .header("content-type", "application/json")
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(bytes).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn injection_and_traversal_strings_are_just_text() {
    let server = start().await;
    let client = client();
    for q in ["' OR 1=1 --", "\"; DROP TABLE schools; --", "%", "_", "\\", "../../etc/passwd"] {
        let results: SearchResults =
            server.get(&client, &format!("/search?q={}", portal_model::url::encode_component(q))).await;
        assert!(results.schools.is_empty() && results.articles.is_empty(), "{q}");
        let directory: SchoolDirectory = server
            .get(
                &client,
                &format!(
                    "/schools?q={}&province={}",
                    portal_model::url::encode_component(q),
                    portal_model::url::encode_component(q)
                ),
            )
            .await;
        assert_eq!(directory.schools.total, 0, "{q}");
    }
    for path in [
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/schools/1%20OR%201=1",
        "/tags/'%20OR%201=1--/articles",
        "/articles/-1",
    ] {
        let response = client.get(server.url(path)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    for path in ["/search?q=%FF%FE", "/schools?q=%E6%9C&page=%%", "/tags/%FF/articles?page=%FF"] {
        let response = client.get(server.url(path)).send().await.expect("send");
        assert!(response.status() == StatusCode::OK || response.status() == StatusCode::NOT_FOUND, "{path}");
        assert!(
            response.headers()["content-type"].to_str().expect("ascii").starts_with("application/json"),
            "{path}"
        );
    }
    let directory: SchoolDirectory = server.get(&client, "/schools").await;
    assert_eq!(directory.schools.total, 38, "nothing was dropped");
}

/// The contract: every fixture file decodes with the app's models, and the server answers
/// exactly what the fixture files say, so the app shows the same portal on either source.
#[tokio::test]
async fn server_answers_equal_the_fixture_files() {
    let server = start().await;
    let client = client();
    let home: Home = server.get(&client, "/home").await;
    assert_eq!(home, read_fixture::<Home>("home.json"));
    let methods: Vec<AuthMethod> = server.get(&client, "/auth/methods").await;
    assert_eq!(methods.len(), read_fixture::<Vec<AuthMethod>>("auth-methods.json").len());

    let index: SearchResults = read_fixture("search.json");
    for school in &index.schools {
        let page: SchoolPage = server.get(&client, &format!("/schools/{}", school.id)).await;
        assert_eq!(page, read_fixture::<SchoolPage>(&fixtures::school(school.id)), "school {}", school.id);
        let mut n = 1;
        while fixtures().join(fixtures::school_articles(school.id, n)).exists() {
            let news: SchoolArticles =
                server.get(&client, &format!("/schools/{}/articles?page={n}", school.id)).await;
            assert_eq!(news, read_fixture::<SchoolArticles>(&fixtures::school_articles(school.id, n)));
            n += 1;
        }
    }
    for article in &index.articles {
        let answer: Article = server.get(&client, &format!("/articles/{}", article.id)).await;
        assert_eq!(answer, read_fixture::<Article>(&fixtures::article(article.id)), "article {}", article.id);
    }
    let mut n = 1;
    while fixtures().join(fixtures::directory_page(n)).exists() {
        let page: SchoolDirectory = server.get(&client, &format!("/schools?page={n}")).await;
        assert_eq!(page, read_fixture::<SchoolDirectory>(&fixtures::directory_page(n)), "directory page {n}");
        n += 1;
    }
    for tag in &home.hot_tags {
        let encoded = portal_model::url::encode_component(&tag.name);
        let answer: TagArticles = server.get(&client, &format!("/tags/{encoded}/articles?page=2")).await;
        let page = answer.articles.page;
        assert_eq!(
            answer,
            read_fixture::<TagArticles>(&fixtures::tag_articles(&tag.name, page)),
            "tag {}",
            tag.name
        );
    }
}

#[tokio::test]
async fn directory_and_search_follow_the_shared_rules() {
    let server = start().await;
    let client = client();
    let all: SchoolDirectory = read_fixture("schools.json");
    for qs in [
        "",
        "level=vocational",
        "type=normal&sort=name",
        "province=%E6%B1%9F%E8%A5%BF&page=2",
        "q=xiamen",
        "q=%E6%9C%BA%E7%94%B5",
        "nature=private&sort=name",
        "page=99",
    ] {
        let answer: SchoolDirectory = server.get(&client, &format!("/schools?{qs}")).await;
        let pairs = portal_model::url::parse_query(qs);
        let expected =
            portal_model::list::filter_schools(&all.schools.items, &query::SchoolQuery::from_pairs(&pairs));
        assert_eq!(answer.schools, expected, "{qs}");
        assert_eq!(answer.provinces, all.provinces);
    }
    for q in ["厦门", "江西机电 共同体", "招生章程", "XIAMEN", "火星"] {
        let answer: SearchResults =
            server.get(&client, &format!("/search?q={}", portal_model::url::encode_component(q))).await;
        let (schools, articles) = portal_model::list::search(
            q,
            &all.schools.items,
            &read_fixture::<SearchResults>("search.json").articles,
        );
        assert_eq!(
            answer.schools.iter().map(|s| s.id).collect::<Vec<_>>(),
            schools.iter().map(|s| s.id).collect::<Vec<_>>(),
            "{q}"
        );
        assert_eq!(
            answer.articles.iter().map(|a| a.id).collect::<Vec<_>>(),
            articles.iter().map(|a| a.id).collect::<Vec<_>>(),
            "{q}"
        );
    }
}

#[test]
fn every_fixture_file_decodes_with_the_models() {
    let root = fixtures();
    let mut stack = vec![root.clone()];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&root).expect("inside").to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("read");
            let parts: Vec<&str> = rel.split('/').collect();
            let ok = match parts.as_slice() {
                ["home.json"] => serde_json::from_str::<Home>(&text).is_ok(),
                ["schools.json"] | ["directory", _] => serde_json::from_str::<SchoolDirectory>(&text).is_ok(),
                ["search.json"] => serde_json::from_str::<SearchResults>(&text).is_ok(),
                ["auth-methods.json"] => serde_json::from_str::<Vec<AuthMethod>>(&text).is_ok(),
                ["schools", _] => serde_json::from_str::<SchoolPage>(&text).is_ok(),
                ["schools", _, "articles", _] => serde_json::from_str::<SchoolArticles>(&text).is_ok(),
                ["articles", _] => serde_json::from_str::<Article>(&text).is_ok(),
                ["tags", _, _] => serde_json::from_str::<TagArticles>(&text).is_ok(),
                ["provinces.json"] => serde_json::from_str::<Vec<admissions::ProvinceMeta>>(&text).is_ok(),
                ["schools", _, "scores.json"] => {
                    serde_json::from_str::<admissions::SchoolScores>(&text).is_ok()
                }
                ["schools", _, "majors.json"] => {
                    serde_json::from_str::<admissions::SchoolMajors>(&text).is_ok()
                }
                ["schools", _, "major-scores", _] => {
                    serde_json::from_str::<Vec<admissions::MajorScoreLine>>(&text).is_ok()
                }
                ["schools", _, "plans", _] => serde_json::from_str::<Vec<admissions::PlanRow>>(&text).is_ok(),
                ["rank", _, _] => serde_json::from_str::<admissions::RankIndex>(&text).is_ok(),
                _ => panic!("unexpected fixture file {rel}"),
            };
            assert!(ok, "{rel} does not decode");
            checked += 1;
        }
    }
    assert!(checked > 300);
}
