import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSupergraph } from '../gateway/supergraph/loadSupergraph';
import { ENTITIES } from '../migration/phases';

// The entities that move are the supergraph's override labels: the gateway routes by the labels it reads
// from the supergraph, `housing migrate` and migration.entity_phase know ENTITIES. One list, checked here.
it('the migration entities are exactly the override labels of the committed supergraph', () => {
  const supergraph = loadSupergraph(
    readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8'),
  );
  expect([...supergraph.overrideLabels]).toEqual([...ENTITIES].sort());
});
