import type { InboundFormat } from '../../canonical/adapters';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder';
import { decodeAnthropicRequest } from './decode-anthropic-request';
import { encodeAnthropicResponse } from './encode-anthropic-response';

/** Anthropic's Messages API as spoken by callers (`POST /v1/messages`). */
export const anthropicInbound: InboundFormat = {
  name: 'anthropic',
  decodeRequest: decodeAnthropicRequest,
  encodeResponse: encodeAnthropicResponse,
  createStreamEncoder: (model) => new AnthropicStreamEncoder(model),
};
