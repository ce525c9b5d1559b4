import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaToolingError } from './SchemaToolingError';

/** Files in the schema folder that are outputs of composition, not subgraphs. */
export const GENERATED_FILES = ['supergraph.graphql', 'api.graphql'] as const;
export const SUBGRAPHS_CONFIG = 'subgraphs.json';

export interface SubgraphSource {
  /** The subgraph's name: its file name without .graphql (legacy.graphql -> legacy). */
  readonly name: string;
  /** File name inside the schema folder, for messages. */
  readonly file: string;
  readonly path: string;
  readonly sdl: string;
  /** Default routing URL written into the supergraph; the gateway overrides it per environment. */
  readonly routingUrl: string;
  /**
   * Set in subgraphs.json ("codePending": "<why>") while a subgraph's SDL has landed before the code that
   * serves it: the code-vs-SDL step then warns instead of failing. Reviewed like any other exception.
   */
  readonly codePending?: string;
}

/**
 * Every subgraph SDL in `schemaDir` (`*.graphql` except the generated files), in name order so composition
 * is deterministic, each with its routing URL from `subgraphs.json` (`{ "<name>": { "routingUrl": ... } }`).
 */
export function readSubgraphSources(schemaDir: string): SubgraphSource[] {
  let entries: string[];
  try {
    entries = readdirSync(schemaDir);
  } catch (error) {
    throw new SchemaToolingError(`cannot read the schema folder ${schemaDir}`, { cause: error });
  }
  const files = entries
    .filter((file) => file.endsWith('.graphql') && !(GENERATED_FILES as readonly string[]).includes(file))
    .sort();
  if (files.length === 0)
    throw new SchemaToolingError(`no subgraph SDL (*.graphql) in ${schemaDir}; expected e.g. legacy.graphql`);
  const urls = readRoutingUrls(join(schemaDir, SUBGRAPHS_CONFIG));
  const names = files.map((file) => file.replace(/\.graphql$/, ''));
  // Entries without a file are allowed: a subgraph's URL may be configured before its SDL lands.
  return files.map((file, i) => {
    const name = names[i] as string;
    const config = urls[name];
    if (config === undefined)
      throw new SchemaToolingError(
        `${SUBGRAPHS_CONFIG} has no routing URL for subgraph "${name}" (${file}); add ` +
          `"${name}": { "routingUrl": "http://localhost:<port>/graphql" }`,
      );
    const path = join(schemaDir, file);
    return { name, file, path, sdl: readText(path), ...config };
  });
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SchemaToolingError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`, {
      cause: error,
    });
  }
}

interface SubgraphConfig {
  readonly routingUrl: string;
  readonly codePending?: string;
}

function readRoutingUrls(path: string): Record<string, SubgraphConfig> {
  if (!existsSync(path))
    throw new SchemaToolingError(`${path} is missing; expected { "<subgraph>": { "routingUrl": "<url>" } }`);
  let raw: unknown;
  try {
    raw = JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof SchemaToolingError) throw error;
    throw new SchemaToolingError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SchemaToolingError(`${path}: expected an object keyed by subgraph name`);
  const urls: Record<string, SubgraphConfig> = {};
  for (const [name, entry] of Object.entries(raw)) {
    const { routingUrl, codePending } = (entry ?? {}) as { routingUrl?: unknown; codePending?: unknown };
    if (typeof routingUrl !== 'string' || !/^https?:\/\//.test(routingUrl))
      throw new SchemaToolingError(
        `${path}: "${name}".routingUrl: expected an http(s) URL, got ${JSON.stringify(routingUrl) ?? 'nothing'}`,
      );
    if (codePending !== undefined && (typeof codePending !== 'string' || codePending.trim() === ''))
      throw new SchemaToolingError(
        `${path}: "${name}".codePending: expected the reason as a non-empty string`,
      );
    urls[name] = { routingUrl, ...(codePending === undefined ? {} : { codePending }) };
  }
  return urls;
}
