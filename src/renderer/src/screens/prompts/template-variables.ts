import Mustache from 'mustache';

type Token = [type: string, value: string, start: number, end: number, children?: Token[]];

export interface DetectedVariables {
  /** In order of first use. */
  names: string[];
  /** Why a template does not parse, as the gateway would refuse it on save. */
  problem: string | null;
}

/**
 * The `{{variables}}` templates use at their top level, read the way the gateway reads them (Mustache):
 * `{{name}}`, `{{{name}}}`, `{{&name}}`, sections `{{#name}}`/`{{^name}}`, and the root of `{{name.field}}`.
 * Names inside a section can be fields of the section's item, so they are not listed.
 */
export function detectVariables(templates: string[]): DetectedVariables {
  const names: string[] = [];
  for (const [index, template] of templates.entries()) {
    let tokens: Token[];
    try {
      tokens = Mustache.parse(template) as Token[];
    } catch (error) {
      return { names, problem: `Message ${index + 1}: ${(error as Error).message}` };
    }
    for (const [type, value] of tokens) {
      if (type === '>')
        return { names, problem: `Message ${index + 1}: partials ({{> ${value}}}) are not supported` };
      if (type === 'name' || type === '&' || type === '#' || type === '^') {
        const root = value.split('.')[0] ?? '';
        if (root !== '' && !names.includes(root)) names.push(root);
      }
    }
  }
  return { names, problem: null };
}
