// CreateIntegrationAssociation, ListIntegrationAssociations, DeleteIntegrationAssociation.
import type * as C from '../../generated/connect.types.js';
import { BadRequest, duplicate, notFound } from '../../protocol/errors.js';
import { childArn, newId } from '../../engine/resources.js';
import { getInstance } from '../../engine/instances.js';
import type { HandlerTable } from '../handler.js';
import { pageOfRecords } from '../pagination.js';

const KIND = 'integration-association';
type AssociationData = C.IntegrationAssociationSummary & { Tags?: C.TagMap };

/** EVENT integrations (Salesforce, Zendesk, Cases) say which application sends the events. */
const EVENT_FIELDS = ['SourceApplicationUrl', 'SourceApplicationName', 'SourceType'] as const;

export const integrationAssociationHandlers: HandlerTable<C.Operations> = {
  async CreateIntegrationAssociation(input, ctx) {
    const { id: instanceId } = await getInstance(ctx.tx, ctx, input.InstanceId);
    if (!input.IntegrationArn.startsWith('arn:')) {
      throw new BadRequest(`IntegrationArn: ${JSON.stringify(input.IntegrationArn)} is not an ARN`);
    }
    if (input.IntegrationType === 'EVENT') {
      const missing = EVENT_FIELDS.filter((f) => input[f] === undefined);
      if (missing.length) throw new BadRequest(`${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required for IntegrationType EVENT`);
    }
    const [existing] = await ctx.tx.list<AssociationData>(ctx, {
      kind: KIND,
      scope: instanceId,
      limit: 1,
      where: { IntegrationType: input.IntegrationType, IntegrationArn: input.IntegrationArn },
    });
    if (existing) {
      throw duplicate(
        `${input.IntegrationArn} is already associated with this instance as ${input.IntegrationType} (${existing.id})`,
      );
    }
    const id = newId();
    const arn = childArn(ctx, instanceId, KIND, id);
    const data: AssociationData = {
      IntegrationAssociationId: id,
      IntegrationAssociationArn: arn,
      InstanceId: instanceId,
      IntegrationType: input.IntegrationType,
      IntegrationArn: input.IntegrationArn,
      SourceApplicationUrl: input.SourceApplicationUrl,
      SourceApplicationName: input.SourceApplicationName,
      SourceType: input.SourceType,
      Tags: input.Tags,
    };
    await ctx.tx.put(ctx, { kind: KIND, scope: instanceId, id, arn, data });
    return { IntegrationAssociationId: id, IntegrationAssociationArn: arn };
  },

  async ListIntegrationAssociations(input, ctx) {
    const { id: instanceId } = await getInstance(ctx.tx, ctx, input.InstanceId);
    const where: Record<string, string> = {};
    if (input.IntegrationType) where.IntegrationType = input.IntegrationType;
    if (input.IntegrationArn) where.IntegrationArn = input.IntegrationArn;
    const page = await pageOfRecords<AssociationData>(ctx, { kind: KIND, scope: instanceId, where }, input.NextToken, input.MaxResults);
    return { IntegrationAssociationSummaryList: page.items.map((r) => r.data), NextToken: page.NextToken };
  },

  async DeleteIntegrationAssociation(input, ctx) {
    const { id: instanceId } = await getInstance(ctx.tx, ctx, input.InstanceId);
    if (!(await ctx.tx.delete(ctx, KIND, instanceId, input.IntegrationAssociationId))) {
      throw notFound('Integration association', input.IntegrationAssociationId);
    }
    return {};
  },
};
