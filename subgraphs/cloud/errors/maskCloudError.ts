import { COMMON_ERROR_CODES } from '../../common/graphErrors';
import { maskErrors } from '../../common/maskErrors';
import { CloudStoreUnavailableError } from '../../../stores/cloud/cloudStoreErrors';

/** The cloud subgraph's error codes: the shared ones plus the cloud store's unavailability. */
export const CLOUD_ERROR_CODES = {
  ...COMMON_ERROR_CODES,
  CLOUD_STORE_UNAVAILABLE: 'The cloud database could not be reached in time; retry later.',
} as const;

/** formatError for the cloud subgraph (see common/maskErrors). */
export function maskCloudError(report: (error: unknown) => void) {
  return maskErrors({
    codes: CLOUD_ERROR_CODES,
    unavailable: {
      type: CloudStoreUnavailableError,
      code: 'CLOUD_STORE_UNAVAILABLE',
      message: 'The cloud database is unavailable; retry later',
    },
    report,
  });
}
