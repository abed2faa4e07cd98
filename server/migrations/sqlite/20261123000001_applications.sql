-- Applications for social assistance with the 诚信承诺 forms (issue 6). Times are Unix
-- milliseconds; dates are ISO text (YYYY-MM-DD).
--
-- Personal data — names, ID numbers, the household, income, the hardship statement — is in
-- payload_ciphertext (AEAD, server/src/pii.rs, purpose "application.payload"), and the
-- eligibility record (its reasons quote the household's income) in eligibility_ciphertext; in
-- clear are only what staff filter on and what tracking shows. The applicant's ID number is looked up
-- through a keyed hash (applicant_index), never stored in clear.
CREATE TABLE applications (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    number                TEXT    NOT NULL UNIQUE,
    access_code_hash      TEXT    NOT NULL,
    region                TEXT    NOT NULL,
    programs              TEXT    NOT NULL,
    procedure             TEXT    NOT NULL CHECK (procedure IN ('commitment', 'standard')),
    status                TEXT    NOT NULL,
    applicant_index       TEXT    NOT NULL,
    payload_ciphertext    BLOB   NOT NULL,
    eligibility_ciphertext BLOB   NOT NULL,
    commitment_version    TEXT    NOT NULL,
    submitted_on          TEXT    NOT NULL,
    deadline              TEXT    NOT NULL,
    deadline_provisional  INTEGER NOT NULL,
    submitted_at          BIGINT  NOT NULL
);
CREATE INDEX applications_region_status ON applications (region, status);
CREATE INDEX applications_applicant_index ON applications (applicant_index);

-- One commitment per household member: who signed it (the member, or a guardian), the exact
-- text version and the SHA-256 of the text shown, and the drawn signature (encrypted).
CREATE TABLE application_signatures (
    application_number  TEXT    NOT NULL REFERENCES applications (number),
    member_index        INTEGER NOT NULL,
    signer_index        INTEGER NOT NULL,
    role                TEXT    NOT NULL CHECK (role IN ('self', 'guardian')),
    text_version        TEXT    NOT NULL,
    text_sha256         TEXT    NOT NULL,
    strokes_ciphertext  BLOB   NOT NULL,
    signed_at           BIGINT  NOT NULL,
    PRIMARY KEY (application_number, member_index)
);

-- Documents attached to an application (the files are in the document store).
CREATE TABLE application_documents (
    application_number  TEXT    NOT NULL REFERENCES applications (number),
    document_id         TEXT    NOT NULL,
    PRIMARY KEY (application_number, document_id)
);

-- The application's timeline: every status it entered, when, and who moved it.
CREATE TABLE application_events (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    application_number  TEXT    NOT NULL REFERENCES applications (number),
    status              TEXT    NOT NULL,
    actor               TEXT    NOT NULL,
    at                  BIGINT  NOT NULL
);
CREATE INDEX application_events_number ON application_events (application_number, at);

-- Drafts saved to continue on another device: found by the resume code (hashed) together with
-- the applicant's ID number (keyed hash); the content is encrypted.
CREATE TABLE application_drafts (
    resume_code_hash    TEXT    PRIMARY KEY,
    applicant_index     TEXT    NOT NULL,
    payload_ciphertext  BLOB   NOT NULL,
    updated_at          BIGINT  NOT NULL,
    expires_at          BIGINT  NOT NULL
);
CREATE INDEX application_drafts_expires_at ON application_drafts (expires_at);

-- Documents residents uploaded (content-checked, stored under a random id in the document
-- store), until an application claims them: attached_to is set once, in the application's
-- own transaction, so one upload can never be attached to two applications.
CREATE TABLE uploaded_documents (
    id            TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL,
    size_bytes    BIGINT  NOT NULL,
    uploaded_at   BIGINT  NOT NULL,
    attached_to   TEXT    REFERENCES applications (number)
);
CREATE INDEX uploaded_documents_uploaded_at ON uploaded_documents (uploaded_at);
