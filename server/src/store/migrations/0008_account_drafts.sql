-- 志愿表 kept on the account: each user's drafts document (portal_model::volunteer::drafts,
-- as checked and written by the server) and its revision, which a save must name
-- (PUT /api/me/plans: a device that missed another's save merges before it saves).
CREATE TABLE IF NOT EXISTS account_drafts (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    revision BIGINT NOT NULL,
    document TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
