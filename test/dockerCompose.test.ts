import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENV_VARIABLES } from '../core/envVariables';
import { readCliEnv } from '../cli/readCliEnv';
import { parseMssqlUrl } from '../core/parseMssqlUrl';

// No Docker engine runs here, so this checks what can be checked: the file parses, names every service
// the project needs with a healthcheck where it is a database, and gives the app services every
// variable the code reads, with values the code's own config parser accepts.
const root = join(__dirname, '..');
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

  it('builds the project image for the migration, seed and stack services', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(['housing', 'migrate', 'uh-seed']);
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

  it('starts the stack only after the databases are healthy, migrated and seeded', () => {
    expect(compose.services.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(compose.services['uh-seed']?.depends_on?.mssql?.condition).toBe('service_healthy');
    expect(compose.services.housing?.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      'uh-seed': { condition: 'service_completed_successfully' },
    });
  });
});

describe('environment variables', () => {
  it('are all declared in core/envVariables.ts: nothing else in the code reads process.env by name', () => {
    const found = execSync(
      `grep -rhoE "(process\\.)?env\\.[A-Z][A-Z0-9_]+" --include=*.ts cli core gateway subgraphs sync migration uh-simulator || true`,
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
