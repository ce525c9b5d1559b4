import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { forbidden } from './authErrors';
import { childType, conditionType, possibleObjectTypes } from './compositeTypes';
import { filterForbiddenFields } from './filterForbiddenFields';
import type { Principal } from './Principal';
import { readScopedFields, type ScopedField } from './readScopedFields';
import { ScopeCompletion, type ExecutionResultLike } from './ScopeCompletion';

export type { ExecutionResultLike } from './ScopeCompletion';

export type ScopeDecision =
  /** Nothing forbidden: execute the document unchanged. */
  | { readonly kind: 'allowed' }
  /** A mutation (or subscription) touching a forbidden field: execute nothing, answer these errors. */
  | { readonly kind: 'rejected'; readonly errors: GraphQLError[] }
  /**
   * A query with forbidden fields: execute `document` (the forbidden fields taken out) instead, then pass
   * the result through `complete`, which puts null and a FORBIDDEN error wherever they would have been.
   */
  | {
      readonly kind: 'filtered';
      readonly document: DocumentNode;
      complete(result: ExecutionResultLike): ExecutionResultLike;
    };

const ALLOWED: ScopeDecision = Object.freeze({ kind: 'allowed' });

interface OperationAnalysis {
  readonly operation: OperationDefinitionNode;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** The scoped object-type fields the operation can reach (through interfaces and unions too), each once. */
  readonly scoped: readonly ScopedField[];
  /** Filtered decisions by the set of forbidden coordinates (few per operation: one per scope set). */
  readonly filtered: Map<string, ScopeDecision>;
}

/**
 * Enforces the supergraph's @requiresScopes before execution (@apollo/gateway does not). A query keeps
 * its allowed fields: the forbidden ones are taken out of the executed document and come back null with
 * a FORBIDDEN error at each concrete path (null propagating per the spec when the field is non-null). A
 * mutation touching a forbidden field runs not at all: a write must never half-happen.
 *
 * Scopes are decided per object type, as composition places them: @requiresScopes may not be written on
 * interfaces or their fields, an @interfaceObject field's scopes are copied to every implementation, and
 * an interface field carries the AND of its implementations' (an upper bound, not used here). So a field
 * selected through an interface or union is forbidden for the run-time types whose own field is scoped:
 * `assets { notes }` nulls `notes` on the dwellings a token may not see and keeps it on the garages.
 */
export class ScopeEnforcer {
  readonly scopedFields: readonly ScopedField[];
  readonly knownScopes: readonly string[];
  private readonly requirements: ReadonlyMap<string, ScopedField>;
  private readonly analyses = new WeakMap<DocumentNode, Map<string, OperationAnalysis | null>>();

  constructor(
    supergraphSdl: string,
    private readonly apiSchema: GraphQLSchema,
  ) {
    const { scopedFields, knownScopes } = readScopedFields(supergraphSdl);
    this.scopedFields = scopedFields;
    this.knownScopes = knownScopes;
    this.requirements = new Map(scopedFields.map((field) => [field.coordinate, field]));
  }

  enforce(
    document: DocumentNode,
    operationName: string | null | undefined,
    principal: Principal,
  ): ScopeDecision {
    const analysis = this.analyze(document, operationName);
    // No such operation: execution reports that, and nothing runs.
    if (analysis === null) return ALLOWED;
    // The fast path (a token with the scopes, or an operation without scoped fields): a few set lookups.
    if (analysis.scoped.every((field) => isSatisfied(field.scopes, principal.scopes))) return ALLOWED;
    const denied = analysis.scoped.filter((field) => !isSatisfied(field.scopes, principal.scopes));
    if (analysis.operation.operation !== OperationTypeNode.QUERY)
      return {
        kind: 'rejected',
        errors: denied.map((field) => forbidden(field.coordinate, field.scopes)),
      };
    const key = denied.map((field) => field.coordinate).join(' ');
    let decision = analysis.filtered.get(key);
    if (decision === undefined) {
      decision = this.filter(analysis, new Set(denied.map((field) => field.coordinate)));
      analysis.filtered.set(key, decision);
    }
    return decision;
  }

  /** Which scoped fields the operation reaches; computed once per document and operation. */
  private analyze(
    document: DocumentNode,
    operationName: string | null | undefined,
  ): OperationAnalysis | null {
    let byName = this.analyses.get(document);
    if (byName === undefined) {
      byName = new Map();
      this.analyses.set(document, byName);
    }
    const name = operationName ?? '';
    if (byName.has(name)) return byName.get(name) ?? null;
    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const operation =
      operationName === null || operationName === undefined
        ? operations.length === 1
          ? operations[0]
          : undefined
        : operations.find((op) => op.name?.value === operationName);
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    const root = operation === undefined ? undefined : this.apiSchema.getRootType(operation.operation);
    let analysis: OperationAnalysis | null = null;
    if (operation !== undefined && root !== undefined && root !== null) {
      const scoped = new Map<string, ScopedField>();
      const seenFragments = new Set<string>();
      const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType): void => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            for (const type of possibleObjectTypes(this.apiSchema, parent)) {
              const requirement = this.requirements.get(`${type.name}.${selection.name.value}`);
              if (requirement !== undefined) scoped.set(requirement.coordinate, requirement);
            }
            const child = childType(parent, selection);
            if (child !== undefined && selection.selectionSet !== undefined)
              walk(selection.selectionSet, child);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            walk(
              selection.selectionSet,
              conditionType(this.apiSchema, selection.typeCondition?.name.value) ?? parent,
            );
          } else {
            const fragment = fragments.get(selection.name.value);
            if (fragment === undefined || seenFragments.has(fragment.name.value)) continue;
            seenFragments.add(fragment.name.value);
            walk(
              fragment.selectionSet,
              conditionType(this.apiSchema, fragment.typeCondition.name.value) ?? parent,
            );
          }
        }
      };
      walk(operation.selectionSet, root);
      analysis = { operation, fragments, scoped: [...scoped.values()], filtered: new Map() };
    }
    byName.set(name, analysis);
    return analysis;
  }

  private filter(analysis: OperationAnalysis, denied: ReadonlySet<string>): ScopeDecision {
    const { operation, fragments } = analysis;
    const root = this.apiSchema.getQueryType() as GraphQLObjectType;
    const filtered = filterForbiddenFields(this.apiSchema, operation, fragments, root, denied);
    const completion = new ScopeCompletion(this.apiSchema, this.requirements, denied, filtered, fragments);
    return {
      kind: 'filtered',
      document: filtered.document,
      complete: (result) => completion.complete(operation, root, result),
    };
  }
}

function isSatisfied(scopes: readonly (readonly string[])[], granted: ReadonlySet<string>): boolean {
  return scopes.some((all) => all.every((scope) => granted.has(scope)));
}
