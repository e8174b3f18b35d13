import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { CdpLookupOutcome as Outcome, CdpSubscription as Subscription } from '@ekyc/provider-contracts';
import type { SubgraphContext } from '@ekyc/subgraph-kit';
import { CdpCustomerService } from './cdp-customer.service';
import {
  CdpCustomerLookup,
  CdpCustomerLookupPayload,
  CdpIdType,
  CdpLookupOutcome,
  CdpSubscription,
  CdpSubscriptionPayload,
  CdpSubscriptionStatus,
  SUBSCRIPTION_STATUS,
} from './cdp-customer.type';

const SUBSCRIPTION: Record<Subscription['subscriptionStatus'], CdpSubscriptionStatus> = SUBSCRIPTION_STATUS;

/** Our requestIds are application ids (UUIDs); customers created otherwise carry none, or another partner's. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toLookup(outcome: Outcome): CdpCustomerLookup {
  const customer = outcome.kind === 'found' || outcome.kind === 'subscription_pending' ? outcome.customer : null;
  return Object.assign(new CdpCustomerLookup(), {
    outcome: CdpLookupOutcome[outcome.kind],
    customerId: customer?.customerId ?? null,
    subscriptionStatus: customer ? SUBSCRIPTION[customer.subscriptionStatus] : null,
    onboardedAt: customer ? new Date(customer.onboardedAt) : null,
    onboardedByPlatform: Boolean(customer?.referenceId && UUID.test(customer.referenceId)),
  });
}

@Resolver()
export class CdpCustomerResolver {
  constructor(private readonly service: CdpCustomerService) {}

  @Authorized('partner_admin')
  @Query(() => CdpCustomerLookupPayload, { description: 'Asks the CDP whether it has a customer with this id; the id number is never stored.' })
  async cdpCustomerLookup(
    @Arg('idNumber') idNumber: string,
    @Arg('idType', () => CdpIdType, { defaultValue: CdpIdType.NID }) idType: CdpIdType,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CdpCustomerLookupPayload> {
    const result = await this.service.lookup(ctx.auth, idType, idNumber);
    return result.ok ? { lookup: toLookup(result.value), errors: [] } : { lookup: null, errors: result.errors };
  }

  @Authorized('partner_admin', 'analyst')
  @Query(() => CdpSubscriptionPayload, { description: "A CDP customer's subscription status; `not_found` when the CDP has no such customer." })
  async cdpSubscriptionStatus(@Arg('customerId') customerId: string, @Ctx() ctx: SubgraphContext): Promise<CdpSubscriptionPayload> {
    const result = await this.service.subscription(ctx.auth, customerId);
    if (!result.ok) return { subscription: null, errors: result.errors };
    const found = result.value;
    const subscription = Object.assign(new CdpSubscription(), {
      customerId: found?.customerId ?? customerId.trim(),
      status: found ? SUBSCRIPTION[found.subscriptionStatus] : CdpSubscriptionStatus.not_found,
      subscribedAt: found?.subscribedAt ? new Date(found.subscribedAt) : null,
    });
    return { subscription, errors: [] };
  }
}
