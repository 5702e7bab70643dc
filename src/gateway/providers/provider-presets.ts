import type { ProviderType } from '../../shared/schemas/gateway-config';

/** The wire format a provider speaks. Requests in the same format take the fast path. */
export type WireFormat = 'openai' | 'anthropic' | 'gemini';

export interface ProviderPreset {
  label: string;
  format: WireFormat;
  /** Default API root; null when the user must give one. */
  baseUrl: string | null;
  /** Whether calls fail without an API key (local servers don't need one). */
  requiresKey: boolean;
  /** Section of resources/pricing.json holding this provider's prices; null when none is bundled. */
  pricingKey: string | null;
  /** Runs on the user's machine: calls cost nothing. */
  local: boolean;
  supports: { embeddings: boolean; streamUsage: boolean };
}

const openAiCompatible = (preset: Omit<ProviderPreset, 'format' | 'supports'> & Partial<ProviderPreset>) =>
  ({
    format: 'openai',
    supports: { embeddings: true, streamUsage: true },
    ...preset,
  }) satisfies ProviderPreset;

/** OpenAI-compatible services are data over one adapter, not code. */
export const PROVIDER_PRESETS: Record<ProviderType, ProviderPreset> = {
  anthropic: {
    label: 'Anthropic',
    format: 'anthropic',
    baseUrl: 'https://api.anthropic.com/v1',
    requiresKey: true,
    pricingKey: 'anthropic',
    local: false,
    supports: { embeddings: false, streamUsage: true },
  },
  gemini: {
    label: 'Google Gemini',
    format: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    requiresKey: true,
    pricingKey: 'gemini',
    local: false,
    supports: { embeddings: false, streamUsage: true },
  },
  // Azure speaks OpenAI's format on its own URLs (deployments, api-version) with an api-key header.
  'azure-openai': openAiCompatible({
    label: 'Azure OpenAI',
    baseUrl: null,
    requiresKey: true,
    pricingKey: 'openai',
    local: false,
  }),
  openai: openAiCompatible({
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    requiresKey: true,
    pricingKey: 'openai',
    local: false,
  }),
  groq: openAiCompatible({
    label: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    requiresKey: true,
    pricingKey: 'groq',
    local: false,
    supports: { embeddings: false, streamUsage: true },
  }),
  mistral: openAiCompatible({
    label: 'Mistral',
    baseUrl: 'https://api.mistral.ai/v1',
    requiresKey: true,
    pricingKey: 'mistral',
    local: false,
  }),
  deepseek: openAiCompatible({
    label: 'DeepSeek',
    baseUrl: 'https://api.deepseek.com/v1',
    requiresKey: true,
    pricingKey: 'deepseek',
    local: false,
    supports: { embeddings: false, streamUsage: true },
  }),
  openrouter: openAiCompatible({
    label: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    requiresKey: true,
    pricingKey: null,
    local: false,
  }),
  xai: openAiCompatible({
    label: 'xAI',
    baseUrl: 'https://api.x.ai/v1',
    requiresKey: true,
    pricingKey: 'xai',
    local: false,
  }),
  together: openAiCompatible({
    label: 'Together AI',
    baseUrl: 'https://api.together.xyz/v1',
    requiresKey: true,
    pricingKey: null,
    local: false,
  }),
  ollama: openAiCompatible({
    label: 'Ollama',
    baseUrl: 'http://127.0.0.1:11434/v1',
    requiresKey: false,
    pricingKey: null,
    local: true,
  }),
  lmstudio: openAiCompatible({
    label: 'LM Studio',
    baseUrl: 'http://127.0.0.1:1234/v1',
    requiresKey: false,
    pricingKey: null,
    local: true,
  }),
  'openai-compatible': openAiCompatible({
    label: 'OpenAI-compatible',
    baseUrl: null,
    requiresKey: false,
    pricingKey: null,
    local: false,
  }),
};
