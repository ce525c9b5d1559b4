import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import { operationRequest, plannedRequest } from '../../test/helpers/gatewayRequests';
import { useSharedExecution } from './useSharedExecution';

/** An execution that finishes when told to, counting how often it was started. */
function controlledExecution() {
  let started = 0;
  let finish: (result: GatewayExecutionResult) => void = () => undefined;
  const pending = new Promise<GatewayExecutionResult>((resolve) => (finish = resolve));
  return {
    execute: () => {
      started++;
      return pending;
    },
    finish: (result: GatewayExecutionResult) => finish(result),
    started: () => started,
  };
}

const QUERY = 'query T($ref: String!) { tenancy(reference: $ref) { reference } }';

describe('useSharedExecution', () => {
  it('runs identical queries in flight once, each caller getting its own top-level object', async () => {
    let shared = 0;
    const plugin = useSharedExecution({ sharedExecutions: { inc: () => void shared++ } as never });
    const run = controlledExecution();
    const request = plannedRequest(operationRequest(QUERY, { variables: { ref: '1/01' } }));
    const first = plugin.onExecute?.(request, run.execute);
    const second = plugin.onExecute?.(
      plannedRequest(operationRequest(QUERY, { variables: { ref: '1/01' } })),
      run.execute,
    );
    run.finish({ data: { tenancy: { reference: '1/01' } } });
    const [a, b] = await Promise.all([first, second]);
    expect(run.started()).toBe(1);
    expect(shared).toBe(1);
    expect(a).toEqual({ data: { tenancy: { reference: '1/01' } } });
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    expect(b?.data).toBe(a?.data);
  });

  it('does not share across variables, label sets, rewritten documents or mutations, nor after it finished', async () => {
    const plugin = useSharedExecution({ sharedExecutions: { inc: () => undefined } as never });
    const onExecute = plugin.onExecute;
    if (onExecute === undefined) throw new Error('useSharedExecution wraps execution');
    const count = async (requests: ReturnType<typeof plannedRequest>[]) => {
      const run = controlledExecution();
      const running = requests.map((request) => onExecute(request, run.execute));
      run.finish({ data: {} });
      await Promise.all(running);
      return run.started();
    };
    const plain = () => plannedRequest(operationRequest(QUERY, { variables: { ref: '1/01' } }));
    expect(
      await count([plain(), plannedRequest(operationRequest(QUERY, { variables: { ref: '2/01' } }))]),
    ).toBe(2);
    const request = operationRequest(QUERY, { variables: { ref: '1/01' } });
    const onCloud = plannedRequest(request, {
      labels: { labelsOn: new Set(['tenancy']), decisions: [], shadowEntities: [] },
    });
    expect(await count([plain(), onCloud])).toBe(2);
    expect(await count([plain(), { ...plain(), documentKey: undefined }])).toBe(2);
    const mutation = () =>
      plannedRequest(
        operationRequest('mutation { endTenancy(reference: "x", endDate: "2026-01-01") { reference } }'),
      );
    expect(await count([mutation(), mutation()])).toBe(2);
    expect(await count([plain()])).toBe(1);
    expect(await count([plain()])).toBe(1);
  });
});
