-- Marriage registration booking (issue 8; policy-rules.md §9, §13.5–§13.7). Times are Unix
-- milliseconds; dates are ISO text (YYYY-MM-DD); slot starts are minutes after midnight,
-- China time.

-- One 婚姻登记处 per county-level division, plus one province-designated office per province
-- for parties from Hong Kong, Macao, Taiwan or abroad (婚姻登记条例 2025 第二条第二款).
-- `schedule` is domain::booking::OfficeSchedule in its text form.
CREATE TABLE marriage_offices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region      TEXT    NOT NULL,
    designated  INTEGER NOT NULL CHECK (designated IN (0, 1)),
    name        TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    phone       TEXT    NOT NULL,
    schedule    TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at  BIGINT  NOT NULL,
    UNIQUE (region, designated)
);

-- Days an office is closed (besides weekends and public holidays), with the reason shown to
-- residents.
CREATE TABLE marriage_closures (
    office_id   BIGINT  NOT NULL REFERENCES marriage_offices (id),
    date        TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (office_id, date)
);

-- 5月20日, 七夕, 2月14日 …: their own hours, per-slot quota for 结婚登记 and release day.
CREATE TABLE marriage_special_dates (
    office_id          BIGINT  NOT NULL REFERENCES marriage_offices (id),
    date               TEXT    NOT NULL,
    label              TEXT    NOT NULL,
    hours              TEXT    NOT NULL,
    marriage_capacity  INTEGER NOT NULL,
    release_on         TEXT    NOT NULL,
    PRIMARY KEY (office_id, date)
);

-- A slot's capacity counter, created from the schedule on the first booking. The conditional
-- `UPDATE … SET taken = taken + 1 WHERE taken < capacity` decides every race; the CHECK makes
-- overbooking impossible even for a buggy statement.
CREATE TABLE marriage_slots (
    office_id     BIGINT  NOT NULL REFERENCES marriage_offices (id),
    date          TEXT    NOT NULL,
    start_minute  INTEGER NOT NULL,
    service       TEXT    NOT NULL,
    capacity      INTEGER NOT NULL,
    taken         INTEGER NOT NULL DEFAULT 0,
    CHECK (taken >= 0 AND taken <= capacity),
    PRIMARY KEY (office_id, date, start_minute, service)
);

-- Bookings. Names, documents and the mobile are in payload_ciphertext (AEAD, purpose
-- "marriage.booking"); the parties are found by keyed hashes of their documents (party_*_index).
-- A hold becomes a booking when the couple confirms it before hold_expires_at; the hold token
-- (hashed) lets the browser that made the hold confirm it and show the confirmation.
CREATE TABLE marriage_bookings (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    code             TEXT    NOT NULL UNIQUE,
    token_hash       TEXT    NOT NULL UNIQUE,
    office_id        BIGINT  NOT NULL REFERENCES marriage_offices (id),
    date             TEXT    NOT NULL,
    start_minute     INTEGER NOT NULL,
    service          TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('held', 'booked', 'cancelled', 'expired',
                                                        'arrived', 'no_show', 'office_closed')),
    party_a_index    TEXT    NOT NULL,
    party_b_index    TEXT,
    payload_ciphertext BLOB  NOT NULL,
    names_masked     TEXT    NOT NULL,
    received_on      TEXT,
    locale           TEXT    NOT NULL,
    hold_expires_at  BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    reminded_at      BIGINT,
    handled_by       TEXT
);
CREATE INDEX marriage_bookings_roster ON marriage_bookings (office_id, date, start_minute);
CREATE INDEX marriage_bookings_held ON marriage_bookings (status, hold_expires_at);
CREATE INDEX marriage_bookings_party_a ON marriage_bookings (party_a_index);
CREATE INDEX marriage_bookings_party_b ON marriage_bookings (party_b_index);

-- One active (held or booked) booking per person per service: the primary key refuses the
-- second, whichever request comes second.
CREATE TABLE marriage_active_persons (
    person_index  TEXT    NOT NULL,
    service       TEXT    NOT NULL,
    booking_id    BIGINT  NOT NULL REFERENCES marriage_bookings (id),
    PRIMARY KEY (person_index, service)
);
CREATE INDEX marriage_active_persons_booking ON marriage_active_persons (booking_id);

-- The 婚姻登记员 role (registrar). SQLite cannot change a CHECK constraint in place, so the
-- accounts table is rebuilt with the same columns and rows. Sessions are ended first (the
-- only table that references accounts): everyone signs in again after this upgrade.
DELETE FROM staff_sessions;
CREATE TABLE staff_users_new (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    username                 TEXT    NOT NULL UNIQUE,
    display_name             TEXT    NOT NULL,
    role                     TEXT    NOT NULL CHECK (role IN ('intake', 'reviewer', 'approver',
                                                             'admin', 'registrar')),
    jurisdiction             TEXT    NOT NULL,
    password_hash            TEXT    NOT NULL,
    totp_secret_ciphertext   BLOB,
    totp_pending_ciphertext  BLOB,
    totp_last_step           BIGINT  NOT NULL DEFAULT 0,
    failed_logins            INTEGER NOT NULL DEFAULT 0,
    locked_until             BIGINT  NOT NULL DEFAULT 0,
    active                   INTEGER NOT NULL DEFAULT 1,
    must_change_password     INTEGER NOT NULL DEFAULT 0,
    created_at               BIGINT  NOT NULL,
    password_changed_at      BIGINT  NOT NULL
);
INSERT INTO staff_users_new
SELECT id, username, display_name, role, jurisdiction, password_hash, totp_secret_ciphertext,
       totp_pending_ciphertext, totp_last_step, failed_logins, locked_until, active,
       must_change_password, created_at, password_changed_at
  FROM staff_users;
DROP TABLE staff_users;
ALTER TABLE staff_users_new RENAME TO staff_users;
