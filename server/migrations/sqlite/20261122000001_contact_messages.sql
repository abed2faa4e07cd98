-- Messages residents send to the bureau ("contact the bureau").
-- The mobile number is stored encrypted (AEAD) with a keyed hash for lookup; never in clear.
CREATE TABLE contact_messages (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    reference           TEXT    NOT NULL UNIQUE,
    idempotency_key     TEXT    NOT NULL UNIQUE,
    request_fingerprint TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    mobile_ciphertext   BLOB    NOT NULL,
    mobile_index        TEXT    NOT NULL,
    message             TEXT    NOT NULL,
    locale              TEXT    NOT NULL,
    created_at          TEXT    NOT NULL
);

CREATE INDEX contact_messages_mobile_index ON contact_messages (mobile_index);
CREATE INDEX contact_messages_created_at ON contact_messages (created_at);
