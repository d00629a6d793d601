//! The schema of both databases, in one place: each migration is a version number with its
//! SQLite and its PostgreSQL text, applied in order by the store that opens the database
//! (`SqliteStore::open`, `PgStore::connect`) and recorded in `meta` (key `schema`). A server
//! refuses a database whose schema is newer than it knows.
//!
//! To change the schema: append a migration with the next version and both texts, never edit
//! one that has shipped. The two texts differ only where the dialects do (integer widths,
//! `COLLATE NOCASE` vs an index on `lower(username)`, `rowid` vs a serial column); column
//! names and meanings are the same, so the stores' queries read alike.
//!
//! PostgreSQL text columns that answers are ordered by use the "C" collation, so the order is
//! byte order, as in SQLite, whatever the database's locale.

pub struct Migration {
    pub version: i64,
    /// What it adds, for the log.
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
    /// Work in Rust after the SQL, in the same transaction (what SQL cannot compute).
    pub then: Option<Backfill>,
}

/// A migration's step in Rust, run by each store on its own connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backfill {
    /// Every user without a `username_key` gets one ([`username_keys`]).
    UsernameKeys,
}

/// Keys for users that have none yet (`rows`: id and username, oldest first), given the keys
/// already `taken`: the fold of the name (`portal_model::username::key`), or, for a look-alike
/// of a name registered before the fold existed, the fold and `#id`, a key no new name can
/// have (`#` is not allowed in usernames): both accounts keep their names and sign in by the
/// exact name; the older one also by its look-alikes.
pub fn username_keys(
    rows: &[(i64, String)],
    taken: &mut std::collections::HashSet<String>,
) -> Vec<(i64, String)> {
    rows.iter()
        .map(|(id, name)| {
            let key = portal_model::username::key(name);
            let key = if taken.contains(&key) { format!("{key}#{id}") } else { key };
            taken.insert(key.clone());
            (*id, key)
        })
        .collect()
}

/// The newest schema version this server knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The migrations after `current`, in order.
pub fn pending(current: i64) -> impl Iterator<Item = &'static Migration> {
    MIGRATIONS.iter().filter(move |m| m.version > current)
}

/// Every migration, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "schools, articles, accounts, sessions, follows, 招生数据",
        sqlite: "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, short_name TEXT NOT NULL, pinyin TEXT NOT NULL,
    level TEXT NOT NULL, kind TEXT NOT NULL, nature TEXT NOT NULL,
    province TEXT NOT NULL, city TEXT NOT NULL, tags TEXT NOT NULL,
    base_followers INTEGER NOT NULL, profile TEXT NOT NULL,
    name_norm TEXT NOT NULL, short_norm TEXT NOT NULL, pinyin_norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS schools_followers ON schools(base_followers DESC);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    title TEXT NOT NULL, author TEXT NOT NULL, published TEXT NOT NULL, views INTEGER NOT NULL,
    category TEXT NOT NULL, summary TEXT NOT NULL, tags TEXT NOT NULL, body_html TEXT NOT NULL,
    title_norm TEXT NOT NULL, summary_norm TEXT NOT NULL, school_norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_school ON articles(school_id, id DESC);
