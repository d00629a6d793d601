//! The reference server over real HTTP on an ephemeral 127.0.0.1 port, with a temporary SQLite
//! file seeded from the bundled fixtures, or (`PORTAL_TEST_DB=postgres`) a PostgreSQL database
//! of its own seeded the same way: every test below runs on both (scripts/test.sh).

mod common;

use common::blocking;
use common::server::*;
use portal_model::*;
use portal_server::auth::Policy;
use portal_server::{Limits, Options};
use reqwest::{Client, StatusCode};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn one_address_cannot_create_accounts_without_end() {
    let server = start().await;
    let mut statuses = Vec::new();
    for i in 0..21 {
        statuses.push(
            server.register(&server.client(), &format!("bulk_{i}"), &format!("1360000{i:04}")).await.status(),
        );
    }
    assert!(statuses[..20].iter().all(|s| *s == StatusCode::CREATED));
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn register_sets_an_http_only_same_site_session_cookie() {
    let server = start().await;
    let client = server.client();
    let response = server.register(&client, "考生_1", "13900000001").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = response.headers().get("set-cookie").expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("__Host-haixia_session="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));
    let user: User = response.json().await.expect("user");
    assert_eq!(user.username, "考生_1");
    let me: Option<User> = server.get(&client, "/session").await;
    assert_eq!(me, Some(user));
    let nobody: Option<User> = server.get(&server.plain(), "/session").await;
    assert_eq!(nobody, None);
}

#[tokio::test]
async fn duplicate_usernames_and_phones_are_refused() {
    let server = start().await;
    assert_eq!(
        server.register(&server.client(), "zhang_san", "13900000002").await.status(),
        StatusCode::CREATED
    );
    let (status, body) = error_of(server.register(&server.client(), "ZHANG_SAN", "13900000003").await).await;
    assert_eq!(
        (status, body.code.as_str(), body.message.as_str()),
        (StatusCode::CONFLICT, "username_taken", "该用户名已被注册")
    );
    let (status, body) = error_of(server.register(&server.client(), "li_si", "13900000002").await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::CONFLICT, "phone_taken"));
}

