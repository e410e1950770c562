// Command line and environment -> configuration. Flags win over the environment.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { ClockMode } from './engine/clock.js';
import { DEFAULT_AUTH_USER, type AuthUser } from './engine/work.js';

export interface Config {
  host: string;
  port: number;
  /** the SQLite file, or undefined for --in-memory */
  dataFile?: string;
  clock: ClockMode;
  /** how long an offered contact waits for the agent to accept it, in ms of emulator time */
  offerTimeoutMs: number;
  /** where InvokeLambdaFunction sends the Lambda Invoke API */
  lambdaEndpoint?: string;
  /** where every contact event is sent with PutEvents */
  eventBridgeEndpoint?: string;
  /** caps the retry back-off of event delivery, in ms (a hidden knob for tests) */
  eventBridgeMaxBackoffMs?: number;
  /** what is printed as it happens: flows (every flow action) */
  log: Set<string>;
  /** who signs in on the local customer-authentication page */
  authUsers: AuthUser[];
  /** makes DistributeByPercentage repeat its draws */
  seed?: string;
  /** how long contact events are kept for GET /_local/events (Last-Event-ID), in ms of emulator time */
  eventRetentionMs: number;
}

const LOG_KINDS = ['flows'];

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
  --lambda-endpoint URL  where InvokeLambdaFunction calls the Lambda Invoke API (sam local
                     start-lambda, or any Lambda-compatible emulator)   env CONNECT_LOCAL_LAMBDA_ENDPOINT
  --eventbridge-endpoint URL  sends every contact event with PutEvents to this EventBridge-
                     compatible endpoint (moto, LocalStack), retried until delivered
                                                              env CONNECT_LOCAL_EVENTBRIDGE_ENDPOINT
  --log KINDS        print as it happens, comma-separated: flows (every flow action)
                                                              env CONNECT_LOCAL_LOG
  --auth-users FILE  JSON list of identities for the customer-authentication sign-in page:
                     [{"username","password","email","givenName","familyName"}]
                     default: customer / Passw0rd! (Casey Customer)  env CONNECT_LOCAL_AUTH_USERS
  --seed TEXT        makes DistributeByPercentage draw the same numbers each run
                                                              env CONNECT_LOCAL_SEED
  --event-retention S  seconds contact events are kept for GET /_local/events to replay
                                                              env CONNECT_LOCAL_EVENT_RETENTION, default 86400
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
        'lambda-endpoint': { type: 'string' },
        'eventbridge-endpoint': { type: 'string' },
        log: { type: 'string' },
        'auth-users': { type: 'string' },
        seed: { type: 'string' },
        'event-retention': { type: 'string' },
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
  const lambdaEndpoint = values['lambda-endpoint'] ?? env.CONNECT_LOCAL_LAMBDA_ENDPOINT;
  if (lambdaEndpoint !== undefined && !/^https?:\/\/[^/]+/.test(lambdaEndpoint)) throw new ConfigError(`--lambda-endpoint: ${lambdaEndpoint} is not an http(s) URL`);
  const eventBridgeEndpoint = values['eventbridge-endpoint'] ?? env.CONNECT_LOCAL_EVENTBRIDGE_ENDPOINT;
  if (eventBridgeEndpoint !== undefined && !/^https?:\/\/[^/]+/.test(eventBridgeEndpoint)) throw new ConfigError(`--eventbridge-endpoint: ${eventBridgeEndpoint} is not an http(s) URL`);
  // not in the usage text: lets a test see a retry within a second instead of a minute
  const backoffText = env.CONNECT_LOCAL_EVENTBRIDGE_MAX_BACKOFF_MS;
  const eventBridgeMaxBackoffMs = backoffText && /^\d+$/.test(backoffText) && Number(backoffText) > 0 ? Number(backoffText) : undefined;
  const log = new Set((values.log ?? env.CONNECT_LOCAL_LOG ?? '').split(',').map((k) => k.trim()).filter(Boolean));
  for (const k of log) if (!LOG_KINDS.includes(k)) throw new ConfigError(`--log: ${k} is not one of ${LOG_KINDS.join(', ')}`);
  const retentionText = values['event-retention'] ?? env.CONNECT_LOCAL_EVENT_RETENTION ?? '86400';
  const retentionSeconds = Number(retentionText);
  if (!/^\d+(\.\d+)?$/.test(retentionText) || retentionSeconds <= 0) throw new ConfigError(`--event-retention: ${retentionText} is not a number of seconds above 0`);
  const usersFile = values['auth-users'] ?? env.CONNECT_LOCAL_AUTH_USERS;
  const dataDir = resolve(values['data-dir'] ?? env.CONNECT_LOCAL_DATA_DIR ?? '.connect-local');
  return {
    host: values.host ?? env.HOST ?? '127.0.0.1',
    port,
    dataFile: values['in-memory'] ? undefined : join(dataDir, 'state.db'),
    clock,
    offerTimeoutMs: Math.round(offerSeconds * 1000),
    lambdaEndpoint,
    eventBridgeEndpoint,
    eventBridgeMaxBackoffMs,
    log,
    authUsers: usersFile ? readAuthUsers(usersFile) : [DEFAULT_AUTH_USER],
    seed: values.seed ?? env.CONNECT_LOCAL_SEED,
    eventRetentionMs: Math.round(retentionSeconds * 1000),
  };
}

/** The identities of --auth-users: each with a username and a password. */
function readAuthUsers(file: string): AuthUser[] {
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`--auth-users: ${file} cannot be read as JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(list) || !list.length) throw new ConfigError(`--auth-users: ${file} must hold a list of identities`);
  return list.map((u: Partial<Record<keyof AuthUser, unknown>>, i) => {
    if (typeof u?.username !== 'string' || !u.username || typeof u.password !== 'string') {
      throw new ConfigError(`--auth-users: identity ${i} needs a username and a password`);
    }
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { username: u.username, password: u.password, email: text(u.email), givenName: text(u.givenName), familyName: text(u.familyName) };
  });
}
