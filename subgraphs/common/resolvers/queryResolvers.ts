import type { GraphReadContext } from '../GraphReadContext';
import {
  personId,
  propertyReference,
  repairReference,
  tenancyReference,
} from '../../../stores/model/references';
import { connection, pageSize } from '../connection';
import { CURSOR_SHAPES, decodeKeysetCursor, encodeCursor } from '../../../stores/model/cursor';
import { badInput } from '../graphErrors';
import type { PropertyFilter, PropertyLevel } from '../../../stores/model/records';
import { quoteInput } from '../../../core/quoteInput';
import { SEARCH_TEXT, searchPersonsInput } from '../searchPersonsInput';

export const queryResolvers = {
  property: (_: unknown, args: { reference: string }, { loaders }: GraphReadContext) =>
    loaders.property.load(propertyReference(args.reference)),

  tenancy: (_: unknown, args: { reference: string }, { loaders }: GraphReadContext) =>
    loaders.tenancy.load(tenancyReference(args.reference)),

  repairRequest: (_: unknown, args: { reference: string }, { loaders }: GraphReadContext) =>
    loaders.repair.load(repairReference(args.reference)),

  person: async (_: unknown, args: { id: string }, { loaders }: GraphReadContext) => {
    const { houseRef, personNo } = personId(args.id);
    return (await loaders.members.load(houseRef)).find((member) => member.personNo === personNo) ?? null;
  },

  properties: async (
    _: unknown,
    args: {
      filter?: {
        postcode?: string | null;
        level?: PropertyLevel | null;
        addressContains?: string | null;
      } | null;
      first?: number | null;
      after?: string | null;
    },
    { lists, loaders }: GraphReadContext,
  ) => {
    const take = pageSize(args.first);
    const filter = propertyFilter(args.filter ?? {});
    const after = args.after ? String(decodeKeysetCursor(args.after, CURSOR_SHAPES.property)[0]) : null;
    const rows = await lists.listProperties(filter, take, after);
    for (const row of rows) loaders.property.prime(row.reference, row);
    const items = rows.slice(0, take).map((node) => ({ cursor: encodeCursor([node.reference]), node }));
    return connection({ items, hasNextPage: rows.length > take }, () => lists.countProperties(filter));
  },

  searchPersons: async (
    _: unknown,
    args: { name: string; first?: number | null; after?: string | null },
    { lists }: GraphReadContext,
  ) => {
    const { words, skip, take } = searchPersonsInput(args);
    const rows = await lists.searchPeople(words, skip, take);
    const items = rows
      .slice(0, take)
      .map((node, index) => ({ cursor: encodeCursor([skip + index + 1]), node }));
    return connection({ items, hasNextPage: rows.length > take }, () => lists.countPeople(words));
  },
};

/** The words of a person search (at most 5), or BAD_USER_INPUT saying what a name may hold. */
export function searchWords(name: string): string[] {
  const text = name.trim();
  if (text.length < 2 || !SEARCH_TEXT.test(text)) {
    throw badInput(
      `name: expected at least 2 characters of a name (letters, digits, spaces, ' - . ,), got "${name}"`,
      'name',
    );
  }
  return text.split(/\s+/).slice(0, 5);
}

/** A property filter validated and cleaned, or BAD_USER_INPUT naming the field. */
export function propertyFilter(raw: {
  postcode?: string | null;
  level?: PropertyLevel | null;
  addressContains?: string | null;
}): PropertyFilter {
  // A blank filter is refused, not ignored: "   " matching every property would hide the caller's mistake.
  const postcode = raw.postcode === null || raw.postcode === undefined ? null : raw.postcode.trim();
  if (postcode !== null && !/^[A-Za-z0-9 ]{2,10}$/.test(postcode)) {
    throw badInput(
      `filter.postcode: expected a postcode such as "E8 1DY" (letters, digits, a space), got ${quoteInput(raw.postcode)}`,
      'filter.postcode',
    );
  }
  const addressContains =
    raw.addressContains === null || raw.addressContains === undefined ? null : raw.addressContains.trim();
  if (
    addressContains !== null &&
    (addressContains.length < 2 || addressContains.length > 100 || !SEARCH_TEXT.test(addressContains))
  ) {
    throw badInput(
      `filter.addressContains: expected 2 to 100 characters of an address (letters, digits, spaces, ' - . , /); omit the filter to match every address, got ${quoteInput(raw.addressContains)}`,
      'filter.addressContains',
    );
  }
  return { postcode, level: raw.level ?? null, addressContains };
}
