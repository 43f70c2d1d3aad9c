-- Background pool: a bounded, evenly thinned sample of each enrolled user's feature rows
-- (never raw events), which other users' models learn against. One row per contributor and
-- feature set; rows are float64 values, row after row.
create table background_rows (
    user_id             uuid        not null,
    feature_set         text        not null,
    feature_set_version text        not null,
    dimension           integer     not null check (dimension > 0),
    row_count           integer     not null check (row_count > 0),
    rows                bytea       not null,
    contributed_at      timestamptz not null,
    primary key (user_id, feature_set),
    check (octet_length(rows) = 8 * dimension * row_count)
);

create index background_rows_feature_set_idx on background_rows (feature_set, feature_set_version, dimension);

-- Which kind of model a version is, and which users' rows its background held, so that an
-- erasure finds every model that learnt from the erased user.
alter table user_models add column model_kind text not null default 'ONE_CLASS'
    check (model_kind in ('ONE_CLASS', 'BACKGROUND'));
-- Set when a user in this model's background was erased: the model then answers without its
-- background forest until it is retrained; claimed_until is a retrainer's lease.
alter table user_models add column background_stale_since timestamptz;
alter table user_models add column background_claimed_until timestamptz;
create index user_models_background_stale_idx on user_models (background_stale_since)
    where background_stale_since is not null;

create table model_background (
    model_id bigint not null references user_models (id) on delete cascade,
    user_id  uuid   not null,
    primary key (model_id, user_id)
);

create index model_background_user_id_idx on model_background (user_id);
