import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@ekyc/subgraph-kit';

export enum VerificationLogStatus {
  passed = 'passed',
  failed = 'failed',
  pending = 'pending',
  invalid = 'invalid',
  all = 'all',
}
registerEnumType(VerificationLogStatus, {
  name: 'VerificationLogStatus',
  description: "The contract's status filter (`passed | failed | pending | all`), plus `invalid`.",
});

export enum VerificationLogEntryStatus {
  passed = 'passed',
  failed = 'failed',
  pending = 'pending',
  invalid = 'invalid',
}
registerEnumType(VerificationLogEntryStatus, {
  name: 'VerificationLogEntryStatus',
  description: 'pending until identity-document publishes a final decision.',
});

@ObjectType({ description: "One verification as the agent API's verification log lists it, with its decision." })
export class VerificationLogEntry {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => ID)
  tenantId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Null when the application was refused before its details were published; masked (017******78) for analysts and platform admins.',
  })
  mobileNumber!: string | null;

  @Field(() => String, { nullable: true, description: "The applicant's name in English, as submitted; masked (M* R****) for analysts and platform admins." })
  applicantNameEn!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'In full for agents, partner admins and reviewers; analysts and platform admins see the last four digits.',
  })
  nidNumber!: string | null;

  @Field({ description: 'Whether nidNumber is masked for your role.' })
  nidMasked!: boolean;

  @Field({ description: 'Whether names, mobile numbers and NID numbers are masked for your role.' })
  piiMasked!: boolean;

  @Field({ description: 'When the application was submitted for verification.' })
  submittedOn!: Date;

  @Field(() => VerificationLogEntryStatus)
  status!: VerificationLogEntryStatus;

  @Field(() => String, { nullable: true })
  documentType!: string | null;

  @Field(() => String, { nullable: true, description: 'user or api_token: how the submitting agent authenticated.' })
  agentKind!: string | null;

  @Field(() => String, { nullable: true, description: 'The user who submitted it.' })
  agentId!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Stable code of the decision, with detail after a colon, e.g. NID_MISMATCH: father.' })
  reason!: string | null;
}

@ObjectType()
export class VerificationLogEdge {
  @Field()
  cursor!: string;

  @Field(() => VerificationLogEntry)
  node!: VerificationLogEntry;
}

@ObjectType({ description: 'A page of the verification log, newest submission first.' })
export class VerificationLogConnection {
  @Field(() => [VerificationLogEdge])
  edges!: VerificationLogEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Entries matching the filters, over all pages.' })
  totalCount!: number;

  @Field(() => Int, { nullable: true, description: 'The page number in page/perPage mode; null with cursors.' })
  page!: number | null;

  @Field(() => Int)
  perPage!: number;
}
