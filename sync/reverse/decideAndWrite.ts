import type { ApplyContext, UhApplyResult, UhCurrent, UhWriteOutcome } from './UhApplyResult';

/**
 * The same order for every entity: the image first (so a second apply of one row, or a re-run after a
 * crash between the UH commit and the marking, writes nothing and is not mistaken for a conflict), then
 * whether UH changed the row since the cloud last synced it, then the write.
 */
export async function decideAndWrite(
  context: ApplyContext,
  current: UhCurrent,
  inUh: boolean,
  write: () => Promise<UhWriteOutcome>,
): Promise<UhApplyResult> {
  if (inUh) return { kind: 'alreadyInUh', tstamp: current.tstamp };
  const conflict = changedInUh(context, current)
    ? { uhVersion: current.version, uhTstamp: current.tstamp as Buffer }
    : null;
  if (conflict !== null && !context.cloudMasters) return { kind: 'setAside', conflict };
  const outcome = await write();
  if (outcome.kind === 'refused') return outcome;
  return { kind: 'written', tstamp: outcome.tstamp, conflict };
}

/**
 * UH changed the row since the cloud last synced it: its rowversion is neither the one the cloud row
 * recorded nor one of our own writes. With no recorded rowversion an UPDATE cannot tell (no conflict is
 * claimed), while for an INSERT any existing row is one the cloud never synced.
 */
function changedInUh(context: ApplyContext, current: UhCurrent): boolean {
  if (!current.exists || current.tstamp === null) return false;
  const tstamp = current.tstamp;
  if (context.ownWrites.some((own) => own.equals(tstamp))) return false;
  if (context.baseline === null) return context.operation === 'INSERT';
  return !context.baseline.equals(tstamp);
}
