import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import { GraphQLError, parse, print } from 'graphql';
import { operationRequest } from '../../test/helpers/gatewayRequests';
import { decideLabels } from '../routing/decideLabels';
import { createGatewayPipeline, type PipelineCore } from './createGatewayPipeline';
import type { GatewayPlugin } from './GatewayPlugin';

const QUERY = '{ property(reference: "1") { reference } }';

function recordingCore(calls: string[]): PipelineCore {
  return {
    route: ({ graph }) => {
      calls.push('route');
      return decideLabels(graph.planner.labels, null, 'tester');
    },
    run: async ({ document, documentKey }) => {
      calls.push(
        `run ${print(document).replace(/\s+/g, ' ')}${documentKey === undefined ? ' (rewritten)' : ''}`,
      );
      return { data: { ran: true } };
    },
  };
}

function recording(name: string, calls: string[], extra: Partial<GatewayPlugin> = {}): GatewayPlugin {
  return {
    name,
    onOperation: () => void calls.push(`${name}.onOperation`),
    onPlanned: ({ plan }) => void calls.push(`${name}.onPlanned ${plan.kind}`),
    onExecute: async (_request, execute) => {
      calls.push(`${name}.onExecute before`);
      const result = await execute();
      calls.push(`${name}.onExecute after`);
      return result;
    },
    onResult: (_request, result) => {
      calls.push(`${name}.onResult`);
      return { ...result, extensions: { ...result.extensions, [name]: true } };
    },
    ...extra,
  };
}

describe('createGatewayPipeline', () => {
  it('runs operation hooks, routes and plans, wraps execution first-outermost, then shapes the result in order', async () => {
    const calls: string[] = [];
    const run = createGatewayPipeline([recording('a', calls), recording('b', calls)], recordingCore(calls));
    expect(await run(operationRequest(QUERY))).toEqual({
      data: { ran: true },
      extensions: { a: true, b: true },
    });
    expect(calls).toEqual([
      'a.onOperation',
      'b.onOperation',
      'route',
      'a.onPlanned QueryPlan',
      'b.onPlanned QueryPlan',
      'a.onExecute before',
      'b.onExecute before',
      'run { property(reference: "1") { reference } }',
      'b.onExecute after',
      'a.onExecute after',
      'a.onResult',
      'b.onResult',
    ]);
  });

  it('ends the request at the first step that answers it: nothing planned, run or shaped', async () => {
    const calls: string[] = [];
    const refusal: GatewayExecutionResult = { errors: [new GraphQLError('refused')] };
    const run = createGatewayPipeline(
      [recording('a', calls, { onOperation: () => ({ respond: refusal }) }), recording('b', calls)],
      recordingCore(calls),
    );
    expect(await run(operationRequest(QUERY))).toBe(refusal);
    expect(calls).toEqual([]);
  });

  it('executes a rewritten document without its key, and completes the result before the plugins shape it', async () => {
    const calls: string[] = [];
    const run = createGatewayPipeline(
      [
        recording('rewrite', calls, {
          onOperation: () => ({
            execute: parse('{ property(reference: "2") { reference } }'),
            complete: (result) => {
              calls.push('complete');
              return { ...result, data: { completed: true } };
            },
          }),
          onResult: (_request, result) => {
            calls.push(`rewrite.onResult ${JSON.stringify(result.data)}`);
            return result;
          },
        }),
      ],
      recordingCore(calls),
    );
    expect(await run(operationRequest(QUERY))).toEqual({ data: { completed: true } });
    expect(calls).toEqual([
      'route',
      'rewrite.onPlanned QueryPlan',
      'rewrite.onExecute before',
      'run { property(reference: "2") { reference } } (rewritten)',
      'rewrite.onExecute after',
      'complete',
      'rewrite.onResult {"completed":true}',
    ]);
  });
});
