import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

export enum CdpIdType {
  NID = 'NID',
  PASSPORT = 'PASSPORT',
  BIRTH_CERTIFICATE = 'BIRTH_CERTIFICATE',
}
registerEnumType(CdpIdType, { name: 'CdpIdType', description: 'ID types the CDP knows customers by (its master data).' });

export enum CdpLookupOutcome {
  found = 'found',
  subscription_pending = 'subscription_pending',
  not_found = 'not_found',
  under_investigation = 'under_investigation',
  blocked = 'blocked',
}
registerEnumType(CdpLookupOutcome, {
  name: 'CdpLookupOutcome',
  description: 'What the CDP said about an id: the customer, no customer, or a customer it will not onboard.',
});

export enum CdpSubscriptionStatus {
  subscribed = 'subscribed',
  pending = 'pending',
  not_subscribed = 'not_subscribed',
  not_found = 'not_found',
}
registerEnumType(CdpSubscriptionStatus, { name: 'CdpSubscriptionStatus' });

/** The CDP's SUBSCRIBED / PENDING / NOT_SUBSCRIBED in the graph's spelling. */
export const SUBSCRIPTION_STATUS: Record<string, CdpSubscriptionStatus> = {
  SUBSCRIBED: CdpSubscriptionStatus.subscribed,
  PENDING: CdpSubscriptionStatus.pending,
  NOT_SUBSCRIBED: CdpSubscriptionStatus.not_subscribed,
};

@ObjectType({ description: "The CDP's answer to a customer lookup." })
export class CdpCustomerLookup {
  @Field(() => CdpLookupOutcome)
  outcome!: CdpLookupOutcome;

  @Field(() => String, { nullable: true })
  customerId!: string | null;

  @Field(() => CdpSubscriptionStatus, { nullable: true })
  subscriptionStatus!: CdpSubscriptionStatus | null;

  @Field(() => Date, { nullable: true })
  onboardedAt!: Date | null;

  @Field({ description: 'True when an onboarding by this platform created the customer.' })
  onboardedByPlatform!: boolean;
}

@ObjectType()
export class CdpCustomerLookupPayload {
  @Field(() => CdpCustomerLookup, { nullable: true })
  lookup!: CdpCustomerLookup | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ description: "A CDP customer's subscription." })
export class CdpSubscription {
  @Field()
  customerId!: string;

  @Field(() => CdpSubscriptionStatus)
  status!: CdpSubscriptionStatus;

  @Field(() => Date, { nullable: true })
  subscribedAt!: Date | null;
}

@ObjectType()
export class CdpSubscriptionPayload {
  @Field(() => CdpSubscription, { nullable: true })
  subscription!: CdpSubscription | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
