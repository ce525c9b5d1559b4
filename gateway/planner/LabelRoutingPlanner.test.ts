import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import type { QueryPlan } from '@apollo/query-planner';
import { LabelRoutingPlanner } from './LabelRoutingPlanner';
import { loadSupergraph } from '../supergraph/loadSupergraph';

// The committed supergraph: cloud fields carry @override(from: "legacy", label: "<entity>").
const supergraph = loadSupergraph(
  readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
);
const planner = () => new LabelRoutingPlanner(supergraph);

/** The subgraphs a plan fetches from, in plan order. */
function services(plan: QueryPlan): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.kind === 'Fetch' && typeof record.serviceName === 'string') found.push(record.serviceName);
    for (const value of Object.values(record)) {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') walk(value);
    }
  };
  walk(plan.node);
  return found;
}

describe('LabelRoutingPlanner: override labels per request', () => {
  const p = planner();
  const propertyPage = parse(
    '{ property(reference: "10009") { reference address { line1 } tenancies { reference members { id } } } }',
  );

  it('knows the labels the supergraph declares', () => {
    expect(p.labels).toEqual(['person', 'property', 'repairRequest', 'tenancy']);
  });

  it('with every label off, plans everything against legacy', () => {
    expect(services(p.plan(propertyPage, undefined, new Set()))).toEqual(['legacy']);
  });

  it('with every label on, plans everything against cloud', () => {
    expect(services(p.plan(propertyPage, undefined, new Set(p.labels)))).toEqual(['cloud']);
  });

  it('with one entity on, routes that entity to cloud and the others to legacy', () => {
    const plan = p.plan(propertyPage, undefined, new Set(['property']));
    expect(services(plan)).toEqual(['cloud', 'legacy']);
  });

  it('always plans cloud-only fields against cloud', () => {
    const doc = parse('{ property(reference: "10009") { reference llpgAddress { uprn } } }');
    expect(services(p.plan(doc, undefined, new Set()))).toEqual(['legacy', 'cloud']);
  });

  it('caches one plan per operation and label set, and refuses unknown labels', () => {
    const fresh = planner();
    const first = fresh.plan(propertyPage, undefined, new Set(['property']));
    expect(fresh.plan(propertyPage, undefined, new Set(['property']))).toBe(first);
    expect(fresh.plan(propertyPage, undefined, new Set())).not.toBe(first);
    expect(fresh.cachedPlans).toBe(2);
    expect(() => fresh.plan(propertyPage, undefined, new Set(['asset']))).toThrow(
      'unknown override label "asset"; the supergraph declares person, property, repairRequest, tenancy',
    );
  });

  it('evicts the least recently used plan past its limit', () => {
    const small = new LabelRoutingPlanner(supergraph, { maxCachedPlans: 2 });
    const a = small.plan(propertyPage, undefined, new Set());
    small.plan(propertyPage, undefined, new Set(['property']));
    small.plan(propertyPage, undefined, new Set()); // a used again
    small.plan(propertyPage, undefined, new Set(['tenancy']));
    expect(small.cachedPlans).toBe(2);
    expect(small.plan(propertyPage, undefined, new Set())).toBe(a);
  });
});
