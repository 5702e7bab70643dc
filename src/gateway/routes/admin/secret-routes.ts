import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SecretStatus, SecretValueBody } from '../../../shared/schemas/admin-providers';
import { GatewayError } from '../../errors/gateway-error';
import { SecretResolver, SecretStoreError } from '../../secrets/secret-store';

/** Where one owner's secret (a provider's key, later a REST API's credential) is kept. */
export interface SecretSlot {
  /** The reference the value is stored under, e.g. `keychain:provider.openai`. */
  reference: string;
  /** Records the reference on the owner once a value is stored there (e.g. sets a provider's apiKeyRef). */
  attach(): void;
}

/** What the secret routes need to know about the things that own secrets. */
export interface SecretOwners {
  /** Route prefix with an `:id` parameter, e.g. `/admin/providers/:id` (later `/admin/apis/:id`). */
  path: string;
  /** The slot for an owner; throws a GatewayError (404 unknown, 409 managed elsewhere) when there is none. */
  slot(id: string): SecretSlot;
  /** Runs after every change, e.g. to reload the provider registry. */
  changed(): void;
}

/** Values shorter than this get no hint: four characters would give away too much of them. */
const HINT_MIN_LENGTH = 12;

/** Whether the reference resolves now, and a hint of the last four characters; never the value. */
export async function secretStatus(secrets: SecretResolver, reference: string | null): Promise<SecretStatus> {
  const value = reference ? await secrets.resolve(reference) : undefined;
  return {
    reference,
    stored: value !== undefined,
    hint: value !== undefined && value.length >= HINT_MIN_LENGTH ? `…${value.slice(-4)}` : null,
  };
}

/**
 * GET, PUT (set or rotate) and DELETE `<path>/secret`. Write-only: responses carry at most the hint.
 * A keychain that is missing or refuses the write answers 503 with what to do instead.
 */
export function registerSecretRoutes(app: FastifyInstance, owners: SecretOwners): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };
  const params = Type.Object({ id: Type.String() });
  const { secrets } = app.gateway;

  typed.get(
    `${owners.path}/secret`,
    { config, schema: { params, response: { 200: SecretStatus } } },
    async (request) => secretStatus(secrets, owners.slot(request.params.id).reference),
  );

  typed.put(
    `${owners.path}/secret`,
    { config, schema: { params, body: SecretValueBody, response: { 200: SecretStatus } } },
    async (request) => {
      const slot = owners.slot(request.params.id);
      // Pasted keys often carry a trailing newline; no provider key contains whitespace at its ends.
      const value = request.body.value.trim();
      if (!value) throw new GatewayError('invalid_request', 400, 'body/value must not be blank');
      await storeAction(() => secrets.set(slot.reference, value));
      slot.attach();
      owners.changed();
      return secretStatus(secrets, slot.reference);
    },
  );

  typed.delete(
    `${owners.path}/secret`,
    { config, schema: { params, response: { 200: SecretStatus } } },
    async (request) => {
      const slot = owners.slot(request.params.id);
      await storeAction(() => secrets.delete(slot.reference));
      owners.changed();
      return secretStatus(secrets, slot.reference);
    },
  );
}

async function storeAction<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof SecretStoreError)
      throw new GatewayError('secret_store_unavailable', 503, error.message);
    // keytar's own failures (a locked keychain, a refused prompt) say what went wrong and hold no secret.
    throw new GatewayError(
      'secret_store_unavailable',
      503,
      `The OS keychain refused: ${(error as Error).message}`,
    );
  }
}
