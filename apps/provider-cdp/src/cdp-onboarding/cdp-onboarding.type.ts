import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';
import { CdpSubscriptionStatus } from '../cdp-customer/cdp-customer.type';

export enum CdpOnboardingState {
  awaiting_verification = 'awaiting_verification',
  not_eligible = 'not_eligible',
  queued = 'queued',
  in_progress = 'in_progress',
  unavailable = 'unavailable',
  awaiting_credentials = 'awaiting_credentials',
  onboarded = 'onboarded',
  existing = 'existing',
  blocked = 'blocked',
  under_investigation = 'under_investigation',
  failed = 'failed',
}
registerEnumType(CdpOnboardingState, {
  name: 'CdpOnboardingState',
  description:
    '`awaiting_verification` until the application is decided; `not_eligible` when it did not pass or automatic onboarding is off; `queued`, `in_progress`, `unavailable` (retrying on its own) and `awaiting_credentials` (waiting for a partner admin) while it runs; `onboarded` (a new customer), `existing` (the CDP already had the customer), `blocked`, `under_investigation` and `failed` are final.',
});

export enum CdpOnboardingTrigger {
  automatic = 'automatic',
  manual = 'manual',
}
registerEnumType(CdpOnboardingTrigger, { name: 'CdpOnboardingTrigger' });

@ObjectType({ description: "Onboarding of a verified applicant into the bank's Customer Data Platform." })
export class CdpOnboarding {
  @Field(() => CdpOnboardingState)
  state!: CdpOnboardingState;

  @Field(() => CdpOnboardingState, { deprecationReason: 'Use state.' })
  status!: CdpOnboardingState;

  @Field(() => String, { nullable: true, description: "The CDP's customer id, once the customer is onboarded or found." })
  customerId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it is in this state, in words an operator can act on.' })
  reason!: string | null;

  @Field(() => CdpSubscriptionStatus, { nullable: true, description: 'The subscription status the CDP reported when the customer was onboarded or found.' })
  subscriptionStatus!: CdpSubscriptionStatus | null;

  @Field(() => CdpOnboardingTrigger, { nullable: true })
  trigger!: CdpOnboardingTrigger | null;

  @Field(() => Int, { description: 'Lookup and onboarding calls made to the CDP for this application.' })
  attempts!: number;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Stable code of the last failure, if any.' })
  lastErrorCode!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the next try is due, while the CDP is unavailable.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class CdpOnboardingPayload {
  @Field(() => CdpOnboarding, { nullable: true })
  onboarding!: CdpOnboarding | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
