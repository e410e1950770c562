// What publishing a flow checks (spec flows.md §1.1): the document format of §1, the action
// types of §3 with the flow types they may appear in, the parameters of the types connect-local
// models, the error branches the service requires, and transitions that land on actions. Each
// failure is one problem message in the forms the service is seen to answer; anything the
// service was not seen to answer is phrased "<what>. Path: <json path>".

type Code = 'IN' | 'CQ' | 'CH' | 'CW' | 'AH' | 'AW' | 'OW' | 'AT' | 'QT' | 'CAMPAIGN';

const CODES: Record<string, Code> = {
  CONTACT_FLOW: 'IN',
  CUSTOMER_QUEUE: 'CQ',
  CUSTOMER_HOLD: 'CH',
  CUSTOMER_WHISPER: 'CW',
  AGENT_HOLD: 'AH',
  AGENT_WHISPER: 'AW',
  OUTBOUND_WHISPER: 'OW',
  AGENT_TRANSFER: 'AT',
  QUEUE_TRANSFER: 'QT',
  CAMPAIGN: 'CAMPAIGN',
};

interface ActionRule {
  /** flow types the action may appear in; every type when absent */
  in?: Code[];
  /** the parameter keys there are; any keys when absent */
  params?: string[];
  /** takes no transitions at all */
  terminal?: true;
  /** error branches that must be present */
  requires?: string[];
  /** error types that are refused */
  refuses?: string[];
  /** a check of the parameters: false when a value is invalid */
  values?: (p: Record<string, unknown>) => boolean;
}

const ROUTING: Code[] = ['IN', 'AT', 'QT'];
const QUEUED: Code[] = ['IN', 'CQ', 'AT', 'QT'];

/** `p` has exactly one of `keys` */
const oneOf = (p: Record<string, unknown>, keys: string[]) => keys.filter((k) => p[k] !== undefined).length === 1;
const atMostOneOf = (p: Record<string, unknown>, keys: string[]) => keys.filter((k) => p[k] !== undefined).length <= 1;
const isEnum = (v: unknown, values: string[]) => v === undefined || (typeof v === 'string' && values.includes(v));
/** a static number in [min, max] (written as a string or a number), or one JSONPath */
const inRange = (v: unknown, min: number, max: number) => {
  if (v === undefined || isPath(v)) return true;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= min && n <= max;
};
const isPath = (v: unknown) => typeof v === 'string' && v.startsWith('$.');
const METRICS = ['NumberOfAgentsAvailable', 'NumberOfAgentsStaffed', 'NumberOfAgentsOnline', 'OldestContactInQueueAgeSeconds', 'NumberOfContactsInQueue'];

