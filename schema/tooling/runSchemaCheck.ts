import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeSubgraphs, type CompositionIssue } from './composeSubgraphs';
import { collectOperationUsage } from './collectOperationUsage';
import { diffApiSchemas, type SchemaChange } from './diffApiSchemas';
import { loadRegisteredOperations } from './loadRegisteredOperations';
import { readAllowedChanges } from './readAllowedChanges';
import { readSubgraphSources, readText } from './readSubgraphSources';
import { resolveBaseSchema } from './resolveBaseSchema';
import { RUNNING_SUBGRAPHS, servedSdl, type RunningSubgraphBuilder } from './runningSubgraphSdl';
import { SchemaToolingError } from './SchemaToolingError';
import { priceOperations, type OperationCost } from './priceOperations';
import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/checkOperationLimits';
import { API_FILE, SUPERGRAPH_FILE } from './writeComposition';

export interface SchemaCheckOptions {
  readonly schemaDir: string;
  /** A git ref or a file; default: the merge base with main, else schema/baseline/api.graphql. */
  readonly base?: string;
  /** Where relative --base paths and report paths start (default: process.cwd()). */
  readonly cwd?: string;
  /** How to build each subgraph from code (default: the real builders); tests substitute fixtures. */
  readonly runningSubgraphs?: Readonly<Record<string, RunningSubgraphBuilder>>;
}

export interface OperationRef {
  readonly client: string;
  readonly name: string;
  readonly file: string;
}

export interface ClassifiedChange extends SchemaChange {
  /** Registered operations that use what changed (computed against the base schema). */
  readonly operations: readonly OperationRef[];
  /** The allow-list's reason, when the change is accepted there. */
  readonly allowedBecause?: string;
  /** Breaking, used by a registered operation and not allow-listed. */
  readonly blocking: boolean;
}

export type SubgraphStatus = 'matches' | 'differs' | 'build-failed' | 'no-builder' | 'code-pending';

export interface SchemaCheckReport {
  readonly passed: boolean;
  readonly exitCode: 0 | 1;
  readonly schemaDir: string;
  readonly base: string;
  readonly composition: {
    readonly ok: boolean;
    readonly errors: readonly CompositionIssue[];
    readonly hints: readonly CompositionIssue[];
  };
  /** Committed generated files that differ from a fresh composition (empty when composition failed). */
  readonly staleFiles: readonly string[];
  readonly subgraphs: readonly {
    readonly name: string;
    readonly file: string;
    readonly status: SubgraphStatus;
    readonly detail?: string;
  }[];
  /** Undefined when composition failed (no new API schema to compare). */
  readonly changes?: readonly ClassifiedChange[];
  readonly operations: {
    readonly total: number;
    readonly clients: readonly string[];
    readonly invalid: readonly (OperationRef & { readonly errors: readonly string[] })[];
    /** Each operation that validates, priced by the gateway's cost model (empty when composition failed). */
    readonly costs: readonly OperationCost[];
    /** The gateway's default cost limit: an operation costing more at its largest pages blocks. */
    readonly costLimit: number;
  };
  /** Allow-list entries that match no change of this check: candidates for removal. */
  readonly unusedAllowances: readonly string[];
  /** One line per reason the check fails. */
  readonly blocking: readonly string[];
}

/**
 * `housing schema check`, as a function: composition, drift of the committed files, code against SDL,
 * API changes against the base, registered operations against the new API, and which changes they use.
 * Throws SchemaToolingError when it cannot run (unreadable input, no base); otherwise returns a report
 * whose exitCode is 0 (pass) or 1 (blocking findings).
 */
