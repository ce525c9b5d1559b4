import type { Prng } from './createPrng';
import type { ScaleShape } from './SeedScale';
import type { DayNumber } from './uhFormats';
import type { UhRow } from './uhSeedTables';

/**
 * The seed's in-memory model: UH rows (as they will be written, faults included) plus the facts the
 * generator needs that faults must not disturb (a tenancy's real start and end, its payment habit).
 * Everything except rent transactions is held in memory; those are generated lazily from `life`.
 */

export type PropertyKind = 'owner' | 'estate' | 'block' | 'flat' | 'house' | 'garage';

export interface PropertyModel {
  readonly row: UhRow<'property'>;
  readonly kind: PropertyKind;
  readonly estate: PropertyModel | null;
  readonly block: PropertyModel | null;
  readonly street: string;
  /** Postcode the property really has (the row's post_code may be a faulty copy). */
  readonly postcode: string;
  /** 'let': gets a current tenancy; 'void': empty; 'disposed': sold/demolished but still level 7 in UH. */
  status: 'let' | 'void' | 'disposed' | 'structure';
  bedrooms: number;
}

export type PaymentMethod = 'RHB' | 'RDD' | 'RPY' | 'RSO';

/** What really happened on a tenancy, used for transactions and left alone by faults. */
export interface TenancyLife {
  readonly cot: DayNumber;
  readonly eot: DayNumber | null;
  readonly rentPence: number;
  readonly servicePence: number;
  /** Leasehold/freehold accounts are billed quarterly, not weekly. */
  readonly quarterly: boolean;
  readonly paymentMethod: PaymentMethod;
  /** Share of the charge the household actually pays (below 1 builds arrears). */
  readonly payRatio: number;
  /** Balance brought forward into the transaction window (pence, +ve = arrears). */
  readonly openingBalancePence: number;
  readonly paymentRef: string;
  readonly seed: number;
  /** The n-th receipt is posted twice (issue 4). */
  duplicateReceipt: number | null;
}

export interface HouseholdModel {
  readonly row: UhRow<'househ'>;
  members: UhRow<'member'>[];
}

export interface TenancyModel {
  readonly row: UhRow<'tenagree'>;
  readonly property: PropertyModel;
  readonly household: HouseholdModel;
  readonly life: TenancyLife;
  readonly current: boolean;
  readonly contact: UhRow<'contacts'>;
}

export interface UhModel {
  readonly postcodes: UhRow<'postcode'>[];
  readonly properties: PropertyModel[];
  readonly tenancies: TenancyModel[];
  readonly repairs: UhRow<'rmreqst'>[];
  /** Contact rows beyond each tenancy's own (duplicates planted as faults). */
  readonly extraContacts: UhRow<'contacts'>[];
  readonly counters: SeedCounters;
}

export interface BuildContext {
  readonly shape: ScaleShape;
  readonly today: DayNumber;
  readonly counters: SeedCounters;
}

/** Reference allocators: increasing with small random gaps, as a live system's serials look after deletions. */
export class SeedCounters {
  propRef = 10_000;
  uprn = 100_090_000_000;
  houseRef = 100_000;
  tagBase = 900_000;
  paymentRef = 1_938_000_000;
  conKey = 0;
  rqRef = 3_200_000;
  memberSid = 0;
  househSid = 0;
  tenagreeSid = 0;
  propertySid = 0;
  postcodeSid = 0;

  constructor(private readonly rng: Prng) {}

  nextPropRef(): number {
    return (this.propRef += this.rng.int(1, 3));
  }
  nextUprn(): number {
    return (this.uprn += this.rng.int(1, 40));
  }
  nextHouseRef(): number {
    return (this.houseRef += this.rng.int(1, 5));
  }
  nextTagBase(): number {
    return (this.tagBase += this.rng.int(1, 9));
  }
  /** Steps of at least 2, so two refs one apart only occur where a fault puts them (issue 5). */
  nextPaymentRef(): number {
    return (this.paymentRef += this.rng.int(2, 97));
  }
  nextRqRef(): number {
    return (this.rqRef += this.rng.int(1, 3));
  }
}
