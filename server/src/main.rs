//! `portal-server`: the reference API on SQLite or PostgreSQL.
//!
//!   portal-server [--addr 127.0.0.1:3000] [--db haixia.sqlite | --db postgres://…] [--db-pool N] [--fresh]
//!                 [--seed-dir public/data | --synthetic SCHOOLS ARTICLES]
//!                 [--static dist] [--site-config] [--public-origin https://site.example]...
//!                 [--allow-origin https://other.example]...
//!                 [--https] [--plain-http-cookies] [--trust-proxy [N]] [--max-connections N]
//!                 [--max-connections-per-address N]
//!                 [--registrations-per-hour N] [--demo-account] [--sms-outbox FILE]
//!
//! The API is served under /api. An empty database is seeded on start.

use clap::Parser;
use portal_model::validate;
use portal_server::store::{self, Store};
use portal_server::{seed, Options};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// The reference API of 海峡高考门户 on SQLite or PostgreSQL (docs/server.md).
#[derive(Parser)]
#[command(name = "portal-server", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "HAIXIA_ADDR", default_value = "127.0.0.1:3000")]
    addr: SocketAddr,
    /// The database: a SQLite file path (created when missing), or a PostgreSQL URL
    /// (`postgres://user@host:5432/haixia`) for several instances sharing one database.
    /// Migrated on start; seeded when it holds no schools.
    #[arg(long, env = "HAIXIA_DB", default_value = "haixia.sqlite")]
    db: String,
    /// PostgreSQL connections this instance keeps at most.
    #[arg(long, env = "HAIXIA_DB_POOL", default_value_t = 16)]
    db_pool: u32,
    /// Delete the SQLite file first (refused for PostgreSQL: drop the database yourself).
    #[arg(long)]
    fresh: bool,
    /// Seed an empty database from these fixture files.
    #[arg(long, default_value = "public/data")]
    seed_dir: PathBuf,
    /// Seed an empty database with a generated set of this many schools and articles instead.
    #[arg(long, num_args = 2, value_names = ["SCHOOLS", "ARTICLES"])]
    synthetic: Option<Vec<usize>>,
    /// Serve the built site from this folder too, with the headers of its `_headers` file.
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Serve a config.json that points the site at this API.
    #[arg(long)]
    site_config: bool,
    /// An origin the site is published at (`https://gaokao.example.cn`); repeatable. Requests
    /// for any other Host are refused (421) and changes must come from one of them. Without
    /// it only IP addresses and localhost are served.
    #[arg(
        long = "public-origin",
        env = "HAIXIA_PUBLIC_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    public_origins: Vec<String>,
    /// Another origin allowed to send changes (CSRF check); repeatable.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allowed_origins: Vec<String>,
    /// The site is served over https (the old name `--secure-cookies` still works).
    #[arg(long, alias = "secure-cookies")]
    https: bool,
    /// A session cookie without the `__Host-` prefix, for plain http on a non-loopback address.
    #[arg(long)]
    plain_http_cookies: bool,
    /// Trust this many proxies in front of the server for `X-Forwarded-For` (1 when given bare).
    #[arg(long, num_args = 0..=1, default_missing_value = "1", value_name = "N")]
    trust_proxy: Option<usize>,
    /// At most this many connections at once.
    #[arg(long)]
    max_connections: Option<usize>,
    /// At most this many connections at once from one client address (by socket; 0: no cap).
    /// Default 64, and no cap with --trust-proxy (every socket is then the proxy's).
    #[arg(long, value_name = "N")]
    max_connections_per_address: Option<usize>,
    /// Create the demo account (model::validate::DEMO_USERNAME) if it is missing.
    #[arg(long)]
    demo_account: bool,
    /// Offer 手机验证码 sign-in with the development sender: codes are appended to this file
    /// (one JSON line each) instead of being sent. For development and tests; a real SMS
    /// provider plugs in as described in server/src/sms.rs.
    #[arg(long, env = "HAIXIA_SMS_OUTBOX", value_name = "FILE")]
    sms_outbox: Option<PathBuf>,
    /// Registrations allowed per address and hour.
    #[arg(long)]
    registrations_per_hour: Option<usize>,
    /// Seconds an account waits after its free sign-in failures (doubling with each further
    /// one, up to 15 minutes); default 1.
    #[arg(long, env = "HAIXIA_SIGN_IN_WAIT", value_name = "SECONDS")]
    sign_in_wait: Option<u64>,
}

