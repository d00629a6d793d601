CREATE UNIQUE INDEX IF NOT EXISTS users_username_key ON users(username_key);
