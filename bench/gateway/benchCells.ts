/**
 * The four cells of the gateway bench. Shapes follow the registered operations (PropertySearch,
 * PropertyPage) with what makes a gateway work: tenancies and members from one subgraph, the LLPG address
 * (cloud only) from the other, so every request crosses both subgraphs.
 * Each cell is a list of request bodies: one for identical requests, many for a variable that changes on
 * every request (sent in turn by a shared counter, so concurrent requests differ).
 */
export type CellId = 'a' | 'b' | 'c' | 'd';

export interface BenchCell {
  readonly id: CellId;
  readonly name: string;
  /** JSON request bodies, sent in turn. */
  readonly bodies: readonly string[];
}

export const CELL_IDS: readonly CellId[] = ['a', 'b', 'c', 'd'];

export const PROPERTY_LIST_QUERY = `query BenchPropertyList($filter: PropertyFilter, $first: Int = 20, $after: String) {
  properties(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      reference
      level
      uprn
      address { line1 line2 postcode }
      llpgAddress { lines postcode logicalStatus }
      tenancies {
        reference
        startDate
        endDate
        isActive
        tenure { code description }
        members { id title firstName surname dateOfBirth isResponsible }
      }
    }
  }
}`;

export const PROPERTY_QUERY = `query BenchProperty($reference: String!) {
  property(reference: $reference) {
    reference
    level
    levelCode
    uprn
    numberOfBedrooms
    address { line1 line2 line3 line4 postcode }
    llpgAddress { lines postcode logicalStatus }
    parent { reference level address { line1 postcode } }
    currentTenancy {
      reference
      startDate
      tenure { code description }
      members { id title firstName surname dateOfBirth isResponsible }
    }
    tenancies { reference startDate endDate isActive }
  }
}`;

/** What the varying cells cycle through, read from the seeded data before the run. */
export interface CellData {
  /** `after` values of consecutive 20-dwelling pages (null = the first page). */
  readonly cursors: readonly (string | null)[];
  /** Dwelling references. */
  readonly references: readonly string[];
}

const DWELLINGS = { level: 'DWELLING' };

export function buildCells(data: CellData): BenchCell[] {
  const first = data.references[0];
  if (first === undefined || data.cursors.length === 0)
    throw new Error(
      'buildCells: expected at least one dwelling reference and one page cursor from the seeded data',
    );
  const body = (query: string, operationName: string, variables: Record<string, unknown>) =>
    JSON.stringify({ query, operationName, variables });
  return [
    {
      id: 'a',
      name: '20-property list, identical',
      bodies: [body(PROPERTY_LIST_QUERY, 'BenchPropertyList', { filter: DWELLINGS, first: 20 })],
    },
    {
      id: 'b',
      name: `20-property list, after cycling ${data.cursors.length} pages`,
      bodies: data.cursors.map((after) =>
        body(PROPERTY_LIST_QUERY, 'BenchPropertyList', { filter: DWELLINGS, first: 20, after }),
      ),
    },
    {
      id: 'c',
      name: 'property by reference, identical',
      bodies: [body(PROPERTY_QUERY, 'BenchProperty', { reference: first })],
    },
    {
      id: 'd',
      name: `property by reference, cycling ${data.references.length} references`,
      bodies: data.references.map((reference) => body(PROPERTY_QUERY, 'BenchProperty', { reference })),
    },
  ];
}

/** Page through the dwellings once (through a subgraph or gateway) for the cursors and references. */
export async function readCellData(
  post: (body: string) => Promise<unknown>,
  wanted: { pages: number; references: number },
): Promise<CellData> {
  const cursors: (string | null)[] = [];
  const references: string[] = [];
  let after: string | null = null;
  while (cursors.length < wanted.pages || references.length < wanted.references) {
    const response = (await post(
      JSON.stringify({
        query:
          'query ($after: String) { properties(filter: { level: DWELLING }, first: 20, after: $after) { pageInfo { hasNextPage endCursor } nodes { reference } } }',
        variables: { after },
      }),
    )) as {
      data?: {
        properties: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: { reference: string }[];
        };
      };
      errors?: unknown;
    };
    if (!response.data)
      throw new Error(`reading dwellings for the bench failed: ${JSON.stringify(response.errors)}`);
    const { nodes, pageInfo } = response.data.properties;
    if (cursors.length < wanted.pages) cursors.push(after);
    for (const node of nodes) if (references.length < wanted.references) references.push(node.reference);
    if (!pageInfo.hasNextPage || pageInfo.endCursor === null) break;
    after = pageInfo.endCursor;
  }
  return { cursors, references };
}
