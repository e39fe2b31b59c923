// Training-step throughput of ortholab's LSTM layer against TF.js layers' lstm.
//
//   npx tsx bench/lstm.bench.ts                      # T = 50, n = 64, batch 32, backends cpu and wasm
//   npx tsx bench/lstm.bench.ts --backends wasm --reps 5 --seconds 3 --sizes 50x64,100x128
//
// Workload (identical for both): the copying task (sequence length T + 20, one-hot input over 10
// symbols), batch 32, an LSTM with n units (sigmoid gates, tanh), a per-step linear readout to
// 9 classes, softmax cross-entropy on every step, full BPTT, RMSProp (lr 1e-3, rho 0.9, eps 1e-7,
// Keras' form) on every parameter, one update per step.
// Ours: the public trainer's step (`createTrainer` with cell 'lstm', src/core/rnn/gatedTrain.ts:
// a fresh batch sampled every step (timed), forward, readout, loss, backward, gradient norm,
// RMSProp in Keras' form as TF.js uses) with evaluation, probes and spectra off, so the bench
// measures what users get. TF.js: lstm(returnSequences) + dense softmax, `model.trainOnBatch` on a
// fixed batch (its data generation is not timed). NumPy: bench/lstm_numpy.py, the same step in
// float64 with one-thread BLAS (a reference, checked against torch autograd by its --check mode).
// As in rnn.bench.ts each subject runs in its own child process and the parent interleaves the
// measurements rep after rep, so load from other processes hits every subject alike. Reported:
// median steps/s over --reps, and the median over reps of ours / the fastest TF.js backend; and
// each subject's CPU milliseconds per step (process CPU time over the steps of a rep), with the
// median over reps of NumPy's / ours: on a loaded machine the wall-clock rates depend on the
// share of the cores each child happened to get, the CPU time much less.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { copyTask, createRng, createTrainer } from '../src/core/index.js';
import { loadLine, machineLine, median, numpy, numpyEnv } from './lib.js';
import {
  type Subject,
  type Measurement,
  measureChildCpu,
  parseArgs,
  serveSubject,
  spawnSubject,
  stepsPerSecond,
  stopChild,
  tfjsSubject,
} from './subjects.js';

const B = 32;
const CLASSES = 9;
const LR = 1e-3;
const RHO = 0.9;
const EPS = 1e-7;

/**
 * ortholab: the training step users get, `createTrainer({cell: 'lstm', ...}).run()` (the public
 * trainer: a fresh batch from the training stream, LSTM forward, readout, loss, backward,
 * gradient norm, RMSProp), pulled one 'progress' event at a time. Evaluation, probes, spectra
 * and checkpoints are off, so the timed work is the NumPy and TF.js subjects' (the start event's
 * per-gate spectrum and test metrics are computed once, before the warm-up).
 */
function ours(T: number, n: number): Subject {
  const trainer = createTrainer({
    task: 'copy',
    T,
    cell: 'lstm',
    units: n,
    batchSize: B,
    gatedInit: 'kerasDefault',
    optimizer: 'rmsprop',
    learningRate: LR,
    rho: RHO,
    epsilon: EPS,
    clipNorm: null,
    steps: Number.MAX_SAFE_INTEGER,
    evalEvery: 0,
    probeEvery: 0,
    spectrumEvery: 0,
    checkpointEvery: 0,
    testSize: B,
    seed: 1,
  });
  const events = trainer.run();
  const step = () => {
    for (;;) {
      const e = events.next();
      if (e.done === true) throw new Error('ortholab: the trainer stopped');
      if (e.value.type === 'progress') return;
      if (e.value.type === 'diverged') throw new Error(e.value.message);
    }
  };
  for (let i = 0; i < 5; i++) step(); // warm-up (JIT)
  return {
    name: 'ortholab',
    async measure(seconds) {
      return stepsPerSecond(step, seconds);
    },
    dispose() {},
  };
}

/** TF.js layers: lstm(returnSequences) + dense softmax, trainOnBatch on a fixed batch. */
async function tfjs(backend: string, T: number, n: number): Promise<Subject> {
  await tf.setBackend(backend);
  await tf.ready();
  const task = copyTask(T);
  const L = task.length;
  const batch = task.createBatch(B);
  task.sampleInto(createRng(0), batch);
  const xs = new Float32Array(B * L * 10);
  const ys = new Float32Array(B * L * CLASSES);
  for (let t = 0; t < L; t++) {
    for (let i = 0; i < B; i++) {
      for (let k = 0; k < 10; k++) xs[(i * L + t) * 10 + k] = batch.x[(t * B + i) * 10 + k]!;
      ys[(i * L + t) * CLASSES + batch.classes[t * B + i]!] = 1;
    }
  }
  const x = tf.tensor3d(xs, [B, L, 10]);
  const y = tf.tensor3d(ys, [B, L, CLASSES]);
  const model = tf.sequential();
  model.add(
    tf.layers.lstm({
      units: n,
      returnSequences: true,
      recurrentActivation: 'sigmoid',
      inputShape: [L, 10],
      kernelInitializer: 'glorotUniform',
      recurrentInitializer: 'glorotUniform', // TF.js' orthogonal is slow to build; irrelevant to the step cost
    }),
  );
  model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.rmsprop(LR, RHO), loss: 'categoricalCrossentropy' });
  return tfjsSubject(backend, model, x, y);
}

