CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schools (
    id BIGINT PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL, short_name TEXT NOT NULL, pinyin TEXT COLLATE "C" NOT NULL,
    level TEXT NOT NULL, kind TEXT NOT NULL, nature TEXT NOT NULL,
    province TEXT COLLATE "C" NOT NULL, city TEXT NOT NULL, tags TEXT NOT NULL,
    base_followers BIGINT NOT NULL, profile TEXT NOT NULL,
    name_norm TEXT NOT NULL, short_norm TEXT NOT NULL, pinyin_norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS schools_followers ON schools(base_followers DESC);
CREATE TABLE IF NOT EXISTS articles (
    id BIGINT PRIMARY KEY,
    school_id BIGINT NOT NULL REFERENCES schools(id),
    title TEXT NOT NULL, author TEXT NOT NULL, published TEXT COLLATE "C" NOT NULL, views BIGINT NOT NULL,
    category TEXT NOT NULL, summary TEXT NOT NULL, tags TEXT NOT NULL, body_html TEXT NOT NULL,
    title_norm TEXT NOT NULL, summary_norm TEXT NOT NULL, school_norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_school ON articles(school_id, id DESC);
CREATE TABLE IF NOT EXISTS article_tags (
    tag TEXT COLLATE "C" NOT NULL, article_id BIGINT NOT NULL REFERENCES articles(id),
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
