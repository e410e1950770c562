// Calls out to AWS Lambda's Invoke API at the endpoint the person running connect-local gave
// (--lambda-endpoint: `sam local start-lambda`, or any Lambda-compatible emulator). Always
// outside a transaction: the flow parks, the call is made after the commit, and its answer
// resumes the flow in a unit of work of its own.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { RegionalClients } from './outbound-clients.js';

/** timedOut: no answer within the real-time limit (the flow's own limit is a deadline on the emulator clock) */
export type LambdaAnswer = { ok: true; payload: unknown } | { ok: false; why: string; timedOut?: boolean };

export class LambdaInvoker {
  private readonly clients: RegionalClients<LambdaClient>;

  constructor(endpoint: string) {
    this.clients = new RegionalClients(endpoint, (config) => new LambdaClient(config));
  }

  /** Invokes the function with `event`; `sync` waits for its answer at most `timeoutMs` (of real time). */
  async invoke(region: string, functionName: string, event: unknown, sync: boolean, timeoutMs: number): Promise<LambdaAnswer> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const out = await this.clients.get(region).send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: sync ? 'RequestResponse' : 'Event', Payload: Buffer.from(JSON.stringify(event)) }),
        { abortSignal: signal },
      );
      if (out.FunctionError) return { ok: false, why: `the function failed (${out.FunctionError})` };
      if (!sync) return { ok: true, payload: undefined };
      const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
      try {
        return { ok: true, payload: text ? JSON.parse(text) : undefined };
      } catch {
        return { ok: false, why: 'the function answered something that is not JSON' };
      }
    } catch (e) {
      return signal.aborted ? { ok: false, why: `no answer within ${timeoutMs / 1000} s`, timedOut: true } : { ok: false, why: `the call failed: ${(e as Error).message}` };
    }
  }

  close(): void {
    this.clients.destroy();
  }
}
