-- The Property Index's headline each time `housing property-index` builds it (the dashboard shows the
-- latest): what each source holds, by level, and how many disagreements of each category. The index reads
-- UH, which the gateway cannot reach, so the page shows the last one built and when.
CREATE TABLE sync.property_index_run (
  id             bigserial PRIMARY KEY,
  generated_at   timestamptz NOT NULL,
  totals         jsonb NOT NULL,
  by_level       jsonb NOT NULL,
  disagreements  jsonb NOT NULL
);
CREATE INDEX property_index_run_generated ON sync.property_index_run (generated_at DESC);
