-- Sync both ways: forward change capture (UH -> cloud by rowversion), reverse apply (cloud outbox -> UH),
-- conflicts, dead letters, deletions, text UH cannot hold, one worker per direction, read-your-writes pins.

-- Forward capture keeps one sync.checkpoint row per UH table (job 'forward', source = table name) whose
-- last_tstamp is the rowversion high-water mark. caught_up_at is the database time at which the last poll
-- cycle that found nothing more to read began: every UH change committed before it is in the cloud.
ALTER TABLE sync.checkpoint ADD COLUMN caught_up_at timestamptz;

-- Contact details come from one UH contacts row (uh_con_key); its rowversion, as for the other entities.
ALTER TABLE housing.contact_details ADD COLUMN uh_tstamp bytea;

-- Outbox rows: retried with backoff while UH is away (next_attempt_at), dead-lettered when they can never
-- apply (DEAD, with a sync.dead_letter row), set aside when a conflict went the other way (CONFLICT).
-- uh_tstamp (0002) is the rowversion UH gave the row when it was applied: forward capture skips that
-- version (no echo).
ALTER TABLE sync.outbox DROP CONSTRAINT outbox_status_check;
UPDATE sync.outbox SET status = 'DEAD' WHERE status = 'FAILED';
ALTER TABLE sync.outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('PENDING', 'APPLIED', 'DEAD', 'CONFLICT'));
ALTER TABLE sync.outbox ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX outbox_pending_order ON sync.outbox (id) WHERE status = 'PENDING';
CREATE INDEX outbox_applied_tstamp ON sync.outbox (entity, entity_key, uh_tstamp) WHERE uh_tstamp IS NOT NULL;

-- An outbox row that can never apply (UH refused it for good), with why. `housing sync retry` puts it back.
CREATE TABLE sync.dead_letter (
  id          bigserial PRIMARY KEY,
  outbox_id   bigint NOT NULL REFERENCES sync.outbox (id),
  entity      text NOT NULL,
  entity_key  text NOT NULL,
  reason      text NOT NULL,
  -- SQL Server's error number when UH refused it, else null.
  error_number integer,
  attempts    integer NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retried_at  timestamptz
);
CREATE INDEX dead_letter_open ON sync.dead_letter (created_at) WHERE retried_at IS NULL;

-- Conflicts: which direction found it, the outbox row involved, the UH rowversion seen, and what was done.
ALTER TABLE sync.conflict ADD COLUMN detected_by text NOT NULL DEFAULT 'forward' CHECK (detected_by IN ('forward', 'reverse'));
ALTER TABLE sync.conflict ADD COLUMN outbox_id bigint;
ALTER TABLE sync.conflict ADD COLUMN uh_tstamp bytea;
ALTER TABLE sync.conflict ADD COLUMN resolution text NOT NULL DEFAULT '';
CREATE INDEX conflict_entity ON sync.conflict (entity, entity_key, created_at DESC);

-- Rows deleted in UH (found by the key sweep) and removed from the cloud: never silently.
CREATE TABLE sync.deletion (
  id          bigserial PRIMARY KEY,
  entity      text NOT NULL,
  entity_key  text NOT NULL,
  uh_table    text NOT NULL,
  -- The cloud row as it was when removed.
  row_data    jsonb NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deletion_entity ON sync.deletion (entity, entity_key);

-- Text the cloud holds exactly but UH (single-byte columns) cannot: what UH got instead.
-- Reconciliation counts these differences as explained; forward capture keeps the cloud's exact text
-- while UH still holds the substitute.
CREATE TABLE sync.lossy_text (
  entity      text NOT NULL,
  entity_key  text NOT NULL,
  field       text NOT NULL,
  cloud_value text NOT NULL,
  uh_value    text NOT NULL,
  outbox_id   bigint,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entity, entity_key, field)
);

-- The worker holding each direction's advisory lock, and its heartbeat (readings for status and gates).
CREATE TABLE sync.worker (
  direction     text PRIMARY KEY CHECK (direction IN ('forward', 'reverse')),
  holder        text NOT NULL,
  started_at    timestamptz NOT NULL DEFAULT now(),
  heartbeat_at  timestamptz NOT NULL DEFAULT now(),
  state         text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'backoff', 'stopped')),
  last_error    text,
  last_error_at timestamptz,
  -- Per table / entity readings of the last cycle (lag, rows/s), as `housing sync status` shows them.
  readings      jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- Lag over time, one sample per direction every few seconds (the dashboard's chart); old samples pruned.
CREATE TABLE sync.lag_sample (
  direction    text NOT NULL,
  taken_at     timestamptz NOT NULL DEFAULT now(),
  lag_seconds  double precision NOT NULL,
  lag_rows     bigint NOT NULL,
  PRIMARY KEY (direction, taken_at)
);

-- Read your writes: a consumer that wrote an entity through one store reads it from that store until the
-- sync has carried the write to the other (the gateway's replicas share these).
CREATE TABLE migration.read_pin (
  consumer_key text NOT NULL,
  entity       text NOT NULL,
  store        text NOT NULL CHECK (store IN ('legacy', 'cloud')),
  written_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_key, entity)
);
CREATE INDEX read_pin_written_at ON migration.read_pin (written_at);
