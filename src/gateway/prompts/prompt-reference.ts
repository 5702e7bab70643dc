import { GatewayErrors } from '../errors/gateway-error';

export const PROMPT_MODEL_PREFIX = 'prompt:';

/** Which version a caller asked for: a label (`latest` included) or an exact number. */
export type VersionSelector = { label: string } | { version: number };

export interface PromptReference {
  slug: string;
  selector: VersionSelector;
}

const reference = /^([a-z0-9][a-z0-9_-]{0,63})(?:@([a-z][a-z0-9_-]{0,31}|[1-9][0-9]{0,8}))?$/;

/**
 * `prompt:<slug>` (the latest version), `prompt:<slug>@<label>` or `prompt:<slug>@<version>`. Labels start
 * with a letter, so `@3` is always version 3.
 */
export function parsePromptModel(model: string): PromptReference {
  const match = reference.exec(model.slice(PROMPT_MODEL_PREFIX.length));
  if (!match) {
    throw GatewayErrors.invalidModel(
      `Model "${model}" is not a prompt reference: use prompt:<slug>, prompt:<slug>@<label> or prompt:<slug>@<version>`,
      { param: 'model' },
    );
  }
  const [, slug, at] = match;
  if (at === undefined) return { slug: slug!, selector: { label: 'latest' } };
  return { slug: slug!, selector: /^[0-9]/.test(at) ? { version: Number(at) } : { label: at } };
}

export function describeSelector(slug: string, selector: VersionSelector): string {
  return 'version' in selector
    ? `prompt "${slug}" version ${selector.version}`
    : `prompt "${slug}@${selector.label}"`;
}
