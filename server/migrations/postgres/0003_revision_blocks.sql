-- Revisions for several writers at once (see src/store/postgres.rs, "Revisions").
--
-- A push takes a block of revisions from `reses_rev` (4096 per `nextval`) after it holds
-- the locks of the records it changes, so each record's revisions still rise in the
-- order its writes commit. Pushes of different records run side by side and may commit
-- out of revision order; a pull therefore reads only up to the horizon, below which
-- no transaction can still commit a revision.
--
-- Advisory lock keys (transaction level):
--   (1919251301, 0)        the revision turn: shared for a push, exclusive for the rest
--   (1919251302, hash)     one record or mutation id of a push
--   4611686018427387904+L  "in flight": a writer that read the sequence at L (its
--                          revisions are all >= L + 4096); always taken shared

create sequence reses_rev as bigint increment by 4096 minvalue 0 start with 0;
select setval('reses_rev', coalesce((select max(rev) from records), 0), true);

-- Takes the revision turn and the locks of `keys` (sorted by the caller, so two pushes
-- never wait for each other in a cycle), marks the transaction in flight, and returns
-- the first revision of its block.
create function reses_begin_revisions(exclusive boolean, keys integer[]) returns bigint
language plpgsql volatile as $$
declare
    k integer;
    seen bigint;
begin
    if exclusive then
        perform pg_advisory_xact_lock(1919251301, 0);
    else
        perform pg_advisory_xact_lock_shared(1919251301, 0);
    end if;
    foreach k in array coalesce(keys, '{}') loop
        perform pg_advisory_xact_lock(1919251302, k);
    end loop;
    -- In this order: the mark is visible before the block exists.
    seen := coalesce(pg_sequence_last_value('reses_rev'), 0);
    perform pg_advisory_xact_lock_shared(4611686018427387904 + seen);
    return nextval('reses_rev');
end
$$;

-- The highest revision a pull may return: every revision up to it is committed or will
-- never be. Read outside the pull's snapshot, before it.
create function reses_rev_horizon() returns bigint
language plpgsql volatile as $$
declare
    last bigint;
    oldest bigint;
begin
    -- In this order: a block handed out before `last` was read has its mark in pg_locks
    -- below, unless its transaction has ended (and is visible to a later snapshot).
    last := coalesce(pg_sequence_last_value('reses_rev'), 0);
    select min(((classid::bigint << 32) | objid::bigint) - 4611686018427387904) into oldest
    from pg_locks
    where locktype = 'advisory' and objsubid = 1 and classid::bigint >= 1073741824
      and database = (select oid from pg_database where datname = current_database());
    return least(last, coalesce(oldest, last)) + 4095;
end
$$;
