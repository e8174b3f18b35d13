import { SUBSCRIPTION_STATUS } from '../cdp-customer/cdp-customer.type';
import type { CdpOnboardingRecord } from './cdp-onboarding.entity';
import { CdpOnboarding, CdpOnboardingState, CdpOnboardingTrigger } from './cdp-onboarding.type';

export function toCdpOnboarding(record: CdpOnboardingRecord): CdpOnboarding {
  return Object.assign(new CdpOnboarding(), {
    state: CdpOnboardingState[record.status],
    status: CdpOnboardingState[record.status],
    customerId: record.customerId,
    reason: record.statusReason,
    subscriptionStatus: record.subscriptionStatus ? (SUBSCRIPTION_STATUS[record.subscriptionStatus] ?? null) : null,
    trigger: record.trigger ? CdpOnboardingTrigger[record.trigger] : null,
    attempts: record.attempts,
    lastAttemptAt: record.lastAttemptAt,
    lastErrorCode: record.lastErrorCode,
    nextAttemptAt: record.nextAttemptAt,
    completedAt: record.completedAt,
    updatedAt: record.updatedAt,
  });
}
