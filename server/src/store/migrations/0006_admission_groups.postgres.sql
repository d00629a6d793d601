CREATE TABLE IF NOT EXISTS admission_groups (
    province TEXT NOT NULL, track TEXT NOT NULL, school_id BIGINT NOT NULL REFERENCES schools(id),
    code TEXT COLLATE "C" NOT NULL, school_code TEXT NOT NULL, plan_year BIGINT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (province, track, school_id, code)
);
