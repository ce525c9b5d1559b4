-- The council's asset register (Codeman) as an extract loads it (housing asset-register load): one row per
-- asset, keyed by the register's own id, with the UH property reference it names (canonical, 8 digits)
-- when it names one. The Property Index compares it with UH, the cloud and the LLPG.
CREATE TABLE housing.asset_register (
  asset_id     text PRIMARY KEY,
  prop_ref     text CHECK (prop_ref ~ '^[0-9]{8}$'),
  uprn         text CHECK (uprn ~ '^[1-9][0-9]{10,11}$'),
  level        text NOT NULL CHECK (level IN ('ESTATE', 'BLOCK', 'SUB_BLOCK', 'DWELLING', 'NON_DWELLING', 'OTHER')),
  asset_type   text,
  parent_prop_ref text CHECK (parent_prop_ref ~ '^[0-9]{8}$'),
  status       text NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED', 'DISPOSED')),
  status_date  date,
  address      text,
  postcode     text
);
CREATE INDEX asset_register_prop_ref ON housing.asset_register (prop_ref);
CREATE INDEX asset_register_uprn ON housing.asset_register (uprn);
