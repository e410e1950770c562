// Every implemented Connect Participant Service operation. An operation of the model missing
// here answers 501.
import type { Operations } from '../../generated/connectparticipant.types.js';
import type { HandlerTable } from '../handler.js';
import { authenticationHandlers } from './authentication.js';
import { chatParticipantHandlers } from './chat.js';

export const participantHandlers: HandlerTable<Operations> = {
  ...chatParticipantHandlers,
  ...authenticationHandlers,
};
