import { retryDelayMs } from './retryDelay';

describe('reverse sync retry delay', () => {
  it('doubles from 1 s and stays at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50, 10_000].map(retryDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000,
    ]);
  });
});
