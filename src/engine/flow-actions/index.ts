// Every action type the runner runs; an action of the language missing here takes NoMatchingError.
import { authActions } from '../customer-auth.js';
import { registerActions } from '../flow-runner.js';
import { contactDataActions } from './contact-data.js';
import { controlActions } from './control.js';
import { lambdaActions } from './lambda.js';
import { participantActions } from './participant.js';
import { routingActions } from './routing.js';

registerActions({ ...routingActions, ...contactDataActions, ...controlActions, ...participantActions, ...lambdaActions, ...authActions });
