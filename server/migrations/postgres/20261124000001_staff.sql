-- The staff workspace (issue 7): staff accounts and sessions, the case workflow's columns,
-- the hash-chained audit trail and the notification outbox. Times are Unix milliseconds;
-- civil dates are ISO text (YYYY-MM-DD).

-- Staff accounts. The password is an argon2id PHC string; the TOTP secret is encrypted
-- (server/src/pii.rs, purpose "staff.totp") and NULL until enrolment is confirmed.
-- jurisdiction is a region code (6 digits: province, prefecture or county) or a township
-- code (9 digits); every case query is filtered by it.
CREATE TABLE staff_users (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username                 TEXT    NOT NULL UNIQUE,
    display_name             TEXT    NOT NULL,
    role                     TEXT    NOT NULL CHECK (role IN ('intake', 'reviewer', 'approver', 'admin')),
    jurisdiction             TEXT    NOT NULL,
    password_hash            TEXT    NOT NULL,
    totp_secret_ciphertext   BYTEA,
    totp_pending_ciphertext  BYTEA,
    -- The last TOTP time step accepted: a code is accepted once (RFC 6238 §5.2).
    totp_last_step           BIGINT  NOT NULL DEFAULT 0,
    failed_logins            INTEGER NOT NULL DEFAULT 0,
    locked_until             BIGINT  NOT NULL DEFAULT 0,
    active                   INTEGER NOT NULL DEFAULT 1,
    must_change_password     INTEGER NOT NULL DEFAULT 0,
    created_at               BIGINT  NOT NULL,
    password_changed_at      BIGINT  NOT NULL
);

-- Sessions: the cookie holds a random token; only its SHA-256 is stored. stage 'password'
-- means the second factor is still to come; such a session can do nothing else.
CREATE TABLE staff_sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES staff_users (id),
    stage        TEXT    NOT NULL CHECK (stage IN ('password', 'complete')),
    csrf_token   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_seen    BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);

-- The case workflow (domain/src/case.rs). scope_code is the township code (9 digits), or the
-- county code followed by 000 when the application names no township: a jurisdiction is a
-- prefix of it, so "cases within my jurisdiction" is one indexed comparison in every query.
ALTER TABLE applications ADD COLUMN township TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN community TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN scope_code TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN household_size INTEGER NOT NULL DEFAULT 0;
-- The applicant's name masked for the public notice (张*三); empty when the applicant is a
-- minor, whose case is never published (policy-rules.md §11.1).
ALTER TABLE applications ADD COLUMN notice_name TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN accepted_on TEXT;
ALTER TABLE applications ADD COLUMN paused_since TEXT;
ALTER TABLE applications ADD COLUMN paused_working_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN resume_stage TEXT;
ALTER TABLE applications ADD COLUMN simplified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN notice_from TEXT;
ALTER TABLE applications ADD COLUMN notice_to TEXT;
ALTER TABLE applications ADD COLUMN proposed_amount_fen BIGINT;
ALTER TABLE applications ADD COLUMN amount_fen BIGINT;
ALTER TABLE applications ADD COLUMN pay_from TEXT;
ALTER TABLE applications ADD COLUMN decided_on TEXT;
ALTER TABLE applications ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX applications_scope ON applications (scope_code, status);
CREATE INDEX applications_notice ON applications (status, notice_to);

-- Each timeline event: the action that caused it, the civil date, and its details
-- (reasons, figures, notes) encrypted, because reasons quote the household's situation.
ALTER TABLE application_events ADD COLUMN action TEXT NOT NULL DEFAULT '';
ALTER TABLE application_events ADD COLUMN on_date TEXT NOT NULL DEFAULT '';
ALTER TABLE application_events ADD COLUMN detail_ciphertext BYTEA;

-- Staff notes on a case (encrypted); not shown to the resident.
CREATE TABLE case_notes (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_number  TEXT    NOT NULL REFERENCES applications (number),
    author              TEXT    NOT NULL,
    body_ciphertext     BYTEA NOT NULL,
    created_at          BIGINT  NOT NULL
);
CREATE INDEX case_notes_number ON case_notes (application_number);

-- The audit trail: every staff action and every view of personal data. Append-only (the
-- triggers below refuse UPDATE and DELETE) and hash-chained: each row's hash is a keyed
-- hash of the previous row's hash and the row's own fields, so an edited, inserted or
-- deleted row breaks the chain (`server audit verify`). audit_head serializes appenders
-- across server instances: the first statement of an append is an UPDATE of its one row.
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   BIGINT  NOT NULL,
    hash  TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq        BIGINT  PRIMARY KEY,
    at         BIGINT  NOT NULL,
    actor      TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    outcome    TEXT    NOT NULL,
    detail     TEXT    NOT NULL,
    client_ip  TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject);
CREATE INDEX audit_log_actor ON audit_log (actor);

-- Notifications to residents on status changes. Written in the transaction of the change;
-- delivered afterwards by the configured sender (the default one stores them: status
-- 'stored'). The recipient's mobile number is encrypted; only its masked form is in clear.
CREATE TABLE notifications (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_number    TEXT    NOT NULL,
    channel               TEXT    NOT NULL CHECK (channel IN ('sms', 'portal')),
    recipient_ciphertext  BYTEA,
    recipient_masked      TEXT    NOT NULL,
    template              TEXT    NOT NULL,
    args                  TEXT    NOT NULL,
    locale                TEXT    NOT NULL,
    status                TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'stored', 'failed')),
    attempts              INTEGER NOT NULL DEFAULT 0,
    last_error            TEXT,
    created_at            BIGINT  NOT NULL,
    delivered_at          BIGINT
);
CREATE INDEX notifications_pending ON notifications (status, id);
CREATE INDEX notifications_number ON notifications (application_number);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
