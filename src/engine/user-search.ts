// SearchUsers: the search criteria and the search filter compiled, once per request, into a
// test of one user; every mistake in them is reported before any user is looked at.
import type * as C from '../generated/connect.types.js';
import { BadRequest, ServiceError } from '../protocol/errors.js';
import type { UserData } from './users.js';

export type UserTest = (u: UserData) => boolean;

const bad = (message: string): never => {
  throw new BadRequest(message, 'constraint');
};

/** The fields a StringCondition may name (model docs), each read from a user as its values. */
const STRING_FIELDS: Record<string, (u: UserData) => (string | undefined)[]> = {
  username: (u) => [u.Username],
  firstname: (u) => [u.IdentityInfo?.FirstName],
  lastname: (u) => [u.IdentityInfo?.LastName],
  routingprofileid: (u) => [u.RoutingProfileId],
  securityprofileid: (u) => u.SecurityProfileIds ?? [],
  resourceid: (u) => [u.Id],
};

/** A test of one text against a condition's value: compared without regard to case. */
function compare(where: string, c: C.StringCondition): (text: string | undefined) => boolean {
  if (c.Value === undefined) bad(`${where}: Value is required`);
  const value = c.Value!.toLowerCase();
  switch (c.ComparisonType) {
    case 'EXACT':
      return (t) => t?.toLowerCase() === value;
    case 'CONTAINS':
      return (t) => t?.toLowerCase().includes(value) ?? false;
    case 'STARTS_WITH':
      return (t) => t?.toLowerCase().startsWith(value) ?? false;
    default:
      return bad(`${where}: ComparisonType is required (EXACT, CONTAINS or STARTS_WITH)`);
  }
}

function stringCondition(c: C.StringCondition): UserTest {
  const read = STRING_FIELDS[(c.FieldName ?? '').toLowerCase()];
  if (!read) bad(`StringCondition: FieldName ${JSON.stringify(c.FieldName ?? '')} is not one of Username, FirstName, LastName, RoutingProfileId, SecurityProfileId, ResourceId`);
  const test = compare('StringCondition', c);
  return (u) => read(u).some(test);
}

/** A NumberCondition on a proficiency's level (FieldName "limit" in the model docs). */
function numberCondition(c: C.NumberCondition): (level: number) => boolean {
  if ((c.FieldName ?? '').toLowerCase() !== 'limit') bad(`ListCondition: NumberCondition FieldName ${JSON.stringify(c.FieldName ?? '')} is not limit`);
  const type = c.ComparisonType;
  const need = (v: number | undefined, name: string): number => v ?? bad(`ListCondition: NumberCondition ${type ?? 'without ComparisonType'} needs ${name}`);
  switch (type) {
    case 'GREATER_OR_EQUAL':
    case 'GREATER': {
      const min = need(c.MinValue, 'MinValue');
      return type === 'GREATER' ? (l) => l > min : (l) => l >= min;
    }
    case 'LESSER_OR_EQUAL':
    case 'LESSER': {
      const max = need(c.MaxValue, 'MaxValue');
      return type === 'LESSER' ? (l) => l < max : (l) => l <= max;
    }
    case 'EQUAL':
    case 'NOT_EQUAL': {
      const v = need(c.MinValue ?? c.MaxValue, 'MinValue or MaxValue');
      return type === 'EQUAL' ? (l) => l === v : (l) => l !== v;
    }
    case 'RANGE': {
      const [min, max] = [need(c.MinValue, 'MinValue'), need(c.MaxValue, 'MaxValue')];
      return (l) => l >= min && l <= max;
    }
    default:
      return bad('ListCondition: NumberCondition needs a ComparisonType');
  }
}

/** ListCondition on PROFICIENCIES: some proficiency of the user meets every condition. */
function listCondition(c: C.ListCondition): UserTest {
  if (c.TargetListType !== 'PROFICIENCIES') bad('ListCondition: TargetListType must be PROFICIENCIES');
  const tests = (c.Conditions ?? []).map((cond): ((x: C.UserProficiency) => boolean) => {
    if (!!cond.StringCondition === !!cond.NumberCondition) bad('ListCondition: each condition has one of StringCondition and NumberCondition');
    if (cond.NumberCondition) {
      const test = numberCondition(cond.NumberCondition);
      return (x) => test(x.Level);
    }
    const s = cond.StringCondition!;
    const field = (s.FieldName ?? '').toLowerCase();
    if (field !== 'name' && field !== 'value') bad(`ListCondition: StringCondition FieldName ${JSON.stringify(s.FieldName ?? '')} is not name or value`);
    const test = compare('ListCondition', s);
    return (x) => test(field === 'name' ? x.AttributeName : x.AttributeValue);
  });
  return (u) => u.Proficiencies.some((x) => tests.every((t) => t(x)));
}

