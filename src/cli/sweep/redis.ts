/**
 * Redis connections for the run queue (BullMQ on ioredis; docs/decisions/0019-bullmq-queue.md).
 *
 * `probeRedis` connects once, without retries, so a wrong host, port or password is a clear
 * error within seconds (exit 1). The long-lived connections afterwards reconnect forever with a
 * capped back-off, so a Redis restart pauses a sweep instead of ending it. Messages name the
 * server by its redacted URL: passwords are never printed.
 */

import { Redis, type RedisOptions } from 'ioredis';
import { CliFileError } from '../errors.js';
import type { RedisTarget } from './redisUrl.js';
import { errorMessage } from '../../core/index.js';
import { nodeErrorCode } from '../errors.js';

/** A queue or Redis problem the user can fix (exit 1, shown as one line). */
export class QueueError extends CliFileError {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

/** Seconds a first connection may take before it is reported as unreachable. */
export const CONNECT_TIMEOUT_MS = 5000;

/** The sorted set of submitted plans' queue names (score: first submission, ms). */
export const REGISTRY_KEY = 'ortholab:sweeps';
/** BullMQ queue of a plan: named by the plan's hash. */
export const queueName = (planHash: string) => `ortholab-${planHash}`;
/** Pub/sub channel a submitter publishes a plan's queue name on, so idle workers wake at once. */
export const SUBMITTED_CHANNEL = 'ortholab:submitted';
/** The plan summary a submitter leaves for `status` and for people (JSON). */
export const planKey = (queue: string) => `ortholab:plan:${queue}`;
/** A run's last checkpoint (JSON), kept while the run is unfinished. */
export const checkpointKey = (queue: string, runId: string) => `ortholab:ck:${queue}:${runId}`;

/** Options for long-lived connections (BullMQ needs maxRetriesPerRequest: null). */
export function connectionOptions(target: RedisTarget): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null,
    // Reconnect forever: 0.1 s, 0.2 s, ... at most 2 s apart.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/** A long-lived connection (errors while reconnecting are expected and not fatal). */
export function openRedis(target: RedisTarget, onError?: (e: Error) => void): Redis {
  const r = new Redis(connectionOptions(target));
  r.on('error', (e: Error) => onError?.(e));
  return r;
}

function describe(e: unknown, target: RedisTarget): QueueError {
  const msg = errorMessage(e);
  const at = `Redis at ${target.display}`;
  // ioredis passes Node's socket errors through (with a code) and wraps some in its own text.
  const code = nodeErrorCode(e) ?? /\b(E[A-Z]+)\b/.exec(msg)?.[1];
  if (/WRONGPASS|invalid password|invalid username-password/i.test(msg))
    return new QueueError(`${at} refused the credentials; check the password (and user) in --queue.`);
  if (/NOAUTH|Authentication required/i.test(msg))
    return new QueueError(`${at} requires a password; give it as redis://:PASSWORD@host:port.`);
  if (/Protocol error/i.test(msg))
    return new QueueError(`${target.display} is not a Redis server (it does not answer in the Redis protocol).`);
  switch (code) {
    case 'ECONNREFUSED':
      return new QueueError(`cannot reach ${at}: connection refused; is redis-server running there on that port?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new QueueError(`cannot reach ${at}: unknown host; check the host name.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new QueueError(
        `cannot reach ${at}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s (${code}); is the host up and the port open?`,
      );
    default:
      return new QueueError(`cannot use ${at}: ${msg.split('\n')[0]}`);
  }
}

/**
 * Connects once (no retries), authenticates, checks that the server is Redis >= 6, and
 * disconnects. Throws QueueError with the reason (refused, timeout, unknown host, credentials).
 */
export async function probeRedis(target: RedisTarget): Promise<void> {
  const r = new Redis({
    ...connectionOptions(target),
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  let lastError: unknown = null;
  try {
    // Ready (connected, authenticated, db selected) or the first error, or the timeout.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        lastError = Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' });
        reject(lastError);
      }, CONNECT_TIMEOUT_MS);
      r.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
      r.on('error', (e: unknown) => {
        lastError ??= e;
      });
      r.once('end', () => {
        clearTimeout(timer);
        reject(lastError ?? new Error('connection closed'));
      });
    });
    const info = await r.info('server');
    const version = /redis_version:(\d+)/.exec(info)?.[1];
    if (version !== undefined && Number(version) < 6) {
      throw new QueueError(`Redis at ${target.display} is version ${version}; the run queue needs Redis >= 6.`);
    }
  } catch (e) {
    if (e instanceof QueueError) throw e;
    throw describe(lastError ?? e, target);
  } finally {
    r.disconnect();
  }
}
