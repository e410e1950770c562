// Hours of operation as resources (Create, Update, Delete) and CheckHoursOfOperation reading
// them on the emulator clock: start inclusive, end exclusive, ranges past midnight, time zones.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateContactFlowCommand,
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  DeleteHoursOfOperationCommand,
  DescribeContactCommand,
  DescribeHoursOfOperationCommand,
  GetContactAttributesCommand,
  UpdateHoursOfOperationCommand,
  type HoursOfOperationConfig,
} from '@aws-sdk/client-connect';
import { advance, chatServerPerFile, clockNow, startChat } from './support/chat.js';
import { expectError } from './support/errors.js';

const t = chatServerPerFile();
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
const HOUR = 3600;

/** A flow that writes what CheckHoursOfOperation said into the attribute `open`, then ends. */
function checkFlow(hoursId: string): string {
  const set = (id: string, value: string) => ({
    Identifier: id,
    Type: 'UpdateContactAttributes',
    Parameters: { Attributes: { open: value }, TargetContact: 'Current' },
    Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
  });
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'check',
    Actions: [
      {
        Identifier: 'check',
        Type: 'CheckHoursOfOperation',
        Parameters: { HoursOfOperationId: hoursId },
        Transitions: {
          NextAction: 'error',
          Conditions: [
            { NextAction: 'open', Condition: { Operator: 'Equals', Operands: ['True'] } },
            { NextAction: 'closed', Condition: { Operator: 'Equals', Operands: ['False'] } },
          ],
          Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'error' }],
        },
      },
      set('open', 'yes'),
      set('closed', 'no'),
      set('error', 'error'),
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  });
}

describe('hours of operation', () => {
  /** UTC weekday of the clock after it was moved to 10:00 UTC of a new day */
  let day: number;
  const slice = (h: number, m = 0) => ({ Hours: h, Minutes: m });
  const create = (Config: HoursOfOperationConfig[], TimeZone = 'UTC') =>
    t.client.send(new CreateHoursOfOperationCommand({ InstanceId: t.instanceId, Name: `hours-${randomUUID().slice(0, 8)}`, TimeZone, Config }));
  /** what a chat's flow finds now */
  const check = async (hoursId: string): Promise<string | undefined> => {
    const { ContactFlowId } = await t.client.send(
      new CreateContactFlowCommand({ InstanceId: t.instanceId, Name: `check-${randomUUID().slice(0, 8)}`, Type: 'CONTACT_FLOW', Content: checkFlow(hoursId) }),
    );
    const chat = await startChat(t.client, t.instanceId, { ContactFlowId });
    const { Contact } = await t.client.send(new DescribeContactCommand({ InstanceId: t.instanceId, ContactId: chat.ContactId }));
    assert.equal(Contact!.DisconnectReason, 'CONTACT_FLOW_DISCONNECT');
    const { Attributes } = await t.client.send(new GetContactAttributesCommand({ InstanceId: t.instanceId, InitialContactId: chat.ContactId }));
    return Attributes?.open;
  };

  before(async () => {
    // to 10:00:00 UTC of the next day: a known place in a known day
    const now = await clockNow(t.server.url);
    const next = (Math.floor(now / 86_400_000) + 1) * 86_400_000;
    await advance(t.server.url, (next - now) / 1000 + 10 * HOUR);
    day = new Date(next).getUTCDay();
  });

  test('CreateHoursOfOperation keeps its schedule; a time zone must exist and a name be free', async () => {
    const Config = [{ Day: DAYS[day], StartTime: slice(9), EndTime: slice(17, 30) }];
    const out = await create(Config, 'Europe/Berlin');
    const { HoursOfOperation } = await t.client.send(new DescribeHoursOfOperationCommand({ InstanceId: t.instanceId, HoursOfOperationId: out.HoursOfOperationId }));
    assert.equal(HoursOfOperation!.HoursOfOperationArn, out.HoursOfOperationArn);
    assert.equal(HoursOfOperation!.TimeZone, 'Europe/Berlin');
    assert.deepEqual(HoursOfOperation!.Config, Config);
    await expectError(create(Config, 'Mars/Olympus_Mons'), 'InvalidParameterException', 'TimeZone');
    await expectError(
      t.client.send(new CreateHoursOfOperationCommand({ InstanceId: t.instanceId, Name: HoursOfOperation!.Name!, TimeZone: 'UTC', Config })),
      'DuplicateResourceException',
    );
  });

  test('CheckHoursOfOperation: open from the start minute, closed from the end minute', async () => {
    const { HoursOfOperationId } = await create([{ Day: DAYS[day], StartTime: slice(10, 30), EndTime: slice(11) }]);
    assert.equal(await check(HoursOfOperationId!), 'no');
    await advance(t.server.url, 30 * 60 - 0.001);
    assert.equal(await check(HoursOfOperationId!), 'no', '10:29:59.999');
    await advance(t.server.url, 0.001);
    assert.equal(await check(HoursOfOperationId!), 'yes', '10:30');
    await advance(t.server.url, 30 * 60 - 0.001);
    assert.equal(await check(HoursOfOperationId!), 'yes', '10:59:59.999');
    await advance(t.server.url, 0.001);
    assert.equal(await check(HoursOfOperationId!), 'no', '11:00');
  });

  test('a range past midnight, a time zone, and UpdateHoursOfOperation changing the schedule', async () => {
    // it is 11:00 UTC: a range of yesterday from 22:00 to 12:00 is still open
    const yesterday = DAYS[(day + 6) % 7];
    const { HoursOfOperationId } = await create([{ Day: yesterday, StartTime: slice(22), EndTime: slice(12) }]);
    assert.equal(await check(HoursOfOperationId!), 'yes');
    // 11:00 UTC is 20:00 in Tokyo: a 19:00 to 21:00 range of today there
    await t.client.send(
      new UpdateHoursOfOperationCommand({ InstanceId: t.instanceId, HoursOfOperationId, TimeZone: 'Asia/Tokyo', Config: [{ Day: DAYS[day], StartTime: slice(19), EndTime: slice(21) }] }),
    );
    assert.equal(await check(HoursOfOperationId!), 'yes');
    await t.client.send(new UpdateHoursOfOperationCommand({ InstanceId: t.instanceId, HoursOfOperationId, TimeZone: 'America/New_York' }));
    assert.equal(await check(HoursOfOperationId!), 'no', '07:00 in New York');
    assert.equal(await check(randomUUID()), 'error', 'unknown hours take the error branch');
  });

  test('DeleteHoursOfOperation: refused while a queue has them, then gone', async () => {
    const { HoursOfOperationId } = await create([]);
    const queue = await t.client.send(new CreateQueueCommand({ InstanceId: t.instanceId, Name: `q-${randomUUID().slice(0, 8)}`, HoursOfOperationId }));
    assert.ok(queue.QueueId);
    await expectError(t.client.send(new DeleteHoursOfOperationCommand({ InstanceId: t.instanceId, HoursOfOperationId })), 'InvalidRequestException', 'queue');
    const { HoursOfOperationId: other } = await create([]);
    await t.client.send(new DeleteHoursOfOperationCommand({ InstanceId: t.instanceId, HoursOfOperationId: other }));
    await expectError(t.client.send(new DescribeHoursOfOperationCommand({ InstanceId: t.instanceId, HoursOfOperationId: other })), 'ResourceNotFoundException');
    assert.equal(await check(other!), 'error');
  });
});