#[tokio::test]
async fn invalid_fields_answer_422_in_chinese() {
    let server = start().await;
    let response = server.register(&server.client(), "x", "13900000004").await;
    let (status, body) = error_of(response).await;
    assert_eq!((status, body.message.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "用户名需为2–20个字符"));
    let response = server
        .client()
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
    server.register(&server.client(), "zhao_liu", "13900000005").await;
    let (s1, wrong) = error_of(server.login(&server.client(), "zhao_liu", "wrong-pass1").await).await;
    let (s2, unknown) = error_of(server.login(&server.client(), "nobody_here", "wrong-pass1").await).await;
    assert_eq!((s1, s2), (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED));
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.message, "账号或密码错误");
    // By phone number too.
    assert_eq!(server.login(&server.client(), "13900000005", "gaokao2025").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn too_many_failed_sign_ins_are_limited() {
    let server = start_with(minute_waits(Options::default())).await;
    server.register(&server.client(), "sun_qi", "13900000006").await;
    for _ in 0..5 {
        assert_eq!(
            server.login(&server.client(), "sun_qi", "wrong-pass1").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, body) = error_of(server.login(&server.client(), "sun_qi", "gaokao2025").await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"));
}

#[tokio::test]
async fn too_many_failures_from_one_address_are_limited_across_accounts() {
    let server = start_with(minute_waits(Options::default())).await;
    let mut limited = false;
    for i in 0..40 {
        let status = server.login(&server.client(), &format!("guess_{i}"), "wrong-pass1").await.status();
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
    let response = server.register(&server.client(), "zhou_ba", "13900000007").await;
    let token = cookie_pair(&response);
    let plain = server.plain();
    assert!(server.signed_in_as(&token).await.is_some());
    let out = plain.delete(server.url("/session")).header("cookie", &token).send().await.expect("send");
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers().get("set-cookie").expect("cleared").to_str().expect("ascii").contains("Max-Age=0"));
    assert_eq!(server.signed_in_as(&token).await, None);
    let follow =
        plain.put(server.url("/schools/1/follow")).header("cookie", &token).send().await.expect("send");
    assert_eq!(follow.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_in_never_keeps_a_session_id_the_client_brought() {
    let server = start().await;
    server.register(&server.client(), "wu_jiu", "13900000008").await;
    let planted = format!("__Host-haixia_session={}", "a".repeat(64));
    let response = server
        .plain()
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
    let client = server.client();
    server.register(&client, "zheng_shi", "13900000009").await;
    let page: SchoolPage = server.get(&client, "/schools/1").await;
    let base = page.school.followers;
    for following in [true, true, false, false] {
        let state: FollowState = server.follow(&client, 1, following).await.json().await.expect("state");
        let followers = if following { base + 1 } else { base };
        assert_eq!(state, FollowState { school_id: 1, following, followers });
        if following {
            let mine: Vec<SchoolCard> = server.get(&client, "/me/follows").await;
            assert_eq!(mine.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1]);
        }
    }
    let page: SchoolPage = server.get(&client, "/schools/1").await;
    assert_eq!(page.school.followers, base);
}

#[tokio::test]
async fn concurrent_follows_from_many_sessions_give_the_exact_count() {
    // 24 sign-ups hash at once: they may queue for the hashing slots as long as they need
    // (this test is about follow counts; the 503 for a full hashing queue has its own test).
    let limits = Limits { hash_wait: Duration::from_secs(60), ..Limits::default() };
    let options = Options { registrations_per_hour: 100, limits, ..Options::default() };
    let server = Arc::new(start_with(options).await);
    let base = server.get::<SchoolPage>(&server.client(), "/schools/2").await.school.followers;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let client = server.client();
            let response = server.register(&client, &format!("crowd_{i}"), &format!("1370000{i:04}")).await;
            assert_eq!(response.status(), StatusCode::CREATED);
            for _ in 0..3 {
                assert_eq!(server.follow(&client, 2, true).await.status(), StatusCode::OK);
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let page: SchoolPage = server.get(&server.client(), "/schools/2").await;
    assert_eq!(page.school.followers, base + 24);
}

#[tokio::test]
async fn nobody_can_unfollow_for_another_account() {
    let server = start().await;
    let (a, b) = (server.client(), server.client());
    server.register(&a, "account_a", "13900000010").await;
    server.register(&b, "account_b", "13900000011").await;
    let base = server.get::<SchoolPage>(&a, "/schools/3").await.school.followers;
    server.follow(&a, 3, true).await;
    let state: FollowState = server.follow(&b, 3, false).await.json().await.expect("state");
    assert_eq!(state.followers, base + 1, "b's unfollow touches only b");
    let mine: Vec<SchoolCard> = server.get(&a, "/me/follows").await;
    assert_eq!(mine.len(), 1);
    let anonymous = server.follow(&server.plain(), 3, false).await;
    assert_eq!(error_of(anonymous).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn following_an_unknown_school_is_404() {
    let server = start().await;
    let client = server.client();
    server.register(&client, "qian_yi", "13900000012").await;
    for path in ["/schools/99999/follow", "/schools/abc/follow", "/schools/0/follow"] {
        let response = client.put(server.url(path)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn other_origins_cannot_change_state() {
    let server = start().await;
    let response = server
        .plain()
        .post(server.url("/users"))
        .header("origin", "https://evil.example")
        .json(&json!({ "username": "csrf_victim", "phone": "13900000013", "password": "gaokao2025" }))
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(response).await.1.code, "forbidden_origin");
    let host = server.base.trim_end_matches("/api").to_string();
    let response = server
        .plain()
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
    let form = server
        .plain()
        .post(server.url("/session"))
        .body("account=a&password=b")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(form).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let broken = server
        .plain()
        .post(server.url("/session"))
        .body("{\"account\":")
        .header("content-type", "application/json")
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(broken).await.0, StatusCode::BAD_REQUEST);
    let huge = format!("{{\"account\":\"{}\",\"password\":\"x\"}}", "a".repeat(100_000));
    let big = server
        .plain()
        .post(server.url("/session"))
        .body(huge)
        .header("content-type", "application/json")
        .send()
        .await
        .expect("send");
    assert_eq!(error_of(big).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let bytes = server
        .plain()
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
    let client = server.client();
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
    let client = server.client();
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
    let client = server.client();
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
    // With an origin: the same order, reach and latest lines as the fixtures' rank index gives.
    let fujian: portal_model::admissions::RankIndex =
        read_fixture(&fixtures::rank_index("fujian", portal_model::admissions::Track::Physics));
    for qs in [
        "from=%E7%A6%8F%E5%BB%BA&track=physics&sort=rank",
        "from=fujian&track=physics&sort=rank&page=2",
        "from=%E7%A6%8F%E5%BB%BA&track=physics&sort=rank&reach=30000",
        "from=%E7%A6%8F%E5%BB%BA&track=physics&level=undergraduate",
    ] {
        let answer: SchoolDirectory = server.get(&client, &format!("/schools?{qs}")).await;
        let pairs = portal_model::url::parse_query(qs);
        let (schools, lowest) = portal_model::list::directory_page(
            &all.schools.items,
            &query::SchoolQuery::from_pairs(&pairs),
            Some(&fujian),
        );
        assert!(!lowest.is_empty(), "{qs}: the fixtures have 福建 lines");
        assert_eq!((answer.schools, answer.lowest), (schools, lowest), "{qs}");
    }
    // An origin without lines (理科 in 福建 today): nothing reached, no lines shown.
    let none: SchoolDirectory = server.get(&client, "/schools?from=fujian&track=science&reach=100").await;
    assert_eq!((none.schools.total, none.lowest.len()), (0, 0));
    // Initials, short names in 拼音, a tag, and a one-character miss (issue #26, item 10).
    for q in [
        "厦门",
        "江西机电 共同体",
        "招生章程",
        "XIAMEN",
        "火星",
        "xmdx",
        "xiada",
        "厦大",
        "产教融合",
        "夏门大学",
    ] {
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
        let suggestion =
            if schools.is_empty() { portal_model::list::suggest(q, &all.schools.items) } else { None };
        assert_eq!(answer.suggestion, suggestion, "{q}");
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
                ["sources.json"] => {
                    serde_json::from_str::<Vec<portal_model::sources::DataSource>>(&text).is_ok()
                }
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
                ["groups", _, _] => {
                    serde_json::from_str::<portal_model::volunteer::groups::GroupIndex>(&text).is_ok()
                }
                _ => panic!("unexpected fixture file {rel}"),
            };
            assert!(ok, "{rel} does not decode");
            checked += 1;
        }
    }
    assert!(checked > 300);
}

// ---- hardening: each test below fails on the server before `server-hardening` ----

/// Sign-in attempts sent all at once for one account: the check and the count are one step,
/// so only the free attempts reach the password hash (401) and the rest are turned away (429)
/// without it; the right password does not get in before the delay has passed either.
///
/// The per-account wait is a minute here, not a second: every assertion then holds however
/// slowly a loaded machine runs the hashes and requests (the test after next checks that the
/// real one-second delay passes).
#[tokio::test]
async fn parallel_guesses_for_one_account_reach_the_hash_only_five_times() {
    let minute = Duration::from_secs(60);
    let policy = Policy { base: minute, cap: minute, ..portal_server::LOGIN_PER_ACCOUNT_ADDRESS };
    // Hashes queue for as long as they need: a busy answer (503) is not what is tested.
    let limits = Limits { hash_wait: minute, ..Limits::default() };
    let server = Arc::new(
        start_with(Options { login_per_account_address: Some(policy), limits, ..Options::default() }).await,
    );
    server.register(&server.client(), "burst_target", "13900000020").await;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let server = server.clone();
        // By username and by phone: one account either way.
        let account = if i % 2 == 0 { "burst_target" } else { "13900000020" };
        tasks.push(tokio::spawn(async move {
            let response = server.login(&server.client(), account, "wrong-pass1").await;
            (response.status(), response.headers().contains_key("retry-after"))
        }));
    }
    let mut hashed = 0;
    let mut refused = 0;
    for task in tasks {
        match task.await.expect("task") {
            (StatusCode::UNAUTHORIZED, _) => hashed += 1,
            (StatusCode::TOO_MANY_REQUESTS, true) => refused += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    let free = policy.free;
    assert_eq!((hashed, refused), (free, 30 - free), "only the {free} free attempts reach the hash");
    let early = server.login(&server.client(), "burst_target", "gaokao2025").await;
    assert_eq!(early.status(), StatusCode::TOO_MANY_REQUESTS, "the right password waits too");
    let wait: u64 = early.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=policy.base.as_secs()).contains(&wait), "the first delay is the policy's base, said {wait}");
    let body: ErrorBody = early.json().await.expect("body");
    assert!(
        body.message.starts_with("尝试次数过多，请") && body.message.ends_with("后再试"),
        "{}",
        body.message
    );
}

/// A failed sign-in is known only after its hash, which may queue behind others for longer
/// than the first delay: the wait starts again then, not from when the attempt was counted
/// (before, a burst's queued hashes served the wait and the next guess went straight in).
#[tokio::test]
async fn a_failure_restarts_the_wait_from_when_it_is_known() {
    let dir = temp_dir();
    let db = common::seeded_store(&dir.0).await;
    let store = db.store.clone();
    let policy = portal_server::LOGIN_PER_ACCOUNT_ADDRESS;
    let base = i64::try_from(policy.base.as_millis()).expect("ms");
    let (early, late, after_stale_failure) = blocking(move || {
        let key = "login:name:slow_hashes";
        for _ in 0..policy.free {
            store.limit_reserve(key, &policy, 1_000).expect("store").expect("free");
        }
        // The hashes end five seconds after they were counted; the failures are known then.
        let known = 6_000;
        store.limit_failed(key, &policy, known).expect("store");
        let early = store.limit_reserve(key, &policy, known + base / 2).expect("store");
        let late = store.limit_reserve(key, &policy, known + base).expect("store");
        // A failure reported late never moves the last attempt back in time.
        store.limit_failed(key, &policy, known).expect("store");
        let after = store.limit_reserve(key, &policy, known + 2 * base).expect("store");
        (early, late, after)
    })
    .await;
    assert_eq!(early, Err(policy.base / 2), "the wait counts from the known failure");
    assert_eq!(late, Ok(policy.free + 1), "counted, after the free ones");
    assert_eq!(after_stale_failure, Err(policy.base), "the doubled wait counts from the last attempt");
}

/// The account is the unit: failures by username and by phone add up, and a lock is a delay
/// that passes, not 15 minutes. The counting runs with minute-long waits (so the 429s hold on
/// a machine of any speed), the passing delay on the real policy and a manual clock.
#[tokio::test]
async fn username_and_phone_failures_count_for_one_account_and_delays_pass() {
    let server = start_with(minute_waits(Options::default())).await;
    server.register(&server.client(), "one_account", "13900000021").await;
    for _ in 0..5 {
        let status = server.login(&server.client(), "one_account", "wrong-pass1").await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let by_phone = server.login(&server.client(), "13900000021", "wrong-pass1").await;
    assert_eq!(by_phone.status(), StatusCode::TOO_MANY_REQUESTS, "the phone is the same account");
    // A name without an account is delayed the same way (nothing tells them apart).
    for _ in 0..5 {
        server.login(&server.client(), "nobody_at_all", "wrong-pass1").await;
    }
    let unknown = server.login(&server.client(), "nobody_at_all", "wrong-pass1").await;
    assert_eq!(unknown.status(), StatusCode::TOO_MANY_REQUESTS);

    // On the real policy the owner gets in once the wait is over: each 429 names a wait of
    // at most the policy's first delay (rounded up to whole seconds), and after it, 200. The
    // wait passes on a manual clock, not by sleeping.
    let clock = portal_server::clock::Clock::manual_from_now();
    let server = start_with(Options { clock: clock.clone(), ..Options::default() }).await;
    server.register(&server.client(), "one_account", "13900000021").await;
    for _ in 0..5 {
        server.login(&server.client(), "one_account", "wrong-pass1").await;
    }
    let first_delay = portal_server::LOGIN_PER_ACCOUNT_ADDRESS.base.as_secs();
    // The clock stands still, so the owner is told to wait: a short delay, not a lock.
    let answer = server.login(&server.client(), "13900000021", "gaokao2025").await;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = answer.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=first_delay).contains(&wait), "a short delay, not a lock: {wait}");
    // A second before the wait is over, still waiting; once it is over, let in (one wait is all
    // it takes: a second would mean the wait lied).
    clock.advance(Duration::from_secs(wait - 1));
    let early = server.login(&server.client(), "13900000021", "gaokao2025").await;
    assert_eq!(early.status(), StatusCode::TOO_MANY_REQUESTS, "before the wait named");
    clock.advance(Duration::from_secs(1));
    let answer = server.login(&server.client(), "13900000021", "gaokao2025").await;
    assert_eq!(answer.status(), StatusCode::OK, "the right password after the delay");
}

/// Behind one trusted proxy, the client cannot pick its address by writing its own
/// `X-Forwarded-For` entries: the proxy's entry (the rightmost) is the one counted.
#[tokio::test]
async fn forged_forwarded_for_does_not_escape_the_address_limit() {
    let server = start_with(minute_waits(Options { trusted_proxies: 1, ..Options::default() })).await;
    let mut limited_at = None;
    for i in 0..40 {
        let response = server
            .client()
            .post(server.url("/session"))
            .header("x-forwarded-for", format!("10.9.{}.{}, 203.0.113.7", i / 250, i % 250))
            .json(&json!({ "account": format!("guess_{i}"), "password": "wrong-pass1" }))
            .send()
            .await
            .expect("send");
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited_at = Some(i);
            break;
        }
    }
    assert_eq!(limited_at, Some(30), "30 failures from 203.0.113.7, whatever it wrote");
    let other = server
        .client()
        .post(server.url("/session"))
        .header("x-forwarded-for", "203.0.113.8")
        .json(&json!({ "account": "guess_other", "password": "wrong-pass1" }))
        .send()
        .await
        .expect("send");
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED, "another client is not limited");
}

/// One IPv6 subscriber usually holds a whole /64: taking a fresh address from it for each
/// attempt does not escape the per-address limit (here: registrations, two an hour).
#[tokio::test]
async fn ipv6_addresses_of_one_64_network_count_as_one_client() {
    let options = Options { trusted_proxies: 1, registrations_per_hour: 2, ..Options::default() };
    let server = start_with(options).await;
    let register = |i: u32, network: &str| {
        server
            .client()
            .post(server.url("/users"))
            .header("x-forwarded-for", format!("{network}:{i:x}:{:x}:0:1", i * 7919))
            .json(&json!({ "username": format!("v6_user_{i}"), "phone": format!("1390000{:04}", 50 + i), "password": "gaokao2025" }))
            .send()
    };
    for i in 0..2 {
        assert_eq!(register(i, "2001:db8:7:7").await.expect("send").status(), StatusCode::CREATED);
    }
    let third = register(2, "2001:db8:7:7").await.expect("send");
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS, "another address of the same /64");
    let elsewhere = register(3, "2001:db8:7:8").await.expect("send");
    assert_eq!(elsewhere.status(), StatusCode::CREATED, "the next /64 is another client");
}

/// Successful sign-ins leave no attempt counters behind (the account's is cleared, the
/// address's taken back).
#[tokio::test]
async fn successful_sign_ins_leave_no_attempt_counters() {
    let server = start().await;
    let hash = portal_server::auth::hash_password("gaokao2025").expect("hash");
    let store = server.store();
    blocking(move || {
        store.create_user("counted_nowhere", "13900000060", &hash).expect("store").expect("new")
    })
    .await;
    for account in ["counted_nowhere", "13900000060", "COUNTED_NOWHERE"] {
        assert_eq!(server.login(&server.client(), account, "gaokao2025").await.status(), StatusCode::OK);
    }
    let store = server.store();
    assert_eq!(blocking(move || store.limit_rows()).await.expect("store"), 0);
}

/// Counters idle past their policy's memory are swept, and the table is capped: past the cap
/// the counters with the fewest attempts go first, so a flood of one-off names cannot push out
/// the counter that is holding a guesser back.
#[tokio::test]
async fn idle_counters_are_swept_and_the_table_is_capped() {
    let dir = temp_dir();
    let db = common::seeded_store(&dir.0).await;
    let store = db.store.clone();
    let policy = Policy {
        free: 2,
        base: Duration::from_secs(60),
        cap: Duration::from_secs(60),
        forget_after: Duration::from_secs(3600),
    };
    let (capped, rows_after_cap, busy_still_waits, idle, rows_at_end) = blocking(move || {
        let now = 1_000;
        for _ in 0..2 {
            store.limit_reserve("login:user:busy", &policy, now).expect("store").expect("free");
        }
        for i in 0..4 {
            store.limit_reserve(&format!("login:name:once_{i}"), &policy, now).expect("store").expect("free");
        }
        let capped = portal_server::sweep_limits(store.as_ref(), now, 3).expect("sweep");
        let rows_after_cap = store.limit_rows().expect("store");
        let busy = store.limit_reserve("login:user:busy", &policy, now).expect("store");
        let idle = portal_server::sweep_limits(store.as_ref(), policy.forget_at(now), 3).expect("sweep");
        (capped, rows_after_cap, busy, idle, store.limit_rows().expect("store"))
    })
    .await;
    assert_eq!((capped, rows_after_cap), (2, 3), "5 counters, cap 3");
    assert_eq!(busy_still_waits, Err(policy.base), "the busiest counter is kept");
    assert_eq!((idle, rows_at_end), (3, 0), "idle counters are swept");
}

/// Reads until the server closes the socket; what it sent, and when it closed (None if it
/// did not within `bound`).
async fn read_until_closed(
    stream: &mut tokio::net::TcpStream,
    bound: Duration,
) -> (String, Option<Duration>) {
    use tokio::io::AsyncReadExt;
    let started = std::time::Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = bound.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return (String::from_utf8_lossy(&seen).into_owned(), None),
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (String::from_utf8_lossy(&seen).into_owned(), Some(started.elapsed()))
            }
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

/// A half-sent header, a half-sent body and an idle keep-alive socket are all closed within
/// the timeouts, while another client is served meanwhile.
#[tokio::test]
async fn slow_and_idle_clients_are_closed_while_others_are_served() {
    use tokio::io::AsyncWriteExt;
    let server = start_with(Options { limits: short_limits(), ..Options::default() }).await;
    let bound = Duration::from_secs(5);
    let mut half_header = server.connect().await;
    half_header.write_all(b"GET /api/home HTTP/1.1\r\nHost: 127.0.0.1\r\n").await.expect("write");
    let mut idle = server.connect().await;
    let mut half_body = server.connect().await;
    let origin = &server.origin;
    let host = origin.trim_start_matches("http://");
    half_body
        .write_all(
            format!(
                "POST /api/session HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"acc"
            )
            .as_bytes(),
        )
        .await
        .expect("write");
    let mut kept_alive = server.connect().await;
    kept_alive.write_all(b"GET /api/auth/methods HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.expect("write");

    // Another client is served while those hang.
    let served = tokio::time::timeout(bound, server.client().get(server.url("/home")).send()).await;
    assert_eq!(served.expect("served in time").expect("send").status(), StatusCode::OK);

    let (_, header_closed) = read_until_closed(&mut half_header, bound).await;
    let (_, idle_closed) = read_until_closed(&mut idle, bound).await;
    let (answer, body_closed) = read_until_closed(&mut half_body, bound).await;
    let (first, alive_closed) = read_until_closed(&mut kept_alive, bound).await;
    assert!(header_closed.is_some(), "half-sent header still open after {bound:?}");
    assert!(idle_closed.is_some(), "idle socket still open after {bound:?}");
    assert!(body_closed.is_some(), "half-sent body still open after {bound:?}");
    assert!(alive_closed.is_some(), "idle keep-alive socket still open after {bound:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "half-sent body answered: {answer:?}");
    assert!(answer.contains("timeout"), "as the JSON error: {answer:?}");
    assert!(first.starts_with("HTTP/1.1 200"), "the kept-alive request was answered first");
}

/// A client that asks for a large file and never reads it is disconnected once the server's
/// writes have made no progress for the stall timeout, while another client is served.
///
/// Two connection slots: the reader holds one, the other client's kept-alive connection the
/// other (idle sockets are kept a minute here), so a third client gets in only once the
/// reader has been disconnected: the test waits for that event, not for a guessed time.
#[tokio::test]
async fn a_client_that_stops_reading_is_disconnected_while_others_are_served() {
    use tokio::io::AsyncWriteExt;
    let site = temp_dir();
    let size = 16 * 1024 * 1024;
    std::fs::write(site.0.join("index.html"), "<!doctype html><title>t</title>").expect("write");
    std::fs::write(site.0.join("big.txt"), "a".repeat(size)).expect("write");
    let stall = Duration::from_millis(500);
    let limits = Limits {
        write_stall_timeout: stall,
        header_read_timeout: Duration::from_secs(60),
        max_connections: 2,
        ..short_limits()
    };
    let server = start_with(Options { static_dir: Some(site.0.clone()), limits, ..Options::default() }).await;
    // A small receive buffer, so the server's writes block long before the file is sent.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("buffer size");
    let addr = server.host().parse().expect("addr");
    let mut reader = socket.connect(addr).await.expect("connect");
    reader.write_all(b"GET /big.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.expect("write");

    // Another client is served while that one reads nothing (and keeps the second slot).
    let other = server.client();
    let served = tokio::time::timeout(Duration::from_secs(10), other.get(server.url("/home")).send()).await;
    assert_eq!(served.expect("served in time").expect("send").status(), StatusCode::OK);

    // A third client is served once the reader's slot is free: the server gave up on it.
    let started = std::time::Instant::now();
    let third =
        tokio::time::timeout(Duration::from_secs(30), server.client().get(server.url("/home")).send())
            .await
            .expect("the reader was never disconnected")
            .expect("send");
    assert_eq!(third.status(), StatusCode::OK);
    eprintln!("slot freed {:?} after the other client was served", started.elapsed());
    // What the reader gets now is what sat in the buffers, then the end: never the whole file.
    let (received, closed) = read_until_closed(&mut reader, Duration::from_secs(10)).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{:?}", &received[..received.len().min(100)]);
    assert!(closed.is_some(), "still open");
    assert!(received.len() < size, "the whole file arrived");
    drop(other);
}

/// Past the connection cap, a new client waits until a slot frees up (here: until an idle
/// socket is closed by the header timeout) instead of every socket costing a descriptor.
#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let limits = Limits { max_connections: 2, ..short_limits() };
    let server = start_with(Options { limits, ..Options::default() }).await;
    let _idle = (server.connect().await, server.connect().await);
    let started = std::time::Instant::now();
    let response =
        tokio::time::timeout(Duration::from_secs(5), server.client().get(server.url("/home")).send())
            .await
            .expect("served once an idle socket was closed")
            .expect("send");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "served before a slot was free: {:?}",
        started.elapsed()
    );
}

/// `--static DIR` sends the headers of the build's `DIR/_headers` on every page and file of
/// the site; API answers carry their own.
#[tokio::test]
async fn static_mode_sends_the_builds_headers() {
    let site = temp_dir();
    let csp =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-AbC123='; frame-ancestors 'none'";
    std::fs::write(site.0.join("index.html"), "<!doctype html><title>t</title>").expect("write");
    std::fs::write(site.0.join("app-0123456789abcdef.js"), "console.log(1)").expect("write");
    // Pages rendered ahead of time (scripts/prerender.mjs) put a folder where the app has a page.
    std::fs::create_dir(site.0.join("schools")).expect("mkdir");
    std::fs::write(site.0.join("schools/2.html"), "<!doctype html><title>s</title>").expect("write");
    std::fs::write(
        site.0.join("_headers"),
        format!("/*\n  Content-Security-Policy: {csp}\n  X-Content-Type-Options: nosniff\n  X-Frame-Options: DENY\n  Referrer-Policy: strict-origin-when-cross-origin\n"),
    )
    .expect("write");
    let server = start_with(Options { static_dir: Some(site.0.clone()), ..Options::default() }).await;
    for path in ["/", "/app-0123456789abcdef.js", "/schools/1", "/schools", "/config.json"] {
        let response = server.client().get(format!("{}{path}", server.origin)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.url().path() == path, "{path}: redirected to {}", response.url());
        let h = response.headers();
        assert_eq!(h["content-security-policy"], csp, "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
    }
    let api = server.client().get(server.url("/home")).send().await.expect("send");
    let h = api.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h["content-security-policy"].to_str().expect("ascii").contains("frame-ancestors 'none'"));
    assert_eq!(h["referrer-policy"], "no-referrer");
}

/// `--static DIR` serves each path of a built site by the rule every static host of the site
/// follows, with the cases e2e/serve.mjs is tested on too (scripts/static-files.test.mjs): a
/// page rendered ahead of time for its path, else the app; a missing file is 404.
#[tokio::test]
async fn static_mode_serves_each_path_by_the_shared_rule() {
    let rule: serde_json::Value =
        serde_json::from_str(include_str!("../../e2e/static-files.json")).expect("e2e/static-files.json");
    let site = temp_dir();
    for (name, text) in rule["files"].as_object().expect("files") {
        let file = site.0.join(name);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
        std::fs::write(file, text.as_str().expect("text")).expect("write");
    }
    let server = start_with(Options { static_dir: Some(site.0.clone()), ..Options::default() }).await;
    for case in rule["cases"].as_array().expect("cases") {
        let (path, status) = (case[0].as_str().expect("path"), case[1].as_u64().expect("status"));
        let response = server.client().get(format!("{}{path}", server.origin)).send().await.expect("send");
        assert_eq!(u64::from(response.status().as_u16()), status, "{path}");
        if let Some(file) = case[2].as_str() {
            assert_eq!(response.text().await.expect("body"), rule["files"][file], "{path}: not {file}");
        }
    }
}

/// Public reads may be kept by the browser (the app's service worker keeps them for reading
/// offline, and skips anything marked `no-store`), revalidated each time; answers about the
/// visitor, answers that set a cookie, and errors are kept nowhere. No public read depends on
/// the session, so none needs `Vary: Cookie`.
#[tokio::test]
async fn public_reads_may_be_kept_and_private_answers_may_not() {
    let server = start().await;
    let client = server.client();
    let cache_control = |response: &reqwest::Response| {
        response.headers().get("cache-control").map(|v| v.to_str().expect("ascii").to_string())
    };
    for path in
        ["/home", "/schools?page=2", "/schools/3", "/schools/3/articles", "/articles/1", "/search?q=大学"]
    {
        let response = client.get(server.url(path)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(cache_control(&response).as_deref(), Some("private, no-cache"), "{path}");
    }
    let registered = server.register(&client, "cache_reader", "13900000040").await;
    assert_eq!(registered.status(), StatusCode::CREATED);
    assert_eq!(cache_control(&registered).as_deref(), Some("no-store"), "an answer with Set-Cookie");
    // Signed in, a public read is the same answer, and still not shared-cacheable.
    let signed_in = client.get(server.url("/schools/3")).send().await.expect("send");
    assert_eq!(cache_control(&signed_in).as_deref(), Some("private, no-cache"));
    for path in ["/session", "/me/follows", "/auth/methods", "/schools/999999", "/nowhere"] {
        let response = client.get(server.url(path)).send().await.expect("send");
        assert_eq!(cache_control(&response).as_deref(), Some("no-store"), "{path}");
    }
    let signed_out = client.delete(server.url("/session")).send().await.expect("send");
    assert_eq!(cache_control(&signed_out).as_deref(), Some("no-store"));
}

/// State changes need an `Origin` that parses exactly and is this site's, scheme included.
#[tokio::test]
async fn state_changes_need_a_well_formed_own_origin() {
    let server = start().await;
    let host = server.host().to_string();
    let bad: Vec<Option<reqwest::header::HeaderValue>> = vec![
        None,
        Some("null".parse().expect("value")),
        Some(format!("https://{host}").parse().expect("value")),
        Some(format!("http://{host}/").parse().expect("value")),
        Some(format!("http://{host}/path").parse().expect("value")),
        Some(host.parse().expect("value")),
        Some(format!("http://user@{host}").parse().expect("value")),
        Some(
            reqwest::header::HeaderValue::from_bytes(format!("http://{host}\u{00e9}").as_bytes())
                .expect("value"),
        ),
        Some(format!("http://{host}.evil.example").parse().expect("value")),
    ];
    for (i, origin) in bad.into_iter().enumerate() {
        let mut request = Client::new()
            .post(server.url("/users"))
            .json(&json!({ "username": format!("csrf_{i}"), "phone": format!("1390000{:04}", 100 + i), "password": "gaokao2025" }));
        if let Some(origin) = &origin {
            request = request.header("origin", origin.clone());
        }
        let response = request.send().await.expect("send");
        let (status, body) = error_of(response).await;
        assert_eq!((status, body.code.as_str()), (StatusCode::FORBIDDEN, "forbidden_origin"), "{origin:?}");
    }
    // The same from the site's own page goes through; PUT and DELETE are checked alike.
    let client = server.client();
    assert_eq!(server.register(&client, "own_origin", "13900000199").await.status(), StatusCode::CREATED);
    let no_origin = Client::builder().cookie_store(true).build().expect("client");
    let cookie = client.get(server.url("/session")).send().await.expect("send");
    assert_eq!(cookie.status(), StatusCode::OK);
    let put = no_origin.put(server.url("/schools/1/follow")).send().await.expect("send");
    assert_eq!(put.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn ids_are_plain_positive_integers() {
    let server = start().await;
    let client = server.client();
    for path in [
        "/schools/+1",
        "/schools/01",
        "/articles/+1",
        "/articles/01",
        "/schools/01/articles",
        "/schools/%2B1",
    ] {
        let response = client.get(server.url(path)).send().await.expect("send");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(client.get(server.url("/schools/1")).send().await.expect("send").status(), StatusCode::OK);
}

#[tokio::test]
async fn media_types_are_case_insensitive() {
    let server = start().await;
    server.register(&server.client(), "case_media", "13900000022").await;
    let send = |content_type: &'static str| {
        server
            .client()
            .post(server.url("/session"))
            .header("content-type", content_type)
            .body(r#"{"account":"case_media","password":"gaokao2025"}"#)
            .send()
    };
    assert_eq!(send("Application/JSON").await.expect("send").status(), StatusCode::OK);
    assert_eq!(send("APPLICATION/JSON; Charset=UTF-8").await.expect("send").status(), StatusCode::OK);
    assert_eq!(send("application/jsonp").await.expect("send").status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // What a cross-site form can send is never JSON; a structured `+json` type is (RFC 6839).
    assert_eq!(send("text/plain").await.expect("send").status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(send("application/vnd.api+json").await.expect("send").status(), StatusCode::OK);
}

#[tokio::test]
async fn expired_sessions_are_deleted() {
    let server = start().await;
    let user: User =
        server.register(&server.client(), "sweep_me", "13900000023").await.json().await.expect("user");
    let expired = "e".repeat(64);
    let store = server.store();
    let present = blocking(move || {
        store.create_session(&"e".repeat(64), user.id, 1).expect("session");
        store.session_user(&"e".repeat(64), 0).expect("read").is_some()
    })
    .await;
    // Present (the store still has it) but no longer valid.
    assert!(present);
    assert_eq!(server.login(&server.client(), "sweep_me", "gaokao2025").await.status(), StatusCode::OK);
    let store = server.store();
    let (still, swept) = blocking(move || {
        (
            store.session_user(&expired, 0).expect("read").is_some(),
            store.delete_expired_sessions(i64::MAX, 10).expect("sweep"),
        )
    })
    .await;
    assert!(!still, "swept on sign-in");
    assert_eq!(swept, 2, "bounded batches");
}

/// The session cookie as the server sends it: `__Host-` prefix, `Secure`, `Path=/`, no
/// `Domain`; and a second cookie planted by someone else never decides who is signed in.
#[tokio::test]
async fn the_session_cookie_is_host_prefixed_and_tossed_cookies_do_not_count() {
    let server = start().await;
    let a = server.register(&server.plain(), "cookie_a", "13900000024").await;
    let b = server.register(&server.plain(), "cookie_b", "13900000025").await;
    let pair = |r: &reqwest::Response| -> String {
        let cookie = r.headers()["set-cookie"].to_str().expect("ascii").to_string();
        assert!(cookie.starts_with("__Host-haixia_session="), "{cookie}");
        assert!(
            cookie.contains("; Secure")
                && cookie.contains("; Path=/;")
                && !cookie.to_lowercase().contains("domain"),
            "{cookie}"
        );
        cookie.split(';').next().expect("pair").to_string()
    };
    let (cookie_a, cookie_b) = (pair(&a), pair(&b));
    let token_b = cookie_b.split_once('=').expect("pair").1;
    let who = |cookie: String| {
        let server = &server;
        async move { server.signed_in_as(&cookie).await.map(|u| u.username) }
    };
    assert_eq!(who(cookie_a.clone()).await.as_deref(), Some("cookie_a"));
    // An unprefixed cookie (settable from a sibling subdomain or plain http) is ignored,
    // whether it comes first or not.
    assert_eq!(who(format!("haixia_session={token_b}; {cookie_a}")).await.as_deref(), Some("cookie_a"));
    assert_eq!(who(format!("haixia_session={token_b}")).await, None);
    // Two different values of the prefixed cookie: neither wins.
    assert_eq!(who(format!("{cookie_b}; {cookie_a}")).await, None);
}

/// A request that outlasts the request timeout (here: sign-ins queued behind one hashing
/// slot) is answered 408 as the API's JSON error, with the API's headers.
#[tokio::test]
async fn requests_past_the_request_timeout_answer_408_as_json() {
    let limits = Limits {
        hash_permits: 1,
        hash_wait: Duration::from_secs(30),
        request_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let server = Arc::new(start_with(Options { trusted_proxies: 1, limits, ..Options::default() }).await);
    let mut tasks = Vec::new();
    for i in 0..60 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let response = server
                .client()
                .post(server.url("/session"))
                .header("x-forwarded-for", format!("10.1.0.{i}"))
                .json(&json!({ "account": format!("queued_{i}"), "password": "wrong-pass1" }))
                .send()
                .await
                .expect("send");
            let nosniff = response.headers().get("x-content-type-options").is_some();
            let status = response.status();
            let body: Option<ErrorBody> = response.json().await.ok();
            (status, nosniff, body.map(|b| b.code))
        }));
    }
    let mut timed_out = 0;
    for task in tasks {
        match task.await.expect("task") {
            (StatusCode::UNAUTHORIZED, ..) => {}
            (StatusCode::REQUEST_TIMEOUT, true, Some(code)) if code == "timeout" => timed_out += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert!(timed_out > 0, "60 hashes in one slot take longer than 300 ms");
}

/// The `__Host-` cookie in a real browser on plain http://127.0.0.1 and http://localhost:
/// headless Chromium (`$CHROMIUM`, or `chromium` / `chromium-browser` / `google-chrome` on
/// the PATH) loads a page of the site that signs up, reads the session and follows a school
/// with `fetch`, so the cookie must be stored and sent back and the page's `Origin` accepted.
/// Skipped, saying so, where no Chromium is installed.
#[tokio::test]
async fn a_real_chromium_keeps_the_host_cookie_on_loopback_http() {
    let browser = std::env::var("CHROMIUM").ok().or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"].into_iter().map(String::from).find(|name| {
            std::process::Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success())
        })
    });
    let Some(browser) = browser else {
        eprintln!("skipped: no Chromium found (set CHROMIUM)");
        return;
    };
    let site = temp_dir();
    std::fs::write(
        site.0.join("index.html"),
        r#"<!doctype html><body><pre id=out>pending</pre><script>
(async () => {
  const n = Math.floor(Math.random() * 1e8);
  const r = await fetch('/api/users', {method: 'POST', headers: {'content-type': 'application/json'},
    body: JSON.stringify({username: 'cr_' + n, phone: '139' + String(n).padStart(8, '0'), password: 'gaokao2025'})});
  const s = await fetch('/api/session').then(r => r.json());
  const f = await fetch('/api/schools/1/follow', {method: 'PUT'});
  document.getElementById('out').textContent = 'register ' + r.status + ' session ' + (s ? 'yes' : 'no') + ' follow ' + f.status;
})().catch(e => document.getElementById('out').textContent = 'error ' + e);
</script>"#,
    )
    .expect("page");
    let server = start_with(Options { static_dir: Some(site.0.clone()), ..Options::default() }).await;
    let port = server.origin.rsplit(':').next().expect("port").to_string();
    for host in ["127.0.0.1", "localhost"] {
        let (browser, profile, url) =
            (browser.clone(), site.0.join(format!("profile-{host}")), format!("http://{host}:{port}/"));
        let dom = tokio::task::spawn_blocking(move || {
            std::process::Command::new(browser)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--virtual-time-budget=10000",
                    "--timeout=30000",
                ])
                .arg(format!("--user-data-dir={}", profile.display()))
                .args(["--dump-dom", &url])
                .output()
                .expect("run chromium")
        })
        .await
        .expect("task");
        let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
        assert!(dom.contains("register 201 session yes follow 200"), "{host}: {dom}");
    }
}

/// `--plain-http-cookies` (plain http on a non-loopback address in development): the
/// unprefixed cookie without `Secure`, and only that one is read.
#[tokio::test]
async fn plain_http_cookies_mode_uses_the_unprefixed_cookie() {
    let server = start_with(Options { plain_http_cookies: true, ..Options::default() }).await;
    let response = server.register(&server.plain(), "plain_http", "13900000026").await;
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("haixia_session=") && !cookie.contains("Secure"), "{cookie}");
    let me = server.signed_in_as(&cookie_pair(&response)).await;
    assert_eq!(me.map(|u| u.username).as_deref(), Some("plain_http"));
}

