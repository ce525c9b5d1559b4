import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';

/**
 * The layering of DESIGN.md is checked by lint, not by discipline: files that break it are written into
 * the real folders, linted with the project's own eslint.config.mjs, and each must fail with the rule that
 * guards it (and a file that keeps to its layer must pass). A rule that silently stopped applying, as
 * import-x/no-cycle once did for .ts files, fails this test.
 */
const root = join(__dirname, '..');
const tag = `lintprobe${randomBytes(4).toString('hex')}`;

interface Probe {
  readonly file: string;
  readonly source: string;
  /** The rule expected to fire, or null for a file that must pass. */
  readonly rule: string | null;
}

const probes: Probe[] = [
  {
    file: `sync/${tag}A.ts`,
    source: `import { b } from './${tag}B';\nexport const a = (): number => b() + 1;\n`,
    rule: 'import-x/no-cycle',
  },
  {
    file: `sync/${tag}B.ts`,
    source: `import { a } from './${tag}A';\nexport const b = (): number => (Date.now() < 0 ? a() : 0);\n`,
    rule: 'import-x/no-cycle',
  },
  {
    file: `gateway/${tag}.ts`,
    source: `import { LEGACY_SDL_PATH } from '../subgraphs/legacy/createLegacySubgraph';\nexport const path = LEGACY_SDL_PATH;\n`,
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `subgraphs/common/${tag}.ts`,
    source: `import { CLOUD_SDL_PATH } from '../cloud/createCloudSubgraph';\nexport const path = CLOUD_SDL_PATH;\n`,
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `stores/uh/${tag}.ts`,
    source: `import { PgStore } from '../cloud/PgStore';\nexport const store = PgStore;\n`,
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `migration/${tag}.ts`,
    source: `import { BACKFILL_ENTITIES } from '../sync/backfill/BackfillEntity';\nexport const names = BACKFILL_ENTITIES;\n`,
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `subgraphs/cloud/${tag}.ts`,
    source: `import sql from 'mssql';\nexport const driver = sql;\n`,
    rule: 'no-restricted-imports',
  },
  {
    file: `sync/${tag}Pg.ts`,
    source: `import pg from 'pg';\nexport const driver = pg;\n`,
    rule: 'no-restricted-imports',
  },
  {
    file: `sync/${tag}Fine.ts`,
    source: `import { PgStore } from '../stores/cloud/PgStore';\nexport const store = PgStore;\n`,
    rule: null,
  },
];

beforeAll(() => {
  for (const probe of probes) {
    mkdirSync(dirname(join(root, probe.file)), { recursive: true });
    writeFileSync(join(root, probe.file), probe.source);
  }
});

afterAll(() => {
  for (const probe of probes) rmSync(join(root, probe.file), { force: true });
});

test('lint refuses import cycles, imports across layers and drivers outside their store, and passes a file that keeps to its layer', async () => {
  // The CLI in a child process: eslint.config.mjs is an ES module, which jest's module sandbox cannot load.
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
        '--format',
        'json',
        ...probes.map((p) => p.file),
      ],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => (stdout ? resolve(stdout) : reject(error ?? new Error('eslint printed nothing'))),
    );
  });
  const results = JSON.parse(output) as {
    filePath: string;
    messages: { ruleId: string | null; message: string }[];
  }[];
  const firing = new Map(
    results.map((result) => [
      result.filePath.slice(root.length + 1),
      [...new Set(result.messages.map((message) => message.ruleId ?? message.message))],
    ]),
  );
  expect(Object.fromEntries(firing)).toEqual(
    Object.fromEntries(probes.map((probe) => [probe.file, probe.rule === null ? [] : [probe.rule]])),
  );
}, 120_000);
