// Customer authentication for the participant: the sign-in URL of an authentication the chat's
// flow waits for, and opting out of it (spec auth.md §2).
import type * as P from '../../generated/connectparticipant.types.js';
import { CONNECTION_TOKEN, resolveToken } from '../../engine/chat-session.js';
import { authenticationUrl, cancelAuthentication } from '../../engine/customer-auth.js';
import { authorizeUrl } from '../local/sign-in.js';
import type { HandlerTable } from '../handler.js';

export const authenticationHandlers: HandlerTable<P.Operations> = {
  async GetAuthenticationUrl(input, ctx) {
    const caller = await resolveToken(ctx.work, CONNECTION_TOKEN, input.ConnectionToken);
    const { state, clientId } = await authenticationUrl(ctx.work, caller, input.SessionId, input.RedirectUri);
    return { AuthenticationUrl: authorizeUrl(ctx.engine.tickets.base, clientId, input.RedirectUri, state) };
  },

  async CancelParticipantAuthentication(input, ctx) {
    await cancelAuthentication(ctx.work, await resolveToken(ctx.work, CONNECTION_TOKEN, input.ConnectionToken), input.SessionId);
    return {};
  },
};
