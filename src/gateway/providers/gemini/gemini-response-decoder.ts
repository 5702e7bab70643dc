import { randomUUID } from 'node:crypto';
import {
  emptyUsage,
  type ChatResponse,
  type ContentPart,
  type ToolCall,
  type Usage,
} from '../../canonical/chat-model';
import { GatewayErrors } from '../../errors/gateway-error';
import { geminiErrorMessage } from './gemini-error';
import { isJsonObject } from './gemini-wire-types';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';

/** One Gemini content part, read into the pieces the canonical model has. */
export type GeminiPartReading =
  | { kind: 'reasoning'; text: string; signature?: string }
  | { kind: 'text'; text: string }
  | { kind: 'tool-call'; name: string; arguments: string };

/**
 * Reads a candidate's `content.parts`. A thoughtSignature on a text or functionCall part comes out as an
 * empty reasoning piece just before that part: the canonical model keeps signatures on reasoning parts,
 * and the request encoder puts such a signature back on the part that follows it — where Gemini sent it.
 * Parts Gatehouse never asks for (inlineData, executableCode, …) are skipped.
 */
export function readGeminiParts(parts: unknown): GeminiPartReading[] {
  if (!Array.isArray(parts)) return [];
  const readings: GeminiPartReading[] = [];
  for (const part of parts) {
    if (!isJsonObject(part)) continue;
    const signature =
      typeof part.thoughtSignature === 'string' && part.thoughtSignature !== ''
        ? part.thoughtSignature
        : null;
    const text = typeof part.text === 'string' ? part.text : null;
    if (part.thought === true && text !== null) {
      if (text !== '' || signature)
        readings.push({ kind: 'reasoning', text, ...(signature ? { signature } : {}) });
      continue;
    }
    if (signature) readings.push({ kind: 'reasoning', text: '', signature });
    const call = part.functionCall;
    if (isJsonObject(call) && typeof call.name === 'string') {
      // Gemini sends arguments as a JSON object (absent when the function takes none).
      readings.push({
        kind: 'tool-call',
        name: call.name,
        arguments: JSON.stringify(isJsonObject(call.args) ? call.args : {}),
      });
    } else if (text) {
      readings.push({ kind: 'text', text });
    }
  }
  return readings;
}

/** Gemini has no tool-call ids; ours must be unique per answer and stable between stream and JSON decoding. */
export function geminiToolCallId(responseId: string, index: number): string {
  return `call_${responseId}_${index}`;
}

/** For the rare answer without `responseId`: tool-call ids still need something unique. */
export function generatedResponseId(): string {
  return `gemini-${randomUUID()}`;
}

function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : 0;
}

/**
 * usageMetadata → canonical usage. Thinking is billed as output, so output = candidates + thoughts.
 * promptTokenCount already includes cached tokens (OpenAI semantics); tool-use prompt tokens (from
 * Google's built-in tools) are billed as input. Proto3 JSON leaves zeros out, so a missing count is 0.
 */
export function mapGeminiUsage(metadata: unknown): Usage | null {
  if (!isJsonObject(metadata)) return null;
  return {
    inputTokens: tokenCount(metadata.promptTokenCount) + tokenCount(metadata.toolUsePromptTokenCount),
    outputTokens: tokenCount(metadata.candidatesTokenCount) + tokenCount(metadata.thoughtsTokenCount),
    cachedTokens: tokenCount(metadata.cachedContentTokenCount),
  };
}

/** The block reason when Gemini refused the prompt itself (no candidates at all). */
export function geminiBlockReason(body: Record<string, unknown>): string | null {
  const feedback = body.promptFeedback;
  return isJsonObject(feedback) && typeof feedback.blockReason === 'string' ? feedback.blockReason : null;
}

/** A whole `generateContent` JSON body → the canonical response (first candidate only: we ask for one). */
export function decodeGeminiResponse(body: unknown): ChatResponse {
  if (!isJsonObject(body)) {
    throw GatewayErrors.upstreamInvalidResponse('Gemini sent a response that is not a JSON object');
  }
  const errorMessage = geminiErrorMessage(body);
  if (errorMessage !== null) throw GatewayErrors.upstreamError(`Gemini: ${errorMessage}`);

  const id =
    typeof body.responseId === 'string' && body.responseId !== '' ? body.responseId : generatedResponseId();
  const model = typeof body.modelVersion === 'string' ? body.modelVersion : '';
  const usage = mapGeminiUsage(body.usageMetadata) ?? emptyUsage();
  const candidate = Array.isArray(body.candidates) ? body.candidates[0] : undefined;
  if (!isJsonObject(candidate)) {
    const blockReason = geminiBlockReason(body);
    if (blockReason === null) {
      throw GatewayErrors.upstreamInvalidResponse('Gemini sent a response without candidates');
    }
    return {
      id,
      model,
      content: [],
      toolCalls: [],
      finishReason: 'content-filter',
      rawFinishReason: blockReason,
      usage,
    };
  }

  const content: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  const parts = isJsonObject(candidate.content) ? candidate.content.parts : undefined;
  for (const reading of readGeminiParts(parts)) {
    if (reading.kind === 'tool-call') {
      toolCalls.push({
        id: geminiToolCallId(id, toolCalls.length),
        name: reading.name,
        arguments: reading.arguments,
      });
    } else if (reading.kind === 'text') {
      content.push({ type: 'text', text: reading.text });
    } else {
      content.push({
        type: 'reasoning',
        text: reading.text,
        ...(reading.signature ? { signature: reading.signature } : {}),
      });
    }
  }
  const rawFinishReason = typeof candidate.finishReason === 'string' ? candidate.finishReason : null;
  return {
    id,
    model,
    content,
    toolCalls,
    finishReason: mapGeminiFinishReason(rawFinishReason, toolCalls.length > 0),
    rawFinishReason,
    usage,
  };
}
