import type { UhStore } from './UhStore';
import type { NewRepairInput, RaiseRepairOutcome } from '../model/writeOutcomes';
import { CODE_BY_PRIORITY } from './codeLists';
import { allocateSerial } from './allocateSerial';
import { cleanFlag, cleanText } from './normalise';
import { PROP_REF } from './uhTypes';

export type NewRepair = NewRepairInput & { readonly raisedAt: Date };

/** Status of a newly raised (open) request in UH. */
const OPEN_STATUS = '000';
/** user_code written on requests raised through the graph. */
const USER_CODE = 'API';

/** Raise a repair request in one transaction: check the property, allocate rq_ref from sysserial, insert. */
export async function raiseRepair(store: UhStore, repair: NewRepair): Promise<RaiseRepairOutcome> {
  return store.withTransaction('raiseRepairRequest', async (tx) => {
    const property = await tx.query<{ no_maint: boolean | null; house_ref: string | null }>({
      name: 'propertyForRepair',
      text: 'SELECT p.no_maint, p.house_ref FROM dbo.property p WHERE p.prop_ref = @ref',
      params: [{ ...PROP_REF, name: 'ref', value: repair.propertyReference }],
    });
    const row = property[0];
    if (row === undefined) return { kind: 'noSuchProperty' };
    if (cleanFlag(row.no_maint)) return { kind: 'noMaintenance' };
    const reference = String(await allocateSerial(tx, 'rmreqst')).padStart(8, '0');
    await tx.query({
      name: 'insertRepairRequest',
      text: `INSERT INTO dbo.rmreqst (rq_ref, prop_ref, house_ref, rq_date, rq_problem, rq_priority, rq_status, rq_name, rq_phone, rq_cancel, user_code)
VALUES (@ref, @prop, @house, @raised, @problem, @priority, @status, @name, @phone, '', @user)`,
      params: [
        { type: 'char', length: 8, name: 'ref', value: reference },
        { ...PROP_REF, name: 'prop', value: repair.propertyReference },
        { type: 'char', length: 10, name: 'house', value: cleanText(row.house_ref) ?? '' },
        { type: 'datetime', name: 'raised', value: repair.raisedAt },
        { type: 'nvarchar', length: 4000, name: 'problem', value: repair.description },
        { type: 'char', length: 3, name: 'priority', value: CODE_BY_PRIORITY[repair.priority] },
        { type: 'char', length: 3, name: 'status', value: OPEN_STATUS },
        { type: 'char', length: 40, name: 'name', value: repair.contactName ?? '' },
        { type: 'nvarchar', length: 40, name: 'phone', value: repair.contactPhone ?? '' },
        { type: 'char', length: 3, name: 'user', value: USER_CODE },
      ],
    });
    return { kind: 'raised', reference };
  });
}
