// The content types a chat carries and their length limits (spec chat.md §1.1, §2.2).
import { BadRequest } from '../protocol/errors.js';

export const TEXT_PLAIN = 'text/plain';
export const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
export const INTERACTIVE_RESPONSE = `${INTERACTIVE}.response`;

/** What a participant may send, with the most characters of each. */
const MESSAGE_LIMITS: Record<string, number> = {
  [TEXT_PLAIN]: 1024,
  'text/markdown': 1024,
  'application/json': 12000,
  [INTERACTIVE_RESPONSE]: 12288,
};

/** What a chat may declare it supports. */
export const SUPPORTED_TYPES = [...Object.keys(MESSAGE_LIMITS), INTERACTIVE];

/**
 * A message's type and length. `supported` is what the chat declared: a type outside it is
 * refused too.
 */
export function checkMessage(field: string, contentType: string, content: string, supported: string[]): void {
  const limit = MESSAGE_LIMITS[contentType];
  if (limit === undefined) {
    throw new BadRequest(`${field}.ContentType: ${contentType} is not a message type; use one of ${Object.keys(MESSAGE_LIMITS).join(', ')}`, 'constraint');
  }
  if (!supported.includes(contentType)) {
    throw new BadRequest(`${field}.ContentType: ${contentType} is not among the chat's SupportedMessagingContentTypes (${supported.join(', ')})`, 'constraint');
  }
  if (content.length > limit) {
    throw new BadRequest(`${field}.Content: ${content.length} characters, more than the ${limit} allowed for ${contentType}`, 'constraint');
  }
}

/** SupportedMessagingContentTypes of StartChatContact: text/plain included, every one known. */
export function checkSupportedTypes(types: string[], guide: boolean): void {
  const unknown = types.filter((t) => !SUPPORTED_TYPES.includes(t));
  if (unknown.length) {
    throw new BadRequest(`SupportedMessagingContentTypes: ${unknown.join(', ')} is not supported; use ${SUPPORTED_TYPES.join(', ')}`, 'constraint');
  }
  if (!types.includes(TEXT_PLAIN)) throw new BadRequest('SupportedMessagingContentTypes must include text/plain', 'constraint');
  if (guide && !(types.includes(INTERACTIVE) && types.includes(INTERACTIVE_RESPONSE))) {
    throw new BadRequest(
      `SegmentAttributes connect:Subtype connect:Guide needs ${INTERACTIVE} and ${INTERACTIVE_RESPONSE} in SupportedMessagingContentTypes`,
    );
  }
}

/** User-defined attributes: keys of letters, digits, - and _, all of it within 32 KiB. */
export function checkAttributes(attributes: Record<string, string | undefined>, field = 'Attributes'): void {
  let bytes = 0;
  for (const [k, v] of Object.entries(attributes)) {
    if (!/^[A-Za-z0-9_-]+$/.test(k)) {
      throw new BadRequest(`${field}: the key ${JSON.stringify(k.slice(0, 100))} may hold only letters, digits, - and _`, 'constraint');
    }
    bytes += Buffer.byteLength(k) + Buffer.byteLength(v ?? '');
  }
  if (bytes > 32768) throw new BadRequest(`${field}: ${bytes} bytes in all, more than the 32768 allowed`, 'constraint');
}
