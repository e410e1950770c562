// Command line and environment -> configuration. Flags win over the environment.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import type { ClockMode } from './engine/clock.js';

export interface Config {
  host: string;
  port: number;
  /** the SQLite file, or undefined for --in-memory */
  dataFile?: string;
  clock: ClockMode;
  /** how long an offered contact waits for the agent to accept it, in ms of emulator time */
  offerTimeoutMs: number;
}

export const USAGE = `Usage: connect-local [options]

Amazon Connect and the Connect Participant Service on one local endpoint.

Options:
  --port N           port to listen on (0 picks a free one)   env PORT, default 4570
  --host ADDR        address to listen on                     env HOST, default 127.0.0.1
  --data-dir DIR     where state.db is kept                   env CONNECT_LOCAL_DATA_DIR, default ./.connect-local
  --in-memory        keep nothing on disk
  --clock MODE       real (default) or manual: time moves only through POST /_local/clock/advance
                                                              env CONNECT_LOCAL_CLOCK
  --offer-timeout S  seconds an agent has to accept an offered contact
                                                              env CONNECT_LOCAL_OFFER_TIMEOUT, default 30
  -h, --help         this text
  -v, --version      the version
`;

export class ConfigError extends Error {}

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): Config | 'help' | 'version' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean' },
        clock: { type: 'string' },
        'offer-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  if (values.help) return 'help';
  if (values.version) return 'version';
  const portText = values.port ?? env.PORT ?? '4570';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError(`--port: ${portText} is not a port number`);
  const clock = values.clock ?? env.CONNECT_LOCAL_CLOCK ?? 'real';
  if (clock !== 'real' && clock !== 'manual') throw new ConfigError(`--clock: ${clock} is neither real nor manual`);
  const offerText = values['offer-timeout'] ?? env.CONNECT_LOCAL_OFFER_TIMEOUT ?? '30';
  const offerSeconds = Number(offerText);
  if (!/^\d+(\.\d+)?$/.test(offerText) || offerSeconds <= 0) throw new ConfigError(`--offer-timeout: ${offerText} is not a number of seconds above 0`);
  const dataDir = resolve(values['data-dir'] ?? env.CONNECT_LOCAL_DATA_DIR ?? '.connect-local');
  return {
    host: values.host ?? env.HOST ?? '127.0.0.1',
    port,
    dataFile: values['in-memory'] ? undefined : join(dataDir, 'state.db'),
    clock,
    offerTimeoutMs: Math.round(offerSeconds * 1000),
  };
}
