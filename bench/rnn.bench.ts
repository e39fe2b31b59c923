// Training-step throughput of ortholab's RNN against TF.js layers' simpleRNN.
//
//   npx tsx bench/rnn.bench.ts                       # all sizes, backends cpu and wasm
//   npx tsx bench/rnn.bench.ts --backends wasm --reps 5 --seconds 3
//
// Workload (identical for both): the copying task, batch 32, tanh SimpleRNN with n units, a
// per-step linear readout to 9 classes, softmax cross-entropy on every step, RMSProp
// (lr 1e-3, rho 0.9), one update per step; T in {50, 100} (sequence length T+20), n in {64, 128}.
// Ours is timed through the public trainer (`train()` events, fresh batch sampled every step);
// TF.js through `model.trainOnBatch` on a fixed batch (its data generation is not timed).
// Each subject (ortholab, tfjs-cpu, tfjs-wasm) runs in its own child process, so one's garbage
// collection, heap and JIT state cannot slow another (in one process, TF.js's garbage cost
// ortholab about 30%). The parent interleaves the measurements: rep after rep it asks each child
// to run steps for at least --seconds, so load from other processes hits every subject alike.
// Reported: the median steps/s over --reps after warm-up, and the median over reps of
// ours / the fastest TF.js backend in that rep.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { copyTask, createRng, train } from '../src/core/index.js';
import { machineLine, median } from './lib.js';
import {
  type Subject,
  measureChild,
  parseArgs,
  serveSubject,
  spawnSubject,
  stepsPerSecond,
  stopChild,
  tfjsSubject,
} from './subjects.js';

/** ortholab through its public trainer: time between `progress` events (one per update). */
function ours(T: number, n: number): Subject {
  const events = train({
    task: 'copy',
    T,
    units: n,
    activation: 'tanh',
    optimizer: 'rmsprop',
    learningRate: 1e-3,
    batchSize: 32,
    steps: 1_000_000,
    testSize: 1,
    evalEvery: 0,
    probeEvery: 0,
    spectrumEvery: 0,
  });
  const nextProgress = () => {
    for (;;) {
      const e = events.next();
      if (e.done) throw new Error('trainer ended early');
      if (e.value.type === 'progress') return;
    }
  };
  for (let i = 0; i < 5; i++) nextProgress(); // warm-up (JIT)
  return {
    name: 'ortholab',
    async measure(seconds) {
      return stepsPerSecond(nextProgress, seconds);
    },
    dispose: () => void events.return(),
  };
}

/** TF.js layers: simpleRNN(returnSequences) + dense softmax, trainOnBatch on a fixed batch. */
async function tfjs(backend: string, T: number, n: number): Promise<Subject> {
  await tf.setBackend(backend);
  await tf.ready();
  const task = copyTask(T);
  const L = task.length;
  const B = 32;
  const batch = task.createBatch(B);
  task.sampleInto(createRng(0), batch);
  // Our batch is time-major; TF.js wants [batch, time, features].
  const xs = new Float32Array(B * L * 10);
  const ys = new Float32Array(B * L * 9);
  for (let t = 0; t < L; t++) {
    for (let i = 0; i < B; i++) {
      for (let k = 0; k < 10; k++) xs[(i * L + t) * 10 + k] = batch.x[(t * B + i) * 10 + k]!;
      ys[(i * L + t) * 9 + batch.classes[t * B + i]!] = 1;
    }
  }
  const x = tf.tensor3d(xs, [B, L, 10]);
  const y = tf.tensor3d(ys, [B, L, 9]);
  const model = tf.sequential();
  model.add(
    tf.layers.simpleRNN({
      units: n,
      activation: 'tanh',
      returnSequences: true,
      inputShape: [L, 10],
      kernelInitializer: 'glorotUniform',
      recurrentInitializer: 'identity', // TF.js' orthogonal is slow to build; irrelevant to the step cost
    }),
  );
  model.add(tf.layers.dense({ units: 9, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.rmsprop(1e-3, 0.9), loss: 'categoricalCrossentropy' });
  return tfjsSubject(backend, model, x, y);
}

async function main() {
  const args = parseArgs(process.argv.slice(2), [
    { T: 50, n: 64 },
    { T: 50, n: 128 },
    { T: 100, n: 64 },
    { T: 100, n: 128 },
  ]);
  console.log(`machine: ${machineLine()}; tfjs ${tf.version.tfjs}; ${args.reps} reps of ${args.seconds} s\n`);
  const rows: string[] = [];
  for (const { T, n } of args.sizes) {
    const names = ['ortholab', ...args.backends.map((b) => `tfjs-${b}`)];
    const kids: { name: string; proc: ChildProcess }[] = [];
    for (const name of names) {
      try {
        kids.push({ name, proc: await spawnSubject(fileURLToPath(import.meta.url), name, T, n) });
      } catch (e) {
        console.error(`T=${T} n=${n} ${name}: ${(e as Error).message}`);
      }
    }
    const rates: number[][] = kids.map(() => []);
    for (let r = 0; r < args.reps; r++) {
      for (let i = 0; i < kids.length; i++) {
        rates[i]!.push(await measureChild(kids[i]!.proc, args.seconds));
      }
      console.error(
        `T=${T} n=${n} rep ${r + 1}: ${kids.map((k, i) => `${k.name} ${rates[i]![r]!.toFixed(2)}`).join(', ')} steps/s`,
      );
    }
    for (const k of kids) stopChild(k.proc);
    const med = rates.map(median);
    const oursIdx = kids.findIndex((k) => k.name === 'ortholab');
    const peers = kids.map((_, i) => i).filter((i) => i !== oursIdx);
    const ratios = rates[oursIdx]!.map((o, r) => o / Math.max(...peers.map((i) => rates[i]![r]!)));
    const cells = args.backends.map((b) => {
      const i = kids.findIndex((k) => k.name === `tfjs-${b}`);
      return i < 0 ? 'n/a' : med[i]!.toFixed(2);
    });
    rows.push(`| ${T} | ${n} | ${med[oursIdx]!.toFixed(2)} | ${cells.join(' | ')} | ${median(ratios).toFixed(1)}x |`);
  }
  console.log(
    `| T | units | ortholab steps/s | ${args.backends.map((b) => `tfjs-${b} steps/s`).join(' | ')} | ratio to fastest TF.js |`,
  );
  console.log(`|---|---|---|${args.backends.map(() => '---').join('|')}|---|`);
  for (const r of rows) console.log(r);
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  const [T, n] = [Number(argv[2]), Number(argv[3])];
  await serveSubject(
    argv[1] ?? '',
    () => ours(T, n),
    (backend) => tfjs(backend, T, n),
  );
} else await main();
