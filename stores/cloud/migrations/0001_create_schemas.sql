-- The cloud database's schemas. Domain tables arrive in later numbered migrations; never edit an
-- applied migration (the runner refuses changed files): add a new one.
CREATE SCHEMA IF NOT EXISTS housing;    -- properties, tenancies, people, contact details
CREATE SCHEMA IF NOT EXISTS llpg;       -- the local land and property gazetteer (addresses by UPRN)
CREATE SCHEMA IF NOT EXISTS finance;    -- rent transactions
CREATE SCHEMA IF NOT EXISTS repairs;    -- repair requests
CREATE SCHEMA IF NOT EXISTS sync;       -- checkpoints, outbox, conflicts, rejects
CREATE SCHEMA IF NOT EXISTS migration;  -- per-entity phase state and its history

-- Per-entity migration phase, read live by the gateway. One row per entity of the graph.
CREATE TABLE migration.entity_phase (
  entity      text PRIMARY KEY CHECK (entity IN ('property', 'tenancy', 'person', 'repairRequest')),
  phase       text NOT NULL DEFAULT 'LEGACY' CHECK (phase IN ('LEGACY', 'SHADOW', 'CANARY', 'CLOUD')),
  percent     smallint NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
  changed_by  text NOT NULL DEFAULT 'system',
  changed_at  timestamptz NOT NULL DEFAULT now(),
  reason      text NOT NULL DEFAULT 'initial state',
  -- CANARY carries its percentage; the other phases are all-or-nothing.
  CHECK (CASE phase WHEN 'CANARY' THEN percent BETWEEN 1 AND 99 WHEN 'CLOUD' THEN percent = 100 ELSE percent = 0 END)
);

-- Every transition, with who, when, why and the gate readings at the time.
CREATE TABLE migration.phase_history (
  id            bigserial PRIMARY KEY,
  entity        text NOT NULL REFERENCES migration.entity_phase (entity),
  from_phase    text NOT NULL,
  from_percent  smallint NOT NULL,
  to_phase      text NOT NULL,
  to_percent    smallint NOT NULL,
  changed_by    text NOT NULL,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  reason        text NOT NULL,
  gate_readings jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX phase_history_entity_changed_at ON migration.phase_history (entity, changed_at DESC);

INSERT INTO migration.entity_phase (entity) VALUES ('property'), ('tenancy'), ('person'), ('repairRequest');
