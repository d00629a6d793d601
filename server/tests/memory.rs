//! Memory under a burst of failed sign-ins. Its own test binary, so the process's peak
//! resident memory (VmHWM) is this test's alone.

mod common;

use common::server::start_empty;
use portal_server::{Limits, Options};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

/// Peak resident memory of this process so far, in MiB.
fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()).expect("kB") / 1024
}

/// Each argon2 check holds ~19 MiB. 100 at once used to take 1.6 GB; with two hashing slots
/// the peak grows by at most the slots' buffers and a margin for connections and threads
/// (measured: +7 MiB), and the requests that find no slot in time get 503 with Retry-After
/// and the busy message instead of memory.
#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_sign_ins_stays_within_bounded_memory() {
    const BURST: usize = 100;
    const SLOTS: usize = 2;
    /// One argon2 buffer (the argon2 crate's default parameters: 19 MiB).
    const HASH_MIB: u64 = 19;
    /// Connections, request buffers, blocking-pool threads, allocator slack.
    const MARGIN_MIB: u64 = 40;
    const BOUND_MIB: u64 = SLOTS as u64 * HASH_MIB + MARGIN_MIB;
    // Two slots whatever the machine (the default is one per core), so the bound holds on a
    // 64-core runner too.
    let limits = Limits { hash_permits: SLOTS, hash_wait: Duration::from_millis(300), ..Limits::default() };
    // Behind one trusted proxy, so each request can be its own client: no address limit
    // stands in for the hashing cap.
    let options = Options { trusted_proxies: 1, limits, ..Options::default() };
    let server = start_empty(options).await;
    // Warm up: the decoy hash and the first connection.
    let client = reqwest::Client::builder().pool_max_idle_per_host(BURST).build().expect("client");
    let login = |i: usize| {
        server
            .send(&client, reqwest::Method::POST, "/session")
            .header("x-forwarded-for", format!("10.0.{}.{}", i / 250, i % 250))
            .json(&json!({ "account": format!("nobody_{i}"), "password": "wrong-pass1" }))
            .send()
    };
    assert_eq!(login(100_000).await.expect("send").status(), StatusCode::UNAUTHORIZED);
    let before = peak_mib();
    let answers = futures_join(BURST, &login).await;
    let after = peak_mib();
    let busy = answers.iter().filter(|(s, _, _)| *s == StatusCode::SERVICE_UNAVAILABLE).count();
    let failed = answers.iter().filter(|(s, _, _)| *s == StatusCode::UNAUTHORIZED).count();
    eprintln!("peak resident memory: {before} MiB before, {after} MiB after {BURST} parallel sign-ins ({failed} hashed, {busy} busy)");
    assert_eq!(busy + failed, BURST, "only 401 and 503: {answers:?}");
    assert!(busy > 0, "the burst outruns the slots");
    for (status, retry, message) in &answers {
        if *status == StatusCode::SERVICE_UNAVAILABLE {
            assert!(*retry, "503 says when");
            assert_eq!(message, "服务器繁忙，请稍后再试");
        }
    }
    assert!(after - before < BOUND_MIB, "peak grew by {} MiB", after - before);
}

/// Sends `n` requests at once and collects (status, has Retry-After, error message).
async fn futures_join<F, Fut>(n: usize, send: &F) -> Vec<(StatusCode, bool, String)>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Result<reqwest::Response>>,
{
    let mut pending: Vec<_> = (0..n).map(|i| Box::pin(send(i))).collect();
    let mut out = Vec::new();
    // Drive all at once: poll them together on this task.
    let results = std::future::poll_fn(|cx| {
        let mut all_done = true;
        for (i, fut) in pending.iter_mut().enumerate() {
            if out.len() <= i {
                out.resize_with(i + 1, || None);
            }
            if out[i].is_none() {
                match fut.as_mut().poll(cx) {
                    std::task::Poll::Ready(r) => out[i] = Some(r),
                    std::task::Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            std::task::Poll::Ready(std::mem::take(&mut out))
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    let mut answers = Vec::new();
    for response in results {
        let response = response.expect("polled").expect("send");
        let (status, retry) = (response.status(), response.headers().contains_key("retry-after"));
        let body: serde_json::Value = response.json().await.expect("a JSON error");
        answers.push((status, retry, body["message"].as_str().unwrap_or_default().to_string()));
    }
    answers
}
