-- Users whose events were erased, kept for a while (bb.event-logger.erasure.tombstone-ttl)
-- so events of theirs still in flight in the stream are dropped instead of stored again.
CREATE TABLE erased_users (
    user_id   uuid        NOT NULL PRIMARY KEY,
    erased_at timestamptz NOT NULL
);

-- Runs once per insert statement (not per row). It takes each inserted user's advisory
-- lock shared, so inserts never wait for each other but an erasure of that user (which
-- takes it exclusively) waits for them to commit, or they wait for it; then it removes
-- the rows just inserted for users that are erased. 20251 is EventErasure.LOCK_CLASS.
CREATE FUNCTION drop_events_of_erased_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(20251, hashtext(u.user_id::text))
       FROM (SELECT DISTINCT user_id FROM inserted) u;
    IF EXISTS (SELECT 1 FROM events.erased_users) THEN
        DELETE FROM events.behavioral_events e
         USING inserted i, events.erased_users x
         WHERE e.id = i.id AND x.user_id = i.user_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER behavioral_events_drop_erased
    AFTER INSERT ON behavioral_events
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION drop_events_of_erased_users();
