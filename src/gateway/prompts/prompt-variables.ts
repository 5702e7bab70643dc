import type { PromptMessage, PromptVariable, VariableType } from '../../shared/schemas/prompts';
import { GatewayErrors } from '../errors/gateway-error';
import { templateVariables } from './prompt-template';

/** The JSON type of a value in words, for error messages. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function matchesType(value: unknown, type: VariableType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'json':
      return value !== undefined;
  }
}

/**
 * Problems with a new version's variables: duplicate names, defaults of the wrong type, and template
 * placeholders that are not declared (a typo in a template should fail when it is saved, not per request).
 */
export function variableProblems(messages: PromptMessage[], variables: PromptVariable[]): string[] {
  const problems: string[] = [];
  const declared = new Set<string>();
  for (const variable of variables) {
    if (declared.has(variable.name)) problems.push(`variable "${variable.name}" is declared twice`);
    declared.add(variable.name);
    if (variable.default !== undefined && !matchesType(variable.default, variable.type)) {
      problems.push(
        `the default of variable "${variable.name}" must be a ${variable.type}, not ${describeType(variable.default)}`,
      );
    }
  }
  messages.forEach((message, index) => {
    let used: string[];
    try {
      used = templateVariables(message.content);
    } catch (error) {
      problems.push(`messages[${index}]: ${(error as Error).message}`);
      return;
    }
    for (const name of used) {
      if (!declared.has(name)) {
        problems.push(`messages[${index}] uses {{${name}}}, which is not declared in "variables"`);
      }
    }
  });
  return problems;
}

/**
 * The values a render uses: the caller's, else each variable's default. A required variable with neither
 * is a 400 naming it; a value of the wrong type is a 400 naming the variable and the type it needs.
 * Variables the version does not declare are ignored (an experiment's arms may declare different ones).
 */
export function resolveVariables(
  declared: PromptVariable[],
  given: Record<string, unknown>,
  where: string,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const variable of declared) {
    const value = Object.hasOwn(given, variable.name) ? given[variable.name] : undefined;
    if (value === undefined) {
      if (variable.default !== undefined) values[variable.name] = variable.default;
      else if (variable.required !== false) {
        throw GatewayErrors.invalidRequest(
          `Missing required variable "${variable.name}" (${variable.type}) for ${where}`,
          { param: `variables.${variable.name}` },
        );
      }
      continue;
    }
    if (!matchesType(value, variable.type)) {
      throw GatewayErrors.invalidRequest(
        `Variable "${variable.name}" must be a ${variable.type} for ${where}, not ${describeType(value)}`,
        { param: `variables.${variable.name}` },
      );
    }
    values[variable.name] = value;
  }
  return values;
}
