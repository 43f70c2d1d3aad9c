-- Runs after every migrate, so the grant follows the table through later migrations and
-- reaches a reader role created after the schema. The risk engine trains on the stored
-- events and may read them, nothing else of this schema; without such a role (one role
-- for every service) there is nothing to grant.
do $$
begin
    if exists (select 1 from pg_roles where rolname = '${eventsreader}')
            and '${eventsreader}' <> current_user then
        execute format('grant usage on schema events to %I', '${eventsreader}');
        execute format('grant select on events.behavioral_events to %I', '${eventsreader}');
    end if;
end
$$;
