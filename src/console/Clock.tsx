// The emulator's clock: its mode and now, and buttons that advance it (POST
// /_local/clock/advance). On the real clock the shown time runs on in the page; the server is
// asked again only after an advance.
import { useEffect, useState } from 'preact/hooks';
import { advanceClock, getClock, type ClockState } from './api';
import { formatTime, message } from './util';

interface Reading extends ClockState {
  /** Date.now() when the reading was taken */
  at: number;
}

export function Clock() {
  const [reading, setReading] = useState<Reading | undefined>();
  const [, setTick] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [amount, setAmount] = useState('30');

  const take = (c: ClockState) => setReading({ ...c, at: Date.now() });
  useEffect(() => {
    getClock().then(take, (e) => setError(message(e)));
  }, []);
  useEffect(() => {
    if (reading?.mode !== 'real') return;
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [reading?.mode]);

  const advance = async (seconds: number) => {
    setBusy(true);
    setError(undefined);
    try {
      take(await advanceClock(seconds));
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const now = reading && (reading.mode === 'real' ? reading.now + Date.now() - reading.at : reading.now);
  const custom = Number(amount);

  return (
    <div class="clock" id="clock">
      <span class="mode" id="clock-mode" title="the clock's mode">
        {reading?.mode ?? '…'}
      </span>
      <time id="clock-now" data-now={now} dateTime={now !== undefined ? new Date(now).toISOString() : undefined}>
        {now !== undefined ? formatTime(now) : '…'}
      </time>
      <button id="advance-60" disabled={busy} onClick={() => advance(60)}>
        +1 min
      </button>
      <button id="advance-300" disabled={busy} onClick={() => advance(300)}>
        +5 min
      </button>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void advance(custom);
        }}
      >
        <input id="advance-seconds" type="number" min="0" step="any" aria-label="seconds to advance" value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
        <button id="advance-custom" disabled={busy || !Number.isFinite(custom) || custom < 0 || amount === ''}>
          +s
        </button>
      </form>
      {error && <span class="error">{error}</span>}
    </div>
  );
}
