// Users: CreateUser, DescribeUser, ListUsers, DeleteUser, the updates of routing profile, phone
// config and identity, and PutUserStatus.
import type * as C from '../../generated/connect.types.js';
import { CHANNELS, putUserStatus, readySet } from '../../engine/agents.js';
import { getInstance } from '../../engine/instances.js';
import { asOutput } from '../../engine/resources.js';
import { routeAgent } from '../../engine/router.js';
import { getRoutingProfile } from '../../engine/routing-profiles.js';
import { changeProficiencies, createUser, deleteUser, getUser, saveUser, USER, type UserData } from '../../engine/users.js';
import type { HandlerTable, RequestContext } from '../handler.js';
import { pageOfArray, pageOfRecords } from '../pagination.js';

async function userOf(ctx: RequestContext, instance: string, userId: string) {
  const { id } = await getInstance(ctx.tx, ctx, instance);
  return getUser(ctx.work, ctx, id, userId);
}

export const userHandlers: HandlerTable<C.Operations> = {
  async CreateUser(input, ctx) {
    const instance = await getInstance(ctx.tx, ctx, input.InstanceId);
    const user = await createUser(ctx.work, ctx, instance, input);
    return { UserId: user.Id, UserArn: user.Arn };
  },

  async DescribeUser(input, ctx) {
    const { data } = await userOf(ctx, input.InstanceId, input.UserId);
    // the output writer keeps only the members of User
    return { User: asOutput<C.User>(data) };
  },

  async ListUsers(input, ctx) {
    const { id } = await getInstance(ctx.tx, ctx, input.InstanceId);
    const page = await pageOfRecords<UserData>(ctx, { kind: USER, scope: id }, input.NextToken, input.MaxResults);
    return { UserSummaryList: page.items.map((r) => asOutput<C.UserSummary>(r.data)), NextToken: page.NextToken };
  },

  async DeleteUser(input, ctx) {
    const { id } = await getInstance(ctx.tx, ctx, input.InstanceId);
    await deleteUser(ctx.work, ctx, id, input.UserId);
    for (const channel of CHANNELS) await ctx.tx.deleteRank(ctx, readySet(id, channel), input.UserId);
    return {};
  },

  async UpdateUserRoutingProfile(input, ctx) {
    const user = await userOf(ctx, input.InstanceId, input.UserId);
    await getRoutingProfile(ctx.work, ctx, user.scope, input.RoutingProfileId);
    user.data.RoutingProfileId = input.RoutingProfileId;
    await saveUser(ctx.work, ctx, user);
    // other queues, other capacity: what the agent may take now changes
    await routeAgent(ctx.work, ctx, user);
    return {};
  },

  async UpdateUserPhoneConfig(input, ctx) {
    const user = await userOf(ctx, input.InstanceId, input.UserId);
    user.data.PhoneConfig = input.PhoneConfig;
    await saveUser(ctx.work, ctx, user);
    return {};
  },

  async UpdateUserIdentityInfo(input, ctx) {
    const user = await userOf(ctx, input.InstanceId, input.UserId);
    user.data.IdentityInfo = input.IdentityInfo;
    await saveUser(ctx.work, ctx, user);
    return {};
  },

  async AssociateUserProficiencies(input, ctx) {
    const user = await userOf(ctx, input.InstanceId, input.UserId);
    await changeProficiencies(ctx.work, ctx, user, 'associate', input.UserProficiencies);
    // a new skill may let the agent take a contact that waits for it
    await routeAgent(ctx.work, ctx, user);
    return {};
  },

  async UpdateUserProficiencies(input, ctx) {
    const user = await userOf(ctx, input.InstanceId, input.UserId);
    await changeProficiencies(ctx.work, ctx, user, 'update', input.UserProficiencies);
    await routeAgent(ctx.work, ctx, user);
    return {};
  },

  async DisassociateUserProficiencies(input, ctx) {
    const user = await userOf(ctx, input.InstanceId, input.UserId);
    await changeProficiencies(ctx.work, ctx, user, 'disassociate', input.UserProficiencies);
    return {};
  },

  async ListUserProficiencies(input, ctx) {
    const user = await userOf(ctx, input.InstanceId, input.UserId);
    const page = pageOfArray(ctx, user.id, user.data.Proficiencies, input.NextToken, input.MaxResults);
    return {
      UserProficiencyList: page.items,
      NextToken: page.NextToken,
      LastModifiedTime: new Date(user.data.LastModifiedTime!),
      LastModifiedRegion: user.data.LastModifiedRegion,
    };
  },

  async PutUserStatus(input, ctx) {
    const { id } = await getInstance(ctx.tx, ctx, input.InstanceId);
    await putUserStatus(ctx.work, ctx, id, input.UserId, input.AgentStatusId);
    return {};
  },
};
