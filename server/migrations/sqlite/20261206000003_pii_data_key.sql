-- Which data key the personal data is encrypted with after `server pii-key rotate` (a keyed
-- hash, revealing nothing about the key); NULL while the key derived from the master key is the
-- current one. An instance whose key ring lacks this key refuses to start (server/src/pii.rs).
ALTER TABLE pii_key_check ADD COLUMN data_key_check TEXT;
