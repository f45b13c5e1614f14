-- The whole schema for PostgreSQL: the state the SQLite migrations 0001-0006 reach
-- (migrations/sqlite/ explains every table and column). Times are ms since the epoch,
-- UTC (bigint); ids are UUID text, as on SQLite, so the queries are the same on both.

create table users (
    id                   text primary key not null,
    username             text not null,
    display_name         text not null,
    role                 text not null,
    password_hash        text not null,
    subject_id           text,
    active               boolean not null default true,
    created_at           bigint not null,
    must_change_password boolean not null default false
);
-- Usernames are unique regardless of case (SQLite: `collate nocase`).
create unique index users_username on users (lower(username));

create table records (
    id          text primary key not null,
    kind        text not null,
    rev         bigint not null unique,
    event_id    text,
    data        text not null,
    deleted     boolean not null default false,
    updated_at  bigint not null,
    updated_by  text not null,
    device_id   text,
    field_revs  text not null default '{}'
);
create index records_kind on records (kind);
create index records_event on records (event_id) where event_id is not null;

create table devices (
    id           text primary key not null,
    user_id      text not null references users (id),
    user_agent   text not null default '',
    created_at   bigint not null,
    last_seen    bigint not null,
    revoked_at   bigint,
    last_pull_at bigint,
    name         text not null default ''
);
create index devices_user on devices (user_id);

create table sessions (
    token_hash  text primary key not null,
    user_id     text not null references users (id),
    device_id   text references devices (id),
    created_at  bigint not null,
    expires_at  bigint not null,
    revoked_at  bigint
);
create index sessions_user on sessions (user_id);

create table mutations (
    mutation_id  text primary key not null,
    record_id    text not null,
    rev          bigint not null,
    user_id      text not null,
    device_id    text,
    applied_at   bigint not null,
    content_hash text
);

create table event_access (
    event_id     text not null,
    subject_id   text not null,
    dicabut_pada bigint,
    primary key (event_id, subject_id)
);
create index event_access_subject on event_access (subject_id);

create table attachments (
    sha256       text primary key not null,
    content_type text not null,
    size         bigint not null,
    data         bytea not null,
    created_at   bigint not null,
    created_by   text not null
);
create index attachments_created_by on attachments (created_by);

create table nomor_urut (
    jenis     text not null,
    tahun     integer not null,
    terakhir  bigint not null,
    primary key (jenis, tahun)
);

create table event_closed (
    event_id   text primary key not null,
    closed_at  bigint not null,
    closed_by  text not null
);

create table attachment_refs (
    sha256     text not null,
    record_id  text not null,
    primary key (sha256, record_id)
);
create index attachment_refs_record on attachment_refs (record_id);

create table offline_keys (
    id           text primary key not null,
    user_id      text not null references users (id),
    device_id    text not null references devices (id),
    secret_hash  text not null,
    created_at   bigint not null,
    last_used_at bigint,
    revoked_at   bigint
);
create index offline_keys_user on offline_keys (user_id);
