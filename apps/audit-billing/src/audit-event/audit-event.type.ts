import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '@ekyc/subgraph-kit';

@ObjectType({ description: "A platform event recorded in the audit trail: one link of its tenant's hash chain." })
export class AuditEvent {
  @Field(() => ID, { description: 'The event id, unique across the platform.' })
  id!: string;

  @Field(() => ID)
  tenantId!: string;

  @Field(() => Int, { description: "Position in the tenant's chain: 1, 2, 3, ..." })
  sequence!: number;

  @Field({ description: "sha256 (hex) over the previous hash and this entry's canonical content." })
  hash!: string;

  @Field({ description: 'The hash of entry sequence - 1 (64 zeros for the first).' })
  previousHash!: string;

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

  @Field(() => GraphQLJSONObject, { description: 'Event payload: references and results; sealed personal data shows as "[sealed]".' })
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

@ObjectType({ description: 'The first link of a chain that does not hold.' })
export class AuditChainBreak {
  @Field(() => ID)
  tenantId!: string;

  @Field(() => Int, { description: 'The first sequence number whose entry is missing, altered or unlinked.' })
  sequence!: number;

  @Field(() => ID, { nullable: true, description: 'The entry found there, if any.' })
  eventId!: string | null;

  @Field({
    description:
      'SEQUENCE_GAP (an entry is missing), PREVIOUS_HASH_MISMATCH (relinked), HASH_MISMATCH (content altered) or HEAD_MISMATCH (the tail or the head was changed).',
  })
  problem!: string;

  @Field()
  expected!: string;

  @Field()
  found!: string;
}

@ObjectType({ description: "One tenant's chain, recomputed." })
export class AuditChainVerification {
  @Field(() => ID)
  tenantId!: string;

  @Field()
  ok!: boolean;

  @Field(() => Int, { description: 'Entries that hashed as stored, in order, before any break.' })
  checkedEntries!: number;

  @Field(() => Int)
  lastSequence!: number;

  @Field()
  lastHash!: string;

  @Field(() => AuditChainBreak, { nullable: true })
  firstBrokenLink!: AuditChainBreak | null;
}

@ObjectType({ description: 'The chains of the tenants in scope, recomputed from one snapshot.' })
export class AuditChainReport {
  @Field({ description: 'True when every chain holds.' })
  ok!: boolean;

  @Field(() => Int)
  checkedEntries!: number;

  @Field(() => AuditChainBreak, { nullable: true, description: 'The first broken link of the first tenant (by id) whose chain does not hold.' })
  firstBrokenLink!: AuditChainBreak | null;

  @Field(() => [AuditChainVerification])
  tenants!: AuditChainVerification[];
}
