-- Per-user models. A retrain adds a row with the next version for (user, feature set),
-- so every replica scores with the same bytes and older versions stay auditable.
create table user_models (
    id                  bigint generated always as identity primary key,
    user_id             uuid        not null,
    feature_set         text        not null,
    feature_set_version text        not null,
    version             integer     not null check (version > 0),
    model               bytea       not null,
    training_events     integer     not null,
    training_rows       integer     not null,
    calibration         jsonb,
    hyperparameters     jsonb       not null,
    trained_at          timestamptz not null,
    training_millis     bigint      not null,
    constraint user_models_user_feature_set_version_key unique (user_id, feature_set, version)
);

-- Latest risk of each session, written by the live consumer.
create table session_risk (
    session_id    uuid primary key,
    user_id       uuid             not null,
    risk          double precision not null,
    level         text             not null,
    feature_set   text             not null,
    model_version integer          not null,
    windows       integer          not null,
    updated_at    timestamptz      not null
);

create index session_risk_user_id_idx on session_risk (user_id);
