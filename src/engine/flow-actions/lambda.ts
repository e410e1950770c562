// InvokeLambdaFunction (spec flows.md §3.5): the event Amazon Connect sends (Details.ContactData,
// Details.Parameters, Name ContactFlowEvent) goes to the Lambda Invoke API after the commit;
// a synchronous call parks the flow until the answer, which fills $.External, or until the time
// limit (on the emulator clock, and in real time for the call itself) takes the error branch.
import { saveContact } from '../contacts.js';
import { findContact } from '../contacts.js';
import { resumeFlow, type ActionContext, type ActionHandler, type ActionResult } from '../flow-runner.js';
import { interpolate, lookup } from '../flow-values.js';
import { instanceArn } from '../resources.js';

const noMatch = (why: string): ActionResult => ({ kind: 'error', type: 'NoMatchingError', why });
/** a synchronous invocation waits at most 8 s (admin guide) */
const MAX_SYNC_SECONDS = 8;

async function contactData(x: ActionContext): Promise<Record<string, unknown>> {
  const c = x.contact.data;
  const queue = (await lookup(x, '$.Queue')) as Record<string, unknown>;
  return {
    Attributes: c.Attributes ?? {},
    Channel: c.Channel,
    ContactId: c.Id,
    CustomerEndpoint: null,
    CustomerId: c.CustomerId ?? null,
    Description: c.Description ?? null,
    InitialContactId: c.InitialContactId,
    InitiationMethod: c.InitiationMethod,
    InstanceARN: instanceArn(x.p, x.contact.scope),
    LanguageCode: x.state.LanguageCode ?? 'en-US',
    MediaStreams: {},
    Name: c.Name ?? null,
    PreviousContactId: c.PreviousContactId ?? c.Id,
    Queue: queue.ARN ? { ARN: queue.ARN, Name: queue.Name, OutboundCallerId: queue.OutboundCallerId } : null,
    References: x.state.References ?? {},
    SegmentAttributes: c.SegmentAttributes ?? {},
    SystemEndpoint: null,
    Tags: c.Tags ?? {},
  };
}

/** The answer as $.External, or why it cannot be one (STRING_MAP: a flat map of scalars; JSON: any object). */
function external(payload: unknown, type: string): Record<string, unknown> | string {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return 'the answer is not a JSON object';
  if (type === 'JSON') return payload as Record<string, unknown>;
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (v !== null && typeof v === 'object') return `the answer's ${k} is nested, which a STRING_MAP response does not allow`;
    flat[k] = v === null ? '' : String(v);
  }
  return flat;
}

const InvokeLambdaFunction: ActionHandler = async (x) => {
  const endpoint = x.w.settings.lambdaEndpoint;
  if (!endpoint) return noMatch('no --lambda-endpoint is configured');
  const fn = await interpolate(x, x.params.LambdaFunctionARN);
  if (!fn) return noMatch('LambdaFunctionARN is empty');
  const parameters: Record<string, string> = {};
  const attrs = x.params.LambdaInvocationAttributes;
  if (attrs && typeof attrs === 'object') for (const [k, v] of Object.entries(attrs)) parameters[k] = await interpolate(x, v);
  const event = { Details: { ContactData: await contactData(x), Parameters: parameters }, Name: 'ContactFlowEvent' };
  const sync = x.params.InvocationType !== 'ASYNCHRONOUS';
  const limit = Math.min(Math.max(Number(x.params.InvocationTimeLimitSeconds ?? MAX_SYNC_SECONDS) || MAX_SYNC_SECONDS, 1), sync ? MAX_SYNC_SECONDS : 60);
  const region = x.p.region;
  if (!sync) {
    x.w.after.push(async (engine) => {
      const answer = await engine.lambda!.invoke(region, fn, event, false, limit * 1000);
      if (!answer.ok) console.error(`connect-local: InvokeLambdaFunction ${fn} (asynchronous) failed: ${answer.why}`);
    });
    return { kind: 'next' };
  }
  const responseType = String((x.params.ResponseValidation as { ResponseType?: unknown } | undefined)?.ResponseType ?? 'STRING_MAP');
  const { p, slot } = x;
  const ref = { instanceId: x.contact.scope, contactId: x.contact.id };
  return {
    kind: 'park',
    park: { Kind: 'lambda' },
    due: x.w.now + limit * 1000,
    timeout: noMatch(`no answer within ${limit} s`),
    onPark: async (parkId) => {
      x.w.after.push(async (engine) => {
        const answer = await engine.lambda!.invoke(region, fn, event, true, limit * 1000);
        // The call gave up after the limit of real time: the park's deadline on the emulator
        // clock takes the error branch (with --clock manual only an advance moves that time;
        // resuming here made a manual clock's flow time out on its own).
        if (!answer.ok && answer.timedOut) return;
        await engine.run(async (w) => {
          const contact = await findContact(w, p, ref.instanceId, ref.contactId);
          if (!contact) return;
          let result: ActionResult;
          let ext: Record<string, unknown> | string | undefined;
          if (!answer.ok) result = noMatch(answer.why);
          else {
            ext = external(answer.payload, responseType);
            result = typeof ext === 'string' ? noMatch(ext) : { kind: 'next' };
          }
          // $.External is replaced only for the park this answer is for (resumeFlow's `before`
          // runs once it checked the park id), not by a late answer to a run that timed out
          const fill = async (c: ActionContext) => {
            if (ext !== undefined && typeof ext !== 'string') c.state.External = ext;
          };
          if (!(await resumeFlow(w, p, contact, slot, parkId, result, fill))) return;
          await saveContact(w, p, contact);
        });
      });
    },
  };
};

export const lambdaActions: Record<string, ActionHandler> = { InvokeLambdaFunction };
