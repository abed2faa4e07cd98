-- Messages residents send to the bureau ("contact the bureau").
-- The mobile number is stored encrypted (AEAD) with a keyed hash for lookup; never in clear.
-- Times are Unix milliseconds (BIGINT) in both backends. Replays of the same submission are
-- answered from idempotency_records (the contact row is written in that transaction).
CREATE TABLE contact_messages (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    reference           TEXT    NOT NULL UNIQUE,
    name                TEXT    NOT NULL,
    mobile_ciphertext   BLOB    NOT NULL,
    mobile_index        TEXT    NOT NULL,
    message             TEXT    NOT NULL,
    locale              TEXT    NOT NULL,
    created_at          BIGINT  NOT NULL
);

CREATE INDEX contact_messages_mobile_index ON contact_messages (mobile_index);
CREATE INDEX contact_messages_created_at ON contact_messages (created_at);
