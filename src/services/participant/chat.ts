// The Participant Service: a participant's token finds its chat, whatever account or region
// the request is signed for (wire-protocol §6).
import type * as P from '../../generated/connectparticipant.types.js';
import { sendEvent, sendMessage } from '../../engine/chat-messages.js';
import { CONNECTION_TOKEN, isoTime, PARTICIPANT_TOKEN, resolveToken } from '../../engine/chat-session.js';
import { connectParticipant, leaveChat } from '../../engine/chat.js';
import { readTranscript } from '../../engine/transcript.js';
import { ServiceError } from '../../protocol/errors.js';
import type { HandlerTable, RequestContext } from '../handler.js';

const caller = (ctx: RequestContext, connectionToken: string) => resolveToken(ctx.work, CONNECTION_TOKEN, connectionToken);

export const chatParticipantHandlers: HandlerTable<P.Operations> = {
  async CreateParticipantConnection(input, ctx) {
    const who = await resolveToken(ctx.work, PARTICIPANT_TOKEN, input.ParticipantToken);
    const connection = await connectParticipant(ctx.work, who);
    const types = input.Type ?? [];
    const out: P.CreateParticipantConnectionResponse = {};
    if (types.includes('WEBSOCKET')) out.Websocket = ctx.engine.websockets.issue(connection, ctx.now);
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

  async DescribeView(input, ctx) {
    await caller(ctx, input.ConnectionToken);
    // no views exist in connect-local: every token names none
    throw new ServiceError('ResourceNotFoundException', `View not found: ${input.ViewToken}`, { ResourceId: input.ViewToken, ResourceType: 'PARTICIPANT' });
  },
};
