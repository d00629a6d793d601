//! The schema of both databases, in one place: plain numbered `.sql` files in
//! `store/migrations/`, applied in order by the store that opens a database (`Store::open`)
//! and recorded in `meta` (key `schema`). A server refuses a database whose schema is newer
//! than it knows.
//!
//! To change the schema: add the next number's file and a line in [`MIGRATIONS`]; never edit,
//! renumber or remove one that has shipped (databases that had it do not run it again). One
//! file, `NNNN_name.sql`, when the same text suits both databases — write `BIGINT`, `TEXT`,
//! `DOUBLE PRECISION`, and leave out `WITHOUT ROWID` and collations; a pair,
//! `NNNN_name.sqlite.sql` and `NNNN_name.postgres.sql`, only where they must differ. The
//! first migrations are pairs for what SQLite and PostgreSQL spell differently (integer
//! widths, `COLLATE NOCASE` against an index on `lower(username)`, `rowid` against a serial
//! column); column names and meanings are the same, so the store's queries are one text.
//!
//! PostgreSQL text columns that answers are ordered by use the "C" collation, so the order is
//! byte order, as in SQLite, whatever the database's locale.

pub struct Migration {
    pub version: i64,
    /// What it adds, for the log.
    pub name: &'static str,
    pub text: Text,
    /// Work in Rust after the SQL, in the same transaction (what SQL cannot compute).
    pub then: Option<Backfill>,
}

/// A migration's SQL: one text for both databases, or one each.
pub enum Text {
    Both(&'static str),
    Each { sqlite: &'static str, postgres: &'static str },
}

impl Migration {
    /// The text a database runs (`database`: `sqlite` or `postgres`, `Dialect::name`).
    pub fn text(&self, database: &str) -> &'static str {
        match self.text {
            Text::Both(text) => text,
            Text::Each { sqlite, .. } if database == "sqlite" => sqlite,
            Text::Each { postgres, .. } => postgres,
        }
    }
}

/// One text for both databases: `migrations/{file}.sql`.
macro_rules! both {
    ($file:literal) => {
        Text::Both(include_str!(concat!("migrations/", $file, ".sql")))
    };
}

/// A text for each database: `migrations/{file}.sqlite.sql` and `….postgres.sql`.
macro_rules! each {
    ($file:literal) => {
        Text::Each {
            sqlite: include_str!(concat!("migrations/", $file, ".sqlite.sql")),
            postgres: include_str!(concat!("migrations/", $file, ".postgres.sql")),
        }
    };
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
        text: each!("0001_schema"),
        then: None,
    },
    Migration {
        version: 2,
        name: "attempt counters shared by every server instance",
        text: each!("0002_limits"),
        then: None,
    },
    Migration {
        version: 3, name: "手机验证码 codes (hashed)", text: each!("0003_sms_codes"), then: None
    },
    Migration {
        version: 4,
        name: "usernames unique by their fold (look-alikes, case, 繁/简)",
        text: each!("0004_username_key"),
        then: Some(Backfill::UsernameKeys),
    },
    Migration {
        version: 5,
        name: "the fold's unique index",
        text: both!("0005_username_key_index"),
        then: None,
    },
    Migration {
        version: 6,
        name: "院校专业组 of the newest plan (group index)",
        text: each!("0006_admission_groups"),
        then: None,
    },
    Migration {
        version: 7,
        name: "数据来源 of each admission row and 一分一段表",
        text: both!("0007_provenance"),
        then: None,
    },
    Migration {
        version: 8,
        name: "志愿表 drafts kept on the account, with their revision",
        text: both!("0008_account_drafts"),
        then: None,
    },
    Migration {
        version: 9,
        name: "an article's tags by article (search)",
        text: both!("0009_article_tags_by_article"),
        then: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one_and_every_file_is_listed() {
        let mut listed = Vec::new();
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
            let texts = match m.text {
                Text::Both(text) => vec![("", text)],
                Text::Each { sqlite, postgres } => vec![("sqlite", sqlite), ("postgres", postgres)],
            };
            assert!(texts.iter().all(|(_, t)| !t.trim().is_empty()), "{}", m.name);
            listed.extend(texts.into_iter().map(|(kind, _)| (m.version, kind.to_string())));
        }
        assert_eq!(pending(0).count(), MIGRATIONS.len());
        assert_eq!(pending(latest()).count(), 0);
        // A file added to the folder but not to the table would never run.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("migrations folder") {
            let name = entry.expect("entry").file_name().into_string().expect("UTF-8 name");
            let stem = name.strip_suffix(".sql").unwrap_or_else(|| panic!("{name}: not a .sql file"));
            let (stem, kind) = match stem.rsplit_once('.') {
                Some((stem, kind)) => (stem, kind),
                None => (stem, ""),
            };
            let version: i64 = stem[..4].parse().unwrap_or_else(|_| panic!("{name}: no NNNN_ number"));
            found.push((version, kind.to_string()));
        }
        found.sort();
        listed.sort();
        assert_eq!(found, listed);
    }

    /// Shipped migrations by the SHA-256 of their text (the first 16 hex digits). A database
    /// that ran one never runs it again, so an edit would leave older and newer databases with
    /// different schemas: change the schema with a new migration instead, and add its line
    /// here when it ships.
    const SHIPPED: &[(&str, &str)] = &[
        ("0001_schema.postgres", "97fdfd39a89411f9"),
        ("0001_schema.sqlite", "7d90469e9d721ade"),
        ("0002_limits.postgres", "cb1efd181c4be155"),
        ("0002_limits.sqlite", "e4512eb41191c618"),
        ("0003_sms_codes.postgres", "b8acfbe1791b7bc0"),
        ("0003_sms_codes.sqlite", "e69aa1c3eee8e4d7"),
        ("0004_username_key.postgres", "c058d729589aac68"),
        ("0004_username_key.sqlite", "c891dfb553b9a80d"),
        ("0005_username_key_index", "dd94cac48c95a635"),
        ("0006_admission_groups.postgres", "8de3576121ed1714"),
        ("0006_admission_groups.sqlite", "8962115697ee823f"),
        ("0007_provenance", "507db99725729792"),
        ("0008_account_drafts", "aab26046baf04b1b"),
    ];

    #[test]
    fn shipped_migrations_are_never_edited() {
        use sha2::{Digest, Sha256};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
        for (file, pinned) in SHIPPED {
            let text = std::fs::read(dir.join(format!("{file}.sql"))).expect("a shipped migration");
            let digest = portal_model::hex::encode(&Sha256::digest(&text));
            assert_eq!(&digest[..16], *pinned, "{file}.sql was edited after it shipped");
        }
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
