-- Unassigning a companion no longer forgets that they were assigned: the row stays with
-- the time it ended, so what they recorded before (still in their outbox) is accepted.
alter table event_access add column dicabut_pada integer;
