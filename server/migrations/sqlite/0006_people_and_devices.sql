-- Ready for a real season: devices get a name people recognise ("Tablet Dapil 2"), set
-- at the first sign-in on them and editable by the admin.
alter table devices add column name text not null default '';

-- Offline unlock: a random secret the server gives one account on one device, which the
-- app keeps only wrapped under a key derived from the user's PIN (PBKDF2 in WebCrypto).
-- Presented back, it opens a session without the password. Only its SHA-256 is kept;
-- it ends with a password change or reset, a disabled account, ended sessions or a
-- revoked device.
create table offline_keys (
    id           text primary key not null,   -- UUIDv7
    user_id      text not null references users (id),
    device_id    text not null references devices (id),
    secret_hash  text not null,
    created_at   integer not null,
    last_used_at integer,
    revoked_at   integer
);
create index offline_keys_user on offline_keys (user_id);
