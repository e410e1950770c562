// Routing criteria (spec routing.md §3): steps of expressions over agents' proficiencies. They
// activate when the contact waits in a standard queue; the active step decides which agents
// may take the contact; a step with an expiry gives way to the next when it runs out on the
// emulator clock, and once every step has expired any agent of the queue may.
import type * as C from '../generated/connect.types.js';
import { BadRequest } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { saveContact, type ContactData } from './contacts.js';
import type { Persisted } from './resources.js';
import type { UserData } from './users.js';
import type { Work } from './work.js';

export const ROUTING_STEP = 'routing-step';

export type Criteria = Persisted<C.RoutingCriteria>;

/** Limits the docs give or imply (routing.md §3.3): a criteria object a person could write. */
const MAX_STEPS = 5;
const MAX_DEPTH = 3;
const MAX_LIST = 8;
const MAX_AGENT_IDS = 100;
const OPERATORS = ['NumberGreaterOrEqualTo', 'Range', 'Match'];

function checkCondition(c: C.AttributeCondition, path: string): void {
  const op = c.ComparisonOperator;
  if (!op || !OPERATORS.includes(op)) {
    throw new BadRequest(`${path}.ComparisonOperator: ${JSON.stringify(op ?? null)} is not one of ${OPERATORS.join(', ')}`, 'constraint');
  }
  if (op === 'Match') {
    const ids = c.MatchCriteria?.AgentsCriteria?.AgentIds;
    if (!ids?.length) throw new BadRequest(`${path}.MatchCriteria.AgentsCriteria.AgentIds: Match names at least one agent`, 'constraint');
    if (ids.length > MAX_AGENT_IDS) throw new BadRequest(`${path}.MatchCriteria.AgentsCriteria.AgentIds: at most ${MAX_AGENT_IDS} agents`, 'constraint');
    return;
  }
  if (!c.Name || !c.Value) throw new BadRequest(`${path}: ${op} needs Name and Value`, 'constraint');
  if (op === 'NumberGreaterOrEqualTo' && c.ProficiencyLevel === undefined) {
    throw new BadRequest(`${path}.ProficiencyLevel: NumberGreaterOrEqualTo needs a level`, 'constraint');
  }
  if (op === 'Range') {
    const { MinProficiencyLevel: min, MaxProficiencyLevel: max } = c.Range ?? {};
    if (min === undefined || max === undefined || min > max) {
      throw new BadRequest(`${path}.Range: Range needs MinProficiencyLevel <= MaxProficiencyLevel`, 'constraint');
    }
  }
}

function checkExpression(e: C.Expression, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new BadRequest(`${path}: expressions nest at most ${MAX_DEPTH} deep`, 'constraint');
  const parts = [e.AttributeCondition, e.AndExpression, e.OrExpression, e.NotAttributeCondition].filter((x) => x !== undefined);
  if (parts.length !== 1) {
    throw new BadRequest(`${path}: give exactly one of AttributeCondition, AndExpression, OrExpression and NotAttributeCondition`, 'constraint');
  }
  if (e.AttributeCondition) checkCondition(e.AttributeCondition, `${path}.AttributeCondition`);
  if (e.NotAttributeCondition) checkCondition(e.NotAttributeCondition, `${path}.NotAttributeCondition`);
  for (const [name, list] of [['AndExpression', e.AndExpression], ['OrExpression', e.OrExpression]] as const) {
    if (!list) continue;
    if (!list.length || list.length > MAX_LIST) throw new BadRequest(`${path}.${name}: 1 to ${MAX_LIST} expressions`, 'constraint');
    list.forEach((x, i) => checkExpression(x, `${path}.${name}[${i}]`, depth + 1));
  }
}

/** New criteria from UpdateContactRoutingData: checked, every step inactive, the next Index. */
export function newCriteria(input: C.RoutingCriteriaInput, previous: Criteria | undefined): Criteria {
  const steps = input.Steps ?? [];
  if (!steps.length || steps.length > MAX_STEPS) throw new BadRequest(`RoutingCriteria.Steps: 1 to ${MAX_STEPS} steps`, 'constraint');
  steps.forEach((s, i) => {
    if (!s.Expression) throw new BadRequest(`RoutingCriteria.Steps[${i}].Expression is required`, 'constraint');
    checkExpression(s.Expression, `RoutingCriteria.Steps[${i}].Expression`, 1);
  });
  return {
    Steps: steps.map((s) => ({
      Expression: s.Expression,
      Status: 'INACTIVE',
      ...(s.Expiry?.DurationInSeconds !== undefined ? { Expiry: { DurationInSeconds: s.Expiry.DurationInSeconds } } : {}),
    })),
    Index: (previous?.Index ?? -1) + 1,
  };
}

