import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseRedisUrl, redactUrl } from './redisUrl.js';

describe('parseRedisUrl', () => {
  it('reads host, port, db, user and password; shows the password as ***', () => {
    expect(parseRedisUrl('redis://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0, tls: false });
    const t = parseRedisUrl('rediss://alice:s%40cret@queue.example.org:6380/3');
    expect(t).toMatchObject({
      host: 'queue.example.org',
      port: 6380,
      db: 3,
      username: 'alice',
      password: 's@cret',
      tls: true,
    });
    expect(t.display).toBe('rediss://alice:***@queue.example.org:6380/3');
    expect(parseRedisUrl('redis://:pw@[::1]:7000').display).toBe('redis://:***@[::1]:7000/0');
    expect(parseRedisUrl('redis://[::1]:7000').host).toBe('::1');
  });

  it('malformed URLs are usage errors that never contain the password', () => {
    const cases: [string, RegExp][] = [
      ['localhost:6379', /scheme must be redis:\/\/ or rediss:\/\//],
      ['redis://:pw@h:0', /port must be 1 to 65535/],
      ['redis://:pw@h:6379/one', /database must be a number/],
      ['redis://:pw@h:6379/0?x=1', /query strings/],
      ['redis://:p%zz@h', /percent-encoding/],
      ['', /not a URL/],
    ];
    for (const [text, re] of cases) {
      let err: unknown;
      try {
        parseRedisUrl(text);
      } catch (e) {
        err = e;
      }
      if (!(err instanceof UsageError)) throw new Error(`${text}: expected a UsageError, got ${String(err)}`);
      expect(err.message).toMatch(re);
      expect(err.message).not.toMatch(/pw|p%zz/);
    }
  });

  it('redactUrl hides a password even in text that does not parse', () => {
    expect(redactUrl('redis://:hunter2@h:99999')).toBe('redis://:***@h:99999');
    expect(redactUrl('redis://bob:hunter2@h')).toBe('redis://bob:***@h');
    expect(redactUrl('redis://h:6379')).toBe('redis://h:6379');
  });
});
