// Chat attachments: StartAttachmentUpload hands out an upload URL (AWS: a presigned S3 URL;
// here one on this server), the bytes are PUT there, CompleteAttachmentUpload shares the file
// in the chat, GetAttachment hands out a download URL. Types and size from the admin guide's
// feature specifications (20 MB; documents, images, audio and video of the listed kinds).
import { BadRequest, ServiceError } from '../protocol/errors.js';
import type { Partition } from '../store/store.js';
import { addItem, fromParticipant, type Caller } from './chat-session.js';
import { activity } from './participant-timers.js';
import { newId } from './resources.js';
import type { Work } from './work.js';

export const ATTACHMENT = 'attachment';
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** upload and download URLs live this long unless GetAttachment asks otherwise */
export const ATTACHMENT_URL_MS = 300_000;

const ATTACHMENT_TYPES = new Set([
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'image/heic',
  'image/jpeg',
  'video/quicktime',
  'video/mp4',
  'application/pdf',
  'image/png',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/rtf',
  'text/plain',
  'audio/wav',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

interface AttachmentData {
  AttachmentId: string;
  /** the chat it was shared in: chats that continue that one see it too */
  ContactId: string;
  ParticipantId: string;
  AttachmentName: string;
  ContentType: string;
  AttachmentSizeInBytes: number;
  Status: 'AWAITING_UPLOAD' | 'UPLOADED' | 'APPROVED';
}

/** What an upload or download URL's ticket names. */
export interface AttachmentRef extends Partition {
  instanceId: string;
  attachmentId: string;
  action: 'upload' | 'download';
}

export async function startUpload(
  w: Work,
  caller: Caller,
  input: { ContentType: string; AttachmentSizeInBytes: number; AttachmentName: string },
): Promise<{ ref: AttachmentRef; headers: Record<string, string> }> {
  if (!ATTACHMENT_TYPES.has(input.ContentType)) {
    throw new BadRequest(`ContentType: ${input.ContentType} is not a type chats take as attachments; use one of ${[...ATTACHMENT_TYPES].join(', ')}`, 'constraint');
  }
  if (input.AttachmentSizeInBytes > MAX_ATTACHMENT_BYTES) {
    throw new ServiceError('ServiceQuotaExceededException', `AttachmentSizeInBytes: ${input.AttachmentSizeInBytes} is more than the ${MAX_ATTACHMENT_BYTES} bytes an attachment may have`);
  }
  const { partition: p, contact, participant } = caller;
  const data: AttachmentData = {
    AttachmentId: newId(),
    ContactId: contact.id,
    ParticipantId: participant.ParticipantId,
    AttachmentName: input.AttachmentName,
    ContentType: input.ContentType,
    AttachmentSizeInBytes: input.AttachmentSizeInBytes,
    Status: 'AWAITING_UPLOAD',
  };
  await w.tx.put(p, { kind: ATTACHMENT, scope: contact.scope, id: data.AttachmentId, data });
  return {
    ref: { ...p, instanceId: contact.scope, attachmentId: data.AttachmentId, action: 'upload' },
    headers: { 'Content-Type': input.ContentType, 'Content-Disposition': `attachment; filename="${encodeURIComponent(input.AttachmentName)}"` },
  };
}

/** The bytes PUT to an upload URL: exactly as many as StartAttachmentUpload announced. */
export async function receiveUpload(w: Work, ref: AttachmentRef, bytes: Buffer): Promise<void> {
  const rec = await w.tx.get<AttachmentData>(ref, ATTACHMENT, ref.instanceId, ref.attachmentId);
  if (!rec || rec.data.Status !== 'AWAITING_UPLOAD') throw new BadRequest('This upload URL has been used already');
  if (bytes.length !== rec.data.AttachmentSizeInBytes) {
    throw new BadRequest(`The upload has ${bytes.length} bytes; StartAttachmentUpload announced ${rec.data.AttachmentSizeInBytes}`);
  }
  await w.tx.putBlob(ref, ref.instanceId, ref.attachmentId, bytes);
  rec.data.Status = 'UPLOADED';
  await w.tx.put(ref, rec);
}

async function ownAttachment(w: Work, caller: Caller, attachmentId: string) {
  const rec = await w.tx.get<AttachmentData>(caller.partition, ATTACHMENT, caller.contact.scope, attachmentId);
  const { contact, chat } = caller;
  if (!rec || (rec.data.ContactId !== contact.id && !chat.Sources.includes(rec.data.ContactId))) throw new BadRequest(`AttachmentId: ${attachmentId} is not an attachment of this chat`, 'constraint');
  return rec;
}

/** CompleteAttachmentUpload: the uploaded file is shared in the chat as an ATTACHMENT item. */
export async function completeUpload(w: Work, caller: Caller, attachmentIds: string[]): Promise<void> {
  for (const id of attachmentIds) {
    const rec = await ownAttachment(w, caller, id);
    if (rec.data.Status === 'AWAITING_UPLOAD') throw new ServiceError('ConflictException', `Attachment ${id} has not been uploaded to its URL yet`);
    if (rec.data.Status === 'APPROVED') continue;
    rec.data.Status = 'APPROVED';
    await w.tx.put(caller.partition, rec);
    const { ContentType, AttachmentId, AttachmentName } = rec.data;
    await addItem(w, caller.partition, caller.contact, {
      Type: 'ATTACHMENT',
      ContentType,
      Attachments: [{ ContentType, AttachmentId, AttachmentName, Status: 'APPROVED' }],
      ...fromParticipant(caller.participant),
    });
    // sharing a file is activity, as a message is (timers.md §3)
    await activity(w, caller.partition, caller.contact, caller.participant);
  }
}

/** GetAttachment: a shared attachment of this chat, to download. */
export async function downloadRef(w: Work, caller: Caller, attachmentId: string): Promise<{ ref: AttachmentRef; size: number }> {
  const rec = await ownAttachment(w, caller, attachmentId);
  if (rec.data.Status !== 'APPROVED') throw new BadRequest(`Attachment ${attachmentId} has not been shared in the chat yet`, 'constraint');
  return { ref: { ...caller.partition, instanceId: caller.contact.scope, attachmentId, action: 'download' }, size: rec.data.AttachmentSizeInBytes };
}

export async function readDownload(w: Work, ref: AttachmentRef): Promise<{ bytes: Buffer; contentType: string; name: string } | undefined> {
  const rec = await w.tx.get<AttachmentData>(ref, ATTACHMENT, ref.instanceId, ref.attachmentId);
  const bytes = rec && (await w.tx.getBlob(ref, ref.attachmentId));
  return bytes && { bytes, contentType: rec!.data.ContentType, name: rec!.data.AttachmentName };
}
