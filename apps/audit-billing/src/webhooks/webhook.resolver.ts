import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { WEBHOOK_EVENT_TYPES } from '@ekyc/partner-api';
import { clampPageSize, invalidArgument, isUuid, type FieldProblem, type SubgraphContext } from '@ekyc/subgraph-kit';
import { singleTenantOf } from '../access/access-scope';
import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord } from './webhook.entity';
import { WebhookService } from './webhook.service';
import {
  DeleteWebhookEndpointPayload,
  RegisterWebhookEndpointInput,
  ReplayWebhookDeliveryPayload,
  UpdateWebhookEndpointInput,
  UpdateWebhookEndpointPayload,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryStateValue,
  WebhookEndpoint,
  WebhookEndpointSecretPayload,
  WebhookEventTypeInfo,
} from './webhook.type';

const MANAGERS = ['partner_admin', 'platform_admin'] as const;
const READERS = ['partner_admin', 'analyst', 'platform_admin'] as const;

const toEndpoint = (r: WebhookEndpointRecord): WebhookEndpoint =>
  Object.assign(new WebhookEndpoint(), {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.eventTypes,
    enabled: r.enabled,
    previousSecretExpiresAt: r.previousSecretExpiresAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });

const toDelivery = (r: WebhookDeliveryRecord, attempts: WebhookAttemptRecord[]): WebhookDelivery =>
  Object.assign(new WebhookDelivery(), {
    id: r.id,
    endpointId: r.endpointId,
    eventId: r.eventId,
    eventType: r.eventType,
    state: r.state as WebhookDeliveryStateValue,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt,
    replayOf: r.replayOf,
    createdAt: r.createdAt,
    body: r.body,
    attemptLog: attempts.map((a) =>
      Object.assign(new WebhookAttempt(), {
        attempt: a.attempt,
        startedAt: a.startedAt,
        durationMs: a.durationMs,
        statusCode: a.statusCode,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
      }),
    ),
  });

const badId = (field: string): FieldProblem => ({ code: 'INVALID_ID', message: `${field} must be a UUID`, field });

@Resolver()
export class WebhookResolver {
  constructor(
    private readonly service: WebhookService,
    private readonly wake: () => void,
  ) {}

  @Authorized(...READERS)
  @Query(() => [WebhookEventTypeInfo], { description: 'The event types webhook endpoints can subscribe to.' })
  webhookEventTypes(): WebhookEventTypeInfo[] {
    return Object.entries(WEBHOOK_EVENT_TYPES).map(([name, description]) => Object.assign(new WebhookEventTypeInfo(), { name, description }));
  }

  @Authorized(...READERS)
  @Query(() => [WebhookEndpoint], { description: "Your tenant's webhook endpoints (platform admins: any tenant's)." })
  async webhookEndpoints(@Ctx() ctx: SubgraphContext, @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null): Promise<WebhookEndpoint[]> {
    const tenant = singleTenantOf(ctx.auth, tenantId);
    if (!tenant.ok) throw tenant.error;
    return (await this.service.listEndpoints(tenant.tenantId)).map(toEndpoint);
  }

