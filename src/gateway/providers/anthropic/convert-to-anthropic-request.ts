import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ImageSource,
  ToolCall,
} from '../../canonical/chat-model';
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic-provider';

type Block = { type: string } & Record<string, unknown>;

interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

/** Anthropic refuses thinking budgets below this. */
const MIN_THINKING_BUDGET = 1024;

/** Effort levels (OpenAI's vocabulary) as thinking budgets; a documented mapping, not a lossy guess. */
export const EFFORT_THINKING_BUDGETS = { minimal: 1024, low: 1024, medium: 4096, high: 16384 } as const;

/** Builds an Anthropic Messages body. Settings Anthropic cannot honour are noted on request.warnings. */
export function convertToAnthropicRequest(request: ChatRequest): Record<string, unknown> {
  const warnings = request.warnings;
  const messages = convertMessages(request.messages, warnings);
  const requestedBudget = thinkingBudget(request, messages);
  // Without a caller limit the default is added on top of the budget, so thinking cannot eat the whole answer.
  const maxTokens = request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS + (requestedBudget ?? 0);
  const budget = fitBudget(requestedBudget, maxTokens, warnings);

  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: maxTokens,
    messages,
  };
  const system = [...request.system.filter((text) => text !== ''), ...jsonInstruction(request, warnings)];
  if (system.length === 1) body.system = system[0];
  if (system.length > 1) body.system = system.map((text) => ({ type: 'text', text }));
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      // Anthropic insists on an object schema; canonical tools without one take no arguments.
      input_schema: { type: 'object', ...tool.parameters },
    }));
  }
  const toolChoice = convertToolChoice(request, warnings);
  if (toolChoice) body.tool_choice = toolChoice;
  if (request.stop.length > 0) body.stop_sequences = request.stop;
  Object.assign(body, sampling(request, budget !== undefined, warnings));
  if (budget !== undefined) body.thinking = { type: 'enabled', budget_tokens: budget };
  if (request.user) body.metadata = { user_id: request.user };
  if (request.stream) body.stream = true;
  return body;
}

function thinkingBudget(request: ChatRequest, messages: AnthropicMessage[]): number | undefined {
  const reasoning = request.reasoning;
  const budget =
    reasoning?.budgetTokens ?? (reasoning?.effort ? EFFORT_THINKING_BUDGETS[reasoning.effort] : undefined);
  // Gemini callers turn thinking off with a zero budget.
  if (budget === undefined || budget <= 0) return undefined;
  const conflict = thinkingConflict(request, messages);
  if (conflict) {
    request.warnings.push(`thinking disabled: ${conflict}`);
    return undefined;
  }
  if (budget < MIN_THINKING_BUDGET) {
    request.warnings.push(
      `thinking budget ${budget} raised to Anthropic's minimum of ${MIN_THINKING_BUDGET}`,
    );
    return MIN_THINKING_BUDGET;
  }
  return budget;
}

/** Requests Anthropic refuses when thinking is on; the answer matters more than the reasoning. */
function thinkingConflict(request: ChatRequest, messages: AnthropicMessage[]): string | null {
  const choice = request.toolChoice;
  if (request.tools.length > 0 && (choice === 'required' || typeof choice === 'object')) {
    return 'Anthropic does not think while a tool call is forced';
  }
  // Mid tool loop, Anthropic wants the last assistant turn to open with the signed thinking it produced.
  const last = messages.findLast((message) => message.role === 'assistant');
  const opensWithThinking = ['thinking', 'redacted_thinking'].includes(last?.content[0]?.type ?? '');
  if (last?.content.some((block) => block.type === 'tool_use') && !opensWithThinking) {
    return 'the last assistant tool call has no signed thinking to send back, which Anthropic requires';
  }
  return null;
}

/** Anthropic requires budget_tokens < max_tokens. */
function fitBudget(budget: number | undefined, maxTokens: number, warnings: string[]): number | undefined {
  if (budget === undefined || budget < maxTokens) return budget;
  if (maxTokens - 1 < MIN_THINKING_BUDGET) {
    warnings.push(`thinking disabled: max_tokens ${maxTokens} leaves no room for Anthropic's minimum budget`);
    return undefined;
  }
  warnings.push(`thinking budget ${budget} lowered to ${maxTokens - 1} to stay below max_tokens`);
  return maxTokens - 1;
}

/** Temperature, top_p and top_k, within what Anthropic accepts (narrower still while thinking). */
function sampling(request: ChatRequest, thinking: boolean, warnings: string[]): Record<string, number> {
  const result: Record<string, number> = {};
  const { temperature, topP, topK } = request;
  if (temperature !== undefined) {
    if (thinking && temperature !== 1) {
      warnings.push('temperature dropped: Anthropic allows only 1 while thinking');
    } else if (temperature > 1) {
      warnings.push(`temperature ${temperature} clamped to Anthropic's maximum of 1`);
      result.temperature = 1;
    } else {
      result.temperature = temperature;
    }
  }
  if (topP !== undefined) {
    if (thinking && topP < 0.95)
      warnings.push('top_p dropped: Anthropic allows only 0.95 to 1 while thinking');
    else result.top_p = topP;
  }
  if (topK !== undefined) {
    if (thinking) warnings.push('top_k dropped: Anthropic does not allow it while thinking');
    else result.top_k = topK;
  }
  return result;
}

