-- Reconciliation of UH against the cloud (issue 11): one run per entity, what it compared and what it cost,
-- and each difference it found with both values and its class. The latest finished run of an entity is a
-- gate reading for its phase changes (stores/cloud/readReconcileReadings.ts).
CREATE TABLE sync.reconcile_run (
  id                 bigserial PRIMARY KEY,
  entity             text NOT NULL,
  started_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz,
  status             text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  uh_rows            bigint,
  cloud_rows         bigint,
  -- Key-range checksums computed (per side), per-row hashes and whole rows read (both sides).
  ranges_hashed      integer,
  row_hashes_fetched bigint,
  rows_fetched       bigint,
  differences        integer NOT NULL DEFAULT 0,
  unexplained        integer NOT NULL DEFAULT 0,
  seconds            double precision,
  -- --repair: the differing rows were re-synced from the entity's master; how many now agree.
  repair             boolean NOT NULL DEFAULT false,
  repaired           integer NOT NULL DEFAULT 0,
  error              text
);
CREATE INDEX reconcile_run_entity ON sync.reconcile_run (entity, finished_at DESC) WHERE status = 'done';
CREATE INDEX reconcile_run_started ON sync.reconcile_run (started_at DESC);

CREATE TABLE sync.reconcile_difference (
  run_id      bigint NOT NULL REFERENCES sync.reconcile_run (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  entity_key  text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('missingInCloud', 'missingInUh', 'field')),
  -- The cloud column for a field difference; NULL for a missing row.
  field       text,
  -- The field's text on each side, or the whole row as JSON for a missing row.
  uh_value    text,
  cloud_value text,
  -- NULL: unexplained.
  explanation text CHECK (explanation IN ('reject', 'lossyText', 'conflict', 'syncLag', 'outboxPending', 'deadLetter')),
  detail      text,
  -- What --repair did about it.
  repair      text,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX reconcile_difference_key ON sync.reconcile_difference (entity_key);
