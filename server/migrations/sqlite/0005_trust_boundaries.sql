-- Safe to deploy: what only the server may know, kept by the server.

-- An admin reset (or a first admin from the environment) makes the next sign-in change
-- the password before anything else.
alter table users add column must_change_password integer not null default 0;

-- The server time of a device's last pull: the last moment the server could have told
-- it about an unassignment or a closing. A companion's late field records are judged
-- by it (sync_store::late_records_allowed), never by the device's own clock.
alter table devices add column last_pull_at integer;

-- A replayed mutation id is `duplicate` only for the same user and the same content.
-- The hash is SHA-256 (hex) of the mutation as sent, without its id. Rows written
-- before this column existed have none and are matched by user only.
alter table mutations add column content_hash text;

-- An event is closed when the server first receives its closing (server time). A
-- companion can neither backdate nor delete it; office staff reopen an event by
-- clearing the closing on its documentation record.
create table event_closed (
    event_id   text primary key not null,
    closed_at  integer not null,          -- ms since epoch, server clock
    closed_by  text not null              -- users.id
);
insert or ignore into event_closed (event_id, closed_at, closed_by)
    select event_id, json_extract(data, '$.ditutup_pada'), updated_by from records
    where kind = 'dokumentasi_reses' and deleted = 0 and event_id is not null
      and json_extract(data, '$.ditutup_pada') is not null;

-- Which records cite which attachment: an attachment is readable by whoever may see a
-- record citing it (routes::attachments). Rebuilt for a record whenever it is written.
create table attachment_refs (
    sha256     text not null,
    record_id  text not null,
    primary key (sha256, record_id)
);
create index attachment_refs_record on attachment_refs (record_id);

-- Fill it from what is stored: photos of aspirations and documentation, permit scans.
insert or ignore into attachment_refs (sha256, record_id)
    select f.value, r.id from records r, json_each(json_extract(r.data, '$.foto')) f
    where r.kind in ('aspirasi', 'dokumentasi_reses') and r.deleted = 0;
insert or ignore into attachment_refs (sha256, record_id)
    select json_extract(data, '$.surat_permohonan'), id from records
    where kind = 'izin' and deleted = 0 and json_extract(data, '$.surat_permohonan') is not null;
insert or ignore into attachment_refs (sha256, record_id)
    select json_extract(data, '$.scan_identitas'), id from records
    where kind = 'izin' and deleted = 0 and json_extract(data, '$.scan_identitas') is not null;

-- The per-user upload quota sums this.
create index attachments_created_by on attachments (created_by);
