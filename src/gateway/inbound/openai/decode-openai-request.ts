import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ResponseFormat,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from '../../canonical/chat-model';
import { GatewayErrors } from '../../errors/gateway-error';

type Warn = (message: string) => void;

const ROLES = 'system, developer, user, assistant, tool, function';
const EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;

/**
 * Parameters that change the answer but have no place in the canonical request. They are honoured on
 * the same-format fast path (which forwards the body as is) and reported as warnings everywhere else.
 */
const FAST_PATH_ONLY: Array<[string, (value: unknown) => boolean]> = [
  ['n', (value) => typeof value === 'number' && value > 1],
  ['logprobs', (value) => value === true],
  ['top_logprobs', (value) => typeof value === 'number'],
  ['logit_bias', (value) => isRecord(value) && Object.keys(value).length > 0],
  ['seed', (value) => typeof value === 'number'],
  ['presence_penalty', (value) => typeof value === 'number' && value !== 0],
  ['frequency_penalty', (value) => typeof value === 'number' && value !== 0],
  ['audio', (value) => value !== undefined && value !== null],
  ['modalities', (value) => Array.isArray(value) && value.some((modality) => modality !== 'text')],
  ['prediction', (value) => value !== undefined && value !== null],
  ['verbosity', (value) => value !== undefined && value !== null],
  ['web_search_options', (value) => value !== undefined && value !== null],
];

/** An OpenAI chat-completions body → the canonical request. `model` is the provider's own model name. */
export function decodeOpenAiRequest(body: Record<string, unknown>, model: string): ChatRequest {
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalid('"messages" must be a non-empty array', 'messages');
  }
  const warnings: string[] = [];
  const warn: Warn = (message) => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  // max_completion_tokens replaced max_tokens; when a client sends both, the newer one wins.
  const maxTokensField = isPresent(body.max_completion_tokens) ? 'max_completion_tokens' : 'max_tokens';
  const maxTokens = optional(body, maxTokensField, 'number');
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw invalid(`"${maxTokensField}" must be a positive integer`, maxTokensField);
  }
  const effort = decodeReasoningEffort(body.reasoning_effort, warn);
  // Fields left undefined are "not set" (the canonical model's optional fields).
  const request: ChatRequest = {
    model,
    system: [],
    messages: [],
    tools: decodeTools(body.tools ?? legacyTools(body.functions), warn),
    toolChoice: decodeToolChoice(body.tool_choice ?? legacyToolChoice(body.function_call), warn),
    parallelToolCalls: optional(body, 'parallel_tool_calls', 'boolean'),
    maxTokens,
    temperature: optional(body, 'temperature', 'number'),
    topP: optional(body, 'top_p', 'number'),
    stop: decodeStop(body.stop),
    responseFormat: decodeResponseFormat(body.response_format, warn),
    reasoning: effort !== undefined ? { effort } : undefined,
    stream: optional(body, 'stream', 'boolean') ?? false,
    user: optional(body, 'user', 'string'),
    warnings,
  };
  decodeMessages(body.messages, request, warn);
  for (const [name, changesOutput] of FAST_PATH_ONLY) {
    if (changesOutput(body[name])) {
      warn(`"${name}" is only honoured by providers that speak OpenAI's format; it was ignored`);
    }
  }
  return request;
}

function decodeMessages(value: unknown[], request: ChatRequest, warn: Warn): void {
  value.forEach((message: unknown, position) => {
    const at = `messages[${position}]`;
    if (!isRecord(message)) throw invalid(`"${at}" must be an object`, 'messages');
    // A participant name can steer the answer; on tool results (LangChain sends it) it changes nothing.
    if (isPresent(message.name) && message.role !== 'function' && message.role !== 'tool') {
      warn('"name" on messages has no equivalent on the target provider and was ignored');
    }
    switch (message.role) {
      case 'system':
      case 'developer': {
        // Text parts are joined with a newline into one instruction block.
        const texts = contentParts(message.content, at, warn).flatMap((part) =>
          part.type === 'text' ? [part.text] : [],
        );
        if (texts.length > 0) request.system.push(texts.join('\n'));
        break;
      }
      case 'user':
        request.messages.push({
          role: 'user',
          content: contentParts(message.content, at, warn, { images: true }),
        });
        break;
      case 'assistant':
        request.messages.push(decodeAssistant(message, at, warn));
        break;
      case 'tool': {
        if (typeof message.tool_call_id !== 'string') {
          throw invalid(`"${at}.tool_call_id" must be a string`, 'messages');
        }
        request.messages.push(toolResult(message.tool_call_id, message.content, at, warn));
        break;
      }
      case 'function': {
        // Before tool calls had ids, results were matched by function name: the name stands in for the id.
        warn('The "function" role is deprecated; it was sent as a tool result');
        if (typeof message.name !== 'string') throw invalid(`"${at}.name" must be a string`, 'messages');
        request.messages.push(toolResult(message.name, message.content, at, warn));
        break;
      }
      default:
        throw invalid(`"${at}.role" must be one of ${ROLES}`, 'messages');
    }
  });
}

