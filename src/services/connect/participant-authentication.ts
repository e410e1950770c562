// UpdateParticipantAuthentication: the customer's backend hands over what the sign-in gave its
// RedirectUri (spec auth.md §3).
import type * as C from '../../generated/connect.types.js';
import { updateParticipantAuthentication } from '../../engine/customer-auth.js';
import type { HandlerTable } from '../handler.js';

export const participantAuthenticationHandlers: HandlerTable<C.Operations> = {
  async UpdateParticipantAuthentication(input, ctx) {
    await updateParticipantAuthentication(ctx.work, ctx, input, ctx.engine.settings.authUsers);
    return {};
  },
};
