import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  GraphQLError,
  Kind,
  Source,
  parse,
  print,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { readText } from './readSubgraphSources';
import { SchemaToolingError } from './SchemaToolingError';

export const OPERATIONS_DIR = 'operations';

/** An operation a frontend team sends, as registered in schema/operations/<client>/<file>.graphql. */
export interface RegisteredOperation {
  readonly client: string;
  readonly name: string;
  /** Path relative to the schema folder, e.g. operations/repairs-app/RaiseRepair.graphql. */
  readonly file: string;
  readonly kind: 'query' | 'mutation' | 'subscription';
  /** The operation and every fragment it spreads (transitively), ready to send or validate. */
  readonly document: DocumentNode;
  readonly text: string;
  /** Sample variables from <file>.variables.json next to it (values that exist in the tiny UH seed). */
  readonly variables?: Record<string, unknown>;
}

/**
 * Every registered operation, in client then file order. A client's fragments may live in any file of its
 * folder (usually fragments.graphql) and are shared by that client's operations only. Operations must be
 * named, and names are unique per client, because reports name them.
 */
export function loadRegisteredOperations(schemaDir: string): RegisteredOperation[] {
  const root = join(schemaDir, OPERATIONS_DIR);
  if (!existsSync(root)) return [];
  const operations: RegisteredOperation[] = [];
  for (const client of readdirSync(root).sort()) {
    const folder = join(root, client);
    if (!statSync(folder).isDirectory()) continue;
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.graphql'))
      .sort();
    const fragments = new Map<string, FragmentDefinitionNode>();
    const found: { op: OperationDefinitionNode; file: string; path: string }[] = [];
    for (const file of files) {
      const path = join(folder, file);
      const rel = relative(schemaDir, path);
      let doc: DocumentNode;
      try {
        doc = parse(new Source(readText(path), rel));
      } catch (error) {
        if (error instanceof GraphQLError) throw new SchemaToolingError(`${rel}: ${error.message}`);
        throw error;
      }
      for (const def of doc.definitions) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) {
          if (fragments.has(def.name.value))
            throw new SchemaToolingError(`${rel}: fragment ${def.name.value} is defined twice in ${client}`);
          fragments.set(def.name.value, def);
        } else if (def.kind === Kind.OPERATION_DEFINITION) {
          if (def.name === undefined)
            throw new SchemaToolingError(`${rel}: every registered operation needs a name`);
          if (found.some((f) => f.op.name?.value === def.name?.value))
            throw new SchemaToolingError(
              `${rel}: operation ${def.name.value} is registered twice in ${client}`,
            );
          found.push({ op: def, file: rel, path });
        } else {
          throw new SchemaToolingError(`${rel}: only operations and fragments belong in operation files`);
        }
      }
    }
    for (const { op, file, path } of found) {
      const document: DocumentNode = {
        kind: Kind.DOCUMENT,
        definitions: [op, ...fragmentsUsedBy(op, fragments, file)],
      };
      const variablesPath = path.replace(/\.graphql$/, '.variables.json');
      const variables = existsSync(variablesPath) ? readVariables(variablesPath, schemaDir) : undefined;
      operations.push({
        client,
        name: op.name?.value ?? '',
        file,
        kind: op.operation,
        document,
        text: print(document),
        ...(variables === undefined ? {} : { variables }),
      });
    }
  }
  return operations;
}

function fragmentsUsedBy(
  op: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  file: string,
): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [op];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.has(name)) return;
        const fragment = fragments.get(name);
        if (fragment === undefined)
          throw new SchemaToolingError(`${file}: fragment ${name} is not defined in this client's folder`);
        used.set(name, fragment);
        pending.push(fragment);
      },
    });
  }
  return [...used.values()].sort((a, b) => (a.name.value < b.name.value ? -1 : 1));
}

function readVariables(path: string, schemaDir: string): Record<string, unknown> {
  const rel = relative(schemaDir, path);
  let value: unknown;
  try {
    value = JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof SchemaToolingError) throw error;
    throw new SchemaToolingError(`${rel} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SchemaToolingError(`${rel}: expected an object of variable values`);
  return value as Record<string, unknown>;
}