// ---- 手机验证码 ----

#[tokio::test]
async fn sms_is_offered_only_with_a_sender() {
    let without = start().await;
    let methods: Vec<AuthMethod> = without.get(&without.plain(), "/auth/methods").await;
    assert!(methods.iter().all(|m| !m.available), "nothing available without a sender");
    let response = without.sms_code(&without.client(), "13900000200").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (with, _) = start_sms(Options::default()).await;
    let methods: Vec<AuthMethod> = with.get(&with.plain(), "/auth/methods").await;
    let sms = methods.iter().find(|m| m.id == "sms").expect("sms listed");
    assert!(sms.available && sms.note.is_none());
    assert!(methods.iter().filter(|m| m.id != "sms").all(|m| !m.available));
}

#[tokio::test]
async fn an_sms_code_signs_a_new_phone_up_once_and_finds_it_afterwards() {
    let (server, outbox) = start_sms(Options::default()).await;
    let client = server.client();
    let response = server.sms_code(&client, "13900000201").await;
    assert_eq!(response.status(), StatusCode::OK);
    let sent: SmsCodeSent = response.json().await.expect("sent");
    assert_eq!((sent.resend_after, sent.valid_for), (60, 300));
    let codes = codes_sent(&outbox, "13900000201");
    assert_eq!(codes.len(), 1);
    let response = server.sms_login(&client, "13900000201", &codes[0]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["set-cookie"].to_str().expect("ascii").starts_with("__Host-haixia_session="));
    let user: User = response.json().await.expect("user");
    assert_eq!(user.username, "用户0201");
    let me: Option<User> = server.get(&client, "/session").await;
    assert_eq!(me, Some(user.clone()));
    // The code is used up.
    let (status, body) = error_of(server.sms_login(&server.client(), "13900000201", &codes[0]).await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "code_expired"));
    // No password works for an account made by code.
    for guess in ["gaokao2025", "!"] {
        let status = server.login(&server.client(), "13900000201", guess).await.status();
        assert_ne!(status, StatusCode::OK, "{guess}");
    }
    // A phone registered with a password signs in to that account by code.
    let registered: User =
        server.register(&server.client(), "pw_owner", "13900000202").await.json().await.expect("user");
    server.sms_code(&server.client(), "13900000202").await;
    let code = codes_sent(&outbox, "13900000202").pop().expect("code");
    let response = server.sms_login(&server.client(), "13900000202", &code).await;
    assert_eq!(response.json::<User>().await.expect("user"), registered);
    // The store keeps a salted hash, never the code: read what it holds for a fresh code. (A scan
    // of the database file for the six digits collided with the seeded numbers in ~1.4% of runs.)
    server.sms_code(&server.client(), "13900000203").await;
    let code = codes_sent(&outbox, "13900000203").pop().expect("code");
    let store = server.store();
    let kept = blocking(move || {
        let kept = std::cell::RefCell::new(String::new());
        let now =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
        let look = |stored: &str| {
            kept.replace(stored.to_string());
            false
        };
        store.use_sms_code("13900000203", now as i64, u32::MAX, &look).expect("read");
        kept.into_inner()
    })
    .await;
    assert!(portal_server::sms::code_matches(&kept, "13900000203", &code), "the hash of the code is kept");
    assert!(kept.split(':').all(|part| part != code), "{kept}");
}

