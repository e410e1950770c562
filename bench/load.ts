// The load generator: a process of its own (forked by run.ts, `dist/bench/load.js`), so that
// it shares the machine's cores with the server under test instead of that server's event
// loop. It keeps `connections` requests in flight over as many keep-alive sockets
// (node:http Agent, keepAlive, maxSockets = connections), each loop sending its next request
// as soon as the previous answer is read. Only requests that start after the warm-up and end
// before the deadline are counted.
import { Agent } from 'node:http';
import { requestSource, send, type ScenarioSpec } from './requests.js';

export interface LoadJob {
  spec: ScenarioSpec;
  connections: number;
  warmupMs: number;
  durationMs: number;
  sign: 'once' | 'each';
}

export interface LoadResult {
  name: string;
  requests: number;
  /** non-2xx answers and transport failures, in the measured window */
  errors: number;
  /** the first few error descriptions, to tell what went wrong */
  errorSamples: string[];
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  maxms: number;
  /** requests sent in the warm-up, not counted */
  warmupRequests: number;
  /** CPU time of this load-generator process in the measured window, as a share of one core */
  loadGenCpu: number;
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.spec.url);
  const host = url.hostname;
  const port = Number(url.port);
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections, maxFreeSockets: job.connections });
  const next = await requestSource(job.spec, job.sign);

  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const deadline = measureFrom + job.durationMs;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let errors = 0;
  let warmupRequests = 0;
  const errorSamples: string[] = [];
  let cpuAtMeasure: NodeJS.CpuUsage | undefined;
  const cpuTimer = setTimeout(() => (cpuAtMeasure = process.cpuUsage()), job.warmupMs);

  const loop = async (): Promise<void> => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= deadline) return;
      let status = 0;
      let failure: string | undefined;
      try {
        const r = await send(agent, host, port, await next());
        status = r.status;
        if (status < 200 || status > 299) failure = `${status} ${r.body.slice(0, 200)}`;
      } catch (e) {
        failure = (e as Error).message;
      }
      const t1 = performance.now();
      if (t0 < measureFrom) {
        warmupRequests++;
        continue;
      }
      if (t1 > deadline) return;
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = t1 - t0;
      if (failure !== undefined) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  clearTimeout(cpuTimer);
  const cpu = process.cpuUsage(cpuAtMeasure);
  agent.destroy();

  const sorted = latencies.subarray(0, count).sort();
  const pct = (p: number): number => (count ? sorted[Math.min(count - 1, Math.ceil(p * count) - 1)] : NaN);
  const seconds = job.durationMs / 1000;
  return {
    name: job.spec.name,
    requests: count,
    errors,
    errorSamples,
    seconds,
    rps: count / seconds,
    p50ms: pct(0.5),
    p99ms: pct(0.99),
    maxms: count ? sorted[count - 1] : NaN,
    warmupRequests,
    loadGenCpu: (cpu.user + cpu.system) / 1000 / job.durationMs,
  };
}

// As a forked child: one job in, one result out.
if (process.send) {
  process.once('message', (job: LoadJob) => {
    runLoad(job).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (e: Error) => process.send!({ error: e.stack ?? e.message }, () => process.exit(1)),
    );
  });
}