/**
 * Anthropic has no JSON mode that every model honours, so it is asked for in the system prompt. The answer is
 * then only as reliable as the model, hence the warning.
 */
function jsonInstruction(request: ChatRequest, warnings: string[]): string[] {
  const format = request.responseFormat;
  if (!format || format.type === 'text') return [];
  warnings.push(`response_format ${format.type} is emulated for Anthropic with a system instruction`);
  if (format.type === 'json_object') {
    return ['Respond only with a JSON object, with no other text before or after it.'];
  }
  return [
    `Respond only with a JSON object, with no other text before or after it, that matches this JSON schema ` +
      `(${format.name}):\n${JSON.stringify(format.schema)}`,
  ];
}

function convertToolChoice(request: ChatRequest, warnings: string[]): Record<string, unknown> | undefined {
  const choice = request.toolChoice;
  if (request.tools.length === 0) {
    if (choice === 'required' || typeof choice === 'object')
      warnings.push('tool_choice ignored: no tools given');
    return undefined;
  }
  if (choice === 'none') return { type: 'none' };
  const parallel = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (typeof choice === 'object') return { type: 'tool', name: choice.name, ...parallel };
  if (choice === 'required') return { type: 'any', ...parallel };
  if (choice === 'auto' || request.parallelToolCalls === false) return { type: 'auto', ...parallel };
  return undefined;
}

/**
 * Canonical messages → Anthropic turns. Tool results become tool_result blocks in a user turn, and adjacent
 * turns of one role are merged, because Anthropic wants the results of one assistant turn in the single user
 * turn right after it, tool_result blocks first.
 */
function convertMessages(messages: ChatMessage[], warnings: string[]): AnthropicMessage[] {
  const turns: AnthropicMessage[] = [];
  messages.forEach((message, position) => {
    const turn = convertMessage(message, `messages.${position}`, warnings);
    if (turn.content.length === 0) {
      warnings.push(`messages.${position} dropped: nothing in it can be sent to Anthropic`);
      return;
    }
    const previous = turns.at(-1);
    if (previous?.role !== turn.role) {
      turns.push(turn);
      return;
    }
    const merged = [...previous.content, ...turn.content];
    previous.content = [
      ...merged.filter((block) => block.type === 'tool_result'),
      ...merged.filter((block) => block.type !== 'tool_result'),
    ];
  });
  return turns;
}

function convertMessage(message: ChatMessage, where: string, warnings: string[]): AnthropicMessage {
  if (message.role === 'tool') {
    const content = message.content.flatMap((part) => convertPart(part, 'user', where, warnings));
    const block: Block = { type: 'tool_result', tool_use_id: anthropicToolId(message.toolCallId) };
    const onlyText = content.length === 1 && content[0]?.type === 'text';
    if (content.length > 0) block.content = onlyText ? content[0]?.text : content;
    if (message.isError) block.is_error = true;
    return { role: 'user', content: [block] };
  }
  const content = message.content.flatMap((part) => convertPart(part, message.role, where, warnings));
  if (message.role === 'assistant') {
    content.push(...message.toolCalls.map((call) => toolUse(call, where, warnings)));
  }
  return { role: message.role, content };
}

function convertPart(
  part: ContentPart,
  role: 'user' | 'assistant',
  where: string,
  warnings: string[],
): Block[] {
  switch (part.type) {
    case 'text':
      // Anthropic refuses empty text blocks.
      return part.text ? [{ type: 'text', text: part.text }] : [];
    case 'image':
      if (role === 'assistant') {
        warnings.push(`${where}: image dropped: Anthropic takes images only from the user`);
        return [];
      }
      return [{ type: 'image', source: imageSource(part.source) }];
    case 'reasoning':
      // Anthropic verifies thinking by its signature; unsigned reasoning (other providers') would be refused.
      if (role !== 'assistant' || !part.signature) return [];
      return part.redacted
        ? [{ type: 'redacted_thinking', data: part.signature }]
        : [{ type: 'thinking', thinking: part.text, signature: part.signature }];
  }
}

function imageSource(source: ImageSource): Record<string, string> {
  return source.kind === 'base64'
    ? { type: 'base64', media_type: source.mediaType, data: source.data }
    : { type: 'url', url: source.url };
}

function toolUse(call: ToolCall, where: string, warnings: string[]): Block {
  let input: unknown;
  try {
    input = JSON.parse(call.arguments || '{}');
  } catch {
    input = undefined;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    warnings.push(`${where}: arguments of tool call ${call.id} are not a JSON object; sent as {}`);
    input = {};
  }
  return { type: 'tool_use', id: anthropicToolId(call.id), name: call.name, input };
}

/** Anthropic accepts tool ids matching ^[a-zA-Z0-9_-]+$; other providers' ids may hold more. */
function anthropicToolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_') || 'toolu_missing';
}