/** A measured subject as the parent sees it. */
interface Kid {
  name: string;
  measure(seconds: number): Promise<Measurement>;
  stop(): void;
}

function nodeKid(name: string, proc: ChildProcess): Kid {
  return {
    name,
    measure: (seconds) => measureChildCpu(proc, seconds),
    stop: () => stopChild(proc),
  };
}

/**
 * The NumPy reference (bench/lstm_numpy.py) as a subject: one Python process with single-threaded
 * BLAS, a line protocol (seconds in; steps/s and CPU ms per step out).
 */
function numpyKid(T: number, n: number): Promise<Kid> {
  const script = fileURLToPath(new URL('./lstm_numpy.py', import.meta.url));
  const proc = spawn('python3', [script, String(T), String(n)], {
    env: numpyEnv(),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: proc.stdout });
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      lines.once('line', resolve);
      proc.once('exit', (code) => reject(new Error(`numpy exited with code ${code}`)));
    });
  return next().then(() => ({
    name: 'numpy',
    async measure(seconds) {
      const reply = next();
      proc.stdin.write(`${seconds}\n`);
      const [rate, cpuMs] = (await reply).trim().split(/\s+/).map(Number);
      return { rate: rate ?? Number.NaN, cpuMs: cpuMs ?? Number.NaN };
    },
    stop() {
      proc.removeAllListeners('exit');
      proc.stdin.end();
    },
  }));
}

async function main() {
  const args = parseArgs(process.argv.slice(2), [{ T: 50, n: 64 }]);
  const np = numpy();
  console.log(
    `machine: ${machineLine()}; ${loadLine()}; tfjs ${tf.version.tfjs}; ${args.reps} reps of ${args.seconds} s`,
  );
  console.log(np ? `NumPy ${np.version}, BLAS ${np.blas}, 1 thread\n` : 'NumPy: not available (skipped)\n');
  const rows: string[] = [];
  for (const { T, n } of args.sizes) {
    const names = ['ortholab', ...args.backends.map((b) => `tfjs-${b}`)];
    const kids: Kid[] = [];
    for (const name of names) {
      try {
        kids.push(nodeKid(name, await spawnSubject(fileURLToPath(import.meta.url), name, T, n)));
      } catch (e) {
        console.error(`T=${T} n=${n} ${name}: ${(e as Error).message}`);
      }
    }
    if (np !== null) {
      try {
        kids.push(await numpyKid(T, n));
      } catch (e) {
        console.error(`T=${T} n=${n} numpy: ${(e as Error).message}`);
      }
    }
    const rates: number[][] = kids.map(() => []);
    const cpus: number[][] = kids.map(() => []);
    for (let r = 0; r < args.reps; r++) {
      for (let i = 0; i < kids.length; i++) {
        const m = await kids[i]!.measure(args.seconds);
        rates[i]!.push(m.rate);
        cpus[i]!.push(m.cpuMs);
      }
      console.error(
        `T=${T} n=${n} rep ${r + 1}: ${kids.map((k, i) => `${k.name} ${rates[i]![r]!.toFixed(2)} steps/s (${cpus[i]![r]!.toFixed(1)} CPU ms/step)`).join(', ')}`,
      );
    }
    for (const k of kids) k.stop();
    const med = rates.map(median);
    const oursIdx = kids.findIndex((k) => k.name === 'ortholab');
    const peers = kids.map((_, i) => i).filter((i) => kids[i]!.name.startsWith('tfjs-'));
    const npIdx = kids.findIndex((k) => k.name === 'numpy');
    const ratios = rates[oursIdx]!.map((o, r) => o / Math.max(...peers.map((i) => rates[i]![r]!)));
    const cells = args.backends.map((b) => {
      const i = kids.findIndex((k) => k.name === `tfjs-${b}`);
      return i < 0 ? 'n/a' : med[i]!.toFixed(2);
    });
    const vsNumpy = npIdx < 0 ? 'n/a' : `${median(rates[oursIdx]!.map((o, r) => o / rates[npIdx]![r]!)).toFixed(2)}x`;
    const npCell = npIdx < 0 ? 'n/a' : med[npIdx]!.toFixed(2);
    // CPU time per step: each subject's own cost, much less sensitive to the share of the cores
    // it got than the wall-clock rate when the machine is loaded.
    const cpuOurs = median(cpus[oursIdx]!).toFixed(1);
    const cpuNp = npIdx < 0 ? 'n/a' : median(cpus[npIdx]!).toFixed(1);
    const cpuVs = npIdx < 0 ? 'n/a' : `${median(cpus[oursIdx]!.map((o, r) => cpus[npIdx]![r]! / o)).toFixed(2)}x`;
    rows.push(
      `| ${T} | ${n} | ${med[oursIdx]!.toFixed(2)} | ${cells.join(' | ')} | ${median(ratios).toFixed(1)}x | ${npCell} | ${vsNumpy} | ${cpuOurs} | ${cpuNp} | ${cpuVs} |`,
    );
  }
  console.log(
    `| T | units | ortholab LSTM steps/s | ${args.backends.map((b) => `tfjs-${b} steps/s`).join(' | ')} | ratio to fastest TF.js | numpy steps/s | ratio to numpy | ortholab CPU ms/step | numpy CPU ms/step | CPU ratio to numpy |`,
  );
  console.log(`|---|---|---|${args.backends.map(() => '---').join('|')}|---|---|---|---|---|---|`);
  for (const r of rows) console.log(r);
  console.log(`\n${loadLine()}`);
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
