//! `portal-server`: the reference API on SQLite.
//!
//!   portal-server [--addr 127.0.0.1:3000] [--db haixia.sqlite] [--fresh]
//!                 [--seed-dir public/data | --synthetic SCHOOLS ARTICLES]
//!                 [--static dist] [--site-config] [--allow-origin https://site.example]...
//!                 [--https] [--plain-http-cookies] [--trust-proxy [N]] [--max-connections N]
//!                 [--registrations-per-hour N] [--demo-account]
//!
//! The API is served under /api. An empty database is seeded on start.

use portal_model::validate;
use portal_server::store::{SqliteStore, Store};
use portal_server::{seed, Options};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

struct Args {
    addr: SocketAddr,
    db: PathBuf,
    fresh: bool,
    seed_dir: PathBuf,
    synthetic: Option<(usize, usize)>,
    /// Create the account demo / gaokao2024 (for staging and tests) if it is missing.
    demo_account: bool,
    options: Options,
}

fn parse() -> Result<Args, String> {
    let env = |k: &str| std::env::var(k).ok();
    let mut args = Args {
        addr: env("HAIXIA_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| format!("HAIXIA_ADDR: {e}"))?,
        db: env("HAIXIA_DB").unwrap_or_else(|| "haixia.sqlite".into()).into(),
        fresh: false,
        seed_dir: "public/data".into(),
        synthetic: None,
        demo_account: false,
        options: Options::default(),
    };
    let mut it = std::env::args().skip(1).peekable();
    while let Some(flag) = it.next() {
        if flag == "--trust-proxy" {
            // `--trust-proxy` alone (as before) means one proxy; `--trust-proxy N`, N of them.
            let count = it.peek().and_then(|n| n.parse::<usize>().ok());
            args.options.trusted_proxies = count.unwrap_or(1);
            if count.is_some() {
                it.next();
            }
            continue;
        }
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--addr" => args.addr = value()?.parse().map_err(|e| format!("--addr: {e}"))?,
            "--db" => args.db = value()?.into(),
            "--fresh" => args.fresh = true,
            "--seed-dir" => args.seed_dir = value()?.into(),
            "--synthetic" => {
                let schools = value()?.parse().map_err(|e| format!("--synthetic: {e}"))?;
                let articles = value()?.parse().map_err(|e| format!("--synthetic: {e}"))?;
                args.synthetic = Some((schools, articles));
            }
            "--static" => args.options.static_dir = Some(value()?.into()),
            "--site-config" => args.options.site_config = true,
            "--allow-origin" => args.options.allowed_origins.push(value()?),
            // `--secure-cookies` is the old name: the cookie is always `Secure` now, and the flag
            // said the site is served over https.
            "--https" | "--secure-cookies" => args.options.https = true,
            "--plain-http-cookies" => args.options.plain_http_cookies = true,
            "--max-connections" => {
                args.options.limits.max_connections =
                    value()?.parse().map_err(|e| format!("--max-connections: {e}"))?
            }
            "--demo-account" => args.demo_account = true,
            "--registrations-per-hour" => {
                args.options.registrations_per_hour =
                    value()?.parse().map_err(|e| format!("--registrations-per-hour: {e}"))?
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse() {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("portal-server: {problem}");
            return ExitCode::from(2);
        }
    };
    if args.fresh {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", args.db.display()));
        }
    }
    let store = match SqliteStore::open(&args.db) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("portal-server: cannot open {}: {e}", args.db.display());
            return ExitCode::FAILURE;
        }
    };
    if store.is_empty().unwrap_or(false) {
        let dataset = match args.synthetic {
            Some((schools, articles)) => Ok(fixturegen::synthetic(schools, articles)),
            None => seed::from_fixture_dir(&args.seed_dir),
        };
        match dataset
            .map_err(|e| e.to_string())
            .and_then(|d| store.seed(&d).map(|_| d).map_err(|e| e.to_string()))
        {
            Ok(d) => eprintln!(
                "portal-server: seeded {} schools and {} articles",
                d.schools.len(),
                d.articles.len()
            ),
            Err(e) => {
                eprintln!("portal-server: cannot seed the database: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if args.demo_account {
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
    let store: Arc<dyn Store> = Arc::new(store);
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
    match portal_server::serve(listener, store, args.options, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portal-server: {e}");
            ExitCode::FAILURE
        }
    }
}
