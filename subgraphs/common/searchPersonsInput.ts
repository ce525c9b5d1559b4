import { decodeOffsetCursor } from '../../stores/model/cursor';
import { quoteInput } from '../../core/quoteInput';
import { badInput } from './graphErrors';
import { pageSize } from './connection';

/** Free text a person may type into a search box: letters, digits, spaces and a little punctuation. */
export const SEARCH_TEXT = /^[\p{L}\p{N} ,.'/&-]+$/u;

/**
 * searchPersons(name:) limits, the same for both stores. Every word is a LIKE/ILIKE '%word%' scanned over
 * every name, so text is capped before it reaches a store: a 30,000-character word cost the cloud store
 * 3.9 s of database time, and one of 65,535 characters or more broke UH's parameter. UH's names are at
 * most 24 characters (forename char(24)); the cloud keeps longer ones exact, so a word may be up to 40.
 */
export const SEARCH_NAME_MAX = 100;
export const SEARCH_WORD_MAX = 40;
export const SEARCH_WORDS_MAX = 5;

export interface SearchPersonsInput {
  readonly words: readonly string[];
  readonly skip: number;
  readonly take: number;
}

/** searchPersons' arguments validated once, before any SQL: each problem a BAD_USER_INPUT saying what was expected. */
export function searchPersonsInput(args: {
  name: string;
  first?: number | null;
  after?: string | null;
}): SearchPersonsInput {
  const take = pageSize(args.first);
  const text = args.name.trim();
  if (text.length > SEARCH_NAME_MAX) {
    throw badInput(
      `name: expected at most ${SEARCH_NAME_MAX} characters, got ${quoteInput(args.name)}`,
      'name',
    );
  }
  if (text.length < 2 || !SEARCH_TEXT.test(text)) {
    throw badInput(
      `name: expected at least 2 characters of a name (letters, digits, spaces, ' - . ,), got ${quoteInput(args.name)}`,
      'name',
    );
  }
  const words = text.split(/\s+/).slice(0, SEARCH_WORDS_MAX);
  const long = words.find((word) => word.length > SEARCH_WORD_MAX);
  if (long !== undefined) {
    throw badInput(
      `name: expected words of at most ${SEARCH_WORD_MAX} characters, got one of ${long.length} (${quoteInput(long)})`,
      'name',
    );
  }
  const skip = args.after ? decodeOffsetCursor(args.after) : 0;
  return { words, skip, take };
}
