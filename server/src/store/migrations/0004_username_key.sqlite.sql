ALTER TABLE users ADD COLUMN username_key TEXT;
