// Every implemented Connect Participant Service operation (none yet: they come with chat).
// An operation of the model missing here answers 501.
import type { Operations } from '../../generated/connectparticipant.types.js';
import type { HandlerTable } from '../handler.js';

export const participantHandlers: HandlerTable<Operations> = {};
