import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

@ObjectType({ description: "The tenant's rules for accepting submissions; customOptions on step 1 can relax them per submission." })
export class SubmissionPolicyView {
  @Field(() => Int, { nullable: true, description: 'Applicants younger than this are refused (AGE_LIMIT); null: off.' })
  minimumAge!: number | null;

  @Field(() => [String], { description: 'ISO alpha-3 issuing countries refused at step 1 (BLACKLISTED_COUNTRY).' })
  blacklistedCountries!: string[];

  @Field(() => Int, { nullable: true, description: 'A NID approved within this many days cannot be submitted again (DUPLICATE_APPROVED); null: off.' })
  approvePeriodDays!: number | null;

  @Field(() => Int, { nullable: true, description: 'A NID rejected within this many days must wait (DUPLICATE_REJECTED); null: off.' })
  rejectPeriodDays!: number | null;

  @Field({ description: 'Refuse a NID that already has a pending or approved application (DUPLICATE_USER).' })
  rejectDuplicateUser!: boolean;

  @Field({ description: 'Decide only after the faces were compared; a submission without a selfie is refused (SELFIE_REQUIRED).' })
  requireFaceMatch!: boolean;

  @Field({
    description: 'Decide only after the applicant passed an active liveness check (AWAITING_LIVENESS; LIVENESS_FAILED after the last allowed failure).',
  })
  requireLiveness!: boolean;

  @Field({ description: 'A duplicate face (DUPLICATE_FACE review case) is approved only by two different reviewers.' })
  fourEyesDuplicates!: boolean;

  @Field(() => Date, { nullable: true, description: 'Null while the platform defaults apply.' })
  updatedAt!: Date | null;
}

@InputType({ description: 'Only the settings given change; null turns a check off where allowed.' })
export class UpdateSubmissionPolicyInput {
  @Field(() => Int, { nullable: true })
  minimumAge?: number | null;

  @Field(() => [String], { nullable: true })
  blacklistedCountries?: string[];

  @Field(() => Int, { nullable: true })
  approvePeriodDays?: number | null;

  @Field(() => Int, { nullable: true })
  rejectPeriodDays?: number | null;

  @Field(() => Boolean, { nullable: true })
  rejectDuplicateUser?: boolean;

  @Field(() => Boolean, { nullable: true })
  requireFaceMatch?: boolean;

  @Field(() => Boolean, { nullable: true })
  requireLiveness?: boolean;

  @Field(() => Boolean, { nullable: true })
  fourEyesDuplicates?: boolean;
}

@ObjectType()
export class UpdateSubmissionPolicyPayload {
  @Field(() => SubmissionPolicyView, { nullable: true })
  policy!: SubmissionPolicyView | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
