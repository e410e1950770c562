// Who is calling: the account and region of a request, read from its SigV4 credential scope
// (Authorization header, or X-Amz-Credential of a presigned URL). The signature itself is
// parsed and kept so that a later verifier can recompute it with the configured secret
// (@smithy/signature-v4) and compare; today every signature is accepted, as the contract says.
import type { IncomingHttpHeaders } from 'node:http';
import type { Partition } from '../store/store.js';

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

export interface SigV4Authorization {
  algorithm: string;
  credential: CredentialScope;
  signedHeaders: string[];
  signature: string;
}

/** `Credential=AKID/20250101/us-east-1/connect/aws4_request`: the key id may itself contain `/` or be empty. */
export function parseCredential(value: string): CredentialScope | undefined {
  const parts = value.split('/');
  if (parts.length < 5 || parts[parts.length - 1] !== 'aws4_request') return undefined;
  const [date, region, service] = parts.slice(-4, -1);
  if (!/^\d{8}$/.test(date) || !region || !service) return undefined;
  return { accessKeyId: parts.slice(0, -4).join('/'), date, region, service };
}

/** Parses `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. */
export function parseAuthorization(header: string): SigV4Authorization | undefined {
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const algorithm = header.slice(0, space);
  if (!algorithm.startsWith('AWS4-')) return undefined;
  const params = new Map<string, string>();
  for (const part of header.slice(space + 1).split(/,\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = parseCredential(params.get('Credential') ?? '');
  if (!credential) return undefined;
  return {
    algorithm,
    credential,
    signedHeaders: (params.get('SignedHeaders') ?? '').split(';').filter(Boolean),
    signature: params.get('Signature') ?? '',
  };
}

/**
 * The credential scope of a request, from its header or its presigned query: undefined when
 * the request is unsigned, or a string saying why the signature cannot be read.
 */
export function credentialScope(headers: IncomingHttpHeaders, query: URLSearchParams): CredentialScope | string | undefined {
  const auth = headers.authorization;
  const presigned = query.get('X-Amz-Credential');
  if (!auth && presigned === null) return undefined;
  const scope = auth ? parseAuthorization(auth)?.credential : parseCredential(presigned!);
  if (!scope) {
    return auth
      ? 'The Authorization header is not a SigV4 signature: expected "AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=..."'
      : 'X-Amz-Credential is not KEY/DATE/REGION/SERVICE/aws4_request';
  }
  if (!REGION.test(scope.region)) return `The credential scope names the region ${JSON.stringify(scope.region)}, which is not a region name`;
  return scope;
}

const REGION = /^[a-z0-9-]{1,32}$/;

/** A key of exactly 12 digits is that account; any other key, or none, is the default account. */
export function partitionOf(scope: CredentialScope | undefined): Partition {
  const account = scope && /^\d{12}$/.test(scope.accessKeyId) ? scope.accessKeyId : DEFAULT_ACCOUNT;
  return { account, region: scope?.region ?? DEFAULT_REGION };
}
