import { Kind, parse, print, visit, type DirectiveNode } from 'graphql';

/**
 * The committed supergraph, adapted for one bench run:
 * - each subgraph's `@join__graph(url:)` set to where this run's subgraphs (real or replay) listen;
 * - optionally without `requiresScopes`: @apollo/gateway refuses to load a supergraph that links a
 *   `for: SECURITY` feature it does not implement, so the peers get the same graph with the link, the
 *   directive's definition, its scalar and every application removed (they then enforce no scopes,
 *   which favours them; the table's footnote says so).
 */
export interface SupergraphRewrite {
  /** Subgraph name as in @join__graph(name:) -> URL. Every subgraph of the supergraph must be given. */
  readonly urls: Readonly<Record<string, string>>;
  readonly stripRequiresScopes: boolean;
}

const REQUIRES_SCOPES = 'requiresScopes';

export function rewriteSupergraph(sdl: string, rewrite: SupergraphRewrite): string {
  const seen = new Set<string>();
  const document = visit(parse(sdl), {
    Directive(node: DirectiveNode) {
      if (node.name.value === 'join__graph') {
        const name = stringArgument(node, 'name');
        const url = name === undefined ? undefined : rewrite.urls[name];
        if (name === undefined || url === undefined)
          throw new Error(
            `supergraph subgraph "${String(name)}" has no URL for this run; expected one of: ${Object.keys(rewrite.urls).join(', ')}`,
          );
        seen.add(name);
        return {
          ...node,
          arguments: (node.arguments ?? []).map((argument) =>
            argument.name.value === 'url'
              ? { ...argument, value: { kind: Kind.STRING, value: url } }
              : argument,
          ),
        };
      }
      if (!rewrite.stripRequiresScopes) return undefined;
      if (node.name.value === REQUIRES_SCOPES) return null;
      if (node.name.value === 'link' && (stringArgument(node, 'url') ?? '').includes(`/${REQUIRES_SCOPES}/`))
        return null;
      return undefined;
    },
    DirectiveDefinition(node) {
      return rewrite.stripRequiresScopes && node.name.value === REQUIRES_SCOPES ? null : undefined;
    },
    ScalarTypeDefinition(node) {
      return rewrite.stripRequiresScopes && node.name.value.startsWith(`${REQUIRES_SCOPES}__`)
        ? null
        : undefined;
    },
  });
  const missing = Object.keys(rewrite.urls).filter((name) => !seen.has(name));
  if (missing.length > 0)
    throw new Error(`supergraph has no subgraph named ${missing.join(', ')} (@join__graph(name:))`);
  return `${print(document)}\n`;
}

/** Every scope any field of the supergraph requires (a bench token carries them all). */
export function requiredScopes(sdl: string): string[] {
  const scopes = new Set<string>();
  visit(parse(sdl), {
    Directive(node) {
      if (node.name.value !== REQUIRES_SCOPES) return;
      visit(node, {
        StringValue(value) {
          scopes.add(value.value);
        },
      });
    },
  });
  return [...scopes].sort();
}

function stringArgument(node: DirectiveNode, name: string): string | undefined {
  const argument = node.arguments?.find((item) => item.name.value === name);
  return argument?.value.kind === Kind.STRING ? argument.value.value : undefined;
}
