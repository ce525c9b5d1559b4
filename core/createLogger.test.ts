import { createLogger } from './createLogger';
import { requestIds } from './requestIdStorage';

describe('createLogger', () => {
  it('puts the request id being served on every line written while serving it', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', 'test', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    logger.info('outside');
    await requestIds.run('req-42', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('inside, after an await');
    });
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ['outside', undefined],
      ['inside, after an await', 'req-42'],
    ]);
  });
});
