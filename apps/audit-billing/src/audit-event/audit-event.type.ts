import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '@ekyc/subgraph-kit';

@ObjectType({ description: 'A platform event recorded in the audit trail.' })
export class AuditEvent {
  @Field(() => ID, { description: 'The event id, unique across the platform.' })
  id!: string;

  @Field({ description: 'Dotted event name, e.g. application.created.' })
  type!: string;

  @Field(() => ID)
  applicationId!: string;

  @Field({ description: 'Who caused it: user, api_token or system.' })
  actorKind!: string;

  @Field()
  actorId!: string;

  @Field({ description: 'Kafka topic it was read from.' })
  topic!: string;

  @Field(() => GraphQLJSONObject, { description: 'Event payload: references and results, no raw personal data.' })
  data!: Record<string, unknown>;

  @Field()
  occurredAt!: Date;

  @Field()
  recordedAt!: Date;
}

@ObjectType()
export class AuditEventEdge {
  @Field()
  cursor!: string;

  @Field(() => AuditEvent)
  node!: AuditEvent;
}

@ObjectType()
export class AuditEventConnection {
  @Field(() => [AuditEventEdge])
  edges!: AuditEventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
