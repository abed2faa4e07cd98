-- Shared primitives of every feature (issue 4). Times are Unix milliseconds.

-- Idempotency records: the first response of a state-changing request, replayed for retries.
-- The row is inserted in the same transaction as the request's effect.
CREATE TABLE idempotency_records (
    scope        TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    response     BYTEA,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_records_created_at ON idempotency_records (created_at);

-- Rate-limit token buckets, shared by every server instance. Tokens are in thousandths.
CREATE TABLE rate_limit_buckets (
    bucket        TEXT    PRIMARY KEY,
    milli_tokens  BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

-- Durable job queue: claimed by exactly one worker, retried with backoff, dead-lettered.
CREATE TABLE jobs (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue         TEXT    NOT NULL,
    payload       TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('ready', 'running', 'done', 'dead')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL,
    run_at        BIGINT  NOT NULL,
    locked_by     TEXT,
    locked_until  BIGINT,
    last_error    TEXT,
    created_at    BIGINT  NOT NULL,
    finished_at   BIGINT
);
CREATE INDEX jobs_claimable ON jobs (queue, status, run_at);

-- Capacity-guarded resources (a booking slot, a quota): the CHECK makes overbooking impossible
-- even for a buggy caller, and one holder holds at most one unit of a resource.
CREATE TABLE capacity_resources (
    resource   TEXT    PRIMARY KEY,
    capacity   INTEGER NOT NULL CHECK (capacity >= 0),
    reserved   INTEGER NOT NULL DEFAULT 0,
    CHECK (reserved >= 0 AND reserved <= capacity)
);
CREATE TABLE capacity_reservations (
    resource    TEXT    NOT NULL REFERENCES capacity_resources (resource),
    holder      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (resource, holder)
);