CREATE TABLE IF NOT EXISTS article_tags (
    tag TEXT NOT NULL, article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (tag, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    phone TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL DEFAULT (unixepoch())
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS follows (
    user_id INTEGER NOT NULL REFERENCES users(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    followed_at INTEGER NOT NULL DEFAULT (unixepoch()),
    PRIMARY KEY (user_id, school_id)
);
CREATE INDEX IF NOT EXISTS follows_school ON follows(school_id);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);

CREATE TABLE IF NOT EXISTS admission_schools (
    school_id INTEGER PRIMARY KEY REFERENCES schools(id),
    provinces TEXT NOT NULL, majors TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS score_lines (
    school_id INTEGER NOT NULL REFERENCES schools(id), seq INTEGER NOT NULL,
    province TEXT NOT NULL, track TEXT NOT NULL, year INTEGER NOT NULL, batch TEXT NOT NULL,
    admission_type TEXT NOT NULL, grp TEXT, subjects TEXT NOT NULL,
    lowest INTEGER NOT NULL, lowest_rank INTEGER, average REAL, highest INTEGER, control_line INTEGER,
    PRIMARY KEY (school_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS score_lines_key ON score_lines(school_id, province, track, year);
CREATE TABLE IF NOT EXISTS major_lines (
    school_id INTEGER NOT NULL REFERENCES schools(id), seq INTEGER NOT NULL,
    province TEXT NOT NULL, track TEXT NOT NULL, year INTEGER NOT NULL, batch TEXT NOT NULL,
    admission_type TEXT NOT NULL, grp TEXT, major TEXT NOT NULL, major_class TEXT NOT NULL,
    subjects TEXT NOT NULL, lowest INTEGER NOT NULL, lowest_rank INTEGER, average REAL, highest INTEGER,
    PRIMARY KEY (school_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS major_lines_key ON major_lines(school_id, province, track, year);
CREATE TABLE IF NOT EXISTS plans (
    school_id INTEGER NOT NULL REFERENCES schools(id), seq INTEGER NOT NULL,
    province TEXT NOT NULL, track TEXT NOT NULL, year INTEGER NOT NULL, batch TEXT NOT NULL,
    admission_type TEXT NOT NULL, grp TEXT, major TEXT NOT NULL, major_class TEXT NOT NULL,
    places INTEGER NOT NULL, duration INTEGER, tuition INTEGER, subjects TEXT NOT NULL, remarks TEXT NOT NULL,
    PRIMARY KEY (school_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS plans_key ON plans(school_id, province, track, year);
CREATE TABLE IF NOT EXISTS rank_rows (
    province TEXT NOT NULL, track TEXT NOT NULL, school_id INTEGER NOT NULL REFERENCES schools(id),
    year INTEGER NOT NULL, score INTEGER NOT NULL, rank INTEGER,
    PRIMARY KEY (province, track, school_id, year)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS score_tables (
    province TEXT NOT NULL, track TEXT NOT NULL, year INTEGER NOT NULL, top INTEGER NOT NULL,
    ranks TEXT NOT NULL,
    PRIMARY KEY (province, track, year)
) WITHOUT ROWID;
",
        postgres: "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schools (
    id BIGINT PRIMARY KEY,
    name TEXT COLLATE \"C\" NOT NULL, short_name TEXT NOT NULL, pinyin TEXT COLLATE \"C\" NOT NULL,
    level TEXT NOT NULL, kind TEXT NOT NULL, nature TEXT NOT NULL,
    province TEXT COLLATE \"C\" NOT NULL, city TEXT NOT NULL, tags TEXT NOT NULL,
    base_followers BIGINT NOT NULL, profile TEXT NOT NULL,
    name_norm TEXT NOT NULL, short_norm TEXT NOT NULL, pinyin_norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS schools_followers ON schools(base_followers DESC);
CREATE TABLE IF NOT EXISTS articles (
    id BIGINT PRIMARY KEY,
    school_id BIGINT NOT NULL REFERENCES schools(id),
    title TEXT NOT NULL, author TEXT NOT NULL, published TEXT COLLATE \"C\" NOT NULL, views BIGINT NOT NULL,
    category TEXT NOT NULL, summary TEXT NOT NULL, tags TEXT NOT NULL, body_html TEXT NOT NULL,
    title_norm TEXT NOT NULL, summary_norm TEXT NOT NULL, school_norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_school ON articles(school_id, id DESC);
CREATE TABLE IF NOT EXISTS article_tags (
    tag TEXT COLLATE \"C\" NOT NULL, article_id BIGINT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (tag, article_id)
);
CREATE TABLE IF NOT EXISTS users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL DEFAULT (extract(epoch FROM now())::BIGINT)
);
CREATE UNIQUE INDEX IF NOT EXISTS users_username_lower ON users (lower(username));
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    expires_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS follows (
    user_id BIGINT NOT NULL REFERENCES users(id),
    school_id BIGINT NOT NULL REFERENCES schools(id),
    followed_at BIGINT NOT NULL DEFAULT (extract(epoch FROM now())::BIGINT),
    seq BIGSERIAL NOT NULL,
    PRIMARY KEY (user_id, school_id)
);
CREATE INDEX IF NOT EXISTS follows_school ON follows(school_id);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);
CREATE TABLE IF NOT EXISTS admission_schools (
    school_id BIGINT PRIMARY KEY REFERENCES schools(id),
    provinces TEXT NOT NULL, majors TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS score_lines (
    school_id BIGINT NOT NULL REFERENCES schools(id), seq BIGINT NOT NULL,
    province TEXT NOT NULL, track TEXT NOT NULL, year BIGINT NOT NULL, batch TEXT NOT NULL,
    admission_type TEXT NOT NULL, grp TEXT, subjects TEXT NOT NULL,
    lowest BIGINT NOT NULL, lowest_rank BIGINT, average DOUBLE PRECISION, highest BIGINT, control_line BIGINT,
    PRIMARY KEY (school_id, seq)
);
CREATE INDEX IF NOT EXISTS score_lines_key ON score_lines(school_id, province, track, year);
CREATE TABLE IF NOT EXISTS major_lines (
    school_id BIGINT NOT NULL REFERENCES schools(id), seq BIGINT NOT NULL,
    province TEXT NOT NULL, track TEXT NOT NULL, year BIGINT NOT NULL, batch TEXT NOT NULL,
    admission_type TEXT NOT NULL, grp TEXT, major TEXT NOT NULL, major_class TEXT NOT NULL,
    subjects TEXT NOT NULL, lowest BIGINT NOT NULL, lowest_rank BIGINT, average DOUBLE PRECISION, highest BIGINT,
    PRIMARY KEY (school_id, seq)
);
CREATE INDEX IF NOT EXISTS major_lines_key ON major_lines(school_id, province, track, year);
CREATE TABLE IF NOT EXISTS plans (
    school_id BIGINT NOT NULL REFERENCES schools(id), seq BIGINT NOT NULL,
    province TEXT NOT NULL, track TEXT NOT NULL, year BIGINT NOT NULL, batch TEXT NOT NULL,
    admission_type TEXT NOT NULL, grp TEXT, major TEXT NOT NULL, major_class TEXT NOT NULL,
    places BIGINT NOT NULL, duration BIGINT, tuition BIGINT, subjects TEXT NOT NULL, remarks TEXT NOT NULL,
    PRIMARY KEY (school_id, seq)
);
CREATE INDEX IF NOT EXISTS plans_key ON plans(school_id, province, track, year);
CREATE TABLE IF NOT EXISTS rank_rows (
    province TEXT NOT NULL, track TEXT NOT NULL, school_id BIGINT NOT NULL REFERENCES schools(id),
    year BIGINT NOT NULL, score BIGINT NOT NULL, rank BIGINT,
    PRIMARY KEY (province, track, school_id, year)
);
CREATE TABLE IF NOT EXISTS score_tables (
    province TEXT NOT NULL, track TEXT NOT NULL, year BIGINT NOT NULL, top BIGINT NOT NULL,
    ranks TEXT NOT NULL,
    PRIMARY KEY (province, track, year)
);
",
        then: None,
    },
    Migration {
        version: 2,
        name: "attempt counters shared by every server instance",
        sqlite: "
CREATE TABLE IF NOT EXISTS limits (
    key TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    forget_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS limits_forget ON limits(forget_ms);
",
        postgres: "
CREATE TABLE IF NOT EXISTS limits (
    key TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    last_ms BIGINT NOT NULL,
    forget_ms BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS limits_forget ON limits(forget_ms);
",
        then: None,
    },
    Migration {
        version: 3,
        name: "手机验证码 codes (hashed)",
        sqlite: "
CREATE TABLE IF NOT EXISTS sms_codes (
    phone TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sms_codes_expiry ON sms_codes(expires_at);
",
        postgres: "
CREATE TABLE IF NOT EXISTS sms_codes (
    phone TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL,
    tries BIGINT NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS sms_codes_expiry ON sms_codes(expires_at);
",
        then: None,
    },
    Migration {
        version: 4,
        name: "usernames unique by their fold (look-alikes, case, 繁/简)",
        sqlite: "
ALTER TABLE users ADD COLUMN username_key TEXT;
",
        postgres: "
ALTER TABLE users ADD COLUMN IF NOT EXISTS username_key TEXT;
",
        then: Some(Backfill::UsernameKeys),
    },
    Migration {
        version: 5,
        name: "the fold's unique index",
        sqlite: "
CREATE UNIQUE INDEX IF NOT EXISTS users_username_key ON users(username_key);
",
        postgres: "
CREATE UNIQUE INDEX IF NOT EXISTS users_username_key ON users(username_key);
",
        then: None,
    },
    Migration {
        version: 6,
        name: "院校专业组 of the newest plan (group index)",
        sqlite: "
CREATE TABLE IF NOT EXISTS admission_groups (
    province TEXT NOT NULL, track TEXT NOT NULL, school_id INTEGER NOT NULL REFERENCES schools(id),
    code TEXT NOT NULL, school_code TEXT NOT NULL, plan_year INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (province, track, school_id, code)
) WITHOUT ROWID;
",
        postgres: "
CREATE TABLE IF NOT EXISTS admission_groups (
    province TEXT NOT NULL, track TEXT NOT NULL, school_id BIGINT NOT NULL REFERENCES schools(id),
    code TEXT COLLATE \"C\" NOT NULL, school_code TEXT NOT NULL, plan_year BIGINT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (province, track, school_id, code)
);
",
        then: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one_and_both_texts_are_there() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
            assert!(!m.sqlite.trim().is_empty() && !m.postgres.trim().is_empty(), "{}", m.name);
        }
        assert_eq!(pending(0).count(), MIGRATIONS.len());
        assert_eq!(pending(latest()).count(), 0);
    }

    #[test]
    fn existing_look_alikes_keep_their_accounts_with_keys_of_their_own() {
        let mut taken = std::collections::HashSet::from([portal_model::username::key("张三")]);
        let rows = [
            (3, "adminl".to_string()),
            (4, "adminI".to_string()),
            (5, "張三".to_string()),
            (6, "考生".to_string()),
        ];
        let keys = username_keys(&rows, &mut taken);
        let fold = portal_model::username::key;
        assert_eq!(keys[0], (3, fold("adminl")));
        assert_eq!(keys[1], (4, format!("{}#4", fold("adminI"))));
        assert_eq!(keys[2], (5, format!("{}#5", fold("張三"))));
        assert_eq!(keys[3], (6, fold("考生")));
    }
}
