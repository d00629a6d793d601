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
