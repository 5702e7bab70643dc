import type { ChatRequest, ContentPart } from './chat-model';

// Rough but stable: ~4 characters per token for text and JSON, a flat cost per image (providers charge
// by size, which we do not know without decoding it), a few tokens of framing per message.
const CHARACTERS_PER_TOKEN = 4;
const IMAGE_TOKENS = 1_600;
const MESSAGE_OVERHEAD = 4;

export function estimateInputTokens(request: ChatRequest): number {
  let characters = request.system.join('\n').length;
  let tokens = 0;
  for (const message of request.messages) {
    tokens += MESSAGE_OVERHEAD;
    for (const part of message.content) {
      if (part.type === 'image') tokens += IMAGE_TOKENS;
      else characters += textOf(part).length;
    }
    if (message.role === 'assistant') {
      for (const call of message.toolCalls) characters += call.name.length + call.arguments.length;
    }
  }
  for (const tool of request.tools) characters += JSON.stringify(tool).length;
  return tokens + Math.ceil(characters / CHARACTERS_PER_TOKEN);
}

function textOf(part: Exclude<ContentPart, { type: 'image' }>): string {
  return part.text;
}
