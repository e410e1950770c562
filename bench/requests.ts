// The requests the benchmark sends, signed with SigV4 the way the AWS SDK signs them
// (@smithy/signature-v4 with node's crypto through @smithy/hash-node), with the headers the
// SDK sends. Shared by the orchestrator (one checked request per scenario) and the load
// generator.
import { randomUUID } from 'node:crypto';
import { request, type Agent } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export type ScenarioName = 'baseline GET' | 'DescribeInstance' | 'UpdateInstanceAttribute' | 'SendMessage' | 'GetTranscript' | 'StartChatContact';

export interface ScenarioSpec {
  name: ScenarioName;
  url: string;
  /** for the connect-local scenarios */
  instanceId?: string;
  /** for StartChatContact: the inbound flow the chats start in */
  contactFlowId?: string;
  /** for the participant scenarios: a chat customer's ConnectionToken */
  connectionToken?: string;
}

/** One request ready to go on the wire. */
export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const signerFor = (service: string): SignatureV4 =>
  new SignatureV4({ service, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: Hash.bind(null, 'sha256') });
const signers = { connect: signerFor('connect'), participant: signerFor('execute-api') };

const USER_AGENT = 'aws-sdk-js/3 ua/2.1 os/linux lang/js md/nodejs#20 api/connect#3 m/bench';

async function signed(url: URL, method: string, path: string, body?: string, bearer?: string): Promise<WireRequest> {
  const headers: Record<string, string> = {
    ...(bearer ? { 'x-amz-bearer': bearer } : {}),
    host: url.host,
    'user-agent': USER_AGENT,
    'x-amz-user-agent': USER_AGENT,
    'amz-sdk-invocation-id': randomUUID(),
    'amz-sdk-request': 'attempt=1; max=1',
  };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const out = await (bearer ? signers.participant : signers.connect).sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers,
    body,
  });
  return { method, path, headers: out.headers as Record<string, string>, body: body === undefined ? undefined : Buffer.from(body) };
}

/** `{"Value":"true","ClientToken":"<uuid>"}`: the token is at a fixed offset so it can be swapped in place. */
export function updateBody(value: 'true' | 'false', token: string): string {
  return `{"Value":"${value}","ClientToken":"${token}"}`;
}

/** A body template whose ClientToken (a UUID) sits at a fixed offset, to be swapped in place per request. */
async function withFreshToken(req: WireRequest, sample: string): Promise<() => WireRequest> {
  const tokenAt = sample.indexOf('"ClientToken":"') + '"ClientToken":"'.length;
  return () => {
    const body = Buffer.from(req.body!); // a fresh copy: the previous one may still be in flight
    body.write(randomUUID(), tokenAt, 'latin1');
    return { ...req, body };
  };
}

/** chatjs's own transcript call: the newest 15, oldest first. */
const TRANSCRIPT_BODY = '{"MaxResults":15,"ScanDirection":"BACKWARD","SortOrder":"ASCENDING","StartPosition":{}}';
/** StartChatContact as the SDK sends it; the ClientToken last, at a fixed offset for a given instance and flow. */
const startChatBody = (instanceId: string, flowId: string, token: string): string =>
  `{"ContactFlowId":"${flowId}","InstanceId":"${instanceId}","ParticipantDetails":{"DisplayName":"Bench"},"ClientToken":"${token}"}`;
const messageBody = (token: string): string => `{"ContentType":"text/plain","Content":"hello from the bench","ClientToken":"${token}"}`;

/**
 * A source of requests for a scenario. `sign` = 'once' pre-signs one request per distinct
 * shape and reuses its headers (the signature of an UpdateInstanceAttribute then no longer
 * matches its body, whose ClientToken is fresh every time: connect-local does not verify
 * signatures today); 'each' signs every request as the SDK does.
 */
export async function requestSource(spec: ScenarioSpec, sign: 'once' | 'each'): Promise<() => WireRequest | Promise<WireRequest>> {
  const url = new URL(spec.url);
  switch (spec.name) {
    case 'baseline GET': {
      const req: WireRequest = { method: 'GET', path: '/', headers: { host: url.host, 'user-agent': USER_AGENT } };
      return () => req;
    }
    case 'DescribeInstance': {
      const path = `/instance/${encodeURIComponent(spec.instanceId!)}`;
      if (sign === 'each') return () => signed(url, 'GET', path);
      const req = await signed(url, 'GET', path);
      return () => req;
    }
    case 'UpdateInstanceAttribute': {
      const path = `/instance/${encodeURIComponent(spec.instanceId!)}/attribute/CONTACTFLOW_LOGS`;
      let n = 0;
      if (sign === 'each') {
        return () => signed(url, 'POST', path, updateBody(n++ % 2 === 0 ? 'true' : 'false', randomUUID()));
      }
      const templates = await Promise.all(
        (['true', 'false'] as const).map(async (v) => {
          const sample = updateBody(v, randomUUID());
          return withFreshToken(await signed(url, 'POST', path, sample), sample);
        }),
      );
      return () => templates[n++ % 2]();
    }
    case 'SendMessage': {
      // a fresh ClientToken every time, as SDKs send
      if (sign === 'each') return () => signed(url, 'POST', '/participant/message', messageBody(randomUUID()), spec.connectionToken);
      const sample = messageBody(randomUUID());
      return withFreshToken(await signed(url, 'POST', '/participant/message', sample, spec.connectionToken), sample);
    }
    case 'StartChatContact': {
      // a fresh ClientToken every time, as SDKs send: every request starts a chat, which runs
      // the inbound flow and waits in its queue
      const body = (token: string) => startChatBody(spec.instanceId!, spec.contactFlowId!, token);
      if (sign === 'each') return () => signed(url, 'PUT', '/contact/chat', body(randomUUID()));
      const sample = body(randomUUID());
      return withFreshToken(await signed(url, 'PUT', '/contact/chat', sample), sample);
    }
    case 'GetTranscript': {
      if (sign === 'each') return () => signed(url, 'POST', '/participant/transcript', TRANSCRIPT_BODY, spec.connectionToken);
      const req = await signed(url, 'POST', '/participant/transcript', TRANSCRIPT_BODY, spec.connectionToken);
      return () => req;
    }
  }
}

/** Sends one request and reads the whole answer. */
export function send(agent: Agent, host: string, port: number, r: WireRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host, port, method: r.method, path: r.path, headers: r.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}