/** The emulator has no user hierarchies: a hierarchy group condition matches nobody. */
function hierarchyCondition(c: C.HierarchyGroupCondition): UserTest {
  if (!c.Value) bad('HierarchyGroupCondition: Value is required');
  return () => false;
}

/** The members a criteria node gives all hold (an empty node matches every user). */
export function compileCriteria(c: C.UserSearchCriteria | undefined): UserTest {
  if (!c) return () => true;
  const tests: UserTest[] = [];
  if (c.OrConditions) {
    const any = c.OrConditions.map(compileCriteria);
    tests.push((u) => any.some((t) => t(u)));
  }
  if (c.AndConditions) {
    const all = c.AndConditions.map(compileCriteria);
    tests.push((u) => all.every((t) => t(u)));
  }
  if (c.StringCondition) tests.push(stringCondition(c.StringCondition));
  if (c.ListCondition) tests.push(listCondition(c.ListCondition));
  if (c.HierarchyGroupCondition) tests.push(hierarchyCondition(c.HierarchyGroupCondition));
  return (u) => tests.every((t) => t(u));
}

/** A tag condition: the user has the key, with this value when one is given. */
function tagCondition(c: C.TagCondition): UserTest {
  if (!c.TagKey) bad('TagCondition: TagKey is required');
  return (u) => u.Tags?.[c.TagKey!] !== undefined && (c.TagValue === undefined || u.Tags[c.TagKey!] === c.TagValue);
}

const allOf = (list: C.TagCondition[]): UserTest => {
  const tests = list.map(tagCondition);
  return (u) => tests.every((t) => t(u));
};

/** Tag filter: an OR of ANDs, an AND, or one condition (several given: all of them). */
function tagFilter(f: C.ControlPlaneTagFilter): UserTest {
  const tests: UserTest[] = [];
  if (f.OrConditions) {
    const any = f.OrConditions.map(allOf);
    tests.push((u) => any.some((t) => t(u)));
  }
  if (f.AndConditions) tests.push(allOf(f.AndConditions));
  if (f.TagCondition) tests.push(tagCondition(f.TagCondition));
  return (u) => tests.every((t) => t(u));
}

function attributeAnd(c: C.AttributeAndCondition): UserTest {
  const tests = [allOf(c.TagConditions ?? [])];
  if (c.HierarchyGroupCondition) tests.push(hierarchyCondition(c.HierarchyGroupCondition));
  return (u) => tests.every((t) => t(u));
}

/** UserAttributeFilter: exactly one of its members (model docs). */
function attributeFilter(f: C.ControlPlaneUserAttributeFilter): UserTest {
  const given = (['OrConditions', 'AndCondition', 'TagCondition', 'HierarchyGroupCondition'] as const).filter((k) => f[k] !== undefined);
  if (given.length !== 1) bad(`UserAttributeFilter: give exactly one of OrConditions, AndCondition, TagCondition and HierarchyGroupCondition${given.length ? `, not ${given.join(' and ')}` : ''}`);
  if (f.OrConditions) {
    const any = f.OrConditions.map(attributeAnd);
    return (u) => any.some((t) => t(u));
  }
  if (f.AndCondition) return attributeAnd(f.AndCondition);
  if (f.TagCondition) return tagCondition(f.TagCondition);
  return hierarchyCondition(f.HierarchyGroupCondition!);
}

/** SearchFilter: TagFilter or UserAttributeFilter; both at once AWS refuses with AccessDeniedException (model docs). */
export function compileFilter(f: C.UserSearchFilter | undefined): UserTest {
  if (f?.TagFilter && f.UserAttributeFilter) {
    throw new ServiceError('AccessDeniedException', 'SearchFilter: TagFilter and UserAttributeFilter cannot be combined');
  }
  if (f?.TagFilter) return tagFilter(f.TagFilter);
  if (f?.UserAttributeFilter) return attributeFilter(f.UserAttributeFilter);
  return () => true;
}

/** A user as SearchUsers answers it; AfterContactWorkTimeLimit in milliseconds (model docs). */
export function searchSummary(u: UserData): C.UserSearchSummary {
  const phone = u.PhoneConfig;
  return {
    Arn: u.Arn,
    DirectoryUserId: u.DirectoryUserId,
    HierarchyGroupId: u.HierarchyGroupId,
    Id: u.Id,
    IdentityInfo: { FirstName: u.IdentityInfo?.FirstName, LastName: u.IdentityInfo?.LastName },
    PhoneConfig: phone && { ...phone, AfterContactWorkTimeLimit: phone.AfterContactWorkTimeLimit === undefined ? undefined : phone.AfterContactWorkTimeLimit * 1000 },
    RoutingProfileId: u.RoutingProfileId,
    SecurityProfileIds: u.SecurityProfileIds,
    Tags: u.Tags,
    Username: u.Username,
  };
}