/** The contact entered a queue: criteria activate (in a standard queue), the first step first. */
export async function activateCriteria(w: Work, p: Partition, contact: StoredRecord<ContactData>, standardQueue: boolean): Promise<void> {
  const criteria = contact.data.RoutingCriteria;
  if (!criteria) return;
  criteria.ActivationTimestamp = w.now;
  if (standardQueue) await startStep(w, p, contact, 0);
}

async function startStep(w: Work, p: Partition, contact: StoredRecord<ContactData>, index: number): Promise<void> {
  const step = contact.data.RoutingCriteria!.Steps![index];
  step.Status = 'ACTIVE';
  if (step.Expiry?.DurationInSeconds !== undefined) {
    step.Expiry.ExpiryTimestamp = w.now + step.Expiry.DurationInSeconds * 1000;
    await w.arm(ROUTING_STEP, contact.id, step.Expiry.ExpiryTimestamp, { account: p.account, region: p.region, instanceId: contact.scope, contactId: contact.id });
  }
}

/** The active step ran out: the next one takes over (or, after the last, any agent may). */
export async function expireStep(w: Work, p: Partition, contact: StoredRecord<ContactData>): Promise<void> {
  const steps = contact.data.RoutingCriteria?.Steps ?? [];
  const i = steps.findIndex((s) => s.Status === 'ACTIVE');
  if (i < 0) return;
  steps[i].Status = 'EXPIRED';
  if (i + 1 < steps.length) await startStep(w, p, contact, i + 1);
  await saveContact(w, p, contact, 'CONTACT_DATA_UPDATED', ['RoutingCriteria.Step.Status']);
}

/** An agent joined through the active step. */
export async function joinedStep(w: Work, contact: StoredRecord<ContactData>): Promise<void> {
  const step = contact.data.RoutingCriteria?.Steps?.find((s) => s.Status === 'ACTIVE');
  if (!step) return;
  step.Status = 'JOINED';
  await w.cancel(ROUTING_STEP, contact.id);
}

/** Whether the agent may take the contact as far as its criteria go. */
export function criteriaAllow(contact: ContactData, user: StoredRecord<UserData>): boolean {
  const steps = contact.RoutingCriteria?.Steps;
  if (!steps?.length) return true;
  const active = steps.find((s) => s.Status === 'ACTIVE');
  // not activated (an agent queue) or every step expired: no constraint
  if (!active) return true;
  return matches(active.Expression!, user);
}

function level(user: StoredRecord<UserData>, name: string | undefined, value: string | undefined): number | undefined {
  return user.data.Proficiencies.find((x) => x.AttributeName === name && x.AttributeValue === value)?.Level;
}

function condition(c: C.AttributeCondition, user: StoredRecord<UserData>): boolean {
  switch (c.ComparisonOperator) {
    case 'Match':
      return c.MatchCriteria?.AgentsCriteria?.AgentIds?.includes(user.id) ?? false;
    case 'Range': {
      const l = level(user, c.Name, c.Value);
      return l !== undefined && l >= c.Range!.MinProficiencyLevel! && l <= c.Range!.MaxProficiencyLevel!;
    }
    default: {
      const l = level(user, c.Name, c.Value);
      return l !== undefined && l >= (c.ProficiencyLevel ?? 1);
    }
  }
}

function matches(e: C.Expression, user: StoredRecord<UserData>): boolean {
  if (e.AttributeCondition) return condition(e.AttributeCondition, user);
  if (e.NotAttributeCondition) return !condition(e.NotAttributeCondition, user);
  if (e.AndExpression) return e.AndExpression.every((x) => matches(x, user));
  if (e.OrExpression) return e.OrExpression.some((x) => matches(x, user));
  return true;
}
