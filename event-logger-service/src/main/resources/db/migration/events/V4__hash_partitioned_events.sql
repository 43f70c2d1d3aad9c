-- behavioral_events becomes hash-partitioned by user_id (${eventpartitions} partitions,
-- BB_EVENT_PARTITIONS, read once, by this migration). Why user_id and nothing else:
-- PostgreSQL enforces a unique key on a partitioned table only if the key holds every
-- partition column, and only per partition. user_id is the first column of the event key
-- (user_id, session_id, batch_seq, idx), so a re-delivered entry or a re-sent batch hashes
-- to the partition that already has it and ON CONFLICT skips it there. A time column such
-- as received_at is not in that key (a re-sent batch gets a new one), so partitioning by
-- it would store the re-sent batch twice. Every per-user statement (training, export,
-- erasure, the insert) names user_id and touches one partition; user_id is also the
-- column Citus distributes by (create_distributed_table('events.behavioral_events', 'user_id')).
--
-- The rows move inside this migration's transaction, under the table's exclusive lock:
-- ingest waits (the stream keeps the entries) until it commits.
SET LOCAL lock_timeout = '10s';

DO $$
BEGIN
    IF '${eventpartitions}' !~ '^[0-9]+$' OR '${eventpartitions}'::int NOT BETWEEN 1 AND 1024 THEN
        RAISE EXCEPTION 'BB_EVENT_PARTITIONS must be a whole number from 1 to 1024, not "%"', '${eventpartitions}';
    END IF;
END
$$;

LOCK TABLE behavioral_events IN ACCESS EXCLUSIVE MODE;
ALTER TABLE behavioral_events RENAME TO behavioral_events_unpartitioned;
-- Free the index names for the new table.
ALTER TABLE behavioral_events_unpartitioned RENAME CONSTRAINT behavioral_events_pkey TO behavioral_events_unpartitioned_pkey;
ALTER TABLE behavioral_events_unpartitioned RENAME CONSTRAINT behavioral_events_event_key TO behavioral_events_unpartitioned_event_key;
ALTER INDEX behavioral_events_user_time_idx RENAME TO behavioral_events_unpartitioned_user_time_idx;
ALTER INDEX behavioral_events_received_at_brin RENAME TO behavioral_events_unpartitioned_received_at_brin;

CREATE TABLE behavioral_events (
    id          bigint           NOT NULL DEFAULT nextval('behavioral_events_id_seq'),
    user_id     uuid             NOT NULL,
    session_id  uuid             NOT NULL,
    batch_seq   bigint           NOT NULL CHECK (batch_seq >= 0),
    idx         integer          NOT NULL CHECK (idx >= 0),
    event_type  text             NOT NULL CHECK (event_type IN
                    ('mousemove', 'mousedown', 'mouseup', 'click', 'wheel', 'keydown', 'keyup')),
    client_time double precision NOT NULL CHECK (client_time > 0 AND client_time < 'Infinity'),
    x           double precision CHECK (x > '-Infinity' AND x < 'Infinity'),
    y           double precision CHECK (y > '-Infinity' AND y < 'Infinity'),
    button      smallint         CHECK (button BETWEEN 0 AND 4),
    dy          double precision CHECK (dy > '-Infinity' AND dy < 'Infinity'),
    code        text             CHECK (char_length(code) BETWEEN 1 AND 64),
    received_at timestamptz      NOT NULL,
    stored_at   timestamptz      NOT NULL DEFAULT now(),
    -- The sequence alone keeps ids unique; the key must hold the partition column.
    CONSTRAINT behavioral_events_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT behavioral_events_event_key UNIQUE (user_id, session_id, batch_seq, idx),
    CONSTRAINT behavioral_events_pointer_has_position
        CHECK (event_type NOT IN ('mousemove', 'mousedown', 'mouseup', 'click') OR (x IS NOT NULL AND y IS NOT NULL)),
    CONSTRAINT behavioral_events_button_has_button
        CHECK (event_type NOT IN ('mousedown', 'mouseup', 'click') OR button IS NOT NULL),
    CONSTRAINT behavioral_events_wheel_has_dy
        CHECK (event_type <> 'wheel' OR dy IS NOT NULL),
    CONSTRAINT behavioral_events_key_has_code
        CHECK (event_type NOT IN ('keydown', 'keyup') OR code IS NOT NULL)
) PARTITION BY HASH (user_id);

DO $$
DECLARE
    partitions constant int := '${eventpartitions}'::int;
BEGIN
    FOR remainder IN 0 .. partitions - 1 LOOP
        EXECUTE format('CREATE TABLE events.%I PARTITION OF events.behavioral_events'
                       ' FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
                       'behavioral_events_p' || lpad(remainder::text, 3, '0'), partitions, remainder);
    END LOOP;
END
$$;

-- Created on the parent, so each partition gets its own and later partitions too.
CREATE INDEX behavioral_events_user_time_idx ON behavioral_events (user_id, client_time);
CREATE INDEX behavioral_events_received_at_brin ON behavioral_events USING brin (received_at);

INSERT INTO behavioral_events
       (id, user_id, session_id, batch_seq, idx, event_type, client_time, x, y, button, dy, code, received_at, stored_at)
SELECT id, user_id, session_id, batch_seq, idx, event_type, client_time, x, y, button, dy, code, received_at, stored_at
  FROM behavioral_events_unpartitioned;

-- Before the old table goes, or the sequence would go with it.
ALTER SEQUENCE behavioral_events_id_seq OWNED BY behavioral_events.id;
DROP TABLE behavioral_events_unpartitioned;

-- As in V2_1, now on the partitioned table: a statement trigger on the parent sees the
-- rows inserted into every partition. The delete names user_id so it prunes partitions.
CREATE OR REPLACE FUNCTION drop_events_of_erased_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(20251, hashtext(u.user_id::text))
       FROM (SELECT DISTINCT user_id FROM inserted) u;
    IF EXISTS (SELECT 1 FROM events.erased_users) THEN
        DELETE FROM events.behavioral_events e
         USING inserted i, events.erased_users x
         WHERE e.user_id = i.user_id AND e.id = i.id AND x.user_id = i.user_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER behavioral_events_drop_erased
    AFTER INSERT ON behavioral_events
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION drop_events_of_erased_users();
