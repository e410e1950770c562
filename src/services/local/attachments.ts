// Where attachment bytes go and come from: the upload and download URLs that
// StartAttachmentUpload and GetAttachment hand out (AWS: presigned S3 URLs). PUT stores the
// upload, GET returns the file; the URL's ticket says which attachment and until when.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_ATTACHMENT_BYTES, readDownload, receiveUpload, type AttachmentRef } from '../../engine/attachments.js';
import type { Engine } from '../../engine/engine.js';
import { BadRequest } from '../../protocol/errors.js';

function answer(res: ServerResponse, status: number, message?: string): void {
  const body = message ? JSON.stringify({ message }) : '';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'access-control-allow-origin': '*' }).end(body);
}

async function readAll(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_ATTACHMENT_BYTES) return undefined;
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

export async function handleAttachment(engine: Engine, req: IncomingMessage, res: ServerResponse, ticketText: string): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(200, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, PUT', 'access-control-allow-headers': '*' }).end();
    return;
  }
  const ticket = engine.tickets.read(ticketText);
  let ref: AttachmentRef | undefined;
  try {
    ref = ticket && (JSON.parse(ticket.subject) as AttachmentRef);
  } catch {
    ref = undefined;
  }
  const wanted = req.method === 'PUT' ? 'upload' : req.method === 'GET' ? 'download' : undefined;
  if (!ticket || !ref || ref.action !== wanted) {
    req.resume();
    return answer(res, 403, 'This is not an attachment URL that the participant service issued for this method');
  }
  if (ticket.expiresAt <= engine.clock.now()) {
    req.resume();
    return answer(res, 403, 'The attachment URL has expired');
  }
  const target = ref;
  try {
    if (wanted === 'upload') {
      const bytes = await readAll(req);
      if (!bytes) return answer(res, 413, `An attachment has at most ${MAX_ATTACHMENT_BYTES} bytes`);
      await engine.run((w) => receiveUpload(w, target, bytes));
      return answer(res, 200);
    }
    const file = await engine.run((w) => readDownload(w, target));
    if (!file) return answer(res, 404, 'The attachment is gone');
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': file.bytes.length,
      'content-disposition': `attachment; filename="${encodeURIComponent(file.name)}"`,
      'access-control-allow-origin': '*',
    });
    res.end(file.bytes);
  } catch (e) {
    if (!(e instanceof BadRequest)) throw e;
    answer(res, 400, e.message);
  }
}
