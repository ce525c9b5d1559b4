import { maskErrors } from '../../common/maskErrors';
import { LEGACY_ERROR_CODES } from './legacyErrors';
import { LegacyStoreUnavailableError } from '../../../stores/uh/legacyStoreErrors';

/** formatError for the legacy subgraph (see common/maskErrors). */
export function maskLegacyError(report: (error: unknown) => void) {
  return maskErrors({
    codes: LEGACY_ERROR_CODES,
    unavailable: {
      type: LegacyStoreUnavailableError,
      code: 'LEGACY_STORE_UNAVAILABLE',
      message: 'Universal Housing is unavailable; retry later',
    },
    report,
  });
}
