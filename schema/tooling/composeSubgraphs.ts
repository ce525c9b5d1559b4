import { composeServices } from '@apollo/composition';
import type { CompositionHint } from '@apollo/composition/dist/hints';
import {
  GraphQLError,
  Source,
  lexicographicSortSchema,
  parse,
  printSchema,
  type ASTNode,
  type DocumentNode,
} from 'graphql';
import type { SubgraphSource } from './readSubgraphSources';

/** One composition error or hint, located in the subgraph file(s) it concerns. */
export interface CompositionIssue {
  readonly code: string;
  /** Composition's level: errors are 'ERROR'; hints 'WARN', 'INFO' or 'DEBUG'. */
  readonly level: string;
  readonly message: string;
  /** Schema coordinate of the element concerned, when composition names one (e.g. Property.reference). */
  readonly coordinate?: string;
  /** "legacy.graphql:12:3" for each place in a subgraph file. */
  readonly locations: readonly string[];
}

export type Composition =
  | {
      readonly kind: 'composed';
      readonly supergraphSdl: string;
      /** The client-facing API schema, printed with types, fields and arguments sorted. */
      readonly apiSdl: string;
      readonly hints: readonly CompositionIssue[];
    }
  | { readonly kind: 'failed'; readonly errors: readonly CompositionIssue[] };

/**
 * Composes the subgraphs with @apollo/composition (the same library the gateway and rover use), and derives
 * the API schema. The API schema is sorted lexicographically so that its text depends only on what clients
 * can query, not on which subgraph defines a field first; that keeps reviews and the drift check stable.
 */
export function composeSubgraphs(sources: readonly SubgraphSource[]): Composition {
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  const parseErrors: CompositionIssue[] = [];
  for (const source of sources) {
    try {
      services.push({
        name: source.name,
        url: source.routingUrl,
        typeDefs: parse(new Source(source.sdl, source.file)),
      });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      parseErrors.push({
        code: 'INVALID_GRAPHQL',
        level: 'ERROR',
        message: `[${source.name}] ${error.message}`,
        locations: (error.locations ?? []).map((l) => `${source.file}:${l.line}:${l.column}`),
      });
    }
  }
  if (parseErrors.length > 0) return { kind: 'failed', errors: parseErrors };
  const result = composeServices(services);
  if (result.errors !== undefined) return { kind: 'failed', errors: result.errors.map(errorIssue) };
  const api = result.schema.toAPISchema().toGraphQLJSSchema();
  return {
    kind: 'composed',
    supergraphSdl: ensureNewline(result.supergraphSdl),
    apiSdl: ensureNewline(printSchema(lexicographicSortSchema(api))),
    hints: result.hints.map(hintIssue),
  };
}

function errorIssue(error: GraphQLError): CompositionIssue {
  const code = typeof error.extensions.code === 'string' ? error.extensions.code : 'COMPOSITION_ERROR';
  return { code, level: 'ERROR', message: error.message, locations: locate(error.nodes ?? []) };
}

function hintIssue(hint: CompositionHint): CompositionIssue {
  return {
    code: hint.definition.code,
    level: hint.definition.level.name,
    message: hint.message,
    ...(hint.coordinate === undefined ? {} : { coordinate: hint.coordinate }),
    locations: locate(hint.nodes ?? []),
  };
}

function locate(nodes: readonly ASTNode[]): string[] {
  const places = new Set<string>();
  for (const node of nodes) {
    const loc = node.loc;
    if (loc === undefined) continue;
    const { line, column } = loc.source.locationOffset;
    // Lines and columns from the token, relative to the subgraph file we parsed (named after it above).
    places.add(`${loc.source.name}:${loc.startToken.line + line - 1}:${loc.startToken.column + column - 1}`);
  }
  return [...places];
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** "error CODE: message\n    at legacy.graphql:3:1" lines, for the terminal. */
export function formatCompositionIssue(kind: 'error' | 'hint', issue: CompositionIssue): string {
  const lines = [`${kind} ${issue.code}: ${issue.message}`];
  if (issue.coordinate !== undefined && !issue.message.includes(issue.coordinate))
    lines.push(`    element ${issue.coordinate}`);
  for (const place of issue.locations) lines.push(`    at ${place}`);
  return lines.join('\n');
}

/**
 * Errors and WARN hints in full; INFO and DEBUG hints counted by code (a migration in progress gives one
 * OVERRIDE_MIGRATION_IN_PROGRESS per overridden field, which would bury everything else).
 */
export function formatCompositionIssues(
  errors: readonly CompositionIssue[],
  hints: readonly CompositionIssue[],
): string[] {
  const lines = errors.map((e) => formatCompositionIssue('error', e));
  const quiet = new Map<string, number>();
  for (const hint of hints) {
    if (hint.level === 'WARN') lines.push(formatCompositionIssue('hint', hint));
    else quiet.set(hint.code, (quiet.get(hint.code) ?? 0) + 1);
  }
  for (const [code, count] of [...quiet].sort())
    lines.push(`hint ${code} (info): ${count} element(s); run housing schema compose --verbose to list them`);
  return lines;
}
