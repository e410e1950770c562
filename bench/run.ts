// The benchmark: connect-local against a bare node:http server, at a fixed concurrency over
// keep-alive connections. `npm run bench` (builds, then `node dist/bench/run.js`).
//
// What runs where (four processes, sharing the machine's cores as the OS schedules them):
//   - this process (orchestrator): starts the others, checks one request of each scenario,
//     waits, prints; it is idle while a scenario runs;
//   - baseline: `node dist/bench/baseline.js`, a bare node:http server answering every
//     request with the same small JSON body;
//   - connect-local: `node dist/src/main.js --port 0 --host 127.0.0.1 --data-dir <fresh tmp>`,
//     the real server on a real SQLite file;
//   - load generator: `dist/bench/load.js`, forked afresh for each scenario, keeping
//     BENCH_CONNECTIONS requests in flight over as many keep-alive sockets.
// Both servers stay up for the whole run, but only one is loaded at a time.
//
// Scenarios, in this order: baseline GET /; DescribeInstance (GET /instance/{id} of the default instance,
// found with ListInstances); UpdateInstanceAttribute (POST /instance/{id}/attribute/
// CONTACTFLOW_LOGS, {"Value":"true"|"false"} alternating, a fresh ClientToken every request);
// SendMessage (POST /participant/message into one chat, a fresh ClientToken every request);
// GetTranscript (chatjs's call: the newest 15 of that chat, which by then holds every message
// of the SendMessage scenario); StartChatContact (PUT /contact/chat into the sample inbound flow,
// a fresh ClientToken every request: each starts a chat that runs the flow and waits in
// BasicQueue); baseline GET / again, so that the ratio is taken against the
// mean of the two baselines. Then the websocket fan-out (bench/fanout.ts): FANOUT_CHATS chats
// with two participants each, both on a websocket, SendMessage round the chats with
// BENCH_CONNECTIONS requests in flight; every message must reach both sockets of its chat.
// Requests carry the SDK's headers and a SigV4 signature; BENCH_SIGN=once (default) signs one
// request per shape and reuses its headers, BENCH_SIGN=each signs every request in the load
// generator, as the SDK would (costs load-generator CPU).
//
// Knobs (environment): BENCH_CONNECTIONS (10), BENCH_WARMUP_MS (1000), BENCH_DURATION_MS
// (5000), BENCH_SIGN (once|each), BENCH_SERVER_NODE_ARGS (extra node flags for connect-local,
// e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_ONLY (comma-separated scenario names),
// BENCH_IN_MEMORY (run connect-local with --in-memory, to see what the disk costs),
// BENCH_FANOUT_CHATS (500; 0 skips the fan-out).
//
// It prints; it asserts nothing. The target: connect-local at least 0.5 of
// the bare server's requests/s at 10 connections, for every operation.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN, connectClient, defaultInstanceId, participantClient, removeDir, tempDir } from '../test/support/server.js';
import {
  CreateParticipantCommand,
  ListContactFlowsCommand,
  StartChatContactCommand,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, type ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import type { FanoutChat, FanoutJob, FanoutResult } from './fanout.js';
import type { LoadJob, LoadResult } from './load.js';
import { requestSource, send, type ScenarioSpec } from './requests.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const BASELINE_JS = resolve(HERE, 'baseline.js');
const LOAD_JS = resolve(HERE, 'load.js');
const FANOUT_JS = resolve(HERE, 'fanout.js');

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const SIGN = process.env.BENCH_SIGN === 'each' ? 'each' : 'once';
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const FANOUT_CHATS = Number(process.env.BENCH_FANOUT_CHATS ?? 500);
/** the whole run, whatever happens */
const TOTAL_LIMIT_MS = 150_000;
const TARGET_RATIO = 0.5;

const children = new Set<ChildProcess>();
const dirs: string[] = [];

interface Started {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Spawns a server process and waits for its `... listening on <url>` line. */
function startProcess(label: string, args: string[]): Promise<Started> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
    if (err.length > 20_000) err = err.slice(-10_000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => (children.delete(child), r())));
  return new Promise((resolveStarted, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      resolveStarted({
        child,
        url: m[1],
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        },
      });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code} before it was ready: ${err}`)));
  });
}

/** user+system CPU seconds of a process so far (Linux /proc), NaN elsewhere */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** One request of the scenario from here, so a broken setup fails loudly before the load. */
async function check(spec: ScenarioSpec): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  const url = new URL(spec.url);
  const r = await send(agent, url.hostname, Number(url.port), await (await requestSource(spec, SIGN))());
  if (r.status < 200 || r.status > 299) throw new Error(`${spec.name}: the check request got ${r.status} ${r.body}`);
}

type Measured = LoadResult & {
  /** server CPU over the whole scenario (warm-up included), as a share of one core */
  serverCpu: number;
  /** server CPU per request answered in the scenario (warm-up included): robust to other work on the machine */
  serverUsPerReq: number;
};

function runScenario(spec: ScenarioSpec, serverPid: number | undefined): Promise<Measured> {
  const job: LoadJob = { spec, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS, sign: SIGN };
  const child = fork(LOAD_JS, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const cpu0 = cpuSeconds(serverPid);
  const t0 = performance.now();
  return new Promise((resolveResult, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${spec.name}: the load generator did not finish in time`));
    }, WARMUP_MS + DURATION_MS + 15_000);
    child.once('message', (m: { result?: LoadResult; error?: string }) => {
      settled = true;
      clearTimeout(timer);
      const cpu = cpuSeconds(serverPid) - cpu0;
      const serverCpu = cpu / ((performance.now() - t0) / 1000);
      if (m.result) {
        const serverUsPerReq = (cpu * 1e6) / (m.result.requests + m.result.warmupRequests);
        resolveResult({ ...m.result, serverCpu, serverUsPerReq });
      }
      else reject(new Error(`${spec.name}: ${m.error}`));
    });
    child.once('exit', (code) => {
      children.delete(child);
      if (!settled) {
        clearTimeout(timer);
        reject(new Error(`${spec.name}: the load generator exited with ${code}`));
      }
    });
    child.send(job);
  });
}

