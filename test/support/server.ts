// Starts the real server as a child process (`node dist/src/main.js`), the way a user does,
// on a free port, and gives clients for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';

export const MAIN = resolve(fileURLToPath(import.meta.url), '../../../src/main.js');

export interface TestServer {
  url: string;
  port: number;
  dataDir?: string;
  child: ChildProcess;
  /** everything the process wrote to stderr so far */
  stderr(): string;
  /** everything it wrote to stdout so far (the ready line, --log output) */
  stdout(): string;
  /** SIGTERM and wait */
  stop(): Promise<void>;
  /** SIGKILL and wait: no chance to flush anything */
  kill9(): Promise<void>;
}

export interface StartOptions {
  /** an existing data dir (for restarts); a fresh temp dir when omitted */
  dataDir?: string;
  inMemory?: boolean;
  clock?: 'real' | 'manual';
  args?: string[];
}

export function tempDir(prefix = 'connect-local-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.inMemory ? undefined : (opts.dataDir ?? tempDir());
  const args = [MAIN, '--port', '0', '--host', '127.0.0.1'];
  if (dataDir) args.push('--data-dir', dataDir);
  else args.push('--in-memory');
  if (opts.clock) args.push('--clock', opts.clock);
  args.push(...(opts.args ?? []));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = () => {
      const m = /connect-local listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolveUrl(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready: ${err}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    child,
    stderr: () => err,
    stdout: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** One in-memory server for the tests of a file: started before them, stopped after them. */
export function serverPerFile(ready: (server: TestServer) => void | Promise<void>, opts: Pick<StartOptions, 'clock'> = {}): void {
  let server: TestServer | undefined;
  before(async () => {
    server = await startServer({ inMemory: true, ...opts });
    await ready(server);
  });
  after(async () => {
    await server?.stop();
  });
}

/** An SDK client for the server, signed with the given access key (12 digits = that account). */
export function connectClient(url: string, opts: { accessKeyId?: string; region?: string } = {}): ConnectClient {
  return new ConnectClient({
    endpoint: url,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: opts.accessKeyId ?? 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

export function participantClient(url: string, region = 'us-east-1'): ConnectParticipantClient {
  return new ConnectParticipantClient({
    endpoint: url,
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** A fresh CONNECT_MANAGED instance with a unique alias; returns its id. */
export async function createTestInstance(
  client: ConnectClient,
  opts: { prefix?: string; inbound?: boolean; outbound?: boolean } = {},
): Promise<string> {
  const { CreateInstanceCommand } = await import('@aws-sdk/client-connect');
  const out = await client.send(
    new CreateInstanceCommand({
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: `${opts.prefix ?? 'test'}-${randomUUID().slice(0, 13)}`,
      InboundCallsEnabled: opts.inbound ?? true,
      OutboundCallsEnabled: opts.outbound ?? true,
    }),
  );
  if (!out.Id) throw new Error('CreateInstance returned no Id');
  return out.Id;
}

/** The id of the default instance `connect-local`. */
export async function defaultInstanceId(client: ConnectClient): Promise<string> {
  const { ListInstancesCommand } = await import('@aws-sdk/client-connect');
  const out = await client.send(new ListInstancesCommand({}));
  const inst = out.InstanceSummaryList?.find((i) => i.InstanceAlias === 'connect-local');
  if (!inst?.Id) throw new Error('the default instance connect-local is missing');
  return inst.Id;
}
