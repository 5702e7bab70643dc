/**
 * The parts of Google's Gemini `generateContent` wire format that Gatehouse reads and writes
 * (https://ai.google.dev/api/generate-content). Response types are what we expect, not what we trust:
 * the decoders still check every field they read.
 */

export interface GeminiPart {
  text?: string;
  /** Marks a thought summary (only sent when thinkingConfig.includeThoughts is true). */
  thought?: boolean;
  /** Opaque token Gemini needs back, on the same part, to restore its reasoning state. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: { name: string; args?: Record<string, unknown> };
  functionResponse?: { name: string; response: Record<string, unknown> };
}

export type GeminiRole = 'user' | 'model';

export interface GeminiContent {
  role: GeminiRole;
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** Gemini's OpenAPI-style schema subset; omitted for a tool without arguments. */
  parameters?: Record<string, unknown>;
}

export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE';

export interface GeminiThinkingConfig {
  thinkingBudget?: number;
  includeThoughts?: boolean;
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  responseMimeType?: string;
  responseSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: GeminiFunctionDeclaration[] }[];
  toolConfig?: {
    functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
  };
  generationConfig?: GeminiGenerationConfig;
}

/** Token counts. Proto3 JSON leaves out zero values, so a missing count inside usageMetadata means 0. */
export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
}

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  finishMessage?: string;
  index?: number;
}

export interface GeminiErrorDetail {
  '@type'?: string;
  /** On google.rpc.RetryInfo: a protobuf Duration in JSON form, e.g. "34.4s". */
  retryDelay?: string;
  [key: string]: unknown;
}

export interface GeminiError {
  code?: number;
  message?: string;
  status?: string;
  details?: GeminiErrorDetail[];
}

/** One `generateContent` answer; with `alt=sse` each stream event's data is one of these too. */
export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  /** Present when the stream fails after the HTTP status was already sent. */
  error?: GeminiError;
}

/** Wire data is checked before it is read: a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
