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

/** `AKID/20250101/us-east-1/connect/aws4_request`: the key id may itself contain `/` or be empty. */
const CREDENTIAL = /^(.*)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

export function parseCredential(value: string): CredentialScope | undefined {
  const m = CREDENTIAL.exec(value);
  return m ? { accessKeyId: m[1], date: m[2], region: m[3], service: m[4] } : undefined;
}

/** The three parameters of the header, in any order, each once. */
const AUTH_PARAM = /(?:^|,)\s*(Credential|SignedHeaders|Signature)=([^,\s]*)\s*(?=,|$)/g;

/** Parses `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. */
export function parseAuthorization(header: string): SigV4Authorization | undefined {
  const space = header.indexOf(' ');
  if (space < 0 || !header.startsWith('AWS4-')) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(AUTH_PARAM)) params[m[1]] = m[2];
  const credential = parseCredential(params.Credential ?? '');
  if (!credential) return undefined;
  return {
    algorithm: header.slice(0, space),
    credential,
    signedHeaders: (params.SignedHeaders ?? '').split(';').filter(Boolean),
    signature: params.Signature ?? '',
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
