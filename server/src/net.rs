//! The connection side: our own accept loop on hyper (axum::serve sets no timeouts), with a
//! header read timeout that also closes idle keep-alive sockets, a cap on open connections,
//! and graceful shutdown; plus who the client is (`X-Forwarded-For` from trusted proxies only)
//! and what an `Origin` header says.

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// A client has this long to send a request's head, counted from when the connection starts
/// waiting for it: a half-sent header and an idle keep-alive socket are both closed after it
/// (hyper starts the timer as soon as it waits for the next request).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A request body must arrive within this.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// A whole request (body, queueing for a hash, the answer) must be done within this; then 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Open connections at once; the next ones wait in the kernel's backlog. Kept well under the
/// usual open-file limit (1024) so the database and static files always have descriptors.
pub const MAX_CONNECTIONS: usize = 768;
/// Open connections from one client address (its socket's: an IPv4 address, an IPv6 /64):
/// past it the next is answered 429 and closed, so one host cannot hold the slots of
/// [`MAX_CONNECTIONS`] that everyone else needs. A browser opens at most 6 per site, so this
/// leaves room for a school's or a carrier's NAT; behind a proxy of ours every connection
/// comes from the proxy, so there it is off unless set (`--max-connections-per-address`).
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 64;
/// How long a password hash may wait for a free slot before the answer is 503.
pub const HASH_WAIT: Duration = Duration::from_secs(2);
/// A connection whose writes make no progress for this long is closed: the client stopped
/// reading (its buffers and ours are full). Hyper's only timeout is for reading a request's
/// head, and the request timeout ends when the answer starts, so without this a client that
/// asks for a large file and never reads it holds its connection, and a slot of the cap, for
/// good.
pub const WRITE_STALL_TIMEOUT: Duration = Duration::from_secs(30);
/// How long shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The connection and request limits ([`Limits::default`] holds the constants above; tests
/// shorten them).
#[derive(Clone, Debug)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub body_timeout: Duration,
    pub request_timeout: Duration,
    pub max_connections: usize,
    /// See [`MAX_CONNECTIONS_PER_ADDRESS`]; `None`: that, or no cap behind a trusted proxy;
    /// `Some(0)`: no cap.
    pub max_connections_per_address: Option<usize>,
    /// See [`WRITE_STALL_TIMEOUT`].
    pub write_stall_timeout: Duration,
    pub hash_wait: Duration,
    /// Password hashes running at once; 0 means one per core.
    pub hash_permits: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            request_timeout: REQUEST_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            max_connections_per_address: None,
            write_stall_timeout: WRITE_STALL_TIMEOUT,
            hash_wait: HASH_WAIT,
            hash_permits: 0,
        }
    }
}

