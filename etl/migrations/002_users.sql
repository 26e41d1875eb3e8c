-- 002: local accounts for the app (issue: access, audit, privacy). Passwords only as argon2 hashes;
-- accounts live in the database, never in git. Managed with `python -m etl user ...` and the admin page.
CREATE TABLE users (
    username VARCHAR PRIMARY KEY,           -- lower case: a-z 0-9 . _ -
    display_name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,                  -- lanh_dao | van_phong | quan_tri
    password_hash VARCHAR NOT NULL,         -- argon2id ("$argon2id$..."), never the password
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_count INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP NOT NULL,
    email VARCHAR,                          -- optional: maps an OIDC (st.login) identity to this account
    last_login_at TIMESTAMP
);
