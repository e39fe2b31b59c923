/**
 * The child-process harness shared by the training-step benchmarks (rnn.bench.ts,
 * lstm.bench.ts): each subject (ortholab, tfjs-cpu, tfjs-wasm) runs in its own Node process so
 * one's garbage collection, heap and JIT state cannot slow another, and the parent interleaves
 * the measurements rep after rep. Also the shared option parsing and the TF.js timing loop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** A benchmark subject: `measure(seconds)` runs steps for at least that long and returns steps/s. */
export interface Subject {
  name: string;
  measure(seconds: number): Promise<number>;
  dispose(): void;
}

export interface Args {
  backends: string[];
  reps: number;
  seconds: number;
  sizes: { T: number; n: number }[];
}

/** `--backends cpu,wasm --reps 5 --seconds 2 --sizes 50x64,100x128`, with the given default sizes. */
export function parseArgs(argv: readonly string[], sizes: Args['sizes']): Args {
  const a: Args = { backends: ['cpu', 'wasm'], reps: 5, seconds: 2, sizes };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1] ?? ''];
    if (k === '--backends') a.backends = v.split(',').filter(Boolean);
    else if (k === '--reps') a.reps = Number(v);
    else if (k === '--seconds') a.seconds = Number(v);
    else if (k === '--sizes')
      a.sizes = v.split(',').map((s) => ({ T: Number(s.split('x')[0]), n: Number(s.split('x')[1]) }));
    else throw new Error(`unknown option ${k}; use --backends cpu,wasm --reps 5 --seconds 2 --sizes 50x64,100x128`);
  }
  return a;
}

/** Steps per second of `step` run for at least `seconds` (and at least 2 steps). */
export function stepsPerSecond(step: () => void, seconds: number): number {
  const t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000 || steps < 2) {
    step();
    steps++;
  }
  return steps / ((performance.now() - t0) / 1000);
}

/** A compiled TF.js model timed with `trainOnBatch` on a fixed batch (after two warm-up steps). */
export async function tfjsSubject(
  backend: string,
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
): Promise<Subject> {
  for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y); // warm-up
  return {
    name: `tfjs-${backend}`,
    async measure(seconds) {
      await tf.setBackend(backend);
      const t0 = performance.now();
      let steps = 0;
      while (performance.now() - t0 < seconds * 1000 || steps < 2) {
        await model.trainOnBatch(x, y);
        steps++;
      }
      return steps / ((performance.now() - t0) / 1000);
    },
    dispose() {
      model.dispose();
      x.dispose();
      y.dispose();
    },
  };
}

/**
 * Child side: builds one subject (`ours` for "ortholab", `tfjs(backend)` for "tfjs-<backend>",
 * loading the wasm backend first when asked), then answers {seconds} requests with {rate}
 * until told to stop.
 */
export async function serveSubject(
  kind: string,
  ours: () => Subject,
  tfjs: (backend: string) => Promise<Subject>,
): Promise<void> {
  let subject: Subject;
  if (kind === 'ortholab') subject = ours();
  else {
    const backend = kind.slice('tfjs-'.length);
    if (backend === 'wasm') {
      const require = createRequire(import.meta.url);
      const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
      await import('@tensorflow/tfjs-backend-wasm');
      setWasmPaths(`${path.join(dir, 'dist')}/`);
    }
    subject = await tfjs(backend);
  }
  process.send?.({ ready: true });
  process.on('message', async (m: { seconds?: number; stop?: boolean }) => {
    if (m.stop) {
      subject.dispose();
      process.exit(0);
    }
    // CPU time per step beside the rate: on a loaded machine the wall-clock rate depends on the
    // share of the cores this child got, its CPU time per step much less.
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const rate = await subject.measure(m.seconds ?? 1);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    process.send?.({ rate, cpuMs: (cpu.user + cpu.system) / 1000 / (rate * wall) });
  });
}

/** Parent side: starts `file --child kind T n` and resolves once its subject is ready. */
export function spawnSubject(file: string, kind: string, T: number, n: number): Promise<ChildProcess> {
  const c = fork(file, ['--child', kind, String(T), String(n)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    c.once('message', () => resolve(c));
    c.once('exit', (code) => reject(new Error(`${kind} failed to start (exit code ${code})`)));
  });
}

/** Parent side: one measurement of a child's subject, in steps/s (NaN without a rate). */
export async function measureChild(c: ChildProcess, seconds: number): Promise<number> {
  return (await measureChildCpu(c, seconds)).rate;
}

/** One measurement: steps/s and the child's CPU milliseconds per step (user + system, all threads). */
export interface Measurement {
  rate: number;
  cpuMs: number;
}

/** Parent side: one measurement of a child's subject with its CPU time per step (NaN when missing). */
export function measureChildCpu(c: ChildProcess, seconds: number): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    c.once('message', (m) => {
      const { rate, cpuMs } = m as { rate?: number; cpuMs?: number };
      resolve({ rate: rate ?? Number.NaN, cpuMs: cpuMs ?? Number.NaN });
    });
    c.once('exit', (code) => reject(new Error(`child exited with code ${code}`)));
    c.send({ seconds });
  });
}

/** Parent side: tells a child to stop (its exit is then expected). */
export function stopChild(c: ChildProcess): void {
  c.removeAllListeners('exit');
  c.send({ stop: true });
}
