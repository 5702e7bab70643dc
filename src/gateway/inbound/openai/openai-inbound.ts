import type { InboundFormat } from '../../canonical/adapters';
import { decodeOpenAiRequest } from './decode-openai-request';
import { encodeOpenAiResponse } from './encode-openai-response';
import { createOpenAiStreamEncoder } from './openai-stream-encoder';

/**
 * OpenAI chat completions as an inbound format. The stream encoder sends the usage-only chunk by
 * default; a caller that did not ask for it (no `stream_options.include_usage`) should get
 * `createOpenAiStreamEncoder(model, { includeUsage: false })` instead.
 */
export const openAiInbound: InboundFormat = {
  name: 'openai',
  decodeRequest: decodeOpenAiRequest,
  encodeResponse: encodeOpenAiResponse,
  createStreamEncoder: (model) => createOpenAiStreamEncoder(model, { includeUsage: true }),
};
