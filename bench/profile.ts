// Summarizes a V8 .cpuprofile (from `node --cpu-prof`, e.g. the bench with
// BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"): the functions with the most
// self time, and the connect-local functions with the most inclusive time.
//   node dist/bench/profile.js <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node dist/bench/profile.js <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string): string => {
  const i = url.indexOf('/dist/');
  if (i >= 0) return url.slice(i + 1);
  const m = url.indexOf('node_modules/');
  if (m >= 0) return url.slice(m);
  return url.replace(/^file:\/\//, '') || '(native)';
};
const keyOf = (n: ProfileNode): string =>
  `${short(n.callFrame.url)}:${n.callFrame.functionName || '(anonymous)'}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;

const self = new Map<number, number>();
let total = 0;
let idle = 0;
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i] ?? 0;
  const node = byId.get(prof.samples[i])!;
  self.set(node.id, (self.get(node.id) ?? 0) + dt);
  total += dt;
  if (node.callFrame.functionName === '(idle)') idle += dt;
}
const busy = total - idle;

const selfByKey = new Map<string, number>();
const inclByKey = new Map<string, number>();
for (const [id, t] of self) {
  selfByKey.set(keyOf(byId.get(id)!), (selfByKey.get(keyOf(byId.get(id)!)) ?? 0) + t);
  // inclusive: every distinct function on the stack, once
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(byId.get(cur)!);
    if (seen.has(k)) continue;
    seen.add(k);
    inclByKey.set(k, (inclByKey.get(k) ?? 0) + t);
  }
}

const pct = (t: number): string => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (percentages are of busy time)`);
console.log(`\ntop ${top} by self time:`);
for (const [k, t] of [...selfByKey].filter(([k]) => !k.includes('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(t)}  ${k}`);
}
console.log(`\ntop ${top} connect-local functions (dist/src) by inclusive time:`);
for (const [k, t] of [...inclByKey].filter(([k]) => k.startsWith('dist/src/')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(t)}  ${k}`);
}
