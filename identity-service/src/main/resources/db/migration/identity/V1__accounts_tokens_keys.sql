-- Accounts: emails are stored normalised (trimmed, lower case) so the unique key is case-insensitive.
create table users (
    id            uuid         primary key,
    email         varchar(320) not null,
    password_hash varchar(255) not null,
    admin         boolean      not null default false,
    created_at    timestamptz  not null,
    constraint users_email_key unique (email)
);

-- Refresh tokens are opaque; only their SHA-256 (hex) is kept. A family is one login's chain of rotations.
create table refresh_tokens (
    id         uuid        primary key,
    family_id  uuid        not null,
    user_id    uuid        not null references users (id) on delete cascade,
    token_hash varchar(64) not null,
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz,
    revoked_at timestamptz,
    constraint refresh_tokens_token_hash_key unique (token_hash)
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id);

-- Signing keys: at most one active key (partial unique index), retired keys stay published until publish_until.
create table signing_keys (
    kid                    varchar(64) primary key,
    algorithm              varchar(16) not null,
    public_key             bytea       not null,
    private_key            bytea       not null,
    private_key_protection varchar(16) not null,
    active                 boolean     not null,
    created_at             timestamptz not null,
    retired_at             timestamptz,
    publish_until          timestamptz
);
create unique index signing_keys_one_active on signing_keys (active) where active;

-- Failed logins per throttle key ("account:<email>" or "address:<ip>") for a sliding window.
create table login_failures (
    id           bigint generated always as identity primary key,
    throttle_key varchar(400) not null,
    failed_at    timestamptz  not null
);
create index login_failures_key_time_idx on login_failures (throttle_key, failed_at);
create index login_failures_time_idx on login_failures (failed_at);

create table login_locks (
    throttle_key varchar(400) primary key,
    locked_until timestamptz  not null
);