function toolResult(toolCallId: string, content: unknown, at: string, warn: Warn): ChatMessage {
  return { role: 'tool', toolCallId, content: contentParts(content, at, warn, { nullContent: true }) };
}

function decodeAssistant(message: Record<string, unknown>, at: string, warn: Warn): ChatMessage {
  const content: ContentPart[] = [];
  // DeepSeek-style history: the reasoning that came before this answer.
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') {
    content.push({ type: 'reasoning', text: message.reasoning_content });
  }
  content.push(...contentParts(message.content, at, warn, { nullContent: true }));
  if (typeof message.refusal === 'string' && message.refusal !== '') {
    content.push({ type: 'text', text: message.refusal });
  }
  if (isPresent(message.audio)) warn('Audio in assistant messages is not supported and was dropped');
  const toolCalls: ToolCall[] = [];
  if (isPresent(message.tool_calls)) {
    if (!Array.isArray(message.tool_calls)) throw invalid(`"${at}.tool_calls" must be an array`, 'messages');
    message.tool_calls.forEach((call: unknown, position) => {
      const callAt = `${at}.tool_calls[${position}]`;
      if (!isRecord(call)) throw invalid(`"${callAt}" must be an object`, 'messages');
      if (call.type !== undefined && call.type !== 'function') {
        warn(`Tool calls of type "${String(call.type)}" are not supported and were dropped`);
        return;
      }
      if (typeof call.id !== 'string') throw invalid(`"${callAt}.id" must be a string`, 'messages');
      toolCalls.push({ id: call.id, ...functionCall(call.function, `${callAt}.function`) });
    });
  } else if (isPresent(message.function_call)) {
    // The pre-tools form; its result comes back in a "function" message matched by name.
    const call = functionCall(message.function_call, `${at}.function_call`);
    toolCalls.push({ id: call.name, ...call });
  }
  return { role: 'assistant', content, toolCalls };
}

function functionCall(value: unknown, at: string): { name: string; arguments: string } {
  if (!isRecord(value) || typeof value.name !== 'string') {
    throw invalid(`"${at}.name" must be a string`, 'messages');
  }
  if (typeof value.arguments !== 'string') throw invalid(`"${at}.arguments" must be a string`, 'messages');
  return { name: value.name, arguments: value.arguments === '' ? '{}' : value.arguments };
}

/**
 * String content or content parts → canonical parts. Empty text adds nothing to what the model reads, and
 * some providers refuse empty text blocks, so it is left out.
 */
function contentParts(
  content: unknown,
  at: string,
  warn: Warn,
  accepts: { nullContent?: boolean; images?: boolean } = {},
): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (accepts.nullContent && !isPresent(content)) return [];
  if (!Array.isArray(content)) {
    throw invalid(`"${at}.content" must be a string or an array of content parts`, 'messages');
  }
  const parts: ContentPart[] = [];
  content.forEach((part: unknown, position) => {
    const partAt = `${at}.content[${position}]`;
    if (!isRecord(part) || typeof part.type !== 'string') {
      throw invalid(`"${partAt}.type" must be a string`, 'messages');
    }
    // Assistant history may hold refusal parts: what the model said instead of an answer.
    if (part.type === 'text' || part.type === 'refusal') {
      const text = part[part.type];
      if (typeof text !== 'string') throw invalid(`"${partAt}.${part.type}" must be a string`, 'messages');
      if (text !== '') parts.push({ type: 'text', text });
    } else if (part.type === 'image_url' && accepts.images) {
      parts.push(imagePart(part.image_url, `${partAt}.image_url`, warn));
    } else {
      warn(`content part type ${part.type} is not supported and was dropped`);
    }
  });
  return parts;
}

