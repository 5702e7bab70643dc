import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../../src/gateway/secrets/redact';

describe('redactSecrets', () => {
  it('removes every occurrence of a known secret, also as it appears inside a JSON string', () => {
    const secret = 'my-local-token/with"quote';
    const text = `a ${secret} b ${secret} ${JSON.stringify({ note: secret })}`;
    const result = redactSecrets(text, [secret]);
    expect(result).not.toContain('my-local-token');
    expect(result.split(REDACTED)).toHaveLength(4);
  });

  it('ignores known "secrets" too short to be keys, so ordinary text survives', () => {
    expect(redactSecrets('the cat sat', ['cat', ''])).toBe('the cat sat');
  });

  it.each([
    ['OpenAI key', 'key sk-proj-AbCdEf0123456789AbCdEf0123 end'],
    ['Anthropic key', 'key sk-ant-api03-AbCdEf0123456789_AbCdEf-0123 end'],
    ['Google key', 'key AIzaSyA1234567890abcdefghijklmnopqrstuv end'],
    ['gateway key', 'key gh_q8W3nR5tY7uI9oP1aS3dF5gH7jK9lZ2x end'],
    ['admin token', 'key gha_q8W3nR5tY7uI9oP1aS3dF5gH7jK9lZ2x end'],
    ['GitHub token', 'key ghp_abcdefghijklmnopqrstuvwxyz0123456789 end'],
  ])('removes a key-shaped string: %s', (_name, text) => {
    expect(redactSecrets(text)).toBe(`key ${REDACTED} end`);
  });

  it('removes bearer tokens and credential headers written as text', () => {
    expect(redactSecrets('Authorization: Bearer abc.def-123_456')).toBe(`Authorization: ${REDACTED}`);
    expect(redactSecrets('sent bearer abcdef123456 upstream')).toBe(`sent bearer ${REDACTED} upstream`);
    expect(redactSecrets('x-api-key: opaque0value')).toBe(`x-api-key: ${REDACTED}`);
    expect(redactSecrets('authorization: Basic dXNlcjpwYXNz')).toBe(`authorization: ${REDACTED}`);
    expect(redactSecrets('GET /v1/items?api_key=opaque0value&page=2')).toBe(
      `GET /v1/items?api_key=${REDACTED}&page=2`,
    );
  });

  it('blanks JSON fields named like credentials, whatever their value looks like', () => {
    const body = {
      model: 'openai/gpt-4o-mini',
      headers: { Authorization: 'anything', 'X-Api-Key': 'k', 'api-key': 'k', 'x-goog-api-key': 'k' },
      apiKey: 'plain words',
      api_key: 'with \\"escaped\\" quotes',
      password: 'hunter2',
      secret: 's',
      messages: [{ role: 'user', content: 'What is a password?' }],
    };
    const parsed = JSON.parse(redactSecrets(JSON.stringify(body, null, 2)));
    expect(parsed).toEqual({
      ...body,
      headers: {
        Authorization: REDACTED,
        'X-Api-Key': REDACTED,
        'api-key': REDACTED,
        'x-goog-api-key': REDACTED,
      },
      apiKey: REDACTED,
      api_key: REDACTED,
      password: REDACTED,
      secret: REDACTED,
    });
  });

  it('leaves ordinary text alone', () => {
    const text = [
      'task-management-system-overview and risk-assessment-of-the-plan',
      'The Bearer instruments were signed; Basic information follows.',
      'a password is a secret word; api keys belong in the keychain',
      '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}',
    ].join('\n');
    expect(redactSecrets(text)).toBe(text);
  });

  it('is idempotent', () => {
    const text = 'Authorization: Bearer sk-abcdefghijklmnop0123 {"apiKey":"x"} gh_abcdefghijklmnop0123';
    const once = redactSecrets(text, ['known-secret-value']);
    expect(redactSecrets(once, ['known-secret-value'])).toBe(once);
  });

  it('never leaves a known secret behind, wherever it sits in the text', () => {
    const secretArbitrary = fc.stringMatching(/^[A-Z0-9]{6,40}$/);
    fc.assert(
      fc.property(fc.string(), secretArbitrary, fc.string(), (before, secret, after) => {
        const result = redactSecrets(`${before}${secret}${after}${secret}`, [secret]);
        return !result.includes(secret);
      }),
      { numRuns: 300 },
    );
  });
});
