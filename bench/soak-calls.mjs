// The calls the soak run makes. `expect` lists the statuses that count as correct; `tail`, when given,
// must match the end of the answer (how a stream cut by a limit says so).

export const chatBody = (model, extra = {}) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });
export const messagesBody = (model, extra = {}) =>
  JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], ...extra });

/** Healthy traffic: what a user's tools send all day. `expect` lists the statuses that count as correct. */
export const healthyCalls = (withRest) => [
  { kind: 'chat', path: '/v1/chat/completions', body: chatBody('mock/delay-5'), expect: [200] },
  {
    kind: 'stream',
    path: '/v1/chat/completions',
    body: chatBody('mock/gpt-4o-mini', { stream: true }),
    expect: [200],
  },
  {
    kind: 'anthropic-stream',
    path: '/v1/messages',
    body: messagesBody('claude/claude-haiku-4-5', { stream: true }),
    expect: [200],
  },
  { kind: 'translated', path: '/v1/messages', body: messagesBody('mock/delay-5'), expect: [200] },
  ...(withRest
    ? [
        { kind: 'rest-get', path: '/apis/rest/v1/anything?page=1', method: 'GET', expect: [200] },
        { kind: 'rest-post', path: '/apis/rest/v1/anything', body: '{"model":"delay-5"}', expect: [200] },
      ]
    : []),
];
/** Faults: callers' mistakes and upstreams misbehaving. */
export const faultCalls = [
  { kind: 'bad-json', path: '/v1/chat/completions', body: '{"model": broken', expect: [400] },
  { kind: 'unknown-provider', path: '/v1/chat/completions', body: chatBody('nosuch/model'), expect: [404] },
  {
    kind: 'too-deep',
    path: '/v1/chat/completions',
    body: `${'['.repeat(5000)}${']'.repeat(5000)}`,
    expect: [400],
  },
  { kind: 'upstream-500', path: '/v1/chat/completions', body: chatBody('hostile/error-500'), expect: [500] },
  {
    kind: 'upstream-invalid-json',
    path: '/v1/chat/completions',
    body: chatBody('hostile/invalid-json'),
    expect: [502],
  },
  { kind: 'upstream-hang', path: '/v1/chat/completions', body: chatBody('hostile/hang'), expect: [504] },
  {
    kind: 'upstream-trickle',
    path: '/v1/chat/completions',
    body: chatBody('hostile/trickle'),
    expect: [504],
  },
  {
    kind: 'upstream-endless',
    path: '/v1/chat/completions',
    body: chatBody('hostile/endless', { stream: true }),
    expect: [200],
    // The stream is cut by the limit and says so in its last event.
    tail: /upstreamMaxDurationMs/,
  },
  {
    kind: 'upstream-hang-anthropic',
    path: '/v1/messages',
    body: messagesBody('hostile/hang', { stream: true }),
    expect: [504],
  },
];

/** One caller that asks a short healthy question again and again: its latencies are the p99 promise. */
export const probeCall = {
  kind: 'probe',
  path: '/v1/chat/completions',
  body: chatBody('mock/delay-5'),
  expect: [200],
};

/** 1 GB upstream bodies: cut at the size limit by `main`, passed through whole by `bulk`. */
export function gigabyteCalls(main, bulk) {
  return [
    {
      gateway: main,
      kind: 'gigabyte-json',
      path: '/v1/chat/completions',
      body: chatBody('hostile/gigabyte-json'),
      expect: [502],
      tail: /upstreamMaxResponseBytes/,
    },
    {
      gateway: main,
      kind: 'gigabyte-chunked',
      path: '/v1/chat/completions',
      body: chatBody('hostile/gigabyte-chunked'),
      expect: [502],
      tail: /upstreamMaxResponseBytes/,
    },
    {
      gateway: main,
      kind: 'gigabyte-sse-capped',
      path: '/v1/chat/completions',
      body: chatBody('hostile/gigabyte-sse', { stream: true }),
      expect: [200],
      tail: /upstreamMaxResponseBytes/,
    },
    {
      gateway: bulk,
      kind: 'gigabyte-sse-through',
      path: '/v1/chat/completions',
      body: chatBody('hostile/gigabyte-sse', { stream: true }),
      expect: [200],
      // The whole gigabyte arrives, ending like any finished stream.
      tail: /\[DONE\]/,
      timeoutMs: 300_000,
    },
  ];
}