const loadGenUsPerReq = (r: LoadResult): number => (r.loadGenCpu * r.seconds * 1e6) / r.requests;

function fmt(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

function printTable(rows: (Measured & { ratio: number })[]): void {
  const head = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'ratio', 'server CPU', 'server us/req', 'loadgen CPU', 'loadgen us/req'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.rps, 0),
    fmt(r.p50ms, 2),
    fmt(r.p99ms, 2),
    String(r.errors),
    fmt(r.ratio, 2),
    `${fmt(r.serverCpu * 100, 0)}%`,
    fmt(r.serverUsPerReq, 0),
    `${fmt(r.loadGenCpu * 100, 0)}%`,
    fmt(loadGenUsPerReq(r), 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

/** A chat of the default instance: its customer's ConnectionToken and websocket URL, and a custom bot's. */
async function chatWithTwo(connect: ConnectClient, participant: ConnectParticipantClient, instanceId: string, flowId: string): Promise<FanoutChat> {
  const chat = await connect.send(new StartChatContactCommand({ InstanceId: instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Bench' } }));
  const bot = await connect.send(
    new CreateParticipantCommand({ InstanceId: instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' } }),
  );
  const tokens = [chat.ParticipantToken!, bot.ParticipantCredentials!.ParticipantToken!];
  const participants = await Promise.all(
    tokens.map(async (ParticipantToken) => {
      const c = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
      return { connectionToken: c.ConnectionCredentials!.ConnectionToken!, websocketUrl: c.Websocket!.Url! };
    }),
  );
  return { participants };
}

/** `count` chats, made `parallel` at a time. */
async function makeChats(count: number, make: () => Promise<FanoutChat>, parallel = 20): Promise<FanoutChat[]> {
  const chats: FanoutChat[] = [];
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (chats.length < count) chats.push(await make());
    }),
  );
  return chats.slice(0, count);
}

type FanoutMeasured = FanoutResult & { serverCpu: number; serverUsPerDelivery: number };

function runFanout(job: FanoutJob, serverPid: number | undefined): Promise<FanoutMeasured> {
  const child = fork(FANOUT_JS, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const cpu0 = cpuSeconds(serverPid);
  const t0 = performance.now();
  return new Promise((resolveResult, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('fan-out: did not finish in time'));
    }, job.warmupMs + job.durationMs + 60_000);
    child.once('message', (m: { result?: FanoutResult; error?: string }) => {
      clearTimeout(timer);
      const cpu = cpuSeconds(serverPid) - cpu0;
      if (!m.result) return reject(new Error(`fan-out: ${m.error}`));
      const delivered = m.result.deliveriesPerSec * (job.durationMs / 1000);
      resolveResult({ ...m.result, serverCpu: cpu / ((performance.now() - t0) / 1000), serverUsPerDelivery: (cpu * 1e6) / delivered });
    });
    child.once('exit', () => children.delete(child));
    child.send(job);
  });
}

async function cleanup(): Promise<void> {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) removeDir(d);
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: gave up after ${TOTAL_LIMIT_MS / 1000} s`);
    void cleanup().then(() => process.exit(2));
  }, TOTAL_LIMIT_MS);
  watchdog.unref();

  const dataDir = tempDir('connect-local-bench-');
  dirs.push(dataDir);
  const [baseline, server] = await Promise.all([
    startProcess('baseline', [BASELINE_JS]),
    startProcess('connect-local', [...SERVER_NODE_ARGS, MAIN, '--port', '0', '--host', '127.0.0.1', ...(process.env.BENCH_IN_MEMORY ? ['--in-memory'] : ['--data-dir', dataDir])]),
  ]);
  const connect = connectClient(server.url);
  const participant = participantClient(server.url);
  const instanceId = await defaultInstanceId(connect);
  const flows = await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }));
  const flowId = flows.ContactFlowSummaryList!.find((f) => f.Name === 'Sample inbound flow (first contact experience)')!.Id!;
  const [benchChat] = await makeChats(1, () => chatWithTwo(connect, participant, instanceId, flowId));
  const connectionToken = benchChat.participants[0].connectionToken;

  const specs: { spec: ScenarioSpec; pid: number | undefined }[] = [
    { spec: { name: 'baseline GET', url: baseline.url }, pid: baseline.child.pid },
    { spec: { name: 'DescribeInstance', url: server.url, instanceId }, pid: server.child.pid },
    { spec: { name: 'UpdateInstanceAttribute', url: server.url, instanceId }, pid: server.child.pid },
    { spec: { name: 'SendMessage', url: server.url, connectionToken }, pid: server.child.pid },
    { spec: { name: 'GetTranscript', url: server.url, connectionToken }, pid: server.child.pid },
    { spec: { name: 'StartChatContact', url: server.url, instanceId, contactFlowId: flowId }, pid: server.child.pid },
  ];
  const chosen = specs.filter((s) => !ONLY || s.spec.name === 'baseline GET' || ONLY.includes(s.spec.name));
  for (const s of chosen) await check(s.spec);
  // the baseline again at the end: the ratio uses the mean of both, which evens out drift
  // (thermal, other work on the machine) over the run
  chosen.push(chosen[0]);

  console.log(
    `connect-local bench: node ${process.version}, ${cpus().length} CPUs, ${CONNECTIONS} keep-alive connections, ` +
      `${WARMUP_MS} ms warm-up + ${DURATION_MS} ms measured per scenario, signing: ${SIGN}; ` +
      `data dir ${dataDir} (SQLite on disk)${SERVER_NODE_ARGS.length ? `; server node args: ${SERVER_NODE_ARGS.join(' ')}` : ''}`,
  );
  console.log('processes: orchestrator (idle while loading) | baseline server | connect-local | load generator (forked per scenario)');
  const results: Measured[] = [];
  for (const s of chosen) results.push(await runScenario(s.spec, s.pid));

  let fanout: (FanoutMeasured & { setupSeconds: number }) | undefined;
  if (FANOUT_CHATS > 0 && (!ONLY || ONLY.includes('fan-out'))) {
    const t0 = performance.now();
    const chats = await makeChats(FANOUT_CHATS, () => chatWithTwo(connect, participant, instanceId, flowId));
    const setupSeconds = (performance.now() - t0) / 1000;
    const job: FanoutJob = { url: server.url, chats, inFlight: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS };
    fanout = { ...(await runFanout(job, server.child.pid)), setupSeconds };
  }

  await Promise.all([baseline.stop(), server.stop()]);
  removeDir(dataDir);
  dirs.length = 0;

  const baselines = results.filter((r) => r.name === 'baseline GET');
  const base = baselines.reduce((sum, r) => sum + r.rps, 0) / baselines.length;
  const rows = results.map((r, i) => ({
    ...r,
    name: r.name === 'baseline GET' ? (i === 0 ? 'baseline GET (first)' : 'baseline GET (last)') : r.name,
    ratio: r.rps / base,
  }));
  console.log('');
  printTable(rows);
  for (const r of rows) {
    if (r.errorSamples.length) console.log(`${r.name}: first errors: ${r.errorSamples.join(' | ')}`);
  }
  console.log(`ratio: req/s over the baseline's mean, ${fmt(base, 0)} req/s; CPU: share of one core and CPU time per request (server: the whole scenario incl. warm-up; loadgen: the measured window)`);
  const ops = rows.filter((r) => !r.name.startsWith('baseline GET'));
  const meets = ops.every((r) => r.ratio >= TARGET_RATIO);
  console.log(
    `\ntarget: each operation >= ${TARGET_RATIO} of the baseline's req/s at ${CONNECTIONS} connections: ` +
      ops.map((r) => `${r.name} ${fmt(r.ratio, 2)}`).join(', ') +
      (meets ? ' (met)' : ' (not met)'),
  );
  if (fanout) {
    console.log(
      `\nfan-out: ${fanout.sockets} websockets in ${fanout.chats} chats (set up in ${fmt(fanout.setupSeconds, 1)} s), ` +
        `${CONNECTIONS} SendMessage in flight: ${fmt(fanout.messagesPerSec, 0)} messages/s, ${fmt(fanout.deliveriesPerSec, 0)} deliveries/s, ` +
        `delivery latency p50 ${fmt(fanout.p50ms, 2)} ms, p99 ${fmt(fanout.p99ms, 2)} ms, max ${fmt(fanout.maxms, 2)} ms; ` +
        `missing ${fanout.missing}, wrong ${fanout.wrong}, errors ${fanout.errors}; server CPU ${fmt(fanout.serverCpu * 100, 0)}%, ` +
        `${fmt(fanout.serverUsPerDelivery, 0)} us per delivery`,
    );
  }
  const round = (n: number, d: number): number | null => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);
  console.log(
    JSON.stringify({
      bench: 'connect-local',
      node: process.version,
      cpus: cpus().length,
      connections: CONNECTIONS,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      sign: SIGN,
      target: TARGET_RATIO,
      baselineRps: round(base, 1),
      results: rows.map((r) => ({
        name: r.name,
        requests: r.requests,
        rps: round(r.rps, 1),
        p50ms: round(r.p50ms, 3),
        p99ms: round(r.p99ms, 3),
        maxms: round(r.maxms, 3),
        errors: r.errors,
        ratio: round(r.ratio, 3),
        serverCpu: round(r.serverCpu, 3),
        serverUsPerReq: round(r.serverUsPerReq, 1),
        loadGenCpu: round(r.loadGenCpu, 3),
        loadGenUsPerReq: round(loadGenUsPerReq(r), 1),
      })),
      fanout,
    }),
  );
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => void cleanup().then(() => process.exit(130)));
}
main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`bench: ${e.stack ?? e.message}`);
    void cleanup().then(() => process.exit(1));
  },
);
