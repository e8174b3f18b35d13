import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

@ObjectType({ description: 'Verifications of one Asia/Dhaka day by status.' })
export class VerificationDayCounts {
  @Field()
  date!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  passed!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  pending!: number;

  @Field(() => Int)
  invalid!: number;
}

@ObjectType()
export class FailureReasonCount {
  @Field({ description: 'The stable code of the reason, e.g. NID_MISMATCH.' })
  code!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class TenantVerificationTotals {
  @Field(() => ID)
  tenantId!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  passed!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  pending!: number;

  @Field(() => Int)
  invalid!: number;

  @Field(() => Float, { nullable: true })
  passRate!: number | null;
}

@ObjectType({ description: 'Review cases: opened, resolved and escalated on the days of the range; open now; median time to a decision.' })
export class ReviewStatsView {
  @Field(() => Int)
  opened!: number;

  @Field(() => Int)
  approved!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int, { description: 'Cases a reviewer closed by asking the agent for items again (a new selfie, a document side).' })
  resubmissionsRequested!: number;

  @Field(() => Int)
  escalated!: number;

  @Field(() => Int, { description: 'Cases open now (the queue depth), whatever the range.' })
  open!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Median seconds from a case opening to its approval, rejection or resubmission request, for cases resolved in the range.',
  })
  medianSecondsToReview!: number | null;
}

@ObjectType({ description: 'Dashboard aggregates of verifications submitted on the days of the range.' })
export class VerificationStats {
  @Field()
  startDate!: string;

  @Field()
  endDate!: string;

  @Field(() => ID, { nullable: true, description: 'Null: every tenant (platform admins).' })
  tenantId!: string | null;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  passed!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  pending!: number;

  @Field(() => Int)
  invalid!: number;

  @Field(() => Int, { description: 'passed + failed + invalid.' })
  decided!: number;

  @Field(() => Float, { nullable: true, description: 'passed / decided; null when nothing was decided.' })
  passRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Median seconds from submission to the final decision (verification.completed).' })
  medianSecondsToDecision!: number | null;

  @Field(() => [VerificationDayCounts], { description: 'Every day of the range, zeros included.' })
  perDay!: VerificationDayCounts[];

  @Field(() => [FailureReasonCount], { description: 'Failed and invalid verifications by reason code, most frequent first.' })
  topFailureReasons!: FailureReasonCount[];

  @Field(() => [TenantVerificationTotals], { description: 'The same totals per tenant.' })
  tenants!: TenantVerificationTotals[];

  @Field(() => ReviewStatsView)
  reviews!: ReviewStatsView;
}

@ObjectType()
export class VerificationStatsPayload {
  @Field(() => VerificationStats, { nullable: true })
  stats!: VerificationStats | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
