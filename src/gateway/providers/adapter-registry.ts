import type { ProviderAdapter } from '../canonical/adapters';
import { anthropicAdapter } from './anthropic/anthropic-adapter';
import { geminiAdapter } from './gemini/gemini-adapter';
import { azureOpenAiAdapter, openAiAdapter } from './openai-compatible/openai-adapter';
import type { GatewayProvider } from './provider-registry';

/** The provider adapter for a configured provider: one per wire format (Azure differs only in URLs and auth). */
export function adapterFor(provider: GatewayProvider): ProviderAdapter {
  if (provider.type === 'azure-openai') return azureOpenAiAdapter;
  switch (provider.preset.format) {
    case 'anthropic':
      return anthropicAdapter;
    case 'gemini':
      return geminiAdapter;
    default:
      return openAiAdapter;
  }
}
