import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

// `npm install` took 150 s, 1.1 GB and printed 19 "Unsupported engine" warnings, all for the gateway
// benchmark's peers (issue 14). They live in bench/package.json now, installed by `npm run bench`.
describe('the default install', () => {
  it('holds none of the benchmark-only packages (they are in bench/package.json)', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const benchOnly = Object.keys(lock.packages).filter((path) =>
      /(^|\/)node_modules\/(@graphql-hive\/[^/]+|autocannon)$/.test(path),
    );
    expect(benchOnly).toEqual([]);
    const bench = JSON.parse(readFileSync(join(root, 'bench', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(bench.dependencies).sort()).toEqual([
      '@graphql-hive/gateway',
      '@graphql-hive/router-runtime',
      'autocannon',
    ]);
  });

  it('npm ci warns of no package that refuses this Node version (EBADENGINE)', () => {
    const run = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((line) => line.includes('EBADENGINE'))).toEqual([]);
  }, 60_000);
});
