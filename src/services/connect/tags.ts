// TagResource, UntagResource, ListTagsForResource: on any stored resource that has an ARN.
import type * as C from '../../generated/connect.types.js';
import { BadRequest, notFound } from '../../protocol/errors.js';
import type { StoredRecord } from '../../store/store.js';
import type { HandlerTable, RequestContext } from '../handler.js';

/** AWS allows this many tags on one resource. */
const MAX_TAGS = 50;

type Tagged = { Tags?: C.TagMap };

async function tagged(ctx: RequestContext, arn: string): Promise<StoredRecord<Tagged>> {
  const rec = await ctx.tx.getByArn<Tagged>(ctx, arn);
  if (!rec) throw notFound('Resource', arn);
  return rec;
}

async function save(ctx: RequestContext, rec: StoredRecord<Tagged>, tags: C.TagMap): Promise<void> {
  rec.data.Tags = tags;
  await ctx.tx.put(ctx, rec);
}

export const tagHandlers: HandlerTable<C.Operations> = {
  async TagResource(input, ctx) {
    const rec = await tagged(ctx, input.resourceArn);
    const tags = { ...rec.data.Tags, ...input.tags };
    const count = Object.keys(tags).length;
    if (count > MAX_TAGS) throw new BadRequest(`tags: the resource would have ${count} tags, more than the ${MAX_TAGS} allowed`);
    await save(ctx, rec, tags);
    return {};
  },

  async UntagResource(input, ctx) {
    const rec = await tagged(ctx, input.resourceArn);
    const tags = { ...rec.data.Tags };
    for (const k of input.tagKeys) delete tags[k];
    await save(ctx, rec, tags);
    return {};
  },

  async ListTagsForResource(input, ctx) {
    const rec = await tagged(ctx, input.resourceArn);
    return { tags: rec.data.Tags ?? {} };
  },
};
