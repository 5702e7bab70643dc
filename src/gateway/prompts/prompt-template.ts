import Mustache from 'mustache';

type Token = [type: string, value: string, start: number, end: number, children?: unknown];

/** Values go into prompts as they are: HTML escaping would turn `a < b` into `a &lt; b` in what the model reads. */
const renderOptions = {
  escape: (value: unknown) =>
    typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
};

/**
 * The variables a template names at its top level: `{{name}}`, `{{{name}}}`, `{{&name}}`, sections
 * `{{#name}}`/`{{^name}}`, and the first part of `{{name.field}}`. Names inside a section may be fields of
 * the section's item, so they are not required to be declared. Throws when the template does not parse or
 * uses partials (`{{> name}}`), which prompts do not have.
 */
export function templateVariables(template: string): string[] {
  const tokens = Mustache.parse(template) as Token[];
  const names = new Set<string>();
  for (const token of tokens) {
    const [type, value] = token;
    if (type === '>') throw new Error(`partials ({{> ${value}}}) are not supported in prompt templates`);
    if (type === 'name' || type === '&' || type === '#' || type === '^') {
      const root = value.split('.')[0]!;
      if (root !== '') names.add(root);
    }
    if ((type === '#' || type === '^') && Array.isArray(token[4])) rejectPartials(token[4] as Token[]);
  }
  return [...names];
}

function rejectPartials(tokens: Token[]): void {
  for (const token of tokens) {
    if (token[0] === '>')
      throw new Error(`partials ({{> ${token[1]}}}) are not supported in prompt templates`);
    if (Array.isArray(token[4])) rejectPartials(token[4] as Token[]);
  }
}

/** Fills a template; values are not HTML-escaped, objects are written as JSON. */
export function renderTemplate(template: string, variables: Record<string, unknown>): string {
  return Mustache.render(template, variables, {}, renderOptions);
}
