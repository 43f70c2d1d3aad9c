-- The database numbers the rows now: each insert takes one sequence value as the id's
-- default. Ids drawn in blocks by the writer let a writer that waited for another
-- transaction's duplicate rows hold the process-wide id lock while it waited (see
-- StoredEvent). The sequence keeps INCREMENT BY 500 so that replicas of the previous
-- release, which still draw blocks of 500 from it during a rolling upgrade, never hand
-- out an id a default took: every value is a multiple of 500 apart from the others.
-- The ALTER takes the table's exclusive lock for a moment; waiting behind a long reader
-- would stop every insert meanwhile, so it gives up instead and the next start retries.
SET LOCAL lock_timeout = '10s';
ALTER TABLE behavioral_events ALTER COLUMN id SET DEFAULT nextval('behavioral_events_id_seq');
