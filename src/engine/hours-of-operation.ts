// Hours of operation as resources: CreateHoursOfOperation, UpdateHoursOfOperation and
// DeleteHoursOfOperation, so that a flow's CheckHoursOfOperation has more than Basic Hours'
// 24/7 to check (the schedule is read in flow-actions/hours.ts).
import type * as C from '../generated/connect.types.js';
import { BadRequest } from '../protocol/errors.js';
import type { Partition } from '../store/store.js';
import type { HoursOfOperationData } from './instance-defaults.js';
import { checkNameFree, getRecord, saveStamped } from './instance-records.js';
import { childArn, newId } from './resources.js';
import type { Work } from './work.js';

const HOURS = 'hours-of-operation';

/** An IANA time zone that Intl knows (Amazon Connect takes the same names). */
function checkTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new BadRequest(`TimeZone: ${JSON.stringify(zone)} is not a time zone; use an IANA name such as America/New_York`, 'constraint');
  }
}

export async function createHours(w: Work, p: Partition, instanceId: string, input: Omit<C.CreateHoursOfOperationRequest, 'InstanceId'>): Promise<HoursOfOperationData> {
  checkTimeZone(input.TimeZone);
  await checkNameFree(w.tx, p, HOURS, instanceId, 'Hours of operation', input.Name);
  const id = newId();
  const arn = childArn(p, instanceId, HOURS, id);
  const data: HoursOfOperationData = {
    HoursOfOperationId: id,
    HoursOfOperationArn: arn,
    Name: input.Name,
    Description: input.Description,
    TimeZone: input.TimeZone,
    Config: input.Config,
    Tags: input.Tags ?? {},
  };
  return saveStamped(w, p, HOURS, instanceId, { id, arn, data });
}

export async function updateHours(w: Work, p: Partition, instanceId: string, input: Omit<C.UpdateHoursOfOperationRequest, 'InstanceId'>): Promise<void> {
  const rec = await getRecord<HoursOfOperationData>(w.tx, p, HOURS, instanceId, input.HoursOfOperationId, 'Hours of operation');
  if (input.TimeZone !== undefined) checkTimeZone(input.TimeZone);
  if (input.Name !== undefined) await checkNameFree(w.tx, p, HOURS, instanceId, 'Hours of operation', input.Name, rec.id);
  const d = rec.data;
  if (input.Name !== undefined) d.Name = input.Name;
  if (input.Description !== undefined) d.Description = input.Description;
  if (input.TimeZone !== undefined) d.TimeZone = input.TimeZone;
  if (input.Config !== undefined) d.Config = input.Config;
  await saveStamped(w, p, HOURS, instanceId, rec);
}

/** A queue's hours cannot go while the queue names them. */
export async function deleteHours(w: Work, p: Partition, instanceId: string, hoursId: string): Promise<void> {
  const rec = await getRecord<HoursOfOperationData>(w.tx, p, HOURS, instanceId, hoursId, 'Hours of operation');
  const [user] = await w.tx.list<{ Name?: string }>(p, { kind: 'queue', scope: instanceId, limit: 1, where: { HoursOfOperationId: rec.id } });
  if (user) throw new BadRequest(`Hours of operation ${hoursId} are the hours of the queue ${user.data.Name ?? user.id}; give the queue other hours first`);
  await w.tx.delete(p, HOURS, instanceId, rec.id);
}
