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
// Each measurement runs steps for at least --seconds; the reported figure is the median
// steps/s of --reps interleaved measurements after warm-up, and the ratio is the median over
// reps of ours / the fastest TF.js backend in that rep.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { copyTask, createRng, train } from '../src/core/index.js';
import { machineLine, median } from './lib.js';

interface Args {
  backends: string[];
  reps: number;
  seconds: number;
  sizes: { T: number; n: number }[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    backends: ['cpu', 'wasm'],
    reps: 5,
    seconds: 2,
    sizes: [
      { T: 50, n: 64 },
      { T: 50, n: 128 },
      { T: 100, n: 64 },
      { T: 100, n: 128 },
    ],
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--backends') a.backends = v.split(',').filter(Boolean);
    else if (k === '--reps') a.reps = Number(v);
    else if (k === '--seconds') a.seconds = Number(v);
    else if (k === '--sizes')
      a.sizes = v.split(',').map((s) => ({ T: Number(s.split('x')[0]), n: Number(s.split('x')[1]) }));
    else throw new Error(`unknown option ${k}; use --backends cpu,wasm --reps 5 --seconds 2 --sizes 50x64,100x128`);
  }
  return a;
}

/** A benchmark subject: `measure(seconds)` runs steps for at least that long and returns steps/s. */
interface Subject {
  name: string;
  measure(seconds: number): Promise<number>;
  dispose(): void;
}

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
      const t0 = performance.now();
      let steps = 0;
      while (performance.now() - t0 < seconds * 1000 || steps < 2) {
        nextProgress();
        steps++;
      }
      return steps / ((performance.now() - t0) / 1000);
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
      for (let k = 0; k < 10; k++) xs[(i * L + t) * 10 + k] = batch.x[(t * B + i) * 10 + k];
      ys[(i * L + t) * 9 + batch.classes[t * B + i]] = 1;
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

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.backends.includes('wasm')) {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(`${path.join(dir, 'dist')}/`);
  }
  console.log(`machine: ${machineLine()}; tfjs ${tf.version.tfjs}; ${args.reps} reps of ${args.seconds} s\n`);
  const rows: string[] = [];
  for (const { T, n } of args.sizes) {
    // Measurements are interleaved (ours, then each backend, rep after rep) so that load from
    // other processes hits every subject alike; the ratio is the median of per-rep ratios.
    const subjects: Subject[] = [ours(T, n)];
    for (const b of args.backends) {
      try {
        subjects.push(await tfjs(b, T, n));
      } catch (e) {
        console.error(`T=${T} n=${n} tfjs-${b}: failed to load (${(e as Error).message})`);
      }
    }
    const rates: number[][] = subjects.map(() => []);
    for (let r = 0; r < args.reps; r++) {
      for (let i = 0; i < subjects.length; i++) {
        const sub = subjects[i];
        if (sub.name.startsWith('tfjs-')) await tf.setBackend(sub.name.slice(5));
        rates[i].push(await sub.measure(args.seconds));
      }
      console.error(
        `T=${T} n=${n} rep ${r + 1}: ${subjects.map((s, i) => `${s.name} ${rates[i][r].toFixed(2)}`).join(', ')} steps/s`,
      );
    }
    for (const s of subjects) s.dispose();
    const med = rates.map(median);
    const ratios = rates[0].map((o, r) => o / Math.max(...rates.slice(1).map((x) => x[r])));
    const cells = args.backends.map((b) => {
      const i = subjects.findIndex((s) => s.name === `tfjs-${b}`);
      return i < 0 ? 'n/a' : med[i].toFixed(2);
    });
    rows.push(`| ${T} | ${n} | ${med[0].toFixed(2)} | ${cells.join(' | ')} | ${median(ratios).toFixed(1)}x |`);
  }
  console.log(
    `| T | units | ortholab steps/s | ${args.backends.map((b) => `tfjs-${b} steps/s`).join(' | ')} | ratio to fastest TF.js |`,
  );
  console.log(`|---|---|---|${args.backends.map(() => '---').join('|')}|---|`);
  for (const r of rows) console.log(r);
}

await main();