export async function runSchemaCheck(options: SchemaCheckOptions): Promise<SchemaCheckReport> {
  const { schemaDir } = options;
  const cwd = options.cwd ?? process.cwd();
  const builders = options.runningSubgraphs ?? RUNNING_SUBGRAPHS;
  // Everything that can make the check impossible is read first, before any finding is reported.
  const sources = readSubgraphSources(schemaDir);
  const base = resolveBaseSchema(schemaDir, options.base, cwd);
  const baseSchema = buildBaseSchema(base.sdl, base.label);
  const operations = loadRegisteredOperations(schemaDir);
  const allowed = readAllowedChanges(schemaDir);
  const blocking: string[] = [];

  // 1. composition
  const composition = composeSubgraphs(sources);
  if (composition.kind === 'failed')
    blocking.push(`composition failed with ${composition.errors.length} error(s)`);

  // 2. drift of the committed supergraph and API schema
  const staleFiles: string[] = [];
  if (composition.kind === 'composed') {
    for (const [file, fresh] of [
      [SUPERGRAPH_FILE, composition.supergraphSdl],
      [API_FILE, composition.apiSdl],
    ] as const) {
      const path = join(schemaDir, file);
      if (!existsSync(path) || readText(path) !== fresh) staleFiles.push(file);
    }
    if (staleFiles.length > 0)
      blocking.push(
        `${staleFiles.join(' and ')} differ from a fresh composition: run housing schema compose and commit`,
      );
  }

  // 3. each subgraph's code serves its committed SDL
  const subgraphs: SchemaCheckReport['subgraphs'][number][] = [];
  for (const source of sources) {
    const build = builders[source.name];
    if (build === undefined && source.codePending !== undefined) {
      subgraphs.push({
        name: source.name,
        file: source.file,
        status: 'code-pending',
        detail: source.codePending,
      });
      continue;
    }
    if (build === undefined) {
      subgraphs.push({ name: source.name, file: source.file, status: 'no-builder' });
      blocking.push(
        `subgraph ${source.name} has no in-process builder in schema/tooling/runningSubgraphSdl.ts, so its code cannot be compared with ${source.file}`,
      );
      continue;
    }
    let served: string;
    try {
      served = await build();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      subgraphs.push({ name: source.name, file: source.file, status: 'build-failed', detail });
      blocking.push(`subgraph ${source.name} could not be built from its code: ${detail}`);
      continue;
    }
    const fromFile = await fileSdl(source.sdl);
    if (fromFile === undefined || normalise(served) !== normalise(fromFile)) {
      const detail =
        fromFile === undefined ? `${source.file} does not build` : firstDifference(fromFile, served);
      subgraphs.push({ name: source.name, file: source.file, status: 'differs', detail });
      blocking.push(
        `subgraph ${source.name}: the schema its code serves differs from ${source.file} (${detail})`,
      );
    } else subgraphs.push({ name: source.name, file: source.file, status: 'matches' });
  }

  // 4-6. changes against the base, operations against the new API, usage of breaking changes
  let changes: ClassifiedChange[] | undefined;
  let costs: OperationCost[] = [];
  const invalid: (OperationRef & { errors: string[] })[] = [];
  const usedAllowances = new Set<string>();
  if (composition.kind === 'composed') {
    const nextSchema = buildSchema(composition.apiSdl);
    const usage = operations.map((op) => ({ op, used: collectOperationUsage(baseSchema, op.document) }));
    changes = diffApiSchemas(baseSchema, nextSchema).map((change) => {
      const users = usage
        .filter(({ used }) => change.affects.some((c) => c === '*' || used.has(c)))
        .map(({ op }) => ({ client: op.client, name: op.name, file: op.file }));
      const allowance = allowed.find((a) => a.change === change.id);
      if (allowance) usedAllowances.add(allowance.change);
      const isBlocking = change.severity === 'breaking' && users.length > 0 && allowance === undefined;
      if (isBlocking)
        blocking.push(
          `breaking change ${change.id} is used by ${users.map((u) => `${u.client}/${u.name}`).join(', ')}`,
        );
      return {
        ...change,
        operations: users,
        ...(allowance ? { allowedBecause: allowance.reason } : {}),
        blocking: isBlocking,
      };
    });
    for (const op of operations) {
      const errors = validate(nextSchema, op.document).map((e) => e.message);
      if (errors.length > 0) {
        invalid.push({ client: op.client, name: op.name, file: op.file, errors });
        blocking.push(`operation ${op.client}/${op.name} does not validate against the new API schema`);
      }
    }
    costs = priceOperations(composition.supergraphSdl, operations);
    for (const priced of costs)
      if (priced.costAtLargestPages > DEFAULT_OPERATION_LIMITS.maxCost)
        blocking.push(
          `operation ${priced.client}/${priced.name} costs ${priced.costAtLargestPages} with its largest pages, over the gateway's default limit of ${DEFAULT_OPERATION_LIMITS.maxCost}`,
        );
  }

  return {
    passed: blocking.length === 0,
    exitCode: blocking.length === 0 ? 0 : 1,
    schemaDir: relative(cwd, schemaDir) || '.',
    base: base.label,
    composition: {
      ok: composition.kind === 'composed',
      errors: composition.kind === 'failed' ? composition.errors : [],
      hints: composition.kind === 'composed' ? composition.hints : [],
    },
    staleFiles,
    subgraphs,
    ...(changes === undefined ? {} : { changes }),
    operations: {
      total: operations.length,
      clients: [...new Set(operations.map((o) => o.client))],
      invalid,
      costs,
      costLimit: DEFAULT_OPERATION_LIMITS.maxCost,
    },
    unusedAllowances: allowed.map((a) => a.change).filter((c) => !usedAllowances.has(c)),
    blocking,
  };
}

/** The base may be an API schema or a whole supergraph (then its API schema is what clients saw). */
function buildBaseSchema(sdl: string, label: string): GraphQLSchema {
  try {
    if (/\bjoin__Graph\b/.test(sdl)) return Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
    return buildSchema(sdl);
  } catch (error) {
    throw new SchemaToolingError(
      `the base schema (${label}) is not a valid API schema or supergraph: ${(error as Error).message}`,
    );
  }
}

/** The file's SDL as a subgraph built from the file alone (no resolvers) would serve it. */
async function fileSdl(sdl: string): Promise<string | undefined> {
  try {
    return await servedSdl(buildSubgraphSchema({ typeDefs: parse(sdl) }));
  } catch {
    return undefined;
  }
}

function normalise(sdl: string): string {
  return sdl.replace(/\s+$/gm, '').trim();
}

function firstDifference(expected: string, actual: string): string {
  const a = normalise(expected).split('\n');
  const b = normalise(actual).split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i])
      return `first difference at served line ${i + 1}: file has ${JSON.stringify(a[i]?.trim() ?? '(end)')}, code serves ${JSON.stringify(b[i]?.trim() ?? '(end)')}`;
  return 'they differ';
}