impl Args {
    fn options(&self) -> Options {
        let mut options = Options {
            static_dir: self.static_dir.clone(),
            site_config: self.site_config,
            allowed_origins: self.allowed_origins.clone(),
            public_origins: self.public_origins.clone(),
            https: self.https,
            plain_http_cookies: self.plain_http_cookies,
            trusted_proxies: self.trust_proxy.unwrap_or(0),
            ..Options::default()
        };
        if let Some(max) = self.max_connections {
            options.limits.max_connections = max;
        }
        options.limits.max_connections_per_address = self.max_connections_per_address;
        if let Some(outbox) = &self.sms_outbox {
            options.sms = Some(Arc::new(portal_server::sms::OutboxSender::new(outbox.clone())));
        }
        if let Some(per_hour) = self.registrations_per_hour {
            options.registrations_per_hour = per_hour;
        }
        if let Some(seconds) = self.sign_in_wait {
            let base = std::time::Duration::from_secs(seconds);
            options.login_per_account_address =
                Some(portal_server::auth::Policy { base, ..portal_server::LOGIN_PER_ACCOUNT_ADDRESS });
        }
        options
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let postgres = store::is_postgres_url(&args.db);
    if args.fresh && postgres {
        eprintln!("portal-server: --fresh deletes SQLite files only; drop a PostgreSQL database yourself");
        return ExitCode::FAILURE;
    }
    if args.fresh {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", args.db));
        }
    }
    let shown = if postgres { "the PostgreSQL database".to_string() } else { args.db.clone() };
    // Opening, seeding and the demo account block (the PostgreSQL client runs its own
    // runtime): off the async threads.
    let prepared = tokio::task::spawn_blocking({
        let (db, pool, synthetic, seed_dir, demo) =
            (args.db.clone(), args.db_pool, args.synthetic.clone(), args.seed_dir.clone(), args.demo_account);
        move || prepare(&db, pool, synthetic.as_deref(), &seed_dir, demo)
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r);
    let store = match prepared {
        Ok(store) => store,
        Err(e) => {
            eprintln!("portal-server: {shown}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("portal-server: cannot listen on {}: {e}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    eprintln!("portal-server: API at http://{}/api", args.addr);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match portal_server::serve(listener, store, args.options(), shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portal-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the store, seeds it when empty and adds the demo account when asked.
fn prepare(
    db: &str,
    pool: u32,
    synthetic: Option<&[usize]>,
    seed_dir: &std::path::Path,
    demo_account: bool,
) -> Result<Arc<Store>, String> {
    let store = Arc::new(Store::open(db, pool).map_err(|e| format!("cannot open: {e}"))?);
    store.listen_for_follow_news().map_err(|e| e.to_string())?;
    if store.is_empty().map_err(|e| e.to_string())? {
        let dataset = match synthetic {
            Some(&[schools, articles]) => Ok(fixturegen::synthetic(schools, articles)),
            Some(_) => Err("--synthetic needs two counts".to_string()),
            None => seed::from_fixture_dir(seed_dir).map_err(|e| e.to_string()),
        };
        let (d, seeded) = dataset
            .and_then(|d| store.seed(&d).map(|seeded| (d, seeded)).map_err(|e| e.to_string()))
            .map_err(|e| format!("cannot seed the database: {e}"))?;
        if seeded {
            eprintln!("portal-server: seeded {} schools and {} articles", d.schools.len(), d.articles.len());
        } else {
            eprintln!("portal-server: another instance seeded the database");
        }
    }
    if demo_account {
        let created = portal_server::auth::hash_password(validate::DEMO_PASSWORD)
            .map_err(|e| e.to_string())
            .and_then(|hash| {
                store
                    .create_user(validate::DEMO_USERNAME, validate::DEMO_PHONE, &hash)
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = created {
            eprintln!("portal-server: cannot create the demo account: {e}");
        }
    }
    Ok(store)
}