function imagePart(value: unknown, at: string, warn: Warn): ContentPart {
  // Some clients send the URL itself rather than { url }.
  const url = typeof value === 'string' ? value : isRecord(value) ? value.url : undefined;
  if (isRecord(value) && (value.detail === 'low' || value.detail === 'high')) {
    warn('image_url.detail is only honoured by OpenAI-compatible providers; it was ignored');
  }
  if (typeof url === 'string' && /^https?:\/\//i.test(url))
    return { type: 'image', source: { kind: 'url', url } };
  const data = typeof url === 'string' ? /^data:([^;,]+);base64,(.*)$/is.exec(url) : null;
  if (!data) throw invalid(`"${at}.url" must be an http(s) URL or a base64 data: URL`, 'messages');
  return { type: 'image', source: { kind: 'base64', mediaType: data[1]!, data: data[2]! } };
}

function decodeTools(value: unknown, warn: Warn): ToolDefinition[] {
  if (!isPresent(value)) return [];
  if (!Array.isArray(value)) throw invalid('"tools" must be an array', 'tools');
  const tools: ToolDefinition[] = [];
  value.forEach((tool: unknown, position) => {
    const at = `tools[${position}]`;
    if (!isRecord(tool)) throw invalid(`"${at}" must be an object`, 'tools');
    if (tool.type !== 'function') {
      warn(`Tools of type "${String(tool.type)}" are not supported and were dropped`);
      return;
    }
    const fn = tool.function;
    if (!isRecord(fn) || typeof fn.name !== 'string')
      throw invalid(`"${at}.function.name" must be a string`, 'tools');
    if (fn.strict === true) warn('Strict tool schemas are only honoured by OpenAI-compatible providers');
    tools.push({
      name: fn.name,
      ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
      // OpenAI allows leaving parameters out for a tool that takes none.
      parameters: isRecord(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
    });
  });
  return tools;
}

/** The pre-tools `functions` parameter, in the shape of `tools`. */
function legacyTools(functions: unknown): unknown {
  return Array.isArray(functions)
    ? functions.map((fn: unknown) => ({ type: 'function', function: fn }))
    : functions;
}

/** The pre-tools `function_call` parameter ("auto", "none" or {name}), in the shape of `tool_choice`. */
function legacyToolChoice(functionCall: unknown): unknown {
  return isRecord(functionCall) ? { type: 'function', function: functionCall } : functionCall;
}

function decodeToolChoice(value: unknown, warn: Warn): ToolChoice | undefined {
  if (!isPresent(value)) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (isRecord(value) && value.type === 'function') {
    if (isRecord(value.function) && typeof value.function.name === 'string')
      return { name: value.function.name };
    throw invalid('"tool_choice.function.name" must be a string', 'tool_choice');
  }
  if (isRecord(value) && typeof value.type === 'string') {
    warn(`tool_choice of type "${value.type}" is not supported and was ignored`);
    return undefined;
  }
  throw invalid(
    '"tool_choice" must be "auto", "none", "required" or {type:"function",function:{name}}',
    'tool_choice',
  );
}

function decodeStop(value: unknown): string[] {
  if (!isPresent(value)) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value;
  throw invalid('"stop" must be a string or an array of strings', 'stop');
}

function decodeResponseFormat(value: unknown, warn: Warn): ResponseFormat | undefined {
  if (!isPresent(value)) return undefined;
  if (!isRecord(value)) throw invalid('"response_format" must be an object', 'response_format');
  if (value.type === 'text' || value.type === 'json_object') return { type: value.type };
  if (value.type !== 'json_schema') {
    throw invalid('"response_format.type" must be one of text, json_object, json_schema', 'response_format');
  }
  const format = value.json_schema;
  if (!isRecord(format) || typeof format.name !== 'string') {
    throw invalid('"response_format.json_schema.name" must be a string', 'response_format');
  }
  if (typeof format.description === 'string') {
    warn('response_format.json_schema.description is only honoured by OpenAI-compatible providers');
  }
  return {
    type: 'json_schema',
    name: format.name,
    // OpenAI allows leaving the schema out ("any JSON object").
    schema: isRecord(format.schema) ? format.schema : {},
    ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
  };
}

type Effort = (typeof EFFORTS)[number];

function decodeReasoningEffort(value: unknown, warn: Warn): Effort | undefined {
  // "none" asks for no reasoning, which is every other provider's default.
  if (!isPresent(value) || value === 'none') return undefined;
  if (EFFORTS.includes(value as Effort)) return value as Effort;
  if (value === 'xhigh') {
    warn('reasoning_effort "xhigh" was sent as "high", the highest level the canonical model has');
    return 'high';
  }
  throw invalid(`"reasoning_effort" must be one of none, ${EFFORTS.join(', ')}, xhigh`, 'reasoning_effort');
}

function optional<T extends 'string' | 'number' | 'boolean'>(
  body: Record<string, unknown>,
  field: string,
  type: T,
): (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined {
  const value = body[field];
  if (!isPresent(value)) return undefined;
  if (typeof value !== type || (type === 'number' && !Number.isFinite(value))) {
    throw invalid(`"${field}" must be a ${type}`, field);
  }
  return value as never;
}

/** OpenAI clients send null for "not set" as often as they leave a field out. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function invalid(message: string, param: string) {
  return GatewayErrors.invalidRequest(message, { param });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
