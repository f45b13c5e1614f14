-- Failed sign-ins, kept in the database so that every server process on it counts the
-- same failures (crate::limiter). One row per key: a username and address or device
-- ("p:" / "d:"), an address ("a:"), a username ("u:"). `expires_at` is when the row can
-- no longer matter (now + window + lock at the last failure): rows past it are deleted.
create table login_failures (
    key           text primary key not null,
    failures      integer not null,
    first_at      integer not null,
    locked_until  integer,
    expires_at    integer not null
);
create index login_failures_expires on login_failures (expires_at);
