/**
 * What the mock providers answer, decided from the request the way a model would "decide": a conversation
 * that ends in a tool result gets a final answer; one that offers tools gets a tool call; an image gets a
 * description naming what arrived; anything else gets an echo. Each mock encodes the same answer in its
 * own provider's wire format (modelled on the captured fixtures), so tests can compare what the caller
 * parsed with what the upstream sent.
 */
export type Answer =
  { kind: 'text'; text: string } | { kind: 'tool-call'; name: string; arguments: Record<string, unknown> };

export const WEATHER_TOOL_ARGUMENTS = { city: 'Paris', unit: 'celsius' };
export const FINAL_ANSWER = 'It is 21 °C and sunny in Paris.';

export interface ScenarioInput {
  sawToolResult: boolean;
  toolNames: string[];
  /** What the provider received as an image, e.g. "image/png:iVBORw0K" or "url:https://…". */
  image: string | null;
  lastUserText: string;
}

export function decide(input: ScenarioInput): Answer {
  if (input.sawToolResult) return { kind: 'text', text: FINAL_ANSWER };
  if (input.toolNames.length > 0)
    return { kind: 'tool-call', name: input.toolNames[0]!, arguments: WEATHER_TOOL_ARGUMENTS };
  if (input.image) return { kind: 'text', text: `I see an image (${input.image}).` };
  return { kind: 'text', text: `You said: ${input.lastUserText}` };
}

/** Splits text into a few stream pieces, as providers do. */
export function pieces(text: string, count = 3): string[] {
  const size = Math.ceil(text.length / count);
  const result: string[] = [];
  for (let start = 0; start < text.length; start += size) result.push(text.slice(start, start + size));
  return result;
}