const RULES: Record<string, ActionRule> = {
  UpdateContactTargetQueue: { in: ROUTING, params: ['QueueId', 'AgentId'], requires: ['NoMatchingError'], values: (p) => oneOf(p, ['QueueId', 'AgentId']) },
  TransferContactToQueue: { in: ROUTING, params: [], requires: ['QueueAtCapacity', 'NoMatchingError'] },
  DequeueContactAndTransferToQueue: { in: ['CQ'], params: ['QueueId', 'AgentId'], values: (p) => oneOf(p, ['QueueId', 'AgentId']) },
  UpdateContactRoutingBehavior: {
    in: QUEUED,
    params: ['QueuePriority', 'QueueTimeAdjustmentSeconds', 'RoutingProficiencies'],
    values: (p) =>
      atMostOneOf(p, ['QueuePriority', 'QueueTimeAdjustmentSeconds']) &&
      inRange(p.QueuePriority, 1, Number.MAX_SAFE_INTEGER) &&
      inRange(p.QueueTimeAdjustmentSeconds, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  },
  UpdateContactRoutingCriteria: { in: QUEUED, params: ['RoutingCriteria'], requires: ['NoMatchingError'] },
  UpdateRoutingCriteria: { in: QUEUED, params: ['RoutingCriteria'], requires: ['NoMatchingError'] },
  CheckHoursOfOperation: { in: QUEUED, params: ['HoursOfOperationId'], requires: ['NoMatchingError'], refuses: ['NoMatchingCondition'] },
  CheckMetricData: {
    in: QUEUED,
    params: ['MetricType', 'QueueId', 'AgentId'],
    values: (p) => p.MetricType !== undefined && isEnum(p.MetricType, METRICS) && atMostOneOf(p, ['QueueId', 'AgentId']),
  },
  GetMetricData: { params: ['QueueId', 'AgentId', 'QueueChannel'], values: (p) => atMostOneOf(p, ['QueueId', 'AgentId']) && isEnum(p.QueueChannel, ['Voice', 'Chat']) },
  UpdateContactAttributes: { params: ['Attributes', 'TargetContact'], requires: ['NoMatchingError'], values: (p) => isEnum(p.TargetContact, ['Current', 'Related']) },
  UpdateFlowAttributes: { params: ['FlowAttributes'] },
  UpdateContactData: { requires: ['NoMatchingError'] },
  TagContact: { params: ['Tags'] },
  UnTagContact: { params: ['TagKeys'] },
  UntagContact: { params: ['TagKeys'] },
  Compare: { params: ['ComparisonValue'], requires: ['NoMatchingCondition'], refuses: ['NoMatchingError'] },
  DistributeByPercentage: { in: QUEUED, params: [] },
  Loop: { params: ['LoopCount'], values: (p) => inRange(p.LoopCount, 0, 100) },
  Wait: {
    params: ['TimeLimitSeconds', 'TimeoutSeconds', 'Events'],
    values: (p) =>
      inRange(p.TimeLimitSeconds, 1, 604800) &&
      inRange(p.TimeoutSeconds, 1, 604800) &&
      (p.Events === undefined || (Array.isArray(p.Events) && p.Events.every((e) => isEnum(e, ['CustomerReturned', 'BotParticipantDisconnected'])))),
  },
  TransferToFlow: { in: ROUTING, params: ['ContactFlowId'] },
  InvokeFlowModule: {},
  EndFlowModuleExecution: { terminal: true },
  EndFlowExecution: { in: ['CQ', 'CW', 'AW', 'OW', 'CAMPAIGN'], params: [], terminal: true },
  MessageParticipant: {
    in: ['IN', 'CQ', 'CW', 'AW', 'OW', 'AT', 'QT', 'CAMPAIGN'],
    params: ['Text', 'SSML', 'PromptId', 'Media'],
    values: (p) => oneOf(p, ['Text', 'SSML', 'PromptId', 'Media']),
  },
  MessageParticipantIteratively: { in: ['CQ', 'CH', 'AH'], params: ['Messages', 'InterruptFrequencySeconds'] },
  GetParticipantInput: { in: QUEUED },
  ConnectParticipantWithLexBot: {},
  DisconnectParticipant: { params: [], terminal: true },
  TransferContactToAgent: { terminal: true },
  AuthenticateParticipant: { in: ['IN'], requires: ['NoMatchingError', 'TimeLimitExceeded'] },
  InvokeLambdaFunction: {
    requires: ['NoMatchingError'],
    values: (p) => isEnum(p.InvocationType, ['SYNCHRONOUS', 'ASYNCHRONOUS']),
  },
  UpdateContactEventHooks: {
    params: ['EventHooks'],
    values: (p) => typeof p.EventHooks === 'object' && p.EventHooks !== null && !Array.isArray(p.EventHooks) && Object.keys(p.EventHooks).length === 1,
  },
  UpdateFlowLoggingBehavior: { params: ['FlowLoggingBehavior'], values: (p) => isEnum(p.FlowLoggingBehavior, ['Enabled', 'Disabled']) },
  UpdateContactRecordingBehavior: {},
  UpdateContactRecordingAndAnalyticsBehavior: {},
  UpdateContactTextToSpeechVoice: { params: ['TextToSpeechVoice', 'TextToSpeechEngine', 'TextToSpeechStyle'] },
  UpdateContactMediaStreamingBehavior: {},
  UpdateContactMediaProcessing: {},
  UpdateContactCallbackNumber: { requires: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'], refuses: ['NoMatchingError'] },
  TransferParticipantToThirdParty: {},
  CheckVoiceId: {},
  StartVoiceIdStream: {},
  CompleteOutboundCall: {},
  UpdatePreviousContactParticipantState: {},
  CheckOutboundCallStatus: {},
  CreateTask: {},
};

/** Parameters that are static or one JSONPath: a path must start at a root there is (§2). */
const SINGLE_PATH_PARAMS = ['QueueId', 'AgentId', 'ContactFlowId', 'FlowModuleId', 'HoursOfOperationId', 'ComparisonValue', 'LoopCount', 'TimeLimitSeconds', 'CallbackNumber'];
const ROOTS = new Set([
  'Attributes', 'ContactId', 'InitialContactId', 'PreviousContactId', 'Channel', 'InitiationMethod', 'InstanceARN', 'Name',
  'Description', 'References', 'LanguageCode', 'CustomerId', 'CustomerEndpoint', 'SystemEndpoint', 'Queue', 'TextToSpeechVoiceId',
  'External', 'Lex', 'StoredCustomerInput', 'Metrics', 'Agent', 'Customer', 'FlowAttributes', 'Tags', 'Wisdom', 'Case', 'Media',
  'MediaStreams', 'ContactDetails', 'Segment', 'SegmentAttributes', 'AuthenticationProfile', 'Channels', 'Event',
]);
const OPERATORS = new Set(['Equals', 'TextStartsWith', 'TextEndsWith', 'TextContains', 'NumberGreaterThan', 'NumberGreaterOrEqualTo', 'NumberLessThan', 'NumberLessOrEqualTo']);

const FORBIDDEN_IDS = new Set([
  '__proto__', 'constructor', '__defineGetter__', '__defineSetter__', 'toString', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', 'valueOf',
]);
const FORBIDDEN_ID_CHARS = /[%:()\\/=$,;[\]{}]/;
export const MAX_ACTIONS = 250;
const MAX_PROBLEMS = 50;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The root of a JSONPath `$.Root.rest` or `$.Root['key']` */
const rootOf = (path: string) => /^\$\.([A-Za-z_][\w-]*)/.exec(path)?.[1];

/** The parsed content, or undefined when it is not a JSON object. */
export function parseFlow(content: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(content);
    return isObject(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Every problem publishing `content` as a flow of `flowType` meets (at most 50); none when it publishes. */
export function flowProblems(content: string, flowType: string): string[] {
  const doc = parseFlow(content);
  if (!doc) return ['Content is not a JSON object. Path: $'];
  const problems: string[] = [];
  const add = (m: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(m);
  };
  if (doc.Version !== '2019-10-30') add('Invalid Version: only 2019-10-30 is supported. Path: Version');
  if (doc.Metadata !== undefined && !isObject(doc.Metadata)) add('Metadata must be an object. Path: Metadata');
  if (!Array.isArray(doc.Actions)) {
    add('Flow is missing required property. Path: Actions');
    if (typeof doc.StartAction !== 'string') add('Flow is missing required property. Path: StartAction');
    return problems;
  }
  const actions: unknown[] = doc.Actions;
  if (actions.length > MAX_ACTIONS) add(`A flow has at most ${MAX_ACTIONS} actions, this one has ${actions.length}. Path: Actions`);

  const ids = new Set<string>();
  actions.forEach((a, i) => {
    const id = isObject(a) ? a.Identifier : undefined;
    if (typeof id !== 'string') return;
    if (ids.has(id)) add(`Duplicate Action identifier ${JSON.stringify(id)}. Path: Actions[${i}].Identifier`);
    ids.add(id);
  });
  if (typeof doc.StartAction !== 'string') add('Flow is missing required property. Path: StartAction');
  else if (!ids.has(doc.StartAction)) add('StartAction does not match the Identifier of any action. Path: StartAction');

  const code = CODES[flowType];
  actions.forEach((a, i) => {
    const at = `Actions[${i}]`;
    if (!isObject(a)) return add(`Action must be an object. Path: ${at}`);
    const id = a.Identifier;
    if (typeof id !== 'string') add(`Action is missing required property. Path: ${at}.Identifier`);
    else if (!id || id.length > 50 || FORBIDDEN_ID_CHARS.test(id) || FORBIDDEN_IDS.has(id)) add(`Invalid Action identifier. Path: ${at}.Identifier`);

    const type = a.Type;
    const rule = typeof type === 'string' && Object.hasOwn(RULES, type) ? RULES[type] : undefined;
    if (!rule) add('Invalid Action type');
    else if (rule.in && code && code !== 'CAMPAIGN' && !rule.in.includes(code)) {
      add(`Action type ${String(type)} is not supported in flow type ${flowType}. Path: ${at}`);
    }

    const params = a.Parameters ?? {};
    if (!isObject(params)) add(`Invalid Action property value. Path: ${at}`);
    else if (rule) {
      if (rule.params && Object.keys(params).some((k) => !rule.params!.includes(k))) add('Invalid Action property name');
      else if (rule.values && !rule.values(params)) add(`Invalid Action property value. Path: ${at}`);
      else if (SINGLE_PATH_PARAMS.some((k) => isPath(params[k]) && !ROOTS.has(rootOf(params[k] as string) ?? ''))) {
        add(`Invalid Action property value. Path: ${at}`);
      }
    }

    const transitions = a.Transitions ?? {};
    if (!isObject(transitions)) return add(`Invalid Action property value. Path: ${at}.Transitions`);
    if (rule?.terminal) {
      if (Object.keys(transitions).length) add('Action does not support transitions');
      return;
    }
    const target = (v: unknown, path: string) => {
      if (typeof v !== 'string' || !ids.has(v)) add(`Transition does not match the Identifier of any action. Path: ${path}`);
    };
    if (transitions.NextAction !== undefined) target(transitions.NextAction, `${at}.Transitions.NextAction`);
    else if (type !== 'MessageParticipantIteratively') add(`Action is missing required property. Path: ${at}.Transitions.NextAction`);

    const errors = transitions.Errors ?? [];
    const errorTypes: string[] = [];
    if (!Array.isArray(errors)) add(`Invalid Action property value. Path: ${at}.Transitions.Errors`);
    else {
      errors.forEach((e: unknown, j) => {
        const path = `${at}.Transitions.Errors[${j}]`;
        if (!isObject(e) || typeof e.ErrorType !== 'string') return add(`Invalid Action property value. Path: ${path}`);
        errorTypes.push(e.ErrorType);
        target(e.NextAction, `${path}.NextAction`);
        const noErrors = type === 'UpdateContactRoutingBehavior' && isObject(params) && params.RoutingProficiencies === undefined;
        if (rule?.refuses?.includes(e.ErrorType) || noErrors) add(`Action does not support error ${e.ErrorType}. Path: ${path}.ErrorType`);
      });
      for (const need of rule?.requires ?? []) {
        if (!errorTypes.includes(need)) add(`Action is missing required error ${need}. Path: ${at}.Transitions.Errors`);
      }
    }

    const conditions = transitions.Conditions ?? [];
    if (!Array.isArray(conditions)) add(`Invalid Action property value. Path: ${at}.Transitions.Conditions`);
    else {
      conditions.forEach((c: unknown, j) => {
        const path = `${at}.Transitions.Conditions[${j}]`;
        if (!isObject(c)) return add(`Invalid Action property value. Path: ${path}`);
        target(c.NextAction, `${path}.NextAction`);
        const cond = c.Condition;
        if (!isObject(cond) || typeof cond.Operator !== 'string' || !OPERATORS.has(cond.Operator)) {
          add(`Invalid condition operator. Path: ${path}.Condition.Operator`);
        } else if (!Array.isArray(cond.Operands) || !cond.Operands.every((o) => typeof o === 'string')) {
          add(`Condition operands must be a list of strings. Path: ${path}.Condition.Operands`);
        }
      });
    }
  });
  return problems;
}
