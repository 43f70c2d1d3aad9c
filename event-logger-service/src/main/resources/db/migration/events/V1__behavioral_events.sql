-- One row per captured event. (user_id, session_id, batch_seq, idx) identifies an event,
-- so a re-delivered stream entry or a re-sent batch is stored once (ON CONFLICT DO NOTHING).
-- The unique key starts with user_id on purpose: it is the future distribution key.

-- Hibernate's pooled optimizer takes ids in blocks of 500, the JDBC batch size,
-- so a batch of inserts costs one sequence round trip.
CREATE SEQUENCE behavioral_events_id_seq INCREMENT BY 500;

CREATE TABLE behavioral_events (
    id          bigint           NOT NULL PRIMARY KEY,
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
    CONSTRAINT behavioral_events_event_key UNIQUE (user_id, session_id, batch_seq, idx),
    -- The per-type shape the contract enforces on the wire.
    CONSTRAINT behavioral_events_pointer_has_position
        CHECK (event_type NOT IN ('mousemove', 'mousedown', 'mouseup', 'click') OR (x IS NOT NULL AND y IS NOT NULL)),
    CONSTRAINT behavioral_events_button_has_button
        CHECK (event_type NOT IN ('mousedown', 'mouseup', 'click') OR button IS NOT NULL),
    CONSTRAINT behavioral_events_wheel_has_dy
        CHECK (event_type <> 'wheel' OR dy IS NOT NULL),
    CONSTRAINT behavioral_events_key_has_code
        CHECK (event_type NOT IN ('keydown', 'keyup') OR code IS NOT NULL)
);

ALTER SEQUENCE behavioral_events_id_seq OWNED BY behavioral_events.id;

-- "All events of a user, by time" (training and scoring read this way).
CREATE INDEX behavioral_events_user_time_idx ON behavioral_events (user_id, client_time);

-- Retention deletes by server receive time; rows arrive roughly in that order, so a
-- BRIN index is tiny and nearly free to maintain on insert.
CREATE INDEX behavioral_events_received_at_brin ON behavioral_events USING brin (received_at);
