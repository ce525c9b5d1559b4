import { formatCompositionIssues } from './composeSubgraphs';
import { LARGEST_PAGE } from './priceOperations';
import type { ClassifiedChange, SchemaCheckReport } from './runSchemaCheck';

/** The human report: each step's verdict, then every change with who is affected and what to do. */
export function formatSchemaCheckReport(report: SchemaCheckReport): string {
  const out: string[] = [];
  out.push(`Schema check of ${report.schemaDir}/ against ${report.base}`, '');

  const { composition } = report;
  out.push(
    step(
      1,
      'composition',
      composition.ok
        ? `ok (${report.subgraphs.map((s) => s.name).join(', ')}; ${composition.hints.length} hint(s))`
        : `FAILED (${composition.errors.length} error(s))`,
    ),
  );
  for (const line of formatCompositionIssues(composition.errors, composition.hints))
    out.push(indent(line, 6));

  out.push(
    step(
      2,
      'committed files',
      !composition.ok
        ? 'skipped (composition failed)'
        : report.staleFiles.length === 0
          ? 'ok (supergraph.graphql and api.graphql are up to date)'
          : `STALE: ${report.staleFiles.join(', ')} differ from a fresh composition`,
    ),
  );
  if (report.staleFiles.length > 0)
    out.push('      what to do: run `housing schema compose` (npm run schema:compose) and commit the result');

  const bad = report.subgraphs.filter((s) => s.status !== 'matches');
  const failed = bad.some((s) => s.status !== 'code-pending');
  const served = report.subgraphs
    .filter((s) => s.status === 'matches')
    .map((s) => `${s.name} serves ${s.file}`);
  out.push(
    step(3, 'code vs SDL', failed ? 'FAILED' : `ok (${served.join('; ') || 'no subgraph code to compare'})`),
  );
  for (const s of bad) {
    switch (s.status) {
      case 'differs':
        out.push(`      ${s.name}: the schema its code serves differs from ${s.file}: ${s.detail ?? ''}`);
        out.push(`      what to do: make the code and ${s.file} agree (the file is what composition uses)`);
        break;
      case 'build-failed':
        out.push(`      ${s.name}: could not be built from its code: ${s.detail ?? ''}`);
        break;
      case 'no-builder':
        out.push(
          `      ${s.name}: no in-process builder; add one to RUNNING_SUBGRAPHS in schema/tooling/runningSubgraphSdl.ts`,
        );
        break;
      case 'code-pending':
        out.push(
          `      warning: ${s.name}: not compared, its code is pending (subgraphs.json: ${s.detail ?? ''})`,
        );
        break;
      case 'matches':
        break;
    }
  }

  const changes = report.changes;
  if (changes === undefined) out.push(step(4, 'API changes', 'skipped (composition failed)'));
  else {
    const count = (s: string) => changes.filter((c) => c.severity === s).length;
    out.push(
      step(
        4,
        'API changes',
        changes.length === 0
          ? 'none'
          : `${changes.length} (${count('breaking')} breaking, ${count('dangerous')} dangerous, ${count('safe')} safe)`,
      ),
    );
  }
  const ops = report.operations;
  out.push(
    step(
      5,
      'operations',
      changes === undefined
        ? 'skipped (composition failed)'
        : ops.invalid.length === 0
          ? `ok (all ${ops.total} registered operations of ${ops.clients.length} clients validate)`
          : `FAILED (${ops.invalid.length} of ${ops.total} do not validate)`,
    ),
  );
  for (const op of ops.invalid) {
    out.push(`      ${op.client}/${op.name} (${op.file}):`);
    for (const e of op.errors) out.push(`        ${e}`);
  }
  if (ops.costs.length > 0) {
    const names = ops.costs.map((c) => `${c.client}/${c.name}`);
    const width = Math.max(...names.map((name) => name.length));
    out.push(
      `      cost, as the gateway prices it (@cost, @listSize; default limit ${ops.costLimit}): with the sample variables / every page at ${LARGEST_PAGE}`,
    );
    ops.costs.forEach((c, i) =>
      out.push(
        `        ${(names[i] ?? '').padEnd(width)}  ${String(c.cost).padStart(5)} / ${String(c.costAtLargestPages).padStart(5)}${c.costAtLargestPages > ops.costLimit ? '  OVER THE LIMIT' : ''}`,
      ),
    );
  }
  const blockingChanges = (changes ?? []).filter((c) => c.blocking);
  out.push(
    step(
      6,
      'usage',
      changes === undefined
        ? 'skipped (composition failed)'
        : blockingChanges.length === 0
          ? 'ok (no breaking change is used by a registered operation)'
          : `BLOCKED (${blockingChanges.length} breaking change(s) used by registered operations)`,
    ),
  );

  if (changes !== undefined && changes.length > 0) {
    const groups: [string, ClassifiedChange[]][] = [
      ['Blocking: breaking and used by registered operations', blockingChanges],
      [
        'Breaking, accepted by schema/allowed-changes.json',
        changes.filter((c) => c.severity === 'breaking' && c.allowedBecause !== undefined),
      ],
      [
        'Breaking, but no registered operation uses it (passes; unregistered clients may still break)',
        changes.filter((c) => c.severity === 'breaking' && !c.blocking && c.allowedBecause === undefined),
      ],
      ['Dangerous (passes; check the clients named)', changes.filter((c) => c.severity === 'dangerous')],
      ['Safe', changes.filter((c) => c.severity === 'safe')],
    ];
    for (const [title, list] of groups) {
      if (list.length === 0) continue;
      out.push('', `${title}:`);
      for (const c of list) {
        out.push(`  ${c.id}`, `    ${c.description}`);
        if (c.allowedBecause !== undefined) out.push(`    allowed because: ${c.allowedBecause}`);
        if (c.operations.length > 0) {
          out.push(`    used by ${c.operations.length} operation(s):`);
          for (const op of c.operations) out.push(`      ${op.client}/${op.name} (${op.file})`);
        }
        if (c.blocking) out.push(`    what to do: ${advice(c)}`);
      }
    }
  }
  if (report.unusedAllowances.length > 0)
    out.push(
      '',
      'Allow-list entries that match no change (remove them once merged):',
      ...report.unusedAllowances.map((c) => `  ${c}`),
    );

  out.push('');
  if (report.passed) out.push('PASS: the change can land.');
  else {
    out.push(`BLOCKED: ${report.blocking.length} blocking finding(s):`);
    for (const line of report.blocking) out.push(`  - ${line}`);
  }
  return `${out.join('\n')}\n`;
}

function step(n: number, name: string, verdict: string): string {
  return `${n}. ${`${name} `.padEnd(18, '.')} ${verdict}`;
}

function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((line) => ' '.repeat(by) + line)
    .join('\n');
}

function advice(change: ClassifiedChange): string {
  const owners = [...new Set(change.operations.map((o) => o.client))].join(', ');
  const allow = `or, once ${owners} agree, add {"change": "${change.id}", "reason": "..."} to schema/allowed-changes.json`;
  switch (change.type) {
    case 'FIELD_REMOVED':
    case 'ENUM_VALUE_REMOVED':
    case 'ARG_REMOVED':
    case 'INPUT_FIELD_REMOVED':
    case 'TYPE_REMOVED':
      return `keep it and mark it @deprecated(reason: "...") until ${owners} stop using it, ${allow}`;
    default:
      return `keep the old shape (add a new field or argument beside it and deprecate the old one), ${allow}`;
  }
}
