// The durable deadline queue, driven through the engine without HTTP: order and ties, the
// exact due millisecond, the clock each handler sees, real-time firing, and deadlines that
// came due while the server was down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Clock, type ClockMode } from '../src/engine/clock.js';
import { Engine } from '../src/engine/engine.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { removeDir, tempDir } from './support/server.js';

interface Fired {
  key: string;
  /** the work's time */
  at: number;
  /** what the engine clock read while the handler ran */
  clock: number;
}

async function engineWith(mode: ClockMode, opts: { file?: string; wall?: () => number } = {}) {
  const engine = new Engine(new SqliteStore({ file: opts.file }), new Clock(mode, opts.wall));
  const fired: Fired[] = [];
  let onFire = (): void => undefined;
  engine.deadlines.on('test', async (w, payload) => {
    fired.push({ key: (payload as { key: string }).key, at: w.now, clock: engine.clock.now() });
    onFire();
  });
  /** resolves once `n` deadlines have fired (bounded: real-time firing is awaited, never slept for) */
  const firedCount = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`only ${fired.length} of ${n} deadlines fired within 5 s`)), 5000);
      onFire = () => fired.length >= n && (clearTimeout(timeout), resolve());
    });
  await engine.start();
  const arm = (key: string, due: number) => engine.run((w) => w.arm('test', key, due, { key }));
  const stop = async () => {
    await engine.stop();
    await engine.store.close();
  };
  return { engine, fired, arm, stop, firedCount };
}

test('advance fires every deadline due on the way, in due order, ties in arming order, each at its own time', async () => {
  const { engine, fired, arm, stop } = await engineWith('manual');
  try {
    const t0 = engine.clock.now();
    await arm('c', t0 + 3000);
    await arm('a', t0 + 1000);
    await arm('b1', t0 + 2000);
    await arm('b2', t0 + 2000);
    await arm('late', t0 + 10_000);
    await engine.advance(5000);
    assert.deepEqual(
      fired.map((f) => f.key),
      ['a', 'b1', 'b2', 'c'],
    );
    for (const f of fired) {
      const due = t0 + { a: 1000, b1: 2000, b2: 2000, c: 3000 }[f.key]!;
      assert.equal(f.at, due, `${f.key} runs at its due time`);
      assert.equal(f.clock, due, `${f.key} sees the clock at its due time`);
    }
    assert.equal(engine.clock.now(), t0 + 5000);
    assert.equal(await engine.run((w) => w.tx.countDeadlines()), 1, 'the later one is still armed');
  } finally {
    await stop();
  }
});

test('a deadline fires at exactly its due millisecond and not one earlier', async () => {
  const { engine, fired, arm, stop } = await engineWith('manual');
  try {
    const due = engine.clock.now() + 60_000;
    await arm('x', due);
    await engine.advance(59_999);
    assert.equal(fired.length, 0);
    await engine.advance(1);
    assert.deepEqual(fired, [{ key: 'x', at: due, clock: due }]);
    await engine.advance(60_000);
    assert.equal(fired.length, 1, 'a fired deadline is gone');
  } finally {
    await stop();
  }
});

test('arming again moves a deadline, cancelling removes it', async () => {
  const { engine, fired, arm, stop } = await engineWith('manual');
  try {
    const t0 = engine.clock.now();
    await arm('moved', t0 + 1000);
    await arm('moved', t0 + 4000);
    await arm('gone', t0 + 2000);
    await engine.run((w) => w.cancel('test', 'gone'));
    await engine.advance(3000);
    assert.equal(fired.length, 0);
    await engine.advance(1000);
    assert.deepEqual(fired.map((f) => [f.key, f.at]), [['moved', t0 + 4000]]);
  } finally {
    await stop();
  }
});

test('a handler that throws is reported and dropped; the deadlines after it still fire', async () => {
  const { engine, fired, arm, stop } = await engineWith('manual');
  const errors: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args);
  try {
    engine.deadlines.on('broken', async () => {
      throw new Error('boom');
    });
    const t0 = engine.clock.now();
    await engine.run((w) => w.arm('broken', 'b', t0 + 100, {}));
    await arm('after', t0 + 200);
    await engine.advance(1000);
    assert.deepEqual(fired.map((f) => f.key), ['after']);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0][0]), /deadline broken b failed and was dropped/);
    assert.equal(await engine.run((w) => w.tx.countDeadlines()), 0);
  } finally {
    console.error = original;
    await stop();
  }
});

test('in real-clock mode the earliest deadline fires on its own, without an advance', async () => {
  const { engine, fired, arm, stop, firedCount } = await engineWith('real');
  try {
    const both = firedCount(2);
    const t0 = engine.clock.now();
    await arm('second', t0 + 80);
    await arm('first', t0 + 40);
    await both;
    assert.deepEqual(fired.map((f) => f.key), ['first', 'second']);
    assert.equal(fired[0].at, t0 + 40, 'the handler sees its due time');
    assert.ok(fired[0].clock >= t0 + 40, 'and the clock has reached it');
  } finally {
    await stop();
  }
});

test('deadlines that came due while the server was down fire at start-up, in order, before start() returns', async () => {
  const dir = tempDir();
  const file = join(dir, 'state.db');
  let wall = Date.now();
  try {
    const first = await engineWith('real', { file, wall: () => wall });
    const t0 = first.engine.clock.now();
    await first.arm('later', t0 + 60_000);
    await first.arm('sooner', t0 + 30_000);
    await first.arm('not yet', t0 + 600_000);
    await first.stop();

    // the machine's clock moves on by two minutes while the server is down
    wall += 120_000;
    const second = await engineWith('real', { file, wall: () => wall });
    try {
      assert.deepEqual(
        second.fired.map((f) => [f.key, f.at]),
        [
          ['sooner', t0 + 30_000],
          ['later', t0 + 60_000],
        ],
      );
      assert.equal(await second.engine.run((w) => w.tx.countDeadlines()), 1);
    } finally {
      await second.stop();
    }
  } finally {
    removeDir(dir);
  }
});
