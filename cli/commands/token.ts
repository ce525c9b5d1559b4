import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { CliError } from '../CliError';
import { pathOption } from '../options';
import { DEFAULT_SUPERGRAPH_PATH } from '../buildGatewayConfig';
import { readRuntime } from '../../core/runtimeFile';
import { readScopedFields } from '../../gateway/auth/readScopedFields';
import { mintDevelopmentToken } from '../../gateway/auth/mintDevelopmentToken';
import { MIN_HS256_SECRET_BYTES } from '../../gateway/auth/createTokenVerifier';
import { GATEWAY_OWN_SCOPES } from '../../gateway/admin/adminScope';

/**
 * `housing token --scopes personal:read,finance:read`: a development bearer token for the gateway, signed
 * with JWT_SECRET or the running stack's secret. Only the token goes to stdout, so
 * `TOKEN=$(housing token --scopes all)` works.
 */
export function registerToken(program: Command, env: CliEnv): void {
  program
    .command('token')
    .description(
      "print a development bearer token (HS256) for the gateway, signed with JWT_SECRET or the stack's secret",
    )
    .requiredOption(
      '--scopes <list>',
      'comma-separated scopes the token grants, or "all" for every scope the supergraph declares and migration:admin',
      scopesOption,
    )
    .option(
      '--sub <subject>',
      "the token's subject (who is calling; also the canary stickiness key)",
      subjectOption,
      'developer',
    )
    .option('--expires <span>', 'lifetime: a number and s, m, h or d (e.g. 30m, 8h, 7d)', spanOption, '1h')
    .option(
      '--data-dir <dir>',
      'the stack whose secret to use when JWT_SECRET is not set',
      pathOption,
      env.dataDir,
    )
    .option(
      '--supergraph <file>',
      'supergraph SDL whose @requiresScopes name the known scopes',
      pathOption,
      DEFAULT_SUPERGRAPH_PATH,
    )
    .action(
      async (opts: {
        scopes: readonly string[];
        sub: string;
        expires: string;
        dataDir: string;
        supergraph: string;
      }) => {
        // The supergraph's field scopes, and the gateway's own (migration:admin for /admin/api).
        const knownScopes = [
          ...readScopedFields(readFileSync(opts.supergraph, 'utf8')).knownScopes,
          ...GATEWAY_OWN_SCOPES,
        ];
        const scopes = opts.scopes.includes('all') ? [...knownScopes] : opts.scopes;
        const unknown = scopes.filter((scope) => !knownScopes.includes(scope));
        if (unknown.length > 0)
          throw new CliError(
            `--scopes: unknown scope${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; expected "all" or a comma-separated list of ${knownScopes.join(', ')}`,
            2,
          );
        const secret = env.jwtSecret ?? readRuntime(opts.dataDir)?.jwtSecret;
        if (secret === undefined)
          throw new CliError(
            env.jwksUrl !== undefined
              ? 'JWKS_URL is set: this gateway verifies tokens from your identity provider, not development tokens; ask it for one'
              : `no secret to sign with: set JWT_SECRET (the gateway's), or start the stack first (housing start --data-dir ${opts.dataDir})`,
            2,
          );
        const bytes = Buffer.byteLength(secret, 'utf8');
        if (bytes < MIN_HS256_SECRET_BYTES)
          throw new CliError(
            `JWT_SECRET: expected an HS256 secret of at least ${MIN_HS256_SECRET_BYTES} bytes (the gateway refuses shorter ones), got ${bytes} bytes`,
            2,
          );
        const token = await mintDevelopmentToken({
          secret,
          subject: opts.sub,
          scopes,
          expiresIn: opts.expires,
        });
        process.stdout.write(`${token}\n`);
      },
    );
}

function scopesOption(value: string): readonly string[] {
  const scopes = [...new Set(value.split(',').map((scope) => scope.trim()))];
  if (scopes.some((scope) => scope === '' || /\s/.test(scope)))
    throw new InvalidArgumentError(
      `expected "all" or comma-separated scope names without spaces, such as personal:read,finance:read, got "${value}"`,
    );
  return scopes;
}

function subjectOption(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a subject, got an empty string');
  return value;
}

function spanOption(value: string): string {
  const match = /^(\d+)(s|m|h|d)$/.exec(value);
  if (match === null || Number(match[1]) < 1)
    throw new InvalidArgumentError(
      `expected a positive number followed by s, m, h or d (e.g. 30m, 8h, 7d), got "${value}"`,
    );
  return value;
}
