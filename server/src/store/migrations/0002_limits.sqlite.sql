CREATE TABLE IF NOT EXISTS limits (
    key TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    forget_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS limits_forget ON limits(forget_ms);
