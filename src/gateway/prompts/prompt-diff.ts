import { diffLines } from 'diff';
import type {
  ConfigChange,
  DiffLine,
  MessageDiff,
  PromptDiff,
  PromptMessage,
  PromptVariable,
} from '../../shared/schemas/prompts';
import type { PromptVersionRecord } from '../storage/prompt-repository';

/**
 * What changed between two versions: each template message line by line (messages are paired by
 * position), and every config field that differs — model, each param, each variable and its properties.
 */
export function diffVersions(from: PromptVersionRecord, to: PromptVersionRecord): PromptDiff {
  const count = Math.max(from.messages.length, to.messages.length);
  const messages: MessageDiff[] = [];
  for (let index = 0; index < count; index += 1) {
    messages.push(diffMessage(index, from.messages[index], to.messages[index]));
  }
  const config = [
    ...change('model', from.model, to.model),
    ...diffRecords('params', from.params, to.params),
    ...diffVariables(from.variables, to.variables),
  ];
  return {
    prompt: to.prompt,
    from: from.version,
    to: to.version,
    changed: config.length > 0 || messages.some((message) => message.status !== 'unchanged'),
    messages,
    config,
  };
}

function diffMessage(
  index: number,
  from: PromptMessage | undefined,
  to: PromptMessage | undefined,
): MessageDiff {
  const lines = diffText(from?.content ?? '', to?.content ?? '', from !== undefined, to !== undefined);
  const textChanged = lines.some((line) => line.kind !== 'unchanged');
  const status =
    from === undefined
      ? 'added'
      : to === undefined
        ? 'removed'
        : textChanged || from.role !== to.role
          ? 'changed'
          : 'unchanged';
  return { index, status, fromRole: from?.role ?? null, toRole: to?.role ?? null, lines };
}

function diffText(from: string, to: string, hasFrom: boolean, hasTo: boolean): DiffLine[] {
  // A final newline on both sides keeps "c" and "c\n" from showing up as a changed last line.
  const parts = diffLines(hasFrom ? `${from}\n` : '', hasTo ? `${to}\n` : '');
  const lines: DiffLine[] = [];
  let fromLine = 1;
  let toLine = 1;
  for (const part of parts) {
    const texts = part.value.split('\n');
    if (texts.at(-1) === '') texts.pop();
    for (const text of texts) {
      if (part.added) lines.push({ kind: 'added', text, fromLine: null, toLine: toLine++ });
      else if (part.removed) lines.push({ kind: 'removed', text, fromLine: fromLine++, toLine: null });
      else lines.push({ kind: 'unchanged', text, fromLine: fromLine++, toLine: toLine++ });
    }
  }
  return lines;
}

function change(field: string, from: unknown, to: unknown): ConfigChange[] {
  return same(from, to) ? [] : [{ field, from: from ?? null, to: to ?? null }];
}

function diffRecords(prefix: string, from: object, to: object): ConfigChange[] {
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key) => change(`${prefix}.${key}`, a[key], b[key]));
}

function diffVariables(from: PromptVariable[], to: PromptVariable[]): ConfigChange[] {
  const before = new Map(from.map((variable) => [variable.name, variable]));
  const after = new Map(to.map((variable) => [variable.name, variable]));
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names.flatMap((name) => {
    const a = before.get(name);
    const b = after.get(name);
    if (!a || !b) return change(`variables.${name}`, a, b);
    // `required` defaults to true: an explicit true and an absent one are the same declaration.
    const withDefaults = (variable: PromptVariable) => ({
      ...variable,
      required: variable.required !== false,
    });
    return diffRecords(`variables.${name}`, withDefaults(a), withDefaults(b));
  });
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

// Key order is not a change: {"type":"json_object","x":1} equals {"x":1,"type":"json_object"}.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
