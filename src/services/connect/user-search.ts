// SearchUsers: the users of an instance that meet the search criteria and the search filter,
// in creation order. Behaviour in engine/user-search.ts.
import type * as C from '../../generated/connect.types.js';
import { getInstance } from '../../engine/instances.js';
import { compileCriteria, compileFilter, searchSummary } from '../../engine/user-search.js';
import { USER, type UserData } from '../../engine/users.js';
import type { HandlerTable } from '../handler.js';
import { pageOfArray } from '../pagination.js';

export const userSearchHandlers: HandlerTable<C.Operations> = {
  async SearchUsers(input, ctx) {
    const { id } = await getInstance(ctx.tx, ctx, input.InstanceId);
    const criteria = compileCriteria(input.SearchCriteria);
    const filter = compileFilter(input.SearchFilter);
    const users = await ctx.tx.list<UserData>(ctx, { kind: USER, scope: id, limit: Number.MAX_SAFE_INTEGER });
    const found = users.filter((u) => criteria(u.data) && filter(u.data));
    const page = pageOfArray(ctx, id, found, input.NextToken, input.MaxResults);
    return { Users: page.items.map((u) => searchSummary(u.data)), NextToken: page.NextToken, ApproximateTotalCount: found.length };
  },
};
