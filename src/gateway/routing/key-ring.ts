import type { ProviderKeyView } from '../../shared/schemas/routes';

interface SetAside {
  status: number;
  at: number;
}

/**
 * A provider's API keys used in turn (round robin, one step per request). A key the provider answered with
 * 401/403 is set aside for the life of the process and reported; set-aside keys are tried again only when
 * no other key is left, so a provider with one bad key still passes its own error on.
 */
export class KeyRing {
  private readonly cursors = new Map<string, number>();
  private readonly setAside = new Map<string, SetAside>();

  constructor(private readonly now: () => number) {}

  /** The keys one request may use, in the order to try them. */
  order(providerId: string, refs: readonly string[]): string[] {
    const active = refs.filter((ref) => !this.setAside.has(slot(providerId, ref)));
    const usable = active.length > 0 ? active : [...refs];
    if (usable.length <= 1) return usable;
    const cursor = this.cursors.get(providerId) ?? 0;
    this.cursors.set(providerId, (cursor + 1) % usable.length);
    const start = cursor % usable.length;
    return [...usable.slice(start), ...usable.slice(0, start)];
  }

  setKeyAside(providerId: string, ref: string, status: number): void {
    this.setAside.set(slot(providerId, ref), { status, at: this.now() });
  }

  /** A set-aside key that worked after all (it was the last one left) is back in turn. */
  restore(providerId: string, ref: string): void {
    this.setAside.delete(slot(providerId, ref));
  }

  isSetAside(providerId: string, ref: string): boolean {
    return this.setAside.has(slot(providerId, ref));
  }

  views(providers: Array<{ id: string; refs: readonly string[] }>): ProviderKeyView[] {
    return providers.flatMap(({ id, refs }) =>
      refs.map((keyRef) => {
        const aside = this.setAside.get(slot(id, keyRef));
        return {
          provider: id,
          keyRef,
          status: aside ? ('set-aside' as const) : ('active' as const),
          rejectedStatus: aside?.status ?? null,
          setAsideAt: aside?.at ?? null,
        };
      }),
    );
  }
}

function slot(providerId: string, ref: string): string {
  return `${providerId}\n${ref}`;
}
