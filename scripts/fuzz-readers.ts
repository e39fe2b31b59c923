/**
 * Fuzzes every model-file reader: truncation at every byte of each small fixture and N seeded
 * mutations per target (default 5,000), in a worker thread watched for hangs: a case that runs
 * longer than 30 s is reported with its target, seed and index, and the run fails.
 *
 *   npx tsx scripts/fuzz-readers.ts [--mutations N] [--seed S]
 *
 * Prints one line per target (cases read / refused with a FormatError) and exits 1 on any
 * crash (an error that is not a FormatError) or hang. Deterministic: same seed, same cases.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRng } from '../src/core/random/index.js';
import { TARGETS, mutate, runCase } from '../test/helpers/modelFuzz.js';

interface Job {
  readonly mutations: number;
  readonly seed: number;
  readonly progress: SharedArrayBuffer;
}

function work(job: Job): void {
  const progress = new Int32Array(job.progress);
  for (let ti = 0; ti < TARGETS.length; ti++) {
    const t = TARGETS[ti]!;
    const tally = { truncations: 0, mutations: 0, read: 0, refused: 0, crashes: [] as string[] };
    const started = performance.now();
    const one = (bytes: Uint8Array, label: string) => {
      Atomics.add(progress, 0, 1);
      try {
        tally[runCase(t, bytes, label)]++;
      } catch (e) {
        tally.crashes.push((e as Error).message.slice(0, 400));
      }
    };
    // Truncation needs the bytes as the reader sees them: skip targets re-wrapped into a zip.
    if (t.wrap === undefined) {
      for (let n = 0; n < t.bytes.length; n++, tally.truncations++) one(t.bytes.subarray(0, n), `${t.name}[0:${n}]`);
    }
    const rng = createRng(job.seed + ti);
    for (let i = 0; i < job.mutations; i++, tally.mutations++)
      one(mutate(rng, t.bytes, t.hot), `${t.name} mutant ${i} (seed ${job.seed + ti})`);
    parentPort?.postMessage({ target: t.name, ...tally, seconds: (performance.now() - started) / 1000 });
  }
  parentPort?.postMessage({ done: true });
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

if (!isMainThread) work(workerData as Job);
else {
  const job: Job = { mutations: arg('--mutations', 5000), seed: arg('--seed', 14), progress: new SharedArrayBuffer(4) };
  // The worker runs this same file through tsx's loader (registered inside the worker).
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: job });
  const progress = new Int32Array(job.progress);
  let last = -1;
  let stalled = 0;
  let failed = false;
  let current = TARGETS[0]!.name;
  const timer = setInterval(() => {
    const now = Atomics.load(progress, 0);
    stalled = now === last ? stalled + 1 : 0;
    last = now;
    if (stalled >= 30) {
      console.error(`HANG: ${current}: case ${now} has run for over 30 s.`);
      failed = true;
      void worker.terminate();
    }
  }, 1000);
  let total = 0;
  worker.on(
    'message',
    (m: {
      done?: boolean;
      target?: string;
      truncations?: number;
      mutations?: number;
      read?: number;
      refused?: number;
      crashes?: string[];
      seconds?: number;
    }) => {
      if (m.done) return;
      const i = TARGETS.findIndex((t) => t.name === m.target);
      current = TARGETS[i + 1]?.name ?? current;
      total += (m.truncations ?? 0) + (m.mutations ?? 0);
      console.log(
        `${m.target}: ${m.truncations} truncations + ${m.mutations} mutations -> ${m.read} read, ${m.refused} refused (FormatError), ${m.crashes?.length} crashes, ${m.seconds?.toFixed(1)} s`,
      );
      for (const c of m.crashes?.slice(0, 5) ?? []) console.error(`  CRASH ${c}`);
      if ((m.crashes?.length ?? 0) > 0) failed = true;
    },
  );
  worker.on('error', (e) => {
    console.error(`worker died: ${e.message}`);
    failed = true;
  });
  worker.on('exit', () => {
    clearInterval(timer);
    console.log(`${total} cases, ${failed ? 'FAILED' : 'no crash, no hang'}.`);
    process.exitCode = failed ? 1 : 0;
  });
}
