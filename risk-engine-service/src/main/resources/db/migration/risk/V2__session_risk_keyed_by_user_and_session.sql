-- A session id comes from the browser, so two users may report the same one. Keyed by the
-- session alone, the first user's row made the second user's live risk unstorable (the
-- upsert's owner check skipped it); keyed by (user, session) each user has their own row.
alter table session_risk drop constraint session_risk_pkey;
alter table session_risk add constraint session_risk_pkey primary key (user_id, session_id);
-- The primary key now leads with user_id, so the separate user index is redundant; an
-- admin's look-up by session id alone gets its own index.
drop index session_risk_user_id_idx;
create index session_risk_session_id_idx on session_risk (session_id);
