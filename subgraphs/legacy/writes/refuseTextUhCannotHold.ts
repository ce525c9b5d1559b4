import { badInput } from '../../common/graphErrors';
import { quoteInput } from '../../../core/quoteInput';
import { describeCharacter, firstCharacterUhCannotHold } from '../../../stores/uh/windows1252';

/**
 * While UH masters an entity, its writes go to UH, whose text columns are single-byte (Windows-1252,
 * stores/uh/windows1252.ts): a character outside that code page would be stored as '?' with no error, and
 * the two stores would disagree for good. So such a value is refused before anything is written, naming the
 * character and the argument. Keys are the arguments' paths as the client wrote them (input.contactName).
 */
export function refuseTextUhCannotHold(fields: Readonly<Record<string, string | null | undefined>>): void {
  for (const [argument, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    const found = firstCharacterUhCannotHold(value);
    if (found === null) continue;
    throw badInput(
      `${argument}: expected text Universal Housing can hold (its text columns are single-byte, Windows-1252), got ${describeCharacter(found.character)} at character ${found.index + 1} of ${quoteInput(value)}`,
      argument,
    );
  }
}
