-- Failed sign-ins, shared by every server process (see migrations/sqlite/0007).
create table login_failures (
    key           text primary key not null,
    failures      bigint not null,
    first_at      bigint not null,
    locked_until  bigint,
    expires_at    bigint not null
);
create index login_failures_expires on login_failures (expires_at);
