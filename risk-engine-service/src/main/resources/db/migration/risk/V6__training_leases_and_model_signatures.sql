-- HMAC-SHA256 (bb.risk.model-signing-key) over the model's user, feature set, version and
-- bytes, checked before the bytes are deserialised. Rows stored before this migration have
-- none and are not used: those users need one retrain.
alter table user_models add column model_mac bytea;

-- One training per user at a time, on any replica: a training holds the lease until it ends
-- (or leased_until passes, if its replica died). last_requested_at is when a training the
-- user (or an admin) asked for last succeeded, the start of that user's cooldown.
create table training_leases (
    user_id           uuid primary key,
    holder            uuid,
    leased_until      timestamptz,
    last_requested_at timestamptz
);
