import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { runCli } from '../../../test/helpers/cli.js';
import { chosenPort } from './serve.js';

/** The port a listening server is bound to (an AddressInfo for TCP; a string only for pipes). */
function portOf(server: { address(): AddressInfo | string | null }): number {
  const a = server.address();
  if (a === null || typeof a === 'string') throw new Error(`expected a TCP address, got ${String(a)}`);
  return a.port;
}

describe('serve: which port, and whether the user chose it', () => {
  it('--port wins over PORT; PORT wins over the default; only the default may fall forward', () => {
    expect(chosenPort(8080, ['port'], { PORT: '9000' })).toEqual({ port: 8080, explicit: true });
    expect(chosenPort(0, ['port'], {})).toEqual({ port: 0, explicit: true });
    expect(chosenPort(5173, [], { PORT: '9000' })).toEqual({ port: 9000, explicit: true });
    expect(chosenPort(5173, [], { PORT: '' })).toEqual({ port: 5173, explicit: false });
    expect(chosenPort(5173, ['host'], {})).toEqual({ port: 5173, explicit: false });
  });

  it('a bad PORT is a usage error that names the variable and the range', () => {
    expect(() => chosenPort(5173, [], { PORT: 'abc' })).toThrow(UsageError);
    expect(() => chosenPort(5173, [], { PORT: 'abc' })).toThrow(/PORT \(environment\) must be an integer/);
    expect(() => chosenPort(5173, [], { PORT: '70000' })).toThrow(
      /PORT \(environment\) must be an integer >= 0 and <= 65535/,
    );
  });
});

describe('ortholab serve --port N, N taken', () => {
  it('exits 1 naming the port and suggesting --port 0, before building anything', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      blocker.once('error', reject);
      blocker.listen(0, '127.0.0.1', () => resolve(portOf(blocker)));
    });
    try {
      const { code, stderr } = await runCli(['serve', '--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `ortholab: error: port ${port} on 127.0.0.1 is already in use; pass --port 0 for any free port, or choose another --port.\n`,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
