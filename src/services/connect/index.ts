// Every implemented Connect operation. An operation of the model missing here answers 501.
import type { Operations } from '../../generated/connect.types.js';
import type { HandlerTable } from '../handler.js';
import { agentStatusHandlers } from './agent-statuses.js';
import { contactFlowModuleHandlers } from './contact-flow-modules.js';
import { contactFlowHandlers } from './contact-flows.js';
import { contactHandlers } from './contacts.js';
import { currentDataHandlers } from './current-data.js';
import { instanceAttributeHandlers } from './instance-attributes.js';
import { instanceResourceHandlers } from './instance-resources.js';
import { instanceHandlers } from './instances.js';
import { integrationAssociationHandlers } from './integration-associations.js';
import { participantAuthenticationHandlers } from './participant-authentication.js';
import { predefinedAttributeHandlers } from './predefined-attributes.js';
import { queueHandlers } from './queues.js';
import { routingProfileHandlers } from './routing-profiles.js';
import { tagHandlers } from './tags.js';
import { userSearchHandlers } from './user-search.js';
import { userHandlers } from './users.js';

export const connectHandlers: HandlerTable<Operations> = {
  ...instanceHandlers,
  ...instanceAttributeHandlers,
  ...integrationAssociationHandlers,
  ...instanceResourceHandlers,
  ...queueHandlers,
  ...contactFlowHandlers,
  ...contactFlowModuleHandlers,
  ...routingProfileHandlers,
  ...agentStatusHandlers,
  ...predefinedAttributeHandlers,
  ...tagHandlers,
  ...contactHandlers,
  ...userHandlers,
  ...currentDataHandlers,
  ...userSearchHandlers,
  ...participantAuthenticationHandlers,
};
