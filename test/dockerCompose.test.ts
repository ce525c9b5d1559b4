import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENV_VARIABLES } from '../core/envVariables';
import { readCliEnv } from '../cli/readCliEnv';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { runHousing } from './helpers/runHousing';

// No Docker engine runs here, so this checks what can be checked: the file parses, names every service
// the project needs with a healthcheck where it is a database, and gives the app services every
// variable the code reads, with values the code's own config parser accepts.
const root = join(__dirname, '..');
/** Every folder of deployable code (gateway/ and migration/ as they land). */
const SOURCE_DIRS = [
  'bench',
  'cli',
  'core',
  'gateway',
  'migration',
  'schema',
  'subgraphs',
  'sync',
  'uh-simulator',
];
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<
    string,
    {
      image?: string;
      build?: unknown;
      healthcheck?: { test: unknown };
      environment?: Record<string, string>;
      depends_on?: Record<string, { condition: string }>;
    }
  >;
};

describe('docker-compose.yml', () => {
  it('has SQL Server 2022 and PostgreSQL 16, each with a healthcheck', () => {
    expect(compose.services.mssql?.image).toBe('mcr.microsoft.com/mssql/server:2022-latest');
    expect(compose.services.postgres?.image).toBe('postgres:16');
    expect(compose.services.mssql?.healthcheck?.test).toBeDefined();
    expect(compose.services.postgres?.healthcheck?.test).toBeDefined();
  });

  const appServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

  it('builds the project image for the migration, seed, backfill, sync, subgraph and gateway services', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual([
      'backfill',
      'cloud-subgraph',
      'gateway',
      'legacy-subgraph',
      'migrate',
      'sync',
      'uh-seed',
    ]);
  });

  it('runs the sync worker once the backfill is done, on a fixed port with a readiness check', () => {
    const service = compose.services.sync as {
      command: string[];
      ports: string[];
      healthcheck: { test: string[] };
      depends_on: Record<string, { condition: string }>;
    };
    expect(service.command).toEqual(['sync', 'run', '--host', '0.0.0.0', '--port', '4003']);
    expect(service.ports).toEqual(['127.0.0.1:4003:4003']);
    expect(service.healthcheck.test.join(' ')).toContain('http://127.0.0.1:4003/readyz');
    expect(service.depends_on).toEqual({ backfill: { condition: 'service_completed_successfully' } });
  });

  it('runs each subgraph on a fixed port, listening beyond loopback inside its container, with a readiness check', () => {
    for (const [name, port] of [
      ['legacy-subgraph', '4001'],
      ['cloud-subgraph', '4002'],
    ] as const) {
      const service = compose.services[name] as {
        command: string[];
        ports: string[];
        healthcheck: { test: string[] };
      };
      expect(service.command).toEqual([
        'subgraph',
        name.replace('-subgraph', ''),
        '--host',
        '0.0.0.0',
        '--port',
        port,
      ]);
      expect(service.ports).toEqual([`127.0.0.1:${port}:${port}`]);
      expect(service.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
    }
  });

  it('runs the gateway on PORT in front of both subgraphs, started once they are healthy', () => {
    const gateway = compose.services.gateway as {
      command: string[];
      ports: string[];
      environment: Record<string, string>;
      depends_on: Record<string, { condition: string }>;
      healthcheck: { test: string[] };
    };
    expect(gateway.command).toEqual(['gateway', '--host', '0.0.0.0']);
    expect(gateway.environment.PORT).toBe('4000');
    expect(gateway.ports).toEqual(['127.0.0.1:4000:4000']);
    expect(gateway.environment.LEGACY_SUBGRAPH_URL).toBe('http://legacy-subgraph:4001/graphql');
    expect(gateway.environment.CLOUD_SUBGRAPH_URL).toBe('http://cloud-subgraph:4002/graphql');
    expect(gateway.depends_on).toEqual({
      'legacy-subgraph': { condition: 'service_healthy' },
      'cloud-subgraph': { condition: 'service_healthy' },
    });
    expect(gateway.healthcheck.test.join(' ')).toContain('http://127.0.0.1:4000/readyz');
  });

  it.each(appServices)(
    '%s gets every deployment variable the code reads, with values the config accepts',
    (_name, service) => {
      const environment = service.environment ?? {};
      for (const variable of ENV_VARIABLES.filter((v) => v.deployment)) {
        expect(Object.keys(environment)).toContain(variable.name);
      }
      const resolved = Object.fromEntries(
        Object.entries(environment).map(([key, value]) => [
          key,
          String(value).replace(/\$\{(\w+):-([^}]*)\}/g, '$2'),
        ]),
      );
      const env = readCliEnv(resolved, '/app');
      expect(env.databaseUrl).toMatch(/^postgres:\/\/housing:housing@postgres:5432\/housing$/);
      expect(parseMssqlUrl('MSSQL_URL', resolved.MSSQL_URL ?? '')).toMatchObject({
        server: 'mssql',
        port: 1433,
        database: 'uhtlive',
      });
    },
  );

  it('starts each service only after what it needs: healthy databases, migrated, seeded, backfilled', () => {
    expect(compose.services.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(compose.services['uh-seed']?.depends_on?.mssql?.condition).toBe('service_healthy');
    expect(compose.services.backfill?.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      'uh-seed': { condition: 'service_completed_successfully' },
    });
    expect(compose.services['cloud-subgraph']?.depends_on).toEqual({
      backfill: { condition: 'service_completed_successfully' },
    });
    expect(compose.services['legacy-subgraph']?.depends_on).toEqual({
      'uh-seed': { condition: 'service_completed_successfully' },
    });
  });

  it('names only commands and options the CLI has', async () => {
    // One `--help` per distinct command, all at once: each is a whole CLI start, slow on a busy machine.
    const checks = appServices.map(([name, service]) => {
      const command = (service as { command: string[] }).command;
      const firstFlag = command.findIndex((arg) => arg.startsWith('-'));
      return { name, command, words: firstFlag === -1 ? command : command.slice(0, firstFlag) };
    });
    const distinct = [...new Set(checks.map((check) => check.words.join(' ')))];
    const helps = new Map(
      await Promise.all(
        distinct.map(async (words) => [words, await runHousing([...words.split(' '), '--help'])] as const),
      ),
    );
    for (const { name, command, words } of checks) {
      const help = helps.get(words.join(' '))!;
      expect([name, help.code]).toEqual([name, 0]);
      for (const flag of command.filter((arg) => arg.startsWith('--')))
        expect([name, help.stdout]).toEqual([name, expect.stringContaining(flag)]);
    }
  }, 180_000);
});

describe('environment variables', () => {
  // bench/node_modules (installed by the first `npm run bench`) is other people's code, not ours.
  it('are all declared in core/envVariables.ts: nothing else in the code reads process.env by name', () => {
    const found = execSync(
      `grep -rhoE "(process\\.)?env\\.[A-Z][A-Z0-9_]+" --include=*.ts --exclude=*.test.ts --exclude-dir=node_modules ${SOURCE_DIRS.filter((dir) => existsSync(join(root, dir))).join(' ')} || true`,
      { cwd: root },
    )
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((match) => match.replace(/^(process\.)?env\./, ''));
    const declared = new Set(ENV_VARIABLES.map((v) => v.name));
    expect([...new Set(found)].filter((name) => !declared.has(name))).toEqual([]);
  });
});
