#!/usr/bin/env node
// connect-local: command line -> configuration -> store -> server.
import { ConfigError, parseConfig, USAGE } from './config.js';
import { startServer } from './server.js';
import { VERSION } from './version.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`connect-local: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config === 'help') return void process.stdout.write(USAGE);
  if (config === 'version') return void process.stdout.write(`${VERSION}\n`);

  const running = await startServer(config);
  process.stdout.write(`connect-local listening on ${running.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`connect-local: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
