// The Participant Service: a participant's token finds its chat, whatever account or region
// the request is signed for (wire-protocol §6).
import type * as P from '../../generated/connectparticipant.types.js';
import { ATTACHMENT_URL_MS, completeUpload, downloadRef, startUpload, type AttachmentRef } from '../../engine/attachments.js';
import { sendEvent, sendMessage } from '../../engine/chat-messages.js';
import { CONNECTION_TOKEN, isoTime, PARTICIPANT_TOKEN, resolveToken, tokenKey } from '../../engine/chat-session.js';
import { connectParticipant, leaveChat } from '../../engine/chat.js';
import { readTranscript } from '../../engine/transcript.js';
import { ServiceError } from '../../protocol/errors.js';
import { attachmentUrl, websocketUrl } from '../../realtime/urls.js';
import type { HandlerTable, RequestContext } from '../handler.js';

const WEBSOCKET_URL_MS = 100_000;

const ticketUrl = (ctx: RequestContext, ref: AttachmentRef, expiresAt: number): string => attachmentUrl(ctx.engine.tickets, JSON.stringify(ref), expiresAt);

const caller = (ctx: RequestContext, connectionToken: string) => resolveToken(ctx.work, CONNECTION_TOKEN, connectionToken);

export const chatParticipantHandlers: HandlerTable<P.Operations> = {
  async CreateParticipantConnection(input, ctx) {
    const who = await resolveToken(ctx.work, PARTICIPANT_TOKEN, input.ParticipantToken);
    const connection = await connectParticipant(ctx.work, who);
    const types = input.Type ?? [];
    const out: P.CreateParticipantConnectionResponse = {};
    if (types.includes('WEBSOCKET')) {
      // AWS: connect within 100 seconds
      const expiresAt = ctx.now + WEBSOCKET_URL_MS;
      out.Websocket = { Url: websocketUrl(ctx.engine.tickets, tokenKey(connection.token), expiresAt), ConnectionExpiry: isoTime(expiresAt) };
    }
    if (types.includes('CONNECTION_CREDENTIALS')) {
      out.ConnectionCredentials = { ConnectionToken: connection.token, Expiry: isoTime(connection.expiresAt) };
    }
    return out;
  },

  async SendMessage(input, ctx) {
    return sendMessage(ctx.work, await caller(ctx, input.ConnectionToken), input.ContentType, input.Content);
  },

  async SendEvent(input, ctx) {
    return sendEvent(ctx.work, await caller(ctx, input.ConnectionToken), input.ContentType, input.Content);
  },

  async GetTranscript(input, ctx) {
    return readTranscript(ctx.work, await caller(ctx, input.ConnectionToken), input);
  },

  async DisconnectParticipant(input, ctx) {
    await leaveChat(ctx.work, await caller(ctx, input.ConnectionToken));
    return {};
  },

  async StartAttachmentUpload(input, ctx) {
    const { ref, headers } = await startUpload(ctx.work, await caller(ctx, input.ConnectionToken), input);
    const expiresAt = ctx.now + ATTACHMENT_URL_MS;
    return {
      AttachmentId: ref.attachmentId,
      UploadMetadata: { Url: ticketUrl(ctx, ref, expiresAt), UrlExpiry: isoTime(expiresAt), HeadersToInclude: headers },
    };
  },

  async CompleteAttachmentUpload(input, ctx) {
    await completeUpload(ctx.work, await caller(ctx, input.ConnectionToken), input.AttachmentIds);
    return {};
  },

  async GetAttachment(input, ctx) {
    const { ref, size } = await downloadRef(ctx.work, await caller(ctx, input.ConnectionToken), input.AttachmentId);
    const expiresAt = ctx.now + (input.UrlExpiryInSeconds !== undefined ? input.UrlExpiryInSeconds * 1000 : ATTACHMENT_URL_MS);
    return { Url: ticketUrl(ctx, ref, expiresAt), UrlExpiry: isoTime(expiresAt), AttachmentSizeInBytes: size };
  },

  async DescribeView(input, ctx) {
    await caller(ctx, input.ConnectionToken);
    // no views exist in connect-local: every token names none
    throw new ServiceError('ResourceNotFoundException', `View not found: ${input.ViewToken}`, { ResourceId: input.ViewToken, ResourceType: 'PARTICIPANT' });
  },
};
