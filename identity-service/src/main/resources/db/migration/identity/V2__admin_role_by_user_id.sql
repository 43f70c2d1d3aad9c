-- The admin role now comes from bb.identity.admin-user-ids: a flag set because an account's
-- email was listed proved nothing about who owns that email.
alter table identity.users drop column admin;
