import type { LogEntry } from '../logs/log-entry';
import type { PromptRegistry } from './prompt-registry';
import { applyPrompt, renderMessages, variablesOf, type AppliedPrompt } from './apply-prompt';
import { parsePromptModel } from './prompt-reference';
import { resolveVariables } from './prompt-variables';

/**
 * The playground's counterpart of resolvePromptModel: renders the version a `prompt:<slug>@…` body names (a
 * label resolves to the version it points at) and sends it to `model`, or to the version's own model. It
 * never assigns an experiment arm: an arm could swap the version or the model the person chose on screen,
 * and trial runs must not count in an experiment's statistics. Missing or mistyped variables are the same
 * 400s as in traffic; the log entry records prompt and version.
 */
export function resolvePlaygroundPrompt(
  prompts: PromptRegistry,
  entry: LogEntry,
  body: Record<string, unknown>,
  model: string | undefined,
): AppliedPrompt {
  const reference = parsePromptModel(String(body.model));
  const { version } = prompts.resolve(reference.slug, reference.selector);
  entry.prompt = reference.slug;
  entry.promptVersion = version.version;
  const where = `prompt "${reference.slug}" version ${version.version}`;
  const values = resolveVariables(version.variables, variablesOf(body) as Record<string, unknown>, where);
  return applyPrompt('openai', body, renderMessages(version, values), version, model ?? version.model);
}
