/**
 * `--queue redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS). Parsing is pure
 * and strict: anything else is a UsageError (exit 2) that shows the URL with its password
 * replaced by `***`. The password is kept only in the parsed object, never in any message.
 */

import { UsageError } from '../errors.js';

export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly tls: boolean;
  /** The URL for messages and logs: the password replaced by `***`. */
  readonly display: string;
}

const EXAMPLE = 'Example: --queue redis://127.0.0.1:6379 or redis://:PASSWORD@host:6379/0';

/** The URL text with any password replaced by `***` (also for text that does not parse). */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

export function parseRedisUrl(text: string, flag = '--queue'): RedisTarget {
  const shown = redactUrl(text);
  const bad = (why: string) => new UsageError(`${flag} ${JSON.stringify(shown)}: ${why}.`, EXAMPLE);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw bad(`the scheme must be redis:// or rediss://, got ${url.protocol}//`);
  if (url.hostname === '') throw bad('no host');
  if (url.search !== '' || url.hash !== '') throw bad('query strings and fragments are not supported');
  let port = 6379;
  if (url.port !== '') {
    port = Number(url.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad('the port must be 1 to 65535');
  }
  let db = 0;
  const path = url.pathname.replace(/^\//, '');
  if (path !== '') {
    if (!/^\d{1,5}$/.test(path)) throw bad(`the database must be a number such as /0, got /${path}`);
    db = Number(path);
  }
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw bad('the user or password is not valid percent-encoding');
    }
  };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const username = url.username === '' ? undefined : decode(url.username);
  const password = url.password === '' ? undefined : decode(url.password);
  const auth = url.password !== '' ? `${url.username}:***@` : url.username !== '' ? `${url.username}@` : '';
  return {
    host,
    port,
    db,
    username,
    password,
    tls: url.protocol === 'rediss:',
    display: `${url.protocol}//${auth}${host.includes(':') ? `[${host}]` : host}:${port}/${db}`,
  };
}
