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

type Json = Record<string, unknown>;

/** Top-level fields read below. cache_control is a caching hint that means nothing to other providers. */
const HANDLED_FIELDS = new Set([
  ...['model', 'max_tokens', 'messages', 'system', 'tools', 'tool_choice', 'temperature', 'top_p', 'top_k'],
  ...['stop_sequences', 'thinking', 'output_config', 'metadata', 'stream', 'cache_control'],
]);

/** Validates an Anthropic Messages body and decodes it. Errors name the field the way Anthropic does. */
export function decodeAnthropicRequest(body: Json, model: string): ChatRequest {
  if (body.max_tokens === undefined || body.max_tokens === null)
    throw invalid('"max_tokens" is required', 'max_tokens');
  const warnings: string[] = [];
  const request: ChatRequest = {
    model,
    system: decodeSystem(body.system, 'system'),
    messages: [],
    tools: decodeTools(body.tools, warnings),
    ...decodeToolChoice(body.tool_choice),
    maxTokens: positiveInteger(body.max_tokens, 'max_tokens'),
    temperature: optionalNumber(body.temperature, 'temperature'),
    topP: optionalNumber(body.top_p, 'top_p'),
    topK: optionalNumber(body.top_k, 'top_k'),
    stop: stringArray(body.stop_sequences, 'stop_sequences'),
    ...decodeReasoning(body, warnings),
    stream: optionalBoolean(body.stream, 'stream') ?? false,
    user: decodeUser(body.metadata),
    warnings,
  };
  decodeMessages(body.messages, request);
  for (const key of Object.keys(body)) {
    if (!HANDLED_FIELDS.has(key)) warnings.push(`"${key}" is not supported when translating; ignored`);
  }
  return request;
}

function decodeSystem(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value ? [value] : [];
  return textBlocks(value, field);
}

function textBlocks(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalid(`"${field}" must be a string or an array of text blocks`, field);
  return value
    .map((block, index) => {
      const at = `${field}.${index}`;
      if (!isRecord(block) || block.type !== 'text')
        throw invalid(`"${at}.type" must be "text"`, `${at}.type`);
      return requireString(block.text, `${at}.text`);
    })
    .filter((text) => text !== '');
}

function decodeMessages(value: unknown, request: ChatRequest): void {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid('"messages" must be a non-empty array', 'messages');
  }
  value.forEach((message: unknown, index) => {
    const field = `messages.${index}`;
    if (!isRecord(message)) throw invalid(`"${field}" must be an object`, field);
    if (message.role === 'system') {
      // Mid-conversation system turns have no canonical place: they join the system prompt.
      if (request.messages.length > 0)
        request.warnings.push(`${field}: system message moved to the system prompt`);
      request.system.push(...decodeSystem(message.content, `${field}.content`));
      return;
    }
    const blocks = contentBlocks(message.content, `${field}.content`);
    if (message.role === 'user') request.messages.push(...decodeUserTurn(blocks, field, request.warnings));
    else if (message.role === 'assistant')
      request.messages.push(decodeAssistantTurn(blocks, field, request.warnings));
    else throw invalid(`"${field}.role" must be "user" or "assistant"`, `${field}.role`);
  });
}

function contentBlocks(value: unknown, field: string): Json[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!Array.isArray(value))
    throw invalid(`"${field}" must be a string or an array of content blocks`, field);
  return value.map((block: unknown, index) => {
    const at = `${field}.${index}`;
    if (!isRecord(block)) throw invalid(`"${at}" must be an object`, at);
    requireString(block.type, `${at}.type`);
    return block;
  });
}

/** Each tool_result becomes its own canonical tool message, ahead of the rest of the turn. */
function decodeUserTurn(blocks: Json[], field: string, warnings: string[]): ChatMessage[] {
  const results: ChatMessage[] = [];
  const content: ContentPart[] = [];
  blocks.forEach((block, index) => {
    const at = `${field}.content.${index}`;
    if (block.type === 'tool_result') results.push(decodeToolResult(block, at, warnings));
    else if (block.type === 'tool_use') throw misplaced(at, 'tool_use', 'an assistant');
    else content.push(...decodePart(block, at, warnings));
  });
  return content.length > 0 || results.length === 0 ? [...results, { role: 'user', content }] : results;
}

function decodeAssistantTurn(blocks: Json[], field: string, warnings: string[]): ChatMessage {
  const content: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  blocks.forEach((block, index) => {
    const at = `${field}.content.${index}`;
    if (block.type === 'tool_use') toolCalls.push(decodeToolUse(block, at));
    else if (block.type === 'tool_result') throw misplaced(at, 'tool_result', 'a user');
    else content.push(...decodePart(block, at, warnings));
  });
  return { role: 'assistant', content, toolCalls };
}

function decodePart(block: Json, field: string, warnings: string[]): ContentPart[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: requireString(block.text, `${field}.text`) }];
    case 'image':
      return decodeImage(block.source, `${field}.source`, warnings);
    case 'thinking': {
      const signature = typeof block.signature === 'string' ? { signature: block.signature } : {};
      return [{ type: 'reasoning', text: requireString(block.thinking, `${field}.thinking`), ...signature }];
    }
    case 'redacted_thinking':
      // The encrypted payload is kept as the signature: it is all that can be sent back.
      return [
        {
          type: 'reasoning',
          text: '',
          signature: requireString(block.data, `${field}.data`),
          redacted: true,
        },
      ];
    default:
      warnings.push(`${field}: "${String(block.type)}" blocks are not supported when translating; dropped`);
      return [];
  }
}

