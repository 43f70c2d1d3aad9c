-- Test stand-in for the event-logger's table; the risk engine only reads it.
create schema if not exists events;

create table events.behavioral_events (
    id           bigint generated always as identity primary key,
    user_id      uuid             not null,
    session_id   uuid             not null,
    batch_seq    bigint           not null,
    idx          integer          not null,
    event_type   text             not null,
    client_time  double precision not null,
    x            double precision,
    y            double precision,
    button       smallint,
    dy           double precision,
    code         text,
    received_at  timestamptz      not null,
    stored_at    timestamptz      not null default now(),
    constraint behavioral_events_event_key unique (user_id, session_id, batch_seq, idx)
);

create index behavioral_events_user_time_idx on events.behavioral_events (user_id, client_time);
