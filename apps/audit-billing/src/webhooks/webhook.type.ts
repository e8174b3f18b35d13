import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, UserError } from '@ekyc/subgraph-kit';

export enum WebhookDeliveryStateValue {
  pending = 'pending',
  delivering = 'delivering',
  retrying = 'retrying',
  delivered = 'delivered',
  failed = 'failed',
  superseded = 'superseded',
  cancelled = 'cancelled',
}
registerEnumType(WebhookDeliveryStateValue, {
  name: 'WebhookDeliveryState',
  description:
    'pending, delivering and retrying are still being sent; delivered got a 2xx; failed used up its attempts (replay it); superseded was not sent because its subject already had a final status; cancelled: the endpoint was disabled or deleted.',
});

@ObjectType({ description: 'An event type partners can subscribe to; payloads carry ids, statuses and scores, never personal data.' })
export class WebhookEventTypeInfo {
  @Field()
  name!: string;

  @Field()
  description!: string;
}

@ObjectType({
  description: "A partner's webhook receiver. Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256).",
})
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String])
  eventTypes!: string[];

  @Field({ description: 'Disabled endpoints receive nothing; their open deliveries are cancelled.' })
  enabled!: boolean;

  @Field(() => Date, { nullable: true, description: 'After a rotation, until when the previous secret also signs.' })
  previousSecretExpiresAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType({ description: 'One HTTP exchange of a delivery.' })
export class WebhookAttempt {
  @Field(() => Int)
  attempt!: number;

  @Field()
  startedAt!: Date;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when none came back." })
  statusCode!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'HTTP_<status>, TIMEOUT, CONNECTION_FAILED, DNS_FAILED, TLS_FAILED, WEBHOOK_URL_PRIVATE or DELIVERY_FAILED; null on success.',
  })
  error!: string | null;

  @Field(() => String, { nullable: true, description: "The first kilobyte of the receiver's answer." })
  responseExcerpt!: string | null;
}

@ObjectType({ description: 'One event for one endpoint, and what became of it.' })
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  endpointId!: string;

  @Field(() => ID, { description: 'The event id, sent as webhook-id and as the body id: the same on retries and replays.' })
  eventId!: string;

  @Field()
  eventType!: string;

  @Field(() => WebhookDeliveryStateValue)
  state!: WebhookDeliveryStateValue;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, or why the delivery was superseded or cancelled.' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'On a replay: the delivery it repeats.' })
  replayOf!: string | null;

  @Field()
  createdAt!: Date;

  @Field({ description: 'The JSON body exactly as signed and sent.' })
  body!: string;

  @Field(() => [WebhookAttempt])
  attemptLog!: WebhookAttempt[];
}

@ObjectType()
export class WebhookDeliveryEdge {
  @Field()
  cursor!: string;

  @Field(() => WebhookDelivery)
  node!: WebhookDelivery;
}

@ObjectType({ description: 'Deliveries, newest first.' })
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDeliveryEdge])
  edges!: WebhookDeliveryEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType()
export class RegisterWebhookEndpointInput {
  @Field(() => ID, { nullable: true, description: 'Platform admins name the tenant; everyone else registers for their own.' })
  tenantId?: string | null;

  @Field({ description: 'https URL (http and private addresses only where the deployment allows them).' })
  url!: string;

  @Field(() => [String], { description: 'Names from webhookEventTypes.' })
  eventTypes!: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  tenantId?: string | null;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [String], { nullable: true })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

@ObjectType()
export class WebhookEndpointSecretPayload {
  @Field(() => WebhookEndpoint, { nullable: true })
  endpoint!: WebhookEndpoint | null;

  @Field(() => String, { nullable: true, description: 'The whsec_… signing secret. Shown only here: store it now.' })
  secret!: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class UpdateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true })
  endpoint!: WebhookEndpoint | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class DeleteWebhookEndpointPayload {
  @Field(() => ID, { nullable: true })
  deletedId!: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class ReplayWebhookDeliveryPayload {
  @Field(() => WebhookDelivery, { nullable: true, description: 'The new delivery, queued now.' })
  delivery!: WebhookDelivery | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
