-- As the event-logger's V4: hash-partitioned by user_id, 16 partitions, so the risk
-- engine's queries are tested against the layout they meet in production.
drop table events.behavioral_events;

create table events.behavioral_events (
    id           bigint generated always as identity,
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
    primary key (user_id, id),
    constraint behavioral_events_event_key unique (user_id, session_id, batch_seq, idx)
) partition by hash (user_id);

do $$
begin
    for remainder in 0 .. 15 loop
        execute format('create table events.%I partition of events.behavioral_events'
                       ' for values with (modulus 16, remainder %s)',
                       'behavioral_events_p' || lpad(remainder::text, 3, '0'), remainder);
    end loop;
end
$$;

create index behavioral_events_user_time_idx on events.behavioral_events (user_id, client_time);
