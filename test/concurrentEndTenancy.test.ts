import { startLegacyHarness, type LegacyHarness } from '../subgraphs/legacy/test/legacyHarness';
import { startCloudHarness, type CloudHarness } from '../subgraphs/cloud/test/cloudHarness';

// Issue 14: the losers of concurrent endTenancy calls were told the tenancy "is terminated" (UH's message for
// a terminated tenancy with no end date) while it was in fact being ended, to a future date, by the winner.
// Each loser is now told what happened: the winner's end date, or that another request is ending it.
const CALLS = 6;
const REFERENCE = '0900007/01';
const END_DATE = '2026-06-30';

describe.each([
  ['legacy (UH simulator)', () => startLegacyHarness()],
  ['cloud (PostgreSQL)', () => startCloudHarness()],
])('concurrent endTenancy on %s', (_, start: () => Promise<LegacyHarness | CloudHarness>) => {
  let harness: LegacyHarness | CloudHarness;
  beforeAll(async () => {
    harness = await start();
  }, 120_000);
  afterAll(() => harness?.close());

  it('one call ends the tenancy; every other one is a CONFLICT saying it was ended or is being ended', async () => {
    const answers = await Promise.all(
      Array.from({ length: CALLS }, () =>
        harness.run(
          `mutation ($ref: String!, $end: Date!) { endTenancy(reference: $ref, endDate: $end) { endDate } }`,
          {
            ref: REFERENCE,
            end: END_DATE,
          },
        ),
      ),
    );
    const winners = answers.filter((answer) => answer.errors === undefined);
    expect(winners.map((answer) => answer.data)).toEqual([{ endTenancy: { endDate: END_DATE } }]);
    const losers = answers.flatMap((answer) => answer.errors ?? []);
    expect(losers).toHaveLength(CALLS - 1);
    for (const error of losers) {
      expect(error.extensions.code).toBe('CONFLICT');
      expect([
        `tenancy ${REFERENCE} already has an end date (${END_DATE})`,
        `tenancy ${REFERENCE} is being ended by another request; read it again to see its end date`,
      ]).toContain(error.message);
    }
  });
});
