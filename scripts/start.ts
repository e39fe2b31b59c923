// `npm start`: build the explorer if needed, serve it on 127.0.0.1, print the URL.
import { SERVE_USAGE, parseServeArgs, serve } from '../src/cli/serve.js';

async function main(): Promise<void> {
  let args: ReturnType<typeof parseServeArgs>;
  try {
    args = parseServeArgs(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${SERVE_USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(SERVE_USAGE);
    return;
  }
  const running = await serve({ ...args, log: (line) => console.log(line) });
  console.log(`ortholab explorer: ${running.url}`);
  console.log('Press Ctrl+C to stop.');
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`Could not start the explorer: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
