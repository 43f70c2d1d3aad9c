-- The session evidence (a CUSUM over the whole live session) beside the recent-window risk.
-- Null for rows scored before it existed.
alter table session_risk add column evidence_risk double precision;
alter table session_risk add column evidence_level text;
