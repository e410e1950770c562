// Resource kinds, ids and ARNs: one place that knows how a Connect resource is named.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Partition } from '../store/store.js';

/** store kind -> the ARN path segment AWS uses under `instance/{id}/` */
export const KINDS = {
  queue: 'queue',
  'routing-profile': 'routing-profile',
  'contact-flow': 'contact-flow',
  'contact-flow-module': 'flow-module',
  'agent-status': 'agent-state',
  'hours-of-operation': 'operating-hours',
  'security-profile': 'security-profile',
  'integration-association': 'integration-association',
} as const;

export type InstanceChildKind = keyof typeof KINDS;
export const INSTANCE = 'instance';

export const newId = (): string => randomUUID();

/**
 * A UUID version 7: the time in milliseconds, then random bits. Items made one after another
 * get ids in the same order, so indexing them adds at the end instead of anywhere (AWS's
 * recent chat item ids look like these too).
 */
export function timeOrderedId(ms: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const instanceArn = (p: Partition, instanceId: string): string =>
  `arn:aws:connect:${p.region}:${p.account}:instance/${instanceId}`;

export const childArn = (p: Partition, instanceId: string, kind: InstanceChildKind, id: string): string =>
  `${instanceArn(p, instanceId)}/${KINDS[kind]}/${id}`;

/**
 * The id an id or this instance's ARN of `kind` names (what follows `…/{segment}/`); '' for an
 * ARN of another kind, instance, account or region, which names nothing here.
 */
export function childIdOf(p: Partition, instanceId: string, kind: InstanceChildKind, ref: string): string {
  if (!ref.startsWith('arn:')) return ref;
  const prefix = `${instanceArn(p, instanceId)}/${KINDS[kind]}/`;
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : '';
}

/**
 * An instance id from an id or an instance ARN (many operations accept both). Returns
 * undefined when an ARN names another account or region: such an instance is not visible.
 */
export function instanceIdOf(p: Partition, idOrArn: string): string | undefined {
  if (!idOrArn.startsWith('arn:')) return idOrArn;
  const m = /^arn:[^:]+:connect:([^:]*):([^:]*):instance\/([^/]+)$/.exec(idOrArn);
  return m && m[1] === p.region && m[2] === p.account ? m[3] : undefined;
}

/**
 * Dates in the store are epoch milliseconds; the protocol layer writes both Date objects and
 * such numbers as AWS timestamps. This names the one place where stored data is handed out
 * as its modelled type.
 */
export type Persisted<T> = T extends Date
  ? number
  : T extends (infer U)[]
    ? Persisted<U>[]
    : T extends object
      ? { [K in keyof T]: Persisted<T[K]> }
      : T;

export const asOutput = <T>(stored: Persisted<T>): T => stored as unknown as T;
