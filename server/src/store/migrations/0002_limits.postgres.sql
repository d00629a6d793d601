CREATE TABLE IF NOT EXISTS limits (
    key TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    last_ms BIGINT NOT NULL,
    forget_ms BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS limits_forget ON limits(forget_ms);