#[tokio::test]
async fn wrong_sms_codes_count_down_to_a_new_code() {
    let (server, outbox) = start_sms(Options::default()).await;
    server.sms_code(&server.client(), "13900000203").await;
    let code = codes_sent(&outbox, "13900000203").pop().expect("code");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let (status, body) = error_of(server.sms_login(&server.client(), "13900000203", wrong).await).await;
        assert_eq!((status, body.code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "code_wrong"));
        assert_eq!(body.message, format!("验证码错误，还可尝试{left}次"));
    }
    let (_, body) = error_of(server.sms_login(&server.client(), "13900000203", wrong).await).await;
    assert_eq!(
        (body.code.as_str(), body.message.as_str()),
        ("code_expired", "验证码错误次数过多，请重新获取")
    );
    // The fifth miss used the code up: the right one no longer works.
    let (_, body) = error_of(server.sms_login(&server.client(), "13900000203", &code).await).await;
    assert_eq!((body.code.as_str(), body.message.as_str()), ("code_expired", "验证码已失效，请重新获取"));
    // Malformed input is refused before any code is looked at.
    let (status, body) = error_of(server.sms_login(&server.client(), "13900000203", "12345").await).await;
    assert_eq!((status, body.message.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "请输入6位数字验证码"));
    let (status, body) = error_of(server.sms_code(&server.client(), "1390000").await).await;
    assert_eq!((status, body.message.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "请输入正确的11位手机号"));
    // A phone that was never sent a code.
    let (_, body) = error_of(server.sms_login(&server.client(), "13900000299", "123456").await).await;
    assert_eq!(body.code, "code_expired");
}

