import { GraphQLError } from 'graphql';

/**
 * Relay-style connections, built the same way by both subgraphs: edges, nodes, pageInfo and a
 * totalCount that costs a request only when it is asked for (graphql-js calls function-valued fields).
 */
export interface Connection<T> {
  readonly edges: readonly { readonly cursor: string; readonly node: T }[];
  readonly nodes: readonly T[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly totalCount: () => Promise<number>;
}

export function connection<T>(
  page: {
    readonly items: readonly { readonly cursor: string; readonly node: T }[];
    readonly hasNextPage: boolean;
  },
  totalCount: () => Promise<number>,
): Connection<T> {
  return {
    edges: page.items,
    nodes: page.items.map((item) => item.node),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null },
    totalCount,
  };
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Validate `first`: a page size from 1 to MAX_PAGE_SIZE (default DEFAULT_PAGE_SIZE). */
export function pageSize(first: number | null | undefined, argument = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new GraphQLError(`${argument}: expected a page size from 1 to ${MAX_PAGE_SIZE}, got ${first}`, {
      extensions: { code: 'BAD_USER_INPUT', argument },
    });
  }
  return first;
}
