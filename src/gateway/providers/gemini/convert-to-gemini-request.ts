import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ImageSource,
  ToolCall,
} from '../../canonical/chat-model';
import { GatewayErrors } from '../../errors/gateway-error';
import { convertToGeminiSchema, isEmptyObjectSchema } from './convert-to-gemini-schema';
import {
  isJsonObject,
  type GeminiContent,
  type GeminiFunctionCallingMode,
  type GeminiGenerationConfig,
  type GeminiPart,
  type GeminiRequest,
  type GeminiRole,
} from './gemini-wire-types';

/**
 * Thinking budgets for an effort level: the ones Google maps OpenAI's reasoning_effort to in its own
 * OpenAI-compatible endpoint (low 1K, medium 8K, high 24K tokens). Gemini has no "minimal"; it gets the
 * low budget, because 0 would switch thinking off and Gemini 2.5 Pro refuses that.
 */
export const GEMINI_EFFORT_BUDGETS = { minimal: 1024, low: 1024, medium: 8192, high: 24576 } as const;

/**
 * Google's documented placeholder for a functionCall replayed without its thought signature (history
 * written by a client that cannot keep one, such as an OpenAI SDK). Gemini 3 refuses such calls without it.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const URL_WARNING =
  'Gemini fetches image URLs itself and only from addresses it can reach (gs://, public https); send base64 images if it cannot';

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

type Warn = (message: string) => void;

/**
 * The canonical request → a `generateContent` body. Settings Gemini cannot honour are pushed onto
 * `request.warnings`; history Gemini cannot accept (bad tool-call JSON, unknown tool result) is a 400.
 */
export function convertToGeminiRequest(request: ChatRequest): GeminiRequest {
  const warn: Warn = (message) => {
    if (!request.warnings.includes(message)) request.warnings.push(message);
  };
  const removedKeywords = new Set<string>();
  const body: GeminiRequest = { contents: convertMessages(request, warn) };
  if (request.system.length > 0) {
    body.systemInstruction = { parts: request.system.map((text) => ({ text })) };
  }
  if (request.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => {
          const parameters = convertToGeminiSchema(tool.parameters, removedKeywords);
          return {
            name: tool.name,
            ...(tool.description !== undefined ? { description: tool.description } : {}),
            ...(isEmptyObjectSchema(parameters) ? {} : { parameters }),
          };
        }),
      },
    ];
    if (request.toolChoice !== undefined) body.toolConfig = { functionCallingConfig: toolMode(request) };
  }
  if (request.parallelToolCalls === false && request.tools.length > 0) {
    warn('Gemini cannot be told to avoid parallel tool calls; parallel_tool_calls: false was not applied');
  }
  const generationConfig = convertGenerationConfig(request, removedKeywords);
  if (generationConfig) body.generationConfig = generationConfig;
  if (removedKeywords.size > 0) {
    warn(
      `Gemini does not support these JSON Schema keywords; they were removed from the schema: ${[...removedKeywords].join(', ')}`,
    );
  }
  return body;
}

function toolMode(request: ChatRequest): {
  mode: GeminiFunctionCallingMode;
  allowedFunctionNames?: string[];
} {
  const choice = request.toolChoice;
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'required') return { mode: 'ANY' };
  if (typeof choice === 'object') return { mode: 'ANY', allowedFunctionNames: [choice.name] };
  return { mode: 'AUTO' };
}

function convertGenerationConfig(
  request: ChatRequest,
  removedKeywords: Set<string>,
): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stop.length > 0) config.stopSequences = request.stop;
  const format = request.responseFormat;
  if (format?.type === 'json_object' || format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    // Gemini always holds the answer to the schema, so `strict` needs no counterpart.
    if (format.type === 'json_schema')
      config.responseSchema = convertToGeminiSchema(format.schema, removedKeywords);
  }
  const effort = request.reasoning?.effort;
  const budget = request.reasoning?.budgetTokens ?? (effort ? GEMINI_EFFORT_BUDGETS[effort] : undefined);
  if (budget !== undefined) {
    // Thoughts are only returned when asked for; a budget of 0 turns thinking off, so there are none.
    config.thinkingConfig = { thinkingBudget: budget, ...(budget > 0 ? { includeThoughts: true } : {}) };
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * Messages → contents. Gemini wants user and model turns to alternate, so neighbours with the same role
 * are merged: parallel tool results, and a tool result followed by a user message, share one user turn.
 */
function convertMessages(request: ChatRequest, warn: Warn): GeminiContent[] {
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  const push = (role: GeminiRole, parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of request.messages) {
    if (message.role === 'user') {
      push('user', convertUserParts(message.content, warn));
    } else if (message.role === 'assistant') {
      for (const call of message.toolCalls) toolNames.set(call.id, call.name);
      push('model', convertAssistant(message, request.model, warn));
    } else {
      push('user', convertToolResult(message, toolNames, warn));
    }
  }
  return contents;
}

function convertUserParts(content: ContentPart[], warn: Warn): GeminiPart[] {
  const parts: GeminiPart[] = [];
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text !== '') parts.push({ text: part.text });
    } else if (part.type === 'image') {
      parts.push(convertImage(part.source, warn));
    } else {
      warn('Reasoning parts in user or tool messages are not sent to Gemini');
    }
  }
  return parts;
}