function decodeImage(source: unknown, field: string, warnings: string[]): ContentPart[] {
  if (!isRecord(source)) throw invalid(`"${field}" must be an object`, field);
  if (source.type === 'base64') {
    const mediaType = requireString(source.media_type, `${field}.media_type`);
    const data = requireString(source.data, `${field}.data`);
    return [{ type: 'image', source: { kind: 'base64', mediaType, data } }];
  }
  if (source.type === 'url') {
    return [{ type: 'image', source: { kind: 'url', url: requireString(source.url, `${field}.url`) } }];
  }
  warnings.push(
    `${field}: "${String(source.type)}" image sources are not supported when translating; dropped`,
  );
  return [];
}

function decodeToolUse(block: Json, field: string): ToolCall {
  const input = block.input ?? {};
  if (!isRecord(input)) throw invalid(`"${field}.input" must be an object`, `${field}.input`);
  return {
    id: requireString(block.id, `${field}.id`),
    name: requireString(block.name, `${field}.name`),
    arguments: JSON.stringify(input),
  };
}

function decodeToolResult(block: Json, field: string, warnings: string[]): ChatMessage {
  const toolCallId = requireString(block.tool_use_id, `${field}.tool_use_id`);
  const isError = optionalBoolean(block.is_error, `${field}.is_error`);
  const content: ContentPart[] =
    block.content === undefined || block.content === null
      ? []
      : contentBlocks(block.content, `${field}.content`).flatMap((part, index) => {
          const at = `${field}.content.${index}`;
          if (part.type === 'text' || part.type === 'image') return decodePart(part, at, warnings);
          warnings.push(
            `${at}: "${String(part.type)}" tool results are not supported when translating; dropped`,
          );
          return [];
        });
  return { role: 'tool', toolCallId, content, ...(isError === undefined ? {} : { isError }) };
}

function decodeTools(value: unknown, warnings: string[]): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('"tools" must be an array', 'tools');
  return value.flatMap((tool: unknown, index): ToolDefinition[] => {
    const field = `tools.${index}`;
    if (!isRecord(tool)) throw invalid(`"${field}" must be an object`, field);
    // Server tools (web search, code execution, …) run inside Anthropic; no other provider has them.
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      warnings.push(
        `${field}: server tool "${String(tool.type)}" is not supported when translating; dropped`,
      );
      return [];
    }
    const name = requireString(tool.name, `${field}.name`);
    if (!isRecord(tool.input_schema))
      throw invalid(`"${field}.input_schema" must be an object`, `${field}.input_schema`);
    const description = typeof tool.description === 'string' ? { description: tool.description } : {};
    return [{ name, ...description, parameters: tool.input_schema }];
  });
}

function decodeToolChoice(value: unknown): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw invalid('"tool_choice" must be an object', 'tool_choice');
  const parallel = value.disable_parallel_tool_use === true ? { parallelToolCalls: false } : {};
  switch (value.type) {
    case 'auto':
      return { toolChoice: 'auto', ...parallel };
    case 'any':
      return { toolChoice: 'required', ...parallel };
    case 'none':
      return { toolChoice: 'none' };
    case 'tool':
      return { toolChoice: { name: requireString(value.name, 'tool_choice.name') }, ...parallel };
    default:
      throw invalid('"tool_choice.type" must be one of "auto", "any", "tool", "none"', 'tool_choice.type');
  }
}

/** `thinking` and `output_config` (effort, structured output format). */
function decodeReasoning(
  body: Json,
  warnings: string[],
): { reasoning?: ChatRequest['reasoning']; responseFormat?: ResponseFormat } {
  const result: { reasoning?: ChatRequest['reasoning']; responseFormat?: ResponseFormat } = {};
  const thinking = body.thinking;
  if (thinking !== undefined && thinking !== null) {
    if (!isRecord(thinking)) throw invalid('"thinking" must be an object', 'thinking');
    if (thinking.type === 'enabled') {
      result.reasoning = { budgetTokens: positiveInteger(thinking.budget_tokens, 'thinking.budget_tokens') };
    } else if (thinking.type !== 'disabled') {
      warnings.push(`thinking type "${String(thinking.type)}" has no equivalent when translating; ignored`);
    }
  }
  const config = body.output_config;
  if (!isRecord(config)) return result;
  if (config.effort === 'low' || config.effort === 'medium' || config.effort === 'high') {
    result.reasoning = { ...result.reasoning, effort: config.effort };
  } else if (config.effort === 'xhigh' || config.effort === 'max') {
    warnings.push(`output_config.effort "${config.effort}" sent as "high", the highest canonical level`);
    result.reasoning = { ...result.reasoning, effort: 'high' };
  }
  if (isRecord(config.format) && config.format.type === 'json_schema' && isRecord(config.format.schema)) {
    result.responseFormat = {
      type: 'json_schema',
      name: 'response',
      schema: config.format.schema,
      strict: true,
    };
  }
  return result;
}

function decodeUser(metadata: unknown): string | undefined {
  return isRecord(metadata) && typeof metadata.user_id === 'string' ? metadata.user_id : undefined;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(`"${field}" must be a string`, field);
  return value;
}

function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalid(`"${field}" must be a number`, field);
  return value;
}

function positiveInteger(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 1)
    throw invalid(`"${field}" must be a positive integer`, field);
  return value as number;
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(`"${field}" must be a boolean`, field);
  return value;
}

function stringArray(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalid(`"${field}" must be an array of strings`, field);
  }
  return value as string[];
}

function misplaced(field: string, type: string, role: string) {
  return invalid(`"${field}.type": ${type} blocks belong in ${role} message`, `${field}.type`);
}

function invalid(message: string, param: string) {
  return GatewayErrors.invalidRequest(message, { param });
}
