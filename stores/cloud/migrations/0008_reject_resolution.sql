-- A rejected UH row is fixed in UH, or deleted there: its rejects are resolved, not deleted, so what was
-- wrong stays on record. resolved_at/resolution are NULL while the reject is open (what everything that
-- shows or counts rejects reads); resolution says what resolved it ('taken by forward capture',
-- 'deleted in UH').
ALTER TABLE sync.reject
  ADD COLUMN resolved_at timestamptz,
  ADD COLUMN resolution  text,
  ADD CONSTRAINT reject_resolved_with_why CHECK ((resolved_at IS NULL) = (resolution IS NULL));

-- One OPEN reject per (job, source, key, reason): a re-run adds nothing, and a row fixed then broken again
-- gets a new open reject beside the resolved one (ON CONFLICT names this index with its predicate).
ALTER TABLE sync.reject DROP CONSTRAINT reject_job_source_source_key_reason_key;
CREATE UNIQUE INDEX reject_open ON sync.reject (job, source, source_key, reason) WHERE resolved_at IS NULL;
-- What forward capture resolves by: a source's keys, whatever the job.
CREATE INDEX reject_open_by_key ON sync.reject (source, source_key) WHERE resolved_at IS NULL;
