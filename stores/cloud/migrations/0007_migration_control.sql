-- Migration control (issue 12): what the gateway saw, per entity and minute, for the gates and the automatic
-- guard. Each gateway replica adds its in-memory counts every few seconds (one upsert for every entity and
-- minute it saw), so the request path never waits on the database.
--   legacy_* / cloud_*: requests whose answer for the entity came from that subgraph, and how many of them
--     carried a server-side error from it (a subgraph down, a timeout, a store away: not a client's mistake);
--   shadow_*: shadow comparisons (a legacy answer read again from the cloud): equal, different, or the cloud
--     read failed.
CREATE TABLE migration.entity_traffic (
  entity            text NOT NULL REFERENCES migration.entity_phase (entity),
  minute            timestamptz NOT NULL CHECK (minute = date_trunc('minute', minute)),
  legacy_requests   bigint NOT NULL DEFAULT 0,
  legacy_errors     bigint NOT NULL DEFAULT 0,
  cloud_requests    bigint NOT NULL DEFAULT 0,
  cloud_errors      bigint NOT NULL DEFAULT 0,
  shadow_matches    bigint NOT NULL DEFAULT 0,
  shadow_mismatches bigint NOT NULL DEFAULT 0,
  shadow_failures   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (entity, minute)
);
CREATE INDEX entity_traffic_minute ON migration.entity_traffic (minute);