#[tokio::test]
async fn sms_codes_expire_after_five_minutes() {
    let (server, _) = start_sms(Options::default()).await;
    let store = server.store();
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64;
    blocking(move || {
        let stale = portal_server::sms::hash_code("13900000204", "123456").expect("hash");
        store.save_sms_code("13900000204", &stale, now - 1).expect("save");
        let fresh = portal_server::sms::hash_code("13900000205", "654321").expect("hash");
        store.save_sms_code("13900000205", &fresh, now + 300).expect("save");
    })
    .await;
    let (_, body) = error_of(server.sms_login(&server.client(), "13900000204", "123456").await).await;
    assert_eq!(body.code, "code_expired");
    assert_eq!(server.sms_login(&server.client(), "13900000205", "654321").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn sms_codes_are_limited_per_phone_and_per_address() {
    let (server, outbox) = start_sms(Options { trusted_proxies: 1, ..Options::default() }).await;
    // A double click on 获取验证码: two requests at once, one code.
    let (first, second) = (server.client(), server.client());
    let (a, b) =
        tokio::join!(server.sms_code(&first, "13900000206"), server.sms_code(&second, "13900000206"));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::TOO_MANY_REQUESTS]);
    let refused = if a.status() == StatusCode::OK { b } else { a };
    let wait: u64 = refused.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((55..=60).contains(&wait), "the resend wait, said {wait}");
    assert_eq!(codes_sent(&outbox, "13900000206").len(), 1);
    // One address asking for many phones: 10, then waits.
    let from = |i: u32| {
        let server = &server;
        async move {
            server
                .client()
                .post(server.url("/auth/sms/code"))
                .header("x-forwarded-for", "203.0.113.9")
                .json(&json!({ "phone": format!("1380000{i:04}") }))
                .send()
                .await
                .expect("send")
                .status()
        }
    };
    for i in 0..10 {
        assert_eq!(from(i).await, StatusCode::OK, "phone {i}");
    }
    assert_eq!(from(10).await, StatusCode::TOO_MANY_REQUESTS);
}

