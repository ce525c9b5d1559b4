import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readText } from './readSubgraphSources';
import { SchemaToolingError } from './SchemaToolingError';
import { API_FILE } from './writeComposition';

export const BASELINE_FILE = join('baseline', 'api.graphql');

export interface BaseSchema {
  /** Where the base came from, for the report: "schema/api.graphql at 1a2b3c4 (merge base with main)". */
  readonly label: string;
  readonly sdl: string;
}

/**
 * The API schema to compare against.
 * - `--base <file>`: that file (an API schema, or a supergraph whose API schema is derived later).
 * - `--base <git ref>`: api.graphql as committed at that ref; an error if it is not there.
 * - default: api.graphql at `git merge-base HEAD main` (or origin/main, as CI checkouts have no local
 *   main); where there is no such history or the file did not exist there, the committed baseline file.
 */
export function resolveBaseSchema(
  schemaDir: string,
  base: string | undefined,
  cwd = process.cwd(),
): BaseSchema {
  if (base !== undefined) {
    const asPath = resolve(cwd, base);
    if (existsSync(asPath) && statSync(asPath).isFile())
      return { label: relative(cwd, asPath) || asPath, sdl: readText(asPath) };
    const repo = gitRoot(schemaDir);
    if (repo === undefined)
      throw new SchemaToolingError(
        `--base "${base}": no such file, and ${schemaDir} is not in a git repository`,
      );
    const commit = git(repo, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
    if (commit === undefined)
      throw new SchemaToolingError(
        `--base "${base}": neither a file nor a git ref (commit, branch or tag) in ${repo}`,
      );
    const path = relative(repo, join(schemaDir, API_FILE));
    const sdl = git(repo, ['show', `${commit}:${path}`]);
    if (sdl === undefined)
      throw new SchemaToolingError(
        `--base "${base}": ${path} does not exist at ${commit.slice(0, 10)}; pass a file with --base or a later ref`,
      );
    return { label: `${path} at ${base} (${commit.slice(0, 10)})`, sdl };
  }
  const baseline = join(schemaDir, BASELINE_FILE);
  const fallback = (why: string): BaseSchema => {
    if (!existsSync(baseline))
      throw new SchemaToolingError(
        `no base schema: ${why}, and there is no baseline file ${baseline}; pass --base <git ref | file>`,
      );
    return { label: `${relative(cwd, baseline) || baseline} (${why})`, sdl: readText(baseline) };
  };
  const repo = gitRoot(schemaDir);
  if (repo === undefined) return fallback('not a git repository');
  let mergeBase: string | undefined;
  let branch = '';
  for (const candidate of ['main', 'origin/main']) {
    mergeBase = git(repo, ['merge-base', 'HEAD', candidate]);
    branch = candidate;
    if (mergeBase !== undefined) break;
  }
  if (mergeBase === undefined) return fallback('no merge base with main or origin/main');
  const path = relative(repo, join(schemaDir, API_FILE));
  const sdl = git(repo, ['show', `${mergeBase}:${path}`]);
  if (sdl === undefined) return fallback(`${path} did not exist at the merge base ${mergeBase.slice(0, 10)}`);
  return { label: `${path} at ${mergeBase.slice(0, 10)} (merge base with ${branch})`, sdl };
}

function gitRoot(dir: string): string | undefined {
  return git(dir, ['rev-parse', '--show-toplevel']);
}

/** Output of a git command, or undefined when git fails (not a repo, unknown ref, missing path). */
function git(cwd: string, args: string[]): string | undefined {
  try {
    const out = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return args[0] === 'show' ? out : out.trim();
  } catch {
    return undefined;
  }
}