impl Limits {
    /// Each argon2 check holds about 19 MiB, so at most this many run at once: one per core,
    /// which is also all the CPU there is to run them.
    pub fn hash_slots(&self) -> usize {
        if self.hash_permits > 0 {
            self.hash_permits
        } else {
            std::thread::available_parallelism().map_or(2, |n| n.get())
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets requests in flight finish
/// (for at most [`SHUTDOWN_GRACE`]). `per_address` caps one client address's connections
/// (0: no cap).
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    per_address: usize,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let addresses = AddressSlots::new(per_address);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        // Take a slot before accepting, so past the cap new clients wait in the backlog
        // instead of costing a descriptor each.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors and the like: wait a moment rather than spin.
                    eprintln!("portal-server: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // By the socket's address, whatever a proxy's header says: the header is not read yet,
        // and the connection is the socket's.
        let Some(address_slot) = addresses.take(address_key(peer.ip())) else {
            drop(slot);
            tokio::spawn(refuse(stream));
            continue;
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let io = TokioIo::new(StallTimeout::new(stream, limits.write_stall_timeout));
        let connection = graceful.watch(http.serve_connection(io, service));
        tokio::spawn(async move {
            // A client that goes away mid-request is not our error.
            let _ = connection.await;
            drop((slot, address_slot));
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
}

/// Open connections per client address, each held by an [`AddressSlot`].
struct AddressSlots {
    cap: usize,
    open: Arc<Mutex<HashMap<String, usize>>>,
}

/// One open connection of an address; closing it (dropping this) frees the place.
struct AddressSlot {
    open: Arc<Mutex<HashMap<String, usize>>>,
    key: String,
}

impl AddressSlots {
    fn new(cap: usize) -> AddressSlots {
        AddressSlots { cap, open: Arc::default() }
    }

    /// A place for one more connection from `key`, or `None` at the cap.
    fn take(&self, key: String) -> Option<AddressSlot> {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = open.entry(key.clone()).or_insert(0);
        if self.cap > 0 && *count >= self.cap {
            return None;
        }
        *count += 1;
        Some(AddressSlot { open: self.open.clone(), key })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = open.get_mut(&self.key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// Answers a connection past its address's cap with the API's JSON 429 and closes it; a
/// client that does not take the answer within a second is just closed.
async fn refuse(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let answer = crate::error::raw_answer(
        hyper::StatusCode::TOO_MANY_REQUESTS,
        portal_model::ErrorCode::TooManyAttempts,
        "同一网络的连接过多，请稍后再试",
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(&answer).await?;
        stream.shutdown().await
    })
    .await;
}

/// A socket whose writes fail once one has waited `timeout` without the client taking a
/// byte (tokio's timer, no extra dependency); reads pass through untouched.
struct StallTimeout<T> {
    io: T,
    timeout: Duration,
    /// Armed when a write finds the socket full; disarmed by any progress.
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<T> StallTimeout<T> {
    fn new(io: T, timeout: Duration) -> Self {
        StallTimeout { io, timeout, stalled: None }
    }

    /// Passes a write's outcome on, or turns a wait that has lasted `timeout` into an error.
    fn watch<R>(&mut self, cx: &mut Context<'_>, outcome: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        if outcome.is_ready() {
            self.stalled = None;
            return outcome;
        }
        let timeout = self.timeout;
        let stalled = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => {
                Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for StallTimeout<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for StallTimeout<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let outcome = Pin::new(&mut self.io).poll_write(cx, buf);
        self.watch(cx, outcome)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let outcome = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.watch(cx, outcome)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let outcome = Pin::new(&mut self.io).poll_flush(cx);
        self.watch(cx, outcome)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let outcome = Pin::new(&mut self.io).poll_shutdown(cx);
        self.watch(cx, outcome)
    }
}

/// The client's address for rate limits. Behind `trusted_proxies` proxies of ours, each of
/// which appends the address it received the request from to `X-Forwarded-For`, the client is
/// the entry `trusted_proxies` places from the right: everything left of it was written by the
/// client and proves nothing. With 0 trusted proxies the header is ignored.
pub fn client_ip(headers: &HeaderMap, peer: SocketAddr, trusted_proxies: usize) -> IpAddr {
    if trusted_proxies == 0 {
        return peer.ip();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    // Fewer hops than proxies: the outermost proxy did not add one; its own address (the
    // leftmost entry, written by a proxy of ours) is the best there is.
    let index = hops.len().saturating_sub(trusted_proxies);
    hops.get(index).and_then(|hop| hop.parse::<IpAddr>().ok()).unwrap_or_else(|| peer.ip())
}

/// The key under which rate limits count a client address: an IPv4 address as is; an IPv6
/// address by its /64 network, since one subscriber is usually given a whole /64 and could
/// otherwise take a fresh address for every attempt. An IPv4 client seen through a dual-stack
/// socket (`::ffff:a.b.c.d`) counts as its IPv4 address, not as one /64 shared by all of them.
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let network = u128::from(v6) & !(u128::MAX >> 64);
                format!("{}/64", std::net::Ipv6Addr::from(network))
            }
        },
    }
}

/// An origin in its one canonical form (`https://host` or `http://host:port`, lower case,
/// default port left out), or `None` for anything else: `null`, a path, user info, a
/// non-ASCII or empty host, another scheme, a bad port.
pub fn canonical_origin(raw: &str) -> Option<String> {
    if !raw.is_ascii() || raw.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control()) {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://")?;
    let default_port = match scheme {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let (host, port) = split_host_port(rest)?;
    match port {
        Some(port) if port != default_port => Some(format!("{scheme}://{host}:{port}")),
        _ => Some(format!("{scheme}://{host}")),
    }
}

/// `host[:port]` with a DNS name, IPv4 address or bracketed IPv6 address, and nothing else.
pub fn split_host_port(text: &str) -> Option<(&str, Option<&str>)> {
    let (host, port) = if text.starts_with('[') {
        let end = text.find(']')?;
        let host = &text[..=end];
        host[1..end].parse::<std::net::Ipv6Addr>().ok()?;
        match &text[end + 1..] {
            "" => (host, None),
            rest => (host, Some(rest.strip_prefix(':')?)),
        }
    } else {
        let (host, port) = match text.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        };
        let name_ok = !host.is_empty()
            && host.len() <= 253
            && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            && !host.starts_with('.')
            && !host.starts_with('-');
        if !name_ok {
            return None;
        }
        (host, port)
    };
    if let Some(port) = port {
        let digits = !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !digits || port.parse::<u32>().ok()? > 65_535 {
            return None;
        }
    }
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_parse_strictly() {
        assert_eq!(canonical_origin("http://127.0.0.1:3000").as_deref(), Some("http://127.0.0.1:3000"));
        assert_eq!(
            canonical_origin("HTTPS://Portal.Example.cn:443").as_deref(),
            Some("https://portal.example.cn")
        );
        assert_eq!(canonical_origin("http://[::1]:8080").as_deref(), Some("http://[::1]:8080"));
        for bad in [
            "null",
            "",
            "127.0.0.1:3000",
            "http://",
            "http://host/",
            "http://host/path",
            "http://user@host",
            "http://host:",
            "http://host:+80",
            "http://host:99999",
            "http://hóst",
            "http://host name",
            "ftp://host",
            "http://[::1",
            "http://[zz]",
            "http://host?x",
        ] {
            assert_eq!(canonical_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn ipv6_clients_count_by_their_64_network() {
        let key = |ip: &str| address_key(ip.parse().expect("ip"));
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:198.51.100.4"), "198.51.100.4", "IPv4 through a dual-stack socket");
        assert_eq!(key("::1"), "::/64");
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_hop() {
        let peer: SocketAddr = "10.0.0.9:5000".parse().expect("addr");
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 1.2.3.4".parse().expect("value"));
        assert_eq!(client_ip(&headers, peer, 0).to_string(), "10.0.0.9");
        assert_eq!(client_ip(&headers, peer, 1).to_string(), "1.2.3.4");
        assert_eq!(client_ip(&headers, peer, 2).to_string(), "6.6.6.6");
        assert_eq!(client_ip(&headers, peer, 5).to_string(), "6.6.6.6");
        headers.insert("x-forwarded-for", "not an address".parse().expect("value"));
        assert_eq!(client_ip(&headers, peer, 1).to_string(), "10.0.0.9");
        assert_eq!(client_ip(&HeaderMap::new(), peer, 1).to_string(), "10.0.0.9");
    }
}
