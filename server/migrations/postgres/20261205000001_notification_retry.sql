-- A notification the sender could not deliver is tried again later, with growing pauses
-- (server/src/staff/notify.rs), before it is marked failed: a gateway outage of a few
-- minutes must not lose a resident's message.
ALTER TABLE notifications ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
