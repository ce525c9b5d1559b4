import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { runHousing } from './helpers/runHousing';
import { composeSubgraphs } from '../schema/tooling/composeSubgraphs';
import { readSubgraphSources } from '../schema/tooling/readSubgraphSources';
import { writeComposition } from '../schema/tooling/writeComposition';
import { runSchemaCheck, type SchemaCheckReport } from '../schema/tooling/runSchemaCheck';
import { formatSchemaCheckReport } from '../schema/tooling/formatSchemaCheckReport';
import { servedSdl } from '../schema/tooling/runningSubgraphSdl';
import { SchemaToolingError } from '../schema/tooling/SchemaToolingError';

const SCHEMA_DIR = join(__dirname, '..', 'schema');
const LEGACY_SDL = readFileSync(join(SCHEMA_DIR, 'legacy.graphql'), 'utf8');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of schema/ in a temp folder (never in git, so the base is its baseline/api.graphql, which is the
 * committed api.graphql), with legacy.graphql edited.
 */
function fixture(edit?: (sdl: string) => string, options: { recompose?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
  dirs.push(dir);
  // Only the legacy subgraph: the fixtures pin its edits, whatever other subgraphs the real folder holds.
  for (const item of ['legacy.graphql', 'operations', 'baseline', 'allowed-changes.json'])
    cpSync(join(SCHEMA_DIR, item), join(dir, item), { recursive: true });
  writeFileSync(
    join(dir, 'subgraphs.json'),
    JSON.stringify({ legacy: { routingUrl: 'http://localhost:4001/graphql' } }),
  );
  // The base: the unedited legacy subgraph composed alone.
  writeFileSync(join(dir, 'baseline', 'api.graphql'), legacyOnlyApi(dir));
  const edited = edit === undefined ? LEGACY_SDL : edit(LEGACY_SDL);
  if (edit !== undefined && edited === LEGACY_SDL) throw new Error('the fixture edit changed nothing');
  writeFileSync(join(dir, 'legacy.graphql'), edited);
  if (options.recompose ?? true) {
    const composition = composeSubgraphs(readSubgraphSources(dir));
    if (composition.kind === 'composed') writeComposition(dir, composition);
  }
  return dir;
}

function legacyOnlyApi(dir: string): string {
  const composition = composeSubgraphs(readSubgraphSources(dir));
  if (composition.kind !== 'composed') throw new Error('the unedited legacy subgraph does not compose');
  return composition.apiSdl;
}

/** Replace exactly one occurrence (a fixture that silently edits nothing would prove nothing). */
const replaceOnce = (from: string, to: string) => (sdl: string) => {
  const at = sdl.indexOf(from);
  if (at < 0 || sdl.indexOf(from, at + 1) >= 0)
    throw new Error(`expected exactly one "${from}" in legacy.graphql`);
  return sdl.slice(0, at) + to + sdl.slice(at + from.length);
};

/** The check of a fixture, with the subgraph "code" being the fixture's own SDL file. */
async function check(dir: string, base?: string): Promise<{ report: SchemaCheckReport; text: string }> {
  const report = await runSchemaCheck({
    schemaDir: dir,
    cwd: dir,
    ...(base === undefined ? {} : { base }),
    runningSubgraphs: {
      legacy: () =>
        servedSdl(
          buildSubgraphSchema({ typeDefs: parse(readFileSync(join(dir, 'legacy.graphql'), 'utf8')) }),
        ),
    },
  });
  // graphql-js found nothing this check could not locate.
  expect((report.changes ?? []).filter((c) => c.coordinate === '(unlocated)')).toEqual([]);
  return { report, text: formatSchemaCheckReport(report) };
}

const change = (report: SchemaCheckReport, id: string) => {
  const found = report.changes?.find((c) => c.id === id);
  if (found === undefined)
    throw new Error(`no change ${id}; got ${report.changes?.map((c) => c.id).join(', ')}`);
  return {
    severity: found.severity,
    blocking: found.blocking,
    operations: found.operations.map((o) => `${o.client}/${o.name}`),
  };
};

describe('housing schema check on the real repository', () => {
  it('passes (exit 0) through the real CLI', async () => {
    const run = await runHousing(['schema', 'check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1\. composition \.+ ok \((\w+, )*legacy(, \w+)*; \d+ hint\(s\)\)$/m);
    expect(run.stdout).toContain('2. committed files .. ok');
    expect(run.stdout).toMatch(/^3\. code vs SDL \.+ ok \(.*legacy serves legacy\.graphql/m);
    expect(run.stdout).toMatch(
      /5\. operations \.+ ok \(all \d+ registered operations of 3 clients validate\)/,
    );
    // Each registered operation priced as the gateway prices it.
    expect(run.stdout).toContain(
      '      cost, as the gateway prices it (@cost, @listSize; default limit 5000): with the sample variables / every page at 100\n',
    );
    expect(run.stdout).toMatch(/^ {8}tenancy-management-web\/BlockPage +24 \/ +404$/m);
    expect(run.stdout).toMatch(/^ {8}contact-centre\/UpdateContactDetails +16 \/ +16$/m);
    expect(run.stdout).toContain('PASS: the change can land.');
  });

  it('prints the same report as JSON with --json', async () => {
    const run = await runHousing(['schema', 'check', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ passed: true, exitCode: 0, staleFiles: [], blocking: [] });
    expect(report.subgraphs).toContainEqual({ name: 'legacy', file: 'legacy.graphql', status: 'matches' });
    expect(report.operations.costLimit).toBe(5000);
    expect(report.operations.costs).toContainEqual({
      client: 'tenancy-management-web',
      name: 'BlockPage',
      file: 'operations/tenancy-management-web/BlockPage.graphql',
      cost: 24,
      costAtLargestPages: 404,
    });
  });

  it('exits 2 naming a base that is neither a file nor a git ref', async () => {
    const run = await runHousing(['schema', 'check', '--base', 'no-such-ref-or-file']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'housing: schema check could not run: --base "no-such-ref-or-file": neither a file nor a git ref',
    );
    expect(run.stdout).toBe('');

    const json = await runHousing(['schema', 'check', '--json', '--base', 'no-such-ref-or-file']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      passed: false,
      exitCode: 2,
      error: expect.stringContaining('--base "no-such-ref-or-file": neither a file nor a git ref'),
    });
  });

  it('compose of the real schema reproduces the committed files', async () => {
    const composition = composeSubgraphs(readSubgraphSources(SCHEMA_DIR));
    if (composition.kind !== 'composed') throw new Error('composition failed');
    expect(composition.supergraphSdl).toBe(readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8'));
    expect(composition.apiSdl).toBe(readFileSync(join(SCHEMA_DIR, 'api.graphql'), 'utf8'));
  });
});

describe('housing schema check on fixture changes', () => {
  it('composition error: exit 1, the error located in the subgraph file, later steps skipped', async () => {
    const dir = fixture(
      replaceOnce('type Address @shareable {', 'type Address @shareable @key(fields: "nope") {'),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(text).toContain('1. composition ...... FAILED (1 error(s))');
    expect(text).toMatch(
      /error KEY_INVALID_FIELDS: \[legacy\] On type "Address", for @key\(fields: "nope"\)/,
    );
    expect(text).toMatch(/at legacy\.graphql:\d+:\d+/);
    expect(text).toContain('4. API changes ...... skipped (composition failed)');
    expect(text).toContain('  - composition failed with 1 error(s)');

    const run = await runHousing(['schema', 'compose', '--schema-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error KEY_INVALID_FIELDS');
    expect(run.stderr).toContain('housing: composition failed with 1 error(s); nothing written');
  });

  it('stale supergraph: exit 1 and tells the user to run housing schema compose (real CLI)', async () => {
    const dir = fixture();
    writeFileSync(
      join(dir, 'subgraphs.json'),
      JSON.stringify({ legacy: { routingUrl: 'http://legacy:4001/graphql' } }),
    );
    const run = await runHousing(['schema', 'check', '--schema-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '2. committed files .. STALE: supergraph.graphql differ from a fresh composition',
    );
    expect(run.stdout).toContain(
      'what to do: run `housing schema compose` (npm run schema:compose) and commit the result',
    );

    const compose = await runHousing(['schema', 'compose', '--schema-dir', dir]);
    expect(compose.code).toBe(0);
    const again = await runHousing(['schema', 'check', '--schema-dir', dir]);
    expect(again.code).toBe(0);
  });

  it('code vs SDL: the real legacy code does not serve an edited legacy.graphql', async () => {
    const dir = fixture(
      replaceOnce('  numberOfBedrooms: Int\n', '  numberOfBedrooms: Int\n  floorArea: Int\n'),
    );
    const report = await runSchemaCheck({ schemaDir: dir, cwd: dir });
    expect(report.exitCode).toBe(1);
    expect(report.subgraphs).toEqual([
      expect.objectContaining({
        name: 'legacy',
        status: 'differs',
        detail: expect.stringContaining('floorArea: Int'),
      }),
    ]);
    expect(formatSchemaCheckReport(report)).toContain(
      'legacy: the schema its code serves differs from legacy.graphql',
    );
  });

  it('a subgraph file without an in-process builder fails the check', async () => {
    const dir = fixture();
    writeFileSync(
      join(dir, 'cloud.graphql'),
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Query { ping: String }\n',
    );
    writeFileSync(
      join(dir, 'subgraphs.json'),
      JSON.stringify({
        legacy: { routingUrl: 'http://localhost:4001/graphql' },
        cloud: { routingUrl: 'http://localhost:4002/graphql' },
      }),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(text).toContain('2. committed files .. STALE');
    expect(text).toContain('cloud: no in-process builder; add one to RUNNING_SUBGRAPHS');
    expect(report.blocking).toContain(
      'subgraph cloud has no in-process builder in schema/tooling/runningSubgraphSdl.ts, so its code cannot be compared with cloud.graphql',
    );

    // A reviewed "codePending" reason turns it into a warning.
    writeFileSync(
      join(dir, 'subgraphs.json'),
      JSON.stringify({
        legacy: { routingUrl: 'http://localhost:4001/graphql' },
        cloud: { routingUrl: 'http://localhost:4002/graphql', codePending: 'SDL first, code next sprint' },
      }),
    );
    const composition = composeSubgraphs(readSubgraphSources(dir));
    if (composition.kind !== 'composed') throw new Error('expected the fixture to compose');
    writeComposition(dir, composition);
    const pending = await check(dir);
    expect(pending.report.exitCode).toBe(0);
    expect(pending.text).toContain('3. code vs SDL ...... ok (legacy serves legacy.graphql)');
    expect(pending.text).toContain(
      'warning: cloud: not compared, its code is pending (subgraphs.json: SDL first, code next sprint)',
    );
    expect(change(report, 'FIELD_ADDED Query.ping')).toEqual({
      severity: 'safe',
      blocking: false,
      operations: [],
    });
  });

  it('field removed and used: blocking, names the operations, which no longer validate', async () => {
    const dir = fixture(replaceOnce('  uprn: String\n', ''));
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(change(report, 'FIELD_REMOVED Property.uprn')).toEqual({
      severity: 'breaking',
      blocking: true,
      operations: ['tenancy-management-web/PropertyPage', 'tenancy-management-web/PropertySearch'],
    });
    expect(text).toContain(
      'Blocking: breaking and used by registered operations:\n  FIELD_REMOVED Property.uprn',
    );
    expect(text).toContain(
      '      tenancy-management-web/PropertyPage (operations/tenancy-management-web/PropertyPage.graphql)',
    );
    expect(text).toContain(
      '    what to do: keep it and mark it @deprecated(reason: "...") until tenancy-management-web stop using it',
    );
    expect(text).toContain('5. operations ....... FAILED (2 of 15 do not validate)');
    expect(text).toContain('Cannot query field "uprn" on type "Property".');
    expect(text).toContain(
      '  - breaking change FIELD_REMOVED Property.uprn is used by tenancy-management-web/PropertyPage, tenancy-management-web/PropertySearch',
    );
  });

  it('field removed and unused: reported as breaking, passes', async () => {
    // searchPersons' @listSize names the items' fields: the one removed goes from it too (composition
    // refuses a sized field that does not exist).
    const dir = fixture((sdl) =>
      replaceOnce(
        'type PersonConnection @shareable {\n  edges: [PersonEdge!]!\n  nodes: [Person!]!\n',
        'type PersonConnection @shareable {\n  edges: [PersonEdge!]!\n',
      )(
        replaceOnce(
          'PersonConnection! @requiresScopes(scopes: [["personal:read"]]) @cost(weight: 3) @listSize(slicingArguments: ["first"], sizedFields: ["edges", "nodes"])',
          'PersonConnection! @requiresScopes(scopes: [["personal:read"]]) @cost(weight: 3) @listSize(slicingArguments: ["first"], sizedFields: ["edges"])',
        )(sdl),
      ),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(0);
    expect(change(report, 'FIELD_REMOVED PersonConnection.nodes')).toEqual({
      severity: 'breaking',
      blocking: false,
      operations: [],
    });
    expect(text).toContain(
      'Breaking, but no registered operation uses it (passes; unregistered clients may still break):\n  FIELD_REMOVED PersonConnection.nodes',
    );
    expect(text).toContain('PASS: the change can land.');
  });

  it('a list size that makes a registered operation cost more than the gateway allows: blocking', async () => {
    const dir = fixture(
      replaceOnce(
        'members: [Person!]! @listSize(assumedSize: 5)',
        'members: [Person!]! @listSize(assumedSize: 5000)',
      ),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(report.blocking).toContain(
      "operation repairs-app/RepairDetail costs 20005 with its largest pages, over the gateway's default limit of 5000",
    );
    expect(report.blocking.filter((line) => line.includes('over the gateway')).length).toBe(4);
    expect(text).toMatch(/^ {8}tenancy-management-web\/PropertyPage +5058 \/ +5218  OVER THE LIMIT$/m);
  });

  it('argument type changed: blocking for the operations that pass it', async () => {
    const dir = fixture(
      replaceOnce('tenancy(reference: String!): Tenancy', 'tenancy(reference: ID!): Tenancy'),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(change(report, 'ARG_TYPE_CHANGED Query.tenancy(reference:)')).toEqual({
      severity: 'breaking',
      blocking: true,
      operations: [
        'contact-centre/CallerTenancy',
        'tenancy-management-web/RentStatement',
        'tenancy-management-web/TenancyPage',
      ],
    });
    expect(text).toContain('argument Query.tenancy(reference:) changed type from String! to ID!');
  });

  it('nullable to non-null output is safe', async () => {
    const dir = fixture(replaceOnce('  uprn: String\n', '  uprn: String!\n'));
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(0);
    expect(change(report, 'FIELD_TYPE_CHANGED Property.uprn').severity).toBe('safe');
    expect(text).toContain(
      'Safe:\n  FIELD_TYPE_CHANGED Property.uprn\n    field Property.uprn changed type from String to String! (clients still get what they expect)',
    );
  });

  it('non-null to nullable output is breaking for the operations that read it', async () => {
    const dir = fixture(replaceOnce('  isActive: Boolean!\n', '  isActive: Boolean\n'));
    const { report } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(change(report, 'FIELD_TYPE_CHANGED Tenancy.isActive')).toMatchObject({
      severity: 'breaking',
      blocking: true,
    });
    expect(change(report, 'FIELD_TYPE_CHANGED Tenancy.isActive').operations).toContain(
      'contact-centre/CallerTenancy',
    );
    expect(report.operations.invalid).toEqual([]);
  });

  it('nullable to non-null input field and argument are breaking, including for operations that never pass them', async () => {
    const dir = fixture((sdl) =>
      replaceOnce(
        'transactions(first: Int = 20, after: String, from: Date, to: Date)',
        'transactions(first: Int = 20, after: String, from: Date!, to: Date)',
      )(
        replaceOnce(
          '  postcode: String\n  level: PropertyLevel\n',
          '  postcode: String!\n  level: PropertyLevel\n',
        )(sdl),
      ),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(change(report, 'INPUT_FIELD_TYPE_CHANGED PropertyFilter.postcode')).toEqual({
      severity: 'breaking',
      blocking: true,
      operations: ['tenancy-management-web/PropertySearch'],
    });
    expect(change(report, 'ARG_TYPE_CHANGED Tenancy.transactions(from:)')).toEqual({
      severity: 'breaking',
      blocking: true,
      operations: [
        'contact-centre/CallerTenancy',
        'tenancy-management-web/RentStatement',
        'tenancy-management-web/TenancyPage',
      ],
    });
    expect(text).toContain(
      'argument Tenancy.transactions(from:) changed type from Date to Date! (now required)',
    );
    expect(report.operations.invalid.map((o) => o.name)).toEqual(['CallerTenancy', 'TenancyPage']);
  });

  it('enum value added: dangerous, names the clients that read the enum, passes', async () => {
    const dir = fixture(
      replaceOnce(
        '  "Other."\n  OTHER\n}\n\ninput ContactDetailsInput',
        '  "Other."\n  OTHER\n  "Textphone."\n  TEXTPHONE\n}\n\ninput ContactDetailsInput',
      ),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(0);
    expect(change(report, 'ENUM_VALUE_ADDED PhoneType.TEXTPHONE')).toEqual({
      severity: 'dangerous',
      blocking: false,
      operations: [
        'contact-centre/CallerDetails',
        'contact-centre/UpdateContactDetails',
        'repairs-app/RepairDetail',
      ],
    });
    expect(text).toContain(
      'Dangerous (passes; check the clients named):\n  ENUM_VALUE_ADDED PhoneType.TEXTPHONE',
    );
  });

  it('enum value removed: used by the operation that writes it literally and, conservatively, by one that sends the enum in a variable', async () => {
    const dir = fixture(replaceOnce('  "Emergency."\n  EMERGENCY\n', ''));
    const { report } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(change(report, 'ENUM_VALUE_REMOVED RepairPriority.EMERGENCY')).toEqual({
      severity: 'breaking',
      blocking: true,
      operations: ['repairs-app/RaiseEmergencyRepair', 'repairs-app/RaiseRepair'],
    });
    expect(report.operations.invalid).toEqual([
      expect.objectContaining({
        name: 'RaiseEmergencyRepair',
        errors: [expect.stringContaining('Value "EMERGENCY" does not exist in "RepairPriority" enum.')],
      }),
    ]);
  });

  it('type removed: blocking for the operations that select it', async () => {
    const dir = fixture((sdl) =>
      replaceOnce(
        'type Charges @shareable {\n  rent: Decimal\n  service: Decimal\n  other: Decimal\n}\n',
        '',
      )(
        replaceOnce(
          '  "Weekly charges."\n  charges: Charges @requiresScopes(scopes: [["finance:read"]])\n',
          '',
        )(sdl),
      ),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(1);
    expect(change(report, 'TYPE_REMOVED Charges')).toEqual({
      severity: 'breaking',
      blocking: true,
      operations: ['contact-centre/CallerTenancy', 'tenancy-management-web/TenancyPage'],
    });
    expect(change(report, 'FIELD_REMOVED Tenancy.charges').blocking).toBe(true);
    expect(text).toContain('  TYPE_REMOVED Charges\n    type Charges was removed');
  });

  it('directive changes: a deprecation is reported with its users; a removed directive definition is breaking', async () => {
    const dir = fixture(
      replaceOnce('  levelCode: String\n', '  levelCode: String @deprecated(reason: "Use level.")\n'),
    );
    // A base that also had an executable directive, which the new API no longer defines.
    const baseDir = mkdtempSync(join(tmpdir(), 'schema-base-'));
    dirs.push(baseDir);
    const base = join(baseDir, 'base-with-directive.graphql');
    writeFileSync(
      base,
      `${readFileSync(join(dir, 'baseline', 'api.graphql'), 'utf8')}\ndirective @lowercase on FIELD\n`,
    );
    const { report, text } = await check(dir, base);
    expect(report.exitCode).toBe(0);
    expect(change(report, 'DEPRECATION_ADDED Property.levelCode')).toEqual({
      severity: 'safe',
      blocking: false,
      operations: ['tenancy-management-web/PropertyPage'],
    });
    expect(change(report, 'DIRECTIVE_REMOVED @lowercase')).toEqual({
      severity: 'breaking',
      blocking: false,
      operations: [],
    });
    expect(text).toContain(
      'Property.levelCode is now @deprecated(reason: "Use level."): operations using it should move off it',
    );
    expect(report.base).toBe(`../${baseDir.split('/').pop()}/base-with-directive.graphql`);
  });

  it('allow-listed change: accepted with its reason, passes; entries that match nothing are listed', async () => {
    const dir = fixture(replaceOnce('  isActive: Boolean!\n', '  isActive: Boolean\n'));
    writeFileSync(
      join(dir, 'allowed-changes.json'),
      JSON.stringify({
        allowed: [
          {
            change: 'FIELD_TYPE_CHANGED Tenancy.isActive',
            reason: 'all three clients treat null as inactive (agreed 2026-11-20)',
          },
          { change: 'FIELD_REMOVED Property.uprn', reason: 'planned' },
        ],
      }),
    );
    const { report, text } = await check(dir);
    expect(report.exitCode).toBe(0);
    expect(change(report, 'FIELD_TYPE_CHANGED Tenancy.isActive')).toMatchObject({
      severity: 'breaking',
      blocking: false,
    });
    expect(text).toContain(
      'Breaking, accepted by schema/allowed-changes.json:\n  FIELD_TYPE_CHANGED Tenancy.isActive\n    field Tenancy.isActive changed type from Boolean! to Boolean\n    allowed because: all three clients treat null as inactive (agreed 2026-11-20)',
    );
    expect(text).toContain(
      'Allow-list entries that match no change (remove them once merged):\n  FIELD_REMOVED Property.uprn',
    );
  });

  it('an allow-list entry without a reason cannot run (exit 2 through the CLI)', async () => {
    const dir = fixture();
    writeFileSync(
      join(dir, 'allowed-changes.json'),
      JSON.stringify({ allowed: [{ change: 'FIELD_REMOVED Property.uprn' }] }),
    );
    await expect(check(dir)).rejects.toThrow(SchemaToolingError);
    const run = await runHousing(['schema', 'check', '--schema-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'allowed[0] (FIELD_REMOVED Property.uprn): a non-empty "reason" is required',
    );
  });

  it('no base at all (no git history, no baseline file): cannot run', async () => {
    const dir = fixture();
    rmSync(join(dir, 'baseline'), { recursive: true });
    await expect(check(dir)).rejects.toThrow(
      /no base schema: not a git repository, and there is no baseline file/,
    );
  });
});
