import type {
  AdminKey,
  AdminKeyList,
  CreatedKey,
  CreateKeyRequest,
  UpdateKeyRequest,
} from '../../../shared/schemas/admin-keys';
import { adminFetch } from './admin-fetch';

const at = (name: string) => `/admin/keys/${encodeURIComponent(name)}`;

export const keysApi = {
  list: (signal?: AbortSignal) => adminFetch<AdminKeyList>('/admin/keys', { signal }),
  /** The answer holds the key itself: the only time it is ever shown. */
  create: (body: CreateKeyRequest) => adminFetch<CreatedKey>('/admin/keys', { body }),
  updateLimits: (name: string, body: UpdateKeyRequest) =>
    adminFetch<AdminKey>(at(name), { method: 'PATCH', body }),
  revoke: (name: string) => adminFetch<AdminKey>(at(name), { method: 'DELETE' }),
};
