/* Universal Housing (uhtlive.dbo) schema used by housing-graph.
   Valid T-SQL for a real SQL Server, and the schema the UH simulator builds itself from.
   UH's habits are kept on purpose: no primary keys (unique indexes only), char(n) codes right-padded
   with spaces, space(1) defaults instead of NULL, '' dates stored as 1900-01-01, a tstamp rowversion on
   every table. Do not "fix" them here: the project must cope with UH as it is. */

CREATE TABLE dbo.postcode (
    post_code      char(10)      NOT NULL DEFAULT (space(1)),
    aline1         char(50)      NULL     DEFAULT (space(1)),  -- street
    aline2         char(50)      NULL     DEFAULT (space(1)),  -- area
    aline3         char(50)      NULL     DEFAULT (space(1)),  -- town
    aline4         char(50)      NULL     DEFAULT (space(1)),
    ci_post_code   char(10)      NULL     DEFAULT (space(1)),
    postcode_sid   int           NULL     DEFAULT (0),
    comp_avail     char(200)     NULL     DEFAULT (''),
    comp_display   char(200)     NULL     DEFAULT (''),
    tstamp         timestamp     NOT NULL
);
CREATE UNIQUE INDEX postcode01 ON dbo.postcode (post_code);

/* 2. property: every level of the hierarchy is a row (owner/estate/block/
      sub-block/dwelling/non-dwelling); parent via major_ref */
