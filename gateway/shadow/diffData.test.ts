import { diffData } from './diffData';

describe('diffData', () => {
  it('finds nothing in equal trees', () => {
    expect(diffData({ a: [{ b: 1 }, null], c: 'x' }, { a: [{ b: 1 }, null], c: 'x' })).toEqual([]);
  });

  it('gives the path and both values of each differing leaf', () => {
    expect(
      diffData(
        { property: { tenancies: [{ startDate: '2020-01-01', balance: '1.00' }] } },
        { property: { tenancies: [{ startDate: '2020-01-02', balance: '1.00' }] } },
      ),
    ).toEqual([
      { path: 'property.tenancies.0.startDate', legacyValue: '2020-01-01', cloudValue: '2020-01-02' },
    ]);
  });

  it('counts a list of another length or a missing object once, at its path', () => {
    expect(diffData({ a: [1, 2] }, { a: [1] })).toEqual([
      { path: 'a', legacyValue: [1, 2], cloudValue: [1] },
    ]);
    expect(diffData({ a: { b: 1 } }, { a: null })).toEqual([
      { path: 'a', legacyValue: { b: 1 }, cloudValue: null },
    ]);
    expect(diffData({ a: 1 }, { a: 1, b: 2 })).toEqual([
      { path: 'b', legacyValue: undefined, cloudValue: 2 },
    ]);
  });

  it('stops at the limit', () => {
    const legacy = { list: Array.from({ length: 100 }, (_, i) => ({ n: i })) };
    const cloud = { list: Array.from({ length: 100 }, (_, i) => ({ n: i + 1 })) };
    expect(diffData(legacy, cloud, 5)).toHaveLength(5);
  });
});
