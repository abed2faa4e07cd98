-- Which PII key the personal data in this database is encrypted with, as a keyed hash of a
-- constant (it reveals nothing about the key). Every instance compares its own key with it at
-- start-up and refuses to run with another, so an instance given the wrong key (or a key file
-- generated on a new host) cannot write data that no other instance can read.
CREATE TABLE pii_key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    check_value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