CREATE TABLE dbo.property (
    prop_ref          char(12)      NOT NULL DEFAULT (space(1)), -- '00023456    '
    level_code        char(1)       NULL     DEFAULT (space(1)), -- lulevel.lu_ref: 2=estate,3=block,7=dwelling
    major_ref         char(12)      NULL     DEFAULT (space(1)), -- parent prop_ref; blank at root
    u_estate          char(16)      NULL     DEFAULT (space(1)), -- denormalised estate prop_ref (can disagree with major_ref)
    u_block           char(16)      NULL     DEFAULT (space(1)), -- denormalised block prop_ref
    cat_type          char(3)       NULL     DEFAULT (space(1)),
    subtyp_code       char(3)       NULL     DEFAULT (space(1)), -- lookup lu_type 'UCT'/'PST' -> Block/Dwelling/...
    address1          char(255)     NULL     DEFAULT (space(1)), -- composed full address line
    short_address     char(200)     NULL     DEFAULT (space(1)),
    post_preamble     char(60)      NULL     DEFAULT (space(1)), -- 'Flat 5 Gingerbread House'
    post_desig        char(60)      NULL     DEFAULT (space(1)), -- door number '98'
    post_code         char(10)      NULL     DEFAULT (space(1)), -- -> postcode.post_code
    u_llpg_ref        char(16)      NULL     DEFAULT (space(1)), -- UPRN as text (may be blank / 0-padded / stale)
    u_llpgref         char(12)      NULL     DEFAULT (space(1)), -- second, older UPRN column
    occ_stat          char(3)       NULL     DEFAULT (space(1)), -- occstat.occ_status
    num_bedrooms      int           NULL,
    letable           bit           NOT NULL DEFAULT (0),
    managed_property  bit           NOT NULL DEFAULT (0),
    no_maint          bit           NULL     DEFAULT (0),        -- 1 => repairs cannot be raised
    ownership         char(10)      NOT NULL DEFAULT (space(1)),
    arr_patch         char(3)       NULL     DEFAULT (space(1)), -- arrears patch e.g. 'W02'
    house_ref         char(10)      NULL     DEFAULT (space(1)), -- current household
    dtstamp           smalldatetime NOT NULL DEFAULT (getdate()),
    property_sid      int           NULL     DEFAULT (0),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX property01 ON dbo.property (prop_ref);
CREATE INDEX property02 ON dbo.property (house_ref);
CREATE INDEX ix_property_major_ref ON dbo.property (major_ref);
CREATE INDEX ix_property_level_codeocc_stat ON dbo.property (level_code, occ_stat);
CREATE INDEX property_post_code ON dbo.property (post_code);

/* 3. tenagree: tenancy / lease / sundry account */
CREATE TABLE dbo.tenagree (
    tag_ref           char(11)      NOT NULL DEFAULT (space(1)), -- '0905836/01 '
    prop_ref          char(12)      NULL     DEFAULT (space(1)),
    house_ref         char(10)      NULL     DEFAULT (space(1)),
    tenure            char(3)       NULL     DEFAULT (space(1)), -- SEC, INT, NON, LEA, FRE, TAF, ...
    agr_type          char(1)       NULL     DEFAULT (space(1)), -- 'M' master account
    rentgrp_ref       char(3)       NULL     DEFAULT (space(1)), -- HRA, LSC, GPS, TAG, TAH, ...
    cot               smalldatetime NULL,                         -- commencement of tenancy
    eot               smalldatetime NULL,                         -- end of tenancy; 1900-01-01 or NULL when open
    terminated        bit           NOT NULL DEFAULT (0),
    present           bit           NOT NULL DEFAULT (1),
    active            bit           NOT NULL DEFAULT (1),
    rent              numeric(9,2)  NULL     DEFAULT (0),         -- weekly
    service           numeric(9,2)  NULL     DEFAULT (0),
    other_charge      numeric(9,2)  NULL     DEFAULT (0),
    cur_bal           numeric(9,2)  NULL     DEFAULT (0),         -- +ve = arrears
    u_saff_rentacc    char(20)      NULL     DEFAULT (space(0)),  -- payment ref, 10 digits
    u_saff_tenancy    char(12)      NULL     DEFAULT (space(1)),
    u_notice_served   smalldatetime NULL,
    courtdate         smalldatetime NULL,
    evictdate         smalldatetime NULL,
    potentialenddate  smalldatetime NOT NULL DEFAULT (''),        -- '' => 1900-01-01
    dtstamp           smalldatetime NOT NULL DEFAULT (getdate()),
    tenagree_sid      int           NULL     DEFAULT (0),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX tenagree01 ON dbo.tenagree (tag_ref);
CREATE INDEX tenagree02 ON dbo.tenagree (prop_ref);
CREATE INDEX tenagree03 ON dbo.tenagree (house_ref);
CREATE INDEX u_tenagree01 ON dbo.tenagree (prop_ref, cot);

/* 4. househ: household (correspondence address lives here) */
CREATE TABLE dbo.househ (
    house_ref         char(10)      NOT NULL DEFAULT (space(1)), -- '0121098   '
    prop_ref          char(12)      NULL     DEFAULT (space(1)),
    house_desc        char(73)      NULL     DEFAULT (space(1)), -- 'Mr J Smith & Mrs A Smith'
    joint_ten         bit           NOT NULL DEFAULT (0),
    house_size        numeric(2,0)  NULL     DEFAULT (0),
    corr_preamble     char(60)      NULL     DEFAULT (space(1)),
    corr_desig        char(60)      NULL     DEFAULT (space(1)),
    corr_postcode     char(10)      NULL     DEFAULT (space(1)),
    telephone         char(21)      NULL     DEFAULT (space(1)),
    email_address     varchar(50)   NULL,
    househ_sid        int           NULL     DEFAULT (0),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX househ01 ON dbo.househ (house_ref);
CREATE INDEX househ02 ON dbo.househ (prop_ref);

/* 5. member: household members; identity = (house_ref, person_no) */
CREATE TABLE dbo.member (
    house_ref         char(10)      NOT NULL DEFAULT (space(1)),
    person_no         numeric(2,0)  NOT NULL DEFAULT (0),
    title             char(10)      NULL     DEFAULT (space(1)),
    forename          char(24)      NULL     DEFAULT (space(1)),  -- truncates long names
    surname           char(20)      NULL     DEFAULT (space(1)),  -- truncates long names
    ci_surname        varchar(255)  NULL,
    dob               datetime      NOT NULL DEFAULT (''),        -- unknown => 1900-01-01
    gender            char(1)       NULL     DEFAULT (space(1)),
    ni_no             char(12)      NULL     DEFAULT (space(1)),
    relationship      char(1)       NULL     DEFAULT (space(1)),
    responsible       bit           NOT NULL DEFAULT (0),          -- tenant(s) on the agreement
    oap               bit           NOT NULL DEFAULT (0),
    at_risk           bit           NOT NULL DEFAULT (0),
    full_ed           bit           NOT NULL DEFAULT (0),
    bank_acc_type     char(3)       NOT NULL DEFAULT (space(1)),
    member_sid        int           NOT NULL DEFAULT (0),
    contacts_sid      int           NULL,
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX member01 ON dbo.member (house_ref, person_no);
CREATE INDEX member_surname ON dbo.member (surname);
CREATE INDEX ix_member_dob ON dbo.member (dob);

/* 6. contacts: contact record per tenancy/property (phones, email) */
CREATE TABLE dbo.contacts (
    con_key           int           NOT NULL,                    -- allocated by app (not IDENTITY in UH)
    con_ref           char(12)      NULL     DEFAULT (space(1)), -- usually house_ref
    con_type          char(1)       NULL     DEFAULT (space(1)),
    con_name          varchar(73)   NULL,
    con_address       char(200)     NULL     DEFAULT (space(1)),
    con_postcode      char(10)      NULL     DEFAULT (space(1)),
    con_phone1        char(21)      NULL     DEFAULT (space(1)),
    con_phone2        char(21)      NULL     DEFAULT (space(1)),
    con_phone3        char(21)      NULL     DEFAULT (space(1)),
    email_address     char(50)      NULL     DEFAULT (space(1)),
    tag_ref           char(11)      NULL     DEFAULT (space(1)),
    prop_ref          char(12)      NULL     DEFAULT (space(1)),
    contacts_sid      int           NULL     DEFAULT (0),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX contacts01 ON dbo.contacts (con_key);
CREATE INDEX contacts08 ON dbo.contacts (tag_ref);
CREATE INDEX contacts09 ON dbo.contacts (prop_ref);

/* 7. rtrans: rent account transactions (debits D??, receipts R??) */
CREATE TABLE dbo.rtrans (
    batchid           int           NULL,
    batchno           numeric(6,0)  NULL,
    transno           int           NULL,
    line_no           int           NULL,
    line_segno        numeric(2,0)  NULL,
    tag_ref           char(11)      NULL     DEFAULT (space(1)),
    prop_ref          char(12)      NULL     DEFAULT (space(1)),
    house_ref         char(10)      NULL     DEFAULT (space(1)),
    rentgroup         char(3)       NULL     DEFAULT (space(1)),
    trans_type        char(3)       NULL     DEFAULT (space(1)), -- debtype.deb_code / rectype.rec_code
    trans_ref         char(12)      NULL     DEFAULT (space(1)),
    post_date         smalldatetime NULL,
    post_year         int           NULL,
    post_prdno        numeric(3,0)  NULL,                         -- rent week/period number
    real_value        numeric(9,2)  NULL,                         -- debits +ve, receipts -ve
    adjustment        bit           NOT NULL DEFAULT (0),
    receipted         bit           NOT NULL DEFAULT (0),
    rtrans_sid        int           NULL,
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX rtrans01 ON dbo.rtrans (batchid, transno, line_no, line_segno);
CREATE INDEX ix_rtrans_tag_refpost_date ON dbo.rtrans (tag_ref, post_date);
CREATE INDEX rtrans02 ON dbo.rtrans (prop_ref);

/* 8. rmreqst: reactive repair request (work orders in rmworder, tasks/SORs in rmtask) */
CREATE TABLE dbo.rmreqst (
    rq_ref            char(8)       NOT NULL DEFAULT (space(1)),
    prop_ref          char(12)      NULL     DEFAULT (space(1)),
    house_ref         char(10)      NULL     DEFAULT (space(1)),
    rq_date           datetime      NULL,
    rq_problem        text          NULL,
    rq_priority       char(3)       NULL     DEFAULT (space(1)), -- N, U, I, E, G, Z, V
    rq_status         char(3)       NULL     DEFAULT (space(1)), -- e.g. '000'
    rq_name           char(40)      NULL     DEFAULT (space(1)),
    rq_phone          text          NULL,
    rq_cancel         char(3)       NULL     DEFAULT (space(1)),
    rq_cancel_date    datetime      NULL,                         -- code sets '' => 1900-01-01
    user_code         char(3)       NULL     DEFAULT (space(1)),
    rmreqst_sid       int           NULL     DEFAULT (0),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX rmreqst01 ON dbo.rmreqst (rq_ref);
CREATE INDEX rmreqst02 ON dbo.rmreqst (prop_ref);

/* ---- lookups the entity tables refer to ---- */

/* lulevel: property hierarchy levels (2 estate, 3 block, 7 dwelling confirmed; others plausible) */
CREATE TABLE dbo.lulevel (
    lu_ref            char(1)       NOT NULL DEFAULT (space(1)),
    lu_desc           char(20)      NULL     DEFAULT (space(1)),
    lu_dwelling       bit           NOT NULL DEFAULT (0),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX lulevel01 ON dbo.lulevel (lu_ref);

/* tenure: tenure types */
CREATE TABLE dbo.tenure (
    ten_type          char(3)       NOT NULL DEFAULT (space(1)),
    ten_desc          char(15)      NULL     DEFAULT (space(1)),
    leasehold         bit           NOT NULL DEFAULT (0),
    ten_secure        bit           NOT NULL DEFAULT (0),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX tenure01 ON dbo.tenure (ten_type);

/* debtype / rectype: rent debit and receipt transaction codes */
CREATE TABLE dbo.debtype (
    deb_code          char(3)       NOT NULL DEFAULT (space(1)),
    deb_desc          char(20)      NULL     DEFAULT (space(1)),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX debtype01 ON dbo.debtype (deb_code);

CREATE TABLE dbo.rectype (
    rec_code          char(3)       NOT NULL DEFAULT (space(1)),
    rec_desc          char(20)      NULL     DEFAULT (space(1)),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX rectype01 ON dbo.rectype (rec_code);

/* lookup: generic code lists (lu_type 'PRI' repair priorities, 'PST' property subtypes, 'PHT' phone types, ...) */
CREATE TABLE dbo.lookup (
    lu_type           char(3)       NOT NULL DEFAULT (space(1)),
    lu_ref            char(3)       NOT NULL DEFAULT (space(1)),
    lu_desc           varchar(80)   NULL,
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX lookup01 ON dbo.lookup (lu_type, lu_ref);

/* sysserial: UH allocates new references (rq_ref, con_key, ...) by incrementing a serial row
   inside the writing transaction: UPDATE ... SET ser_value = ser_value + 1, then SELECT it back. */
CREATE TABLE dbo.sysserial (
    ser_type          char(10)      NOT NULL DEFAULT (space(1)),
    ser_value         int           NOT NULL DEFAULT (0),
    comp_avail        char(200)     NULL     DEFAULT (''),
    comp_display      char(200)     NULL     DEFAULT (''),
    tstamp            timestamp     NOT NULL
);
CREATE UNIQUE INDEX sysserial01 ON dbo.sysserial (ser_type);