/// A drafts document of one 福建 draft with `rows` groups (school ids from 1).
fn plans_document(name: &str, rows: u32) -> serde_json::Value {
    use portal_model::admissions::Track;
    use portal_model::volunteer::drafts::Drafts;
    use portal_model::volunteer::list::ListRow;
    let mut drafts = Drafts::default();
    drafts.create(format!("id{rows}"), "福建", Track::Physics, 1_750_000_000_000).expect("create");
    drafts.rename(&format!("id{rows}"), name, 1_750_000_000_001).expect("rename");
    let list: Vec<ListRow> = (1..=rows)
        .map(|school| ListRow {
            school,
            group: "01".into(),
            majors: vec!["01".into(), "02".into()],
            adjust: true,
        })
        .collect();
    drafts.edit(&format!("id{rows}"), 1_750_000_000_002, |l| l.rows = list).expect("edit");
    serde_json::to_value(&drafts).expect("json")
}

async fn save_plans(
    server: &Server,
    client: &Client,
    revision: u64,
    drafts: serde_json::Value,
) -> reqwest::Response {
    server
        .send(client, reqwest::Method::PUT, "/me/plans")
        .json(&json!({ "revision": revision, "drafts": drafts }))
        .send()
        .await
        .expect("send")
}

#[tokio::test]
async fn plans_follow_the_account_and_a_stale_save_is_refused() {
    use portal_model::volunteer::drafts::{AccountDrafts, PlansSaved};
    let server = start().await;
    let (phone, laptop, other) = (server.client(), server.client(), server.client());
    // Not signed in: nothing to read or save.
    assert_eq!(server.error("/me/plans").await.0, StatusCode::UNAUTHORIZED);
    let anonymous = save_plans(&server, &server.plain(), 0, plans_document("方案一", 1)).await;
    assert_eq!(error_of(anonymous).await.0, StatusCode::UNAUTHORIZED);
    server.register(&phone, "plan_owner", "13900000031").await;
    server.login(&laptop, "plan_owner", "gaokao2025").await;
    server.register(&other, "plan_other", "13900000032").await;
    let empty: AccountDrafts<serde_json::Value> = server.get(&phone, "/me/plans").await;
    assert_eq!((empty.revision, empty.drafts["drafts"].as_array().map(Vec::len)), (0, Some(0)));
    // The phone saves first; the laptop, which read revision 0 too, is told to merge.
    let saved: PlansSaved =
        save_plans(&server, &phone, 0, plans_document("冲一冲", 3)).await.json().await.expect("saved");
    assert_eq!(saved.revision, 1);
    let (status, body) = error_of(save_plans(&server, &laptop, 0, plans_document("稳妥", 2)).await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::CONFLICT, "plans_changed"));
    assert_eq!(body.message, "志愿表已在其他设备上修改，请重新读取后合并");
    let kept: AccountDrafts<serde_json::Value> = server.get(&laptop, "/me/plans").await;
    assert_eq!(kept.revision, 1);
    assert_eq!(kept.drafts, plans_document("冲一冲", 3), "kept as sent");
    let saved: PlansSaved =
        save_plans(&server, &laptop, 1, plans_document("稳妥", 2)).await.json().await.expect("saved");
    assert_eq!(saved.revision, 2);
    let (status, _) = error_of(save_plans(&server, &phone, 1, plans_document("冲一冲", 3)).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "the phone's base is now stale");
    // Another account sees only its own.
    let theirs: AccountDrafts<serde_json::Value> = server.get(&other, "/me/plans").await;
    assert_eq!(theirs.revision, 0);
}

