import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** What a caller using an official SDK ends up with: an answer, or the error the SDK raised. */
export interface Outcome {
  /** HTTP status the caller saw (200 for a stream that started, then broke). */
  status: number;
  /** Text the caller received before the end or the error. */
  text: string;
  /** The error the SDK raised, if any. */
  error: InstanceType<typeof OpenAI.APIError> | InstanceType<typeof Anthropic.APIError> | null;
  requestId: string;
}

const requestIdOf = (headers: Headers | undefined) => headers?.get('x-gatehouse-request-id') ?? '';

/** One chat completion through the OpenAI SDK, streamed or not, read to the end. */
export async function viaOpenAi(client: OpenAI, model: string, stream: boolean): Promise<Outcome> {
  const messages = [{ role: 'user' as const, content: 'hi' }];
  let text = '';
  let requestId = '';
  try {
    if (stream) {
      const { data, response } = await client.chat.completions
        .create({ model, messages, stream: true })
        .withResponse();
      requestId = requestIdOf(response.headers);
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    } else {
      const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
      requestId = requestIdOf(response.headers);
      text = data.choices[0]?.message.content ?? '';
    }
    return { status: 200, text, error: null, requestId };
  } catch (caught) {
    if (!(caught instanceof OpenAI.APIError)) throw caught;
    return {
      status: caught.status ?? 200,
      text,
      error: caught,
      requestId: requestId || requestIdOf(caught.headers),
    };
  }
}

/** One message through the Anthropic SDK, streamed or not, read to the end. */
export async function viaAnthropic(client: Anthropic, model: string, stream: boolean): Promise<Outcome> {
  const request = { model, max_tokens: 64, messages: [{ role: 'user' as const, content: 'hi' }] };
  let text = '';
  let requestId = '';
  try {
    if (stream) {
      const { data, response } = await client.messages.create({ ...request, stream: true }).withResponse();
      requestId = requestIdOf(response.headers);
      for await (const event of data) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
          text += event.delta.text;
      }
    } else {
      const { data, response } = await client.messages.create(request).withResponse();
      requestId = requestIdOf(response.headers);
      text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    }
    return { status: 200, text, error: null, requestId };
  } catch (caught) {
    if (!(caught instanceof Anthropic.APIError)) throw caught;
    return {
      status: caught.status ?? 200,
      text,
      error: caught,
      requestId: requestId || requestIdOf(caught.headers),
    };
  }
}
