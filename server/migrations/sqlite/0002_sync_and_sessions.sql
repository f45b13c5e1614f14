-- Sign-in sessions, devices, the sync log and attachments.

-- A device is one browser profile on one tablet/phone/PC, identified by a UUID the app
-- makes once. Revoking it ends its sessions and makes it get `device_revoked`.
create table devices (
    id          text primary key not null,
    user_id     text not null references users (id),
    user_agent  text not null default '',
    created_at  integer not null,
    last_seen   integer not null,
    revoked_at  integer
);
create index devices_user on devices (user_id);

-- Sessions: the cookie carries a random token; only its SHA-256 is stored, so a copy
-- of the database cannot be used to sign in.
create table sessions (
    token_hash  text primary key not null,
    user_id     text not null references users (id),
    device_id   text references devices (id),
    created_at  integer not null,
    expires_at  integer not null,  -- sliding: pushed forward on use
    revoked_at  integer
);
create index sessions_user on sessions (user_id);

-- Every applied mutation, so a replay is answered `duplicate` and never applied twice.
create table mutations (
    mutation_id text primary key not null,
    record_id   text not null,
    rev         integer not null,
    user_id     text not null,
    device_id   text,
    applied_at  integer not null
);

-- Per record: when (revision) and by which device each top-level field last changed,
-- as JSON {"field": {"rev": n, "device": "uuid"}}. Drives field-level merging.
alter table records add column field_revs text not null default '{}';

-- Who may see a reses event: its member (anggota) and its assigned companions.
-- Rebuilt whenever the event record changes.
create table event_access (
    event_id    text not null,
    subject_id  text not null,
    primary key (event_id, subject_id)
);
create index event_access_subject on event_access (subject_id);

-- Photos, scans and signatures, content-addressed by SHA-256 (hex).
create table attachments (
    sha256       text primary key not null,
    content_type text not null,
    size         integer not null,
    data         blob not null,
    created_at   integer not null,
    created_by   text not null
);

-- The demo/first-start records predate event_access: fill it from the stored events.
insert or ignore into event_access (event_id, subject_id)
    select id, json_extract(data, '$.anggota_id') from records where kind = 'reses_event';
insert or ignore into event_access (event_id, subject_id)
    select r.id, p.value from records r, json_each(json_extract(r.data, '$.pendamping_ids')) p
    where r.kind = 'reses_event';
