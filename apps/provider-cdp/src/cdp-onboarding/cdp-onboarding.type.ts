import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CdpOnboardingStatus {
  awaiting_verification = 'awaiting_verification',
  not_eligible = 'not_eligible',
  in_progress = 'in_progress',
  onboarded = 'onboarded',
  existing = 'existing',
  blocked = 'blocked',
  under_investigation = 'under_investigation',
  failed = 'failed',
}
registerEnumType(CdpOnboardingStatus, { name: 'CdpOnboardingStatus' });

@ObjectType({ description: "Onboarding of a verified applicant into the bank's Customer Data Platform." })
export class CdpOnboarding {
  @Field(() => CdpOnboardingStatus)
  status!: CdpOnboardingStatus;

  @Field(() => Int, { description: 'Calls made to the CDP for this application.' })
  attempts!: number;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Stable code of the last failure, if any.' })
  lastErrorCode!: string | null;

  @Field()
  updatedAt!: Date;
}
