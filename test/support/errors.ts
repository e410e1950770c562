// Expecting a modelled AWS error from an SDK call.
import assert from 'node:assert/strict';

export type SdkError = Error & { $metadata?: { httpStatusCode?: number }; $fault?: string };

interface Expectation {
  /** text or pattern the message must contain */
  mentions?: string | RegExp;
  /** HTTP status of the answer */
  status?: number;
}

async function expectFailure(call: Promise<unknown>, name: string, want: Expectation): Promise<SdkError> {
  let result: unknown;
  try {
    result = await call;
  } catch (e) {
    const err = e as SdkError;
    assert.ok(err.$fault && err.$metadata?.httpStatusCode, `expected an answer of the service, got ${String(e)}`);
    assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    if (typeof want.mentions === 'string') {
      assert.ok(err.message.includes(want.mentions), `the message should name ${want.mentions}: ${err.message}`);
    } else if (want.mentions) {
      assert.match(err.message, want.mentions);
    }
    if (want.status !== undefined) assert.equal(err.$metadata?.httpStatusCode, want.status);
    return err;
  }
  assert.fail(`expected ${name}, but the call succeeded with ${JSON.stringify(result)}`);
}

/** Awaits a call that must fail with the SDK exception `name`, whose message mentions `mentions`. */
export const expectError = (call: Promise<unknown>, name: string, mentions?: string | RegExp): Promise<SdkError> =>
  expectFailure(call, name, { mentions });

/** Runs `fn`, which must fail with the SDK exception `name` (and HTTP `status`). */
export const rejects = (fn: () => Promise<unknown>, name: string, status?: number): Promise<SdkError> =>
  expectFailure(fn(), name, { status });
