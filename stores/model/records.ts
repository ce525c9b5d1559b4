/**
 * Clean records the legacy store hands to resolvers: trimmed, nulls for blanks and placeholder dates,
 * exact decimal strings, enums. Resolvers return these as they are.
 */
export type PropertyLevel = 'ESTATE' | 'BLOCK' | 'SUB_BLOCK' | 'DWELLING' | 'NON_DWELLING' | 'OTHER';

export interface Address {
  readonly line1: string | null;
  readonly line2: string | null;
  readonly line3: string | null;
  readonly line4: string | null;
  readonly postcode: string | null;
}

export interface PropertyRecord {
  readonly reference: string;
  readonly level: PropertyLevel;
  readonly levelCode: string | null;
  readonly address: Address;
  readonly uprn: string | null;
  readonly numberOfBedrooms: number | null;
  /** The parent's reference as UH holds it (major_ref); may point at a property that does not exist. */
  readonly parentReference: string | null;
}

export interface TenancyRecord {
  readonly reference: string;
  readonly propertyReference: string | null;
  readonly houseRef: string | null;
  readonly tenure: { readonly code: string; readonly description: string | null } | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly terminated: boolean;
  readonly paymentReference: string | null;
  readonly charges: {
    readonly rent: string | null;
    readonly service: string | null;
    readonly other: string | null;
  };
  readonly balance: string | null;
}

export interface PersonRecord {
  readonly id: string;
  readonly houseRef: string;
  readonly personNo: number;
  readonly title: string | null;
  readonly firstName: string | null;
  readonly surname: string | null;
  readonly dateOfBirth: string | null;
  readonly isResponsible: boolean;
}

export type PhoneType = 'HOME' | 'MOBILE' | 'FAX' | 'WORK' | 'OTHER';

export interface ContactDetailsRecord {
  readonly phones: readonly { readonly number: string; readonly type: PhoneType | null }[];
  readonly email: string | null;
}

export type RepairPriority = 'NORMAL' | 'URGENT' | 'IMMEDIATE' | 'EMERGENCY' | 'G' | 'Z' | 'V';

export interface RepairRecord {
  readonly reference: string;
  readonly propertyReference: string | null;
  readonly priority: RepairPriority | null;
  readonly status: string | null;
  readonly raisedAt: string | null;
  readonly description: string | null;
}

export interface RentTransactionRecord {
  readonly date: string;
  readonly type: { readonly code: string; readonly description: string | null };
  readonly amount: string;
  readonly reference: string | null;
}

/** A page of a list, as the store returns it: the rows and whether more follow. */
export interface Page<T> {
  readonly items: readonly { readonly cursor: string; readonly node: T }[];
  readonly hasNextPage: boolean;
}

export interface PropertyFilter {
  readonly postcode?: string | null;
  readonly level?: PropertyLevel | null;
  readonly addressContains?: string | null;
}
