-- The cloud domain model: what UH holds, cleaned once (trimmed references, NULL for blanks and placeholder
-- dates, exact numerics), keyed by the legacy references the graph exposes, plus what UH cannot give
-- (every competing hierarchy claim, the LLPG). Values are stored exactly as the graph serves them, so the
-- cloud subgraph answers identically to the legacy one. Rows carry the UH rowversion they were synced
-- from (uh_tstamp) and which side masters them.

CREATE TABLE housing.tenure_type (
  code         text PRIMARY KEY,
  description  text,
  is_leasehold boolean NOT NULL DEFAULT false,
  is_secure    boolean NOT NULL DEFAULT false
);

CREATE TABLE housing.property (
  reference          text PRIMARY KEY CHECK (reference ~ '^[0-9]{8}$'),
  level              text NOT NULL CHECK (level IN ('ESTATE', 'BLOCK', 'SUB_BLOCK', 'DWELLING', 'NON_DWELLING', 'OTHER')),
  level_code         text,
  address_line1      text,
  address_line2      text,
  address_line3      text,
  address_line4      text,
  postcode           text,
  uprn               text CHECK (uprn ~ '^[1-9][0-9]{10,11}$'),
  number_of_bedrooms integer,
  -- UH's own parent (major_ref) as held: it may point at a property that does not exist (no FK on purpose).
  parent_reference   text,
  house_ref          text,
  no_maintenance     boolean NOT NULL DEFAULT false,
  mastered_in        text NOT NULL DEFAULT 'UH' CHECK (mastered_in IN ('UH', 'CLOUD')),
  uh_tstamp          bytea,
  synced_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX property_parent_reference ON housing.property (parent_reference, reference);
CREATE INDEX property_level ON housing.property (level, reference);
CREATE INDEX property_postcode ON housing.property (replace(postcode, ' ', ''));
CREATE INDEX property_uprn ON housing.property (uprn);

-- Every claim about a property's parent, with its source: UH major_ref (preferred), UH u_estate / u_block,
-- the LLPG's parent UPRN and its cross-references. Claims may name properties the cloud does not hold.
CREATE TABLE housing.property_parent_claim (
  child_reference  text NOT NULL REFERENCES housing.property (reference) ON DELETE CASCADE,
  parent_reference text NOT NULL,
  source           text NOT NULL CHECK (source IN ('UH_MAJOR_REF', 'UH_U_ESTATE', 'UH_U_BLOCK', 'LLPG_PARENT_UPRN', 'LLPG_XREF')),
  is_preferred     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (child_reference, source, parent_reference)
);
CREATE UNIQUE INDEX property_parent_claim_one_preferred ON housing.property_parent_claim (child_reference) WHERE is_preferred;

CREATE TABLE housing.tenancy (
  reference          text PRIMARY KEY,
  -- As UH holds it (canonical 8 digits): an ended tenancy may point at a property UH no longer has.
  property_reference text,
  house_ref          text,
  tenure_code        text,
  tenure_description text,
  start_date         date,
  end_date           date,
  is_terminated      boolean NOT NULL DEFAULT false,
  payment_reference  text,
  rent               numeric(9, 2),
  service_charge     numeric(9, 2),
  other_charge       numeric(9, 2),
  balance            numeric(9, 2),
  mastered_in        text NOT NULL DEFAULT 'UH' CHECK (mastered_in IN ('UH', 'CLOUD')),
  uh_tstamp          bytea,
  synced_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tenancy_property ON housing.tenancy (property_reference);
CREATE INDEX tenancy_house_ref ON housing.tenancy (house_ref);
CREATE INDEX tenancy_payment_reference ON housing.tenancy (payment_reference);

-- A human. One person may be several UH household-member records (moved house, duplicates); the graph's
-- Person is the household member, linked here.
CREATE TABLE housing.person (
  id            uuid PRIMARY KEY,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- A UH member row: identity (house_ref, person_no), exposed as id '<house_ref>-<person_no>'.
CREATE TABLE housing.household_member (
  id             text PRIMARY KEY,
  house_ref      text NOT NULL,
  person_no      smallint NOT NULL,
  person_id      uuid REFERENCES housing.person (id),
  title          text,
  first_name     text,
  surname        text,
  date_of_birth  date,
  is_responsible boolean NOT NULL DEFAULT false,
  mastered_in    text NOT NULL DEFAULT 'UH' CHECK (mastered_in IN ('UH', 'CLOUD')),
  uh_tstamp      bytea,
  synced_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (house_ref, person_no)
);
CREATE INDEX household_member_person ON housing.household_member (person_id);
CREATE INDEX household_member_surname ON housing.household_member (lower(surname), lower(first_name));

-- Contact details per household, as the graph serves them: phones in order, then the email.
CREATE TABLE housing.contact_details (
  house_ref   text PRIMARY KEY,
  phones      jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(phones) = 'array'),
  email       text,
  -- The UH contacts row these came from (con_key), so writes go back to the same row.
  uh_con_key  integer,
  mastered_in text NOT NULL DEFAULT 'UH' CHECK (mastered_in IN ('UH', 'CLOUD')),
  synced_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE repairs.repair_request (
  reference          text PRIMARY KEY CHECK (reference ~ '^[0-9]{8}$'),
  property_reference text,
  priority           text CHECK (priority IN ('NORMAL', 'URGENT', 'IMMEDIATE', 'EMERGENCY', 'G', 'Z', 'V')),
  status             text,
  raised_at          timestamptz,
  description        text,
  contact_name       text,
  contact_phone      text,
  mastered_in        text NOT NULL DEFAULT 'UH' CHECK (mastered_in IN ('UH', 'CLOUD')),
  uh_tstamp          bytea,
  synced_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX repair_request_property ON repairs.repair_request (property_reference, raised_at DESC, reference DESC);

-- rtrans has no primary key; its unique index (batchid, transno, line_no, line_segno) is the identity
-- (NULLs as 0, as the graph's cursors use them).
CREATE TABLE finance.rent_transaction (
  batch_id           integer NOT NULL,
  trans_no           integer NOT NULL,
  line_no            integer NOT NULL,
  line_segno         integer NOT NULL,
  tenancy_reference  text NOT NULL,
  posted_date        date NOT NULL,
  type_code          text NOT NULL,
  type_description   text,
  amount             numeric(9, 2) NOT NULL,
  reference          text,
  uh_tstamp          bytea,
  synced_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (batch_id, trans_no, line_no, line_segno)
);
CREATE INDEX rent_transaction_tenancy ON finance.rent_transaction (tenancy_reference, posted_date DESC, batch_id DESC, trans_no DESC, line_no DESC, line_segno DESC);

-- The local land and property gazetteer (BS7666): one row per LPI, several per UPRN.
CREATE TABLE llpg.address (
  lpi_key            text PRIMARY KEY,
  uprn               text NOT NULL,
  parent_uprn        text,
  usrn               integer,
  logical_status     text NOT NULL CHECK (logical_status IN ('APPROVED_PREFERRED', 'ALTERNATIVE', 'PROVISIONAL', 'HISTORICAL')),
  blpu_class         text,
  property_shell     boolean NOT NULL DEFAULT false,
  sao_text           text,
  pao_text           text,
  building_number    text,
  street             text,
  locality           text,
  town               text,
  postcode           text,
  start_date         date,
  end_date           date
);
CREATE INDEX address_uprn ON llpg.address (uprn);
CREATE INDEX address_parent_uprn ON llpg.address (parent_uprn);

CREATE TABLE llpg.cross_reference (
  xref_key   text PRIMARY KEY,
  uprn       text NOT NULL,
  code       text NOT NULL,
  name       text,
  value      text NOT NULL,
  end_date   date
);
CREATE INDEX cross_reference_uprn ON llpg.cross_reference (uprn);
CREATE INDEX cross_reference_value ON llpg.cross_reference (code, value);

-- ---- sync ----

-- Where each sync job got to: backfill's last key per table, forward capture's rowversion high-water mark.
CREATE TABLE sync.checkpoint (
  job         text NOT NULL,
  source      text NOT NULL,
  last_key    text,
  last_tstamp bytea,
  rows_done   bigint NOT NULL DEFAULT 0,
  completed   boolean NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job, source)
);

-- Rows that could not be applied, with why: never dropped silently.
CREATE TABLE sync.reject (
  id          bigserial PRIMARY KEY,
  job         text NOT NULL,
  source      text NOT NULL,
  source_key  text NOT NULL,
  reason      text NOT NULL,
  row_data    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (job, source, source_key, reason)
);

-- Cloud writes waiting to be applied to UH, in order per key (written in the same transaction as the write).
CREATE TABLE sync.outbox (
  id           bigserial PRIMARY KEY,
  entity       text NOT NULL,
  entity_key   text NOT NULL,
  operation    text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  payload      jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPLIED', 'FAILED', 'CONFLICT')),
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text,
  -- The rowversion UH gave the row when this write was applied: the forward poller skips it (no echo).
  uh_tstamp    bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  applied_at   timestamptz
);
CREATE INDEX outbox_pending ON sync.outbox (entity, entity_key, id) WHERE status = 'PENDING';

-- Both sides changed a record since the last sync: both versions kept for review, the master's applied.
CREATE TABLE sync.conflict (
  id           bigserial PRIMARY KEY,
  entity       text NOT NULL,
  entity_key   text NOT NULL,
  uh_version   jsonb NOT NULL,
  cloud_version jsonb NOT NULL,
  winner       text NOT NULL CHECK (winner IN ('UH', 'CLOUD')),
  resolved     boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Shadow reads whose answers differed (gateway SHADOW phase).
CREATE TABLE migration.shadow_mismatch (
  id             bigserial PRIMARY KEY,
  entity         text NOT NULL,
  operation_name text,
  path           text NOT NULL,
  legacy_value   jsonb,
  cloud_value    jsonb,
  observed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shadow_mismatch_entity ON migration.shadow_mismatch (entity, observed_at DESC);