#[tokio::test]
async fn concurrent_saves_from_one_revision_keep_exactly_one() {
    use portal_model::volunteer::drafts::AccountDrafts;
    let server = Arc::new(start().await);
    let client = server.client();
    server.register(&client, "plan_racer", "13900000033").await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (server, client) = (server.clone(), client.clone());
        tasks.push(tokio::spawn(async move {
            save_plans(&server, &client, 0, plans_document(&format!("方案{i}"), i + 1)).await.status()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT), "{statuses:?}");
    let kept: AccountDrafts<serde_json::Value> = server.get(&client, "/me/plans").await;
    assert_eq!(kept.revision, 1);
}

#[tokio::test]
async fn plans_are_validated_and_size_limited() {
    let server = start().await;
    let client = server.client();
    let registered = server.register(&client, "plan_checker", "13900000034").await;
    let cookie = cookie_pair(&registered);
    // A tampered document is refused with what is wrong, not kept with parts left out.
    let mut bad = plans_document("方案一", 1);
    bad["drafts"][0]["province"] = json!("火星");
    let (status, body) = error_of(save_plans(&server, &client, 0, bad).await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid"));
    assert_eq!(body.message, "志愿表内容不正确：“方案一”的省份“火星”无法识别，该方案已忽略");
    for garbage in [json!("text"), json!({ "revision": -1, "drafts": {} }), json!({ "drafts": {} })] {
        let response = server
            .send(&client, reqwest::Method::PUT, "/me/plans")
            .json(&garbage)
            .send()
            .await
            .expect("send");
        assert_eq!(error_of(response).await.0, StatusCode::BAD_REQUEST, "{garbage}");
    }
    // Larger than other bodies may be (16 KB), within the drafts' limit: kept.
    let mut big = plans_document("四十个志愿", 120);
    let first = big["drafts"][0].clone();
    for i in 2..=4 {
        let mut copy = first.clone();
        (copy["id"], copy["name"]) = (json!(format!("copy{i}")), json!(format!("方案{i}")));
        big["drafts"].as_array_mut().expect("drafts").push(copy);
    }
    assert!(serde_json::to_string(&big).expect("json").len() > portal_server::guard::BODY_LIMIT);
    assert_eq!(save_plans(&server, &client, 0, big).await.status(), StatusCode::OK);
    // Over the limit, said in advance or sent in chunks: 413 with its own message.
    let huge = json!({ "revision": 1, "drafts": plans_document(&"长".repeat(20), 1), "pad": "x".repeat(130 * 1024) });
    let (status, body) = error_of(
        server.send(&client, reqwest::Method::PUT, "/me/plans").json(&huge).send().await.expect("send"),
    )
    .await;
    assert_eq!((status, body.code.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "plans_too_large"));
    assert_eq!(body.message, "志愿表内容过多（超过128KB），请删除不用的方案后再保存");
    let text = serde_json::to_string(&huge).expect("json");
    let head = format!(
        "PUT /api/me/plans HTTP/1.1\r\nhost: {}\r\norigin: {}\r\ncookie: {cookie}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n{:x}\r\n{text}\r\n0\r\n\r\n",
        server.host(),
        server.origin,
        text.len()
    );
    let answer = server.raw(&head, Duration::from_secs(30)).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("plans_too_large"), "{answer}");
}