function convertImage(source: ImageSource, warn: Warn): GeminiPart {
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  // OpenAI clients send inline images as data: URLs; Gemini takes those bytes inline.
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(source.url);
  if (dataUrl?.[1] && dataUrl[2] !== undefined) {
    return { inlineData: { mimeType: dataUrl[1], data: dataUrl[2] } };
  }
  warn(URL_WARNING);
  return { fileData: { mimeType: guessImageType(source.url), fileUri: source.url } };
}

/** fileData needs a MIME type and a URL carries none, so it is guessed from the extension. */
function guessImageType(url: string): string {
  const path = url.split(/[?#]/)[0] ?? '';
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (extension && IMAGE_TYPES[extension]) || 'image/jpeg';
}

/**
 * An assistant turn → model parts. Reasoning text is not sent back (Gemini keeps its thoughts in the
 * signature); a reasoning part's signature goes on the next text or functionCall part, which is where
 * Gemini put it (see readGeminiParts). A signature with nothing after it rides an empty text part, the
 * shape Gemini itself streams.
 */
function convertAssistant(
  message: Extract<ChatMessage, { role: 'assistant' }>,
  model: string,
  warn: Warn,
): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let signature: string | undefined;
  const takeSignature = () => {
    const taken = signature;
    signature = undefined;
    return taken !== undefined ? { thoughtSignature: taken } : {};
  };
  for (const part of message.content) {
    if (part.type === 'reasoning') {
      if (part.signature) signature = part.signature;
    } else if (part.type === 'text') {
      if (part.text !== '' || signature !== undefined) parts.push({ text: part.text, ...takeSignature() });
    } else {
      parts.push(convertImage(part.source, warn));
    }
  }
  message.toolCalls.forEach((call, index) => {
    const part: GeminiPart = {
      functionCall: { name: call.name, args: parseArguments(call) },
      ...takeSignature(),
    };
    // Gemini 3 validates the signature on the first call of each step and refuses a call without one.
    if (index === 0 && part.thoughtSignature === undefined && requiresThoughtSignatures(model)) {
      part.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
      warn(
        'A tool call in the history had no Gemini thought signature (the client did not keep it); Gemini 3 was told to skip validating it, so its earlier reasoning is not restored',
      );
    }
    parts.push(part);
  });
  if (signature !== undefined) parts.push({ text: '', ...takeSignature() });
  return parts;
}

function requiresThoughtSignatures(model: string): boolean {
  const major = /^(?:models\/)?gemini-(\d+)/.exec(model)?.[1];
  return major !== undefined && Number(major) >= 3;
}

function parseArguments(call: ToolCall): Record<string, unknown> {
  // Some clients send "" for a call without arguments; the canonical form is "{}".
  const text = call.arguments.trim() === '' ? '{}' : call.arguments;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw GatewayErrors.invalidRequest(
      `The arguments of tool call "${call.name}" (${call.id}) are not valid JSON; Gemini needs a JSON object`,
    );
  }
  if (!isJsonObject(parsed)) {
    throw GatewayErrors.invalidRequest(
      `The arguments of tool call "${call.name}" (${call.id}) are not a JSON object; Gemini needs one`,
    );
  }
  return parsed;
}

/**
 * A tool result → a functionResponse, named after the call it answers (Gemini matches by name, and the
 * caller only sent the id). A JSON-object result goes as `result`; other text as `content`; an error as
 * `error`, the key Gemini documents for failures. Images follow as their own parts.
 */
function convertToolResult(
  message: Extract<ChatMessage, { role: 'tool' }>,
  toolNames: Map<string, string>,
  warn: Warn,
): GeminiPart[] {
  const name = toolNames.get(message.toolCallId);
  if (name === undefined) {
    throw GatewayErrors.invalidRequest(
      `Tool result "${message.toolCallId}" does not answer any tool call of an earlier assistant message`,
    );
  }
  const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  const object = parseJsonObject(text);
  const response = message.isError
    ? { error: object ?? text }
    : object !== undefined
      ? { result: object }
      : { content: text };
  const others = message.content.filter((part) => part.type !== 'text');
  return [{ functionResponse: { name, response } }, ...convertUserParts(others, warn)];
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
