-- Initial schema: accounts and the generic store of synced records.

-- People who sign in. Passwords are argon2id PHC strings, never plain text.
create table users (
    id            text primary key not null,          -- UUIDv7
    username      text not null unique collate nocase,
    display_name  text not null,
    role          text not null,                       -- reses_domain::Role::as_str
    password_hash text not null,
    -- The record this account speaks for, when its role has one: the companion
    -- (pendamping) record for role `pendamping`, the member (anggota) for `anggota`.
    subject_id    text,
    active        integer not null default 1,
    created_at    integer not null                     -- ms since epoch, UTC
);

-- Every synced record of every kind, as the JSON of its crates/domain type.
-- One generic table keeps push/pull identical for all kinds; the columns outside
-- `data` are the ones the server filters on.
create table records (
    id          text primary key not null,  -- client-made UUIDv7
    kind        text not null,              -- e.g. `anggota`, `reses_event`, `tamu`
    -- Server revision: a global, strictly increasing change number. Pull cursors are
    -- revisions, so "changes since" is an index range scan.
    rev         integer not null unique,
    -- The reses event a record belongs to (null for master data). Companions pull only
    -- records of events assigned to them.
    event_id    text,
    data        text not null,              -- JSON
    deleted     integer not null default 0, -- soft delete keeps the change pullable
    updated_at  integer not null,           -- ms since epoch, UTC
    updated_by  text not null,              -- users.id
    device_id   text
);
create index records_kind on records (kind);
create index records_event on records (event_id) where event_id is not null;