  @Authorized(...READERS)
  @Query(() => WebhookDeliveryConnection, { description: 'The delivery log, newest first, with each attempt.' })
  async webhookDeliveries(
    @Ctx() ctx: SubgraphContext,
    @Arg('endpointId', () => ID, { nullable: true }) endpointId?: string | null,
    @Arg('state', () => WebhookDeliveryStateValue, { nullable: true }) state?: WebhookDeliveryStateValue | null,
    @Arg('eventType', () => String, { nullable: true }) eventType?: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<WebhookDeliveryConnection> {
    const tenant = singleTenantOf(ctx.auth, tenantId);
    if (!tenant.ok) throw tenant.error;
    if (endpointId && !isUuid(endpointId)) throw invalidArgument('endpointId', 'endpointId must be a UUID');
    const page = await this.service.deliveries({ tenantId: tenant.tenantId, endpointId, state: state ?? null, eventType, first: clampPageSize(first), after });
    if (!page.ok) throw invalidArgument(page.errors[0]?.field ?? 'after', page.errors[0]?.message ?? 'invalid');
    const attempts = await this.service.attempts(page.value.rows.map((r) => r.node.id));
    return {
      edges: page.value.rows.map(({ cursor, node }) => ({ cursor, node: toDelivery(node, attempts.get(node.id) ?? []) })),
      pageInfo: { hasNextPage: page.value.hasNextPage, endCursor: page.value.rows.at(-1)?.cursor ?? null },
    };
  }

  @Authorized(...READERS)
  @Query(() => WebhookDelivery, { nullable: true, description: 'One delivery with its attempts; null when your tenant has none with this id.' })
  async webhookDelivery(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<WebhookDelivery | null> {
    const tenant = singleTenantOf(ctx.auth, tenantId);
    if (!tenant.ok) throw tenant.error;
    if (!isUuid(id)) throw invalidArgument('id', 'id must be a UUID');
    const delivery = await this.service.delivery(tenant.tenantId, id);
    if (!delivery) return null;
    return toDelivery(delivery, (await this.service.attempts([id])).get(id) ?? []);
  }

  @Authorized(...MANAGERS)
  @Mutation(() => WebhookEndpointSecretPayload, {
    description: 'Registers an endpoint for the chosen event types; the signing secret is in the payload, once.',
  })
  async registerWebhookEndpoint(@Arg('input') input: RegisterWebhookEndpointInput, @Ctx() ctx: SubgraphContext): Promise<WebhookEndpointSecretPayload> {
    const tenant = singleTenantOf(ctx.auth, input.tenantId);
    if (!tenant.ok) throw tenant.error;
    const result = await this.service.register(ctx.auth, tenant.tenantId, input);
    return result.ok
      ? { endpoint: toEndpoint(result.value.endpoint), secret: result.value.secret, errors: [] }
      : { endpoint: null, secret: null, errors: result.errors };
  }

  @Authorized(...MANAGERS)
  @Mutation(() => UpdateWebhookEndpointPayload, { description: 'Changes the URL, event types, description, or enables/disables an endpoint.' })
  async updateWebhookEndpoint(@Arg('input') input: UpdateWebhookEndpointInput, @Ctx() ctx: SubgraphContext): Promise<UpdateWebhookEndpointPayload> {
    const tenant = singleTenantOf(ctx.auth, input.tenantId);
    if (!tenant.ok) throw tenant.error;
    if (!isUuid(input.id)) return { endpoint: null, errors: [badId('id')] };
    const result = await this.service.update(tenant.tenantId, input.id, input);
    return result.ok ? { endpoint: toEndpoint(result.value), errors: [] } : { endpoint: null, errors: result.errors };
  }

  @Authorized(...MANAGERS)
  @Mutation(() => WebhookEndpointSecretPayload, {
    description: 'A new signing secret; the old one keeps signing beside it for a day (previousSecretExpiresAt).',
  })
  async rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<WebhookEndpointSecretPayload> {
    const tenant = singleTenantOf(ctx.auth, tenantId);
    if (!tenant.ok) throw tenant.error;
    if (!isUuid(id)) return { endpoint: null, secret: null, errors: [badId('id')] };
    const result = await this.service.rotateSecret(tenant.tenantId, id);
    return result.ok
      ? { endpoint: toEndpoint(result.value.endpoint), secret: result.value.secret, errors: [] }
      : { endpoint: null, secret: null, errors: result.errors };
  }

  @Authorized(...MANAGERS)
  @Mutation(() => DeleteWebhookEndpointPayload, { description: 'Deletes an endpoint; its open deliveries are cancelled and its log stays.' })
  async deleteWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<DeleteWebhookEndpointPayload> {
    const tenant = singleTenantOf(ctx.auth, tenantId);
    if (!tenant.ok) throw tenant.error;
    if (!isUuid(id)) return { deletedId: null, errors: [badId('id')] };
    const result = await this.service.remove(tenant.tenantId, id);
    return result.ok ? { deletedId: result.value, errors: [] } : { deletedId: null, errors: result.errors };
  }

  @Authorized(...MANAGERS)
  @Mutation(() => ReplayWebhookDeliveryPayload, { description: 'Sends a delivery again, as a new delivery with the same event id and a fresh signature.' })
  async replayWebhookDelivery(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
    @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string | null,
  ): Promise<ReplayWebhookDeliveryPayload> {
    const tenant = singleTenantOf(ctx.auth, tenantId);
    if (!tenant.ok) throw tenant.error;
    if (!isUuid(id)) return { delivery: null, errors: [badId('id')] };
    const result = await this.service.replay(tenant.tenantId, id);
    if (!result.ok) return { delivery: null, errors: result.errors };
    this.wake();
    return { delivery: toDelivery(result.value, []), errors: [] };
  }
}
