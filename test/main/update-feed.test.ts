import { describe, expect, it } from 'vitest';
import { resolveUpdateFeed } from '../../src/main/update-feed';

describe('resolveUpdateFeed', () => {
  it('is off by default', () => {
    expect(resolveUpdateFeed({ packaged: true, env: {}, publishConfigExists: false })).toEqual({
      enabled: false,
      reason: 'no update feed configured (GATEHOUSE_UPDATE_URL or publish)',
    });
  });

  it('is off in development even when configured', () => {
    const feed = resolveUpdateFeed({
      packaged: false,
      env: { GATEHOUSE_UPDATE_URL: 'https://updates.example.com/gatehouse' },
      publishConfigExists: true,
    });
    expect(feed.enabled).toBe(false);
  });

  it('uses GATEHOUSE_UPDATE_URL as a generic feed', () => {
    expect(
      resolveUpdateFeed({
        packaged: true,
        env: { GATEHOUSE_UPDATE_URL: ' https://updates.example.com/gatehouse ' },
        publishConfigExists: true,
      }),
    ).toEqual({ enabled: true, source: 'environment', url: 'https://updates.example.com/gatehouse' });
  });

  it('uses the publish settings baked into the build', () => {
    expect(resolveUpdateFeed({ packaged: true, env: {}, publishConfigExists: true })).toEqual({
      enabled: true,
      source: 'publish',
    });
  });

  it.each(['http://updates.example.com/gatehouse', 'file:///srv/updates', 'not a url'])(
    'refuses the feed %s',
    (url) => {
      const feed = resolveUpdateFeed({
        packaged: true,
        env: { GATEHOUSE_UPDATE_URL: url },
        publishConfigExists: true,
      });
      expect(feed).toEqual({ enabled: false, reason: expect.stringContaining('must be an https:// URL') });
    },
  );

  it('allows a plain-http feed on this machine, for trying a release', () => {
    const feed = resolveUpdateFeed({
      packaged: true,
      env: { GATEHOUSE_UPDATE_URL: 'http://127.0.0.1:8080/' },
      publishConfigExists: false,
    });
    expect(feed).toEqual({ enabled: true, source: 'environment', url: 'http://127.0.0.1:8080/' });
  });
});
