type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The assistant text of one OpenAI or Anthropic answer object, or of one stream event. */
function textOf(value: unknown, streamed: boolean): string {
  if (!isRecord(value)) return '';
  if (Array.isArray(value.choices)) {
    return value.choices
      .map((choice) => {
        if (!isRecord(choice)) return '';
        const part = streamed ? choice.delta : choice.message;
        return isRecord(part) && typeof part.content === 'string' ? part.content : '';
      })
      .join('');
  }
  if (Array.isArray(value.content)) {
    return value.content
      .map((block) => (isRecord(block) && typeof block.text === 'string' ? block.text : ''))
      .join('');
  }
  if (isRecord(value.delta) && typeof value.delta.text === 'string') return value.delta.text;
  return '';
}

/**
 * What the model answered, read from a logged response body: a JSON chat completion (OpenAI or Anthropic)
 * or the text of its SSE stream. Null when the body was not logged or holds no text.
 */
export function responseText(body: string | null): string | null {
  if (!body) return null;
  try {
    const text = textOf(JSON.parse(body), false);
    return text || null;
  } catch {
    // Not one JSON document: a stream.
  }
  let text = '';
  for (const line of body.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '' || data === '[DONE]') continue;
    try {
      text += textOf(JSON.parse(data), true);
    } catch {
      // A cut-off last event (the body cap) is skipped.
    }
  }
  return text || null;
}
