import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { encodeCursor } from '@ekyc/db';
import { clampPageSize, invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import type { InternalContext } from '@ekyc/internal-context';
import { toApplication } from '../application/application.mapper';
import type { ApplicationService } from '../application/application.service';
import { Application } from '../application/application.type';
import type { ReviewCaseRecord } from './review-case.entity';
import { requestedEvidence, type ReviewResult, type ReviewService } from './review.service';
import type { ResubmissionService } from './resubmission.service';
import {
  ApproveReviewCaseInput,
  PendingOwnerView,
  RejectReviewCaseInput,
  RequestResubmissionInput,
  ResubmissionItem,
  ResubmissionRequestView,
  ResubmitApplicationInput,
  ResubmitApplicationPayload,
  ReviewCase,
  ReviewCaseConnection,
  ReviewCasePayload,
  ReviewCaseStatus,
  ReviewEvidenceImages,
  ReviewReason,
} from './review.type';

/** Reviewers work the queue; partner admins may too (and see it). */
const REVIEWERS = ['reviewer', 'partner_admin'] as const;

export function toReviewCase(record: ReviewCaseRecord, auth: InternalContext, note: string | null, now = new Date()): ReviewCase {
  return Object.assign(new ReviewCase(), {
    id: record.id,
    applicationId: record.applicationId,
    reason: ReviewReason[record.reason],
    reasonDetail: record.reasonDetail,
    status: ReviewCaseStatus[record.status],
    claimedBy: record.leaseUntil && record.leaseUntil > now ? record.claimedBy : null,
    claimedByMe: record.claimedBy === auth.userId && record.leaseUntil !== null && record.leaseUntil > now,
    leaseUntil: record.leaseUntil && record.leaseUntil > now ? record.leaseUntil : null,
    dueAt: record.dueAt,
    overdue: record.status === 'open' && record.dueAt <= now,
    escalatedAt: record.escalatedAt,
    resolvedBy: record.resolvedBy,
    resolvedAt: record.resolvedAt,
    rejectionCodes: record.rejectionCodes,
    resubmissionItems: record.resubmissionItems.map((i) => ResubmissionItem[i]),
    approvals: record.status === 'approved' ? (record.firstApprovalBy ? 2 : 1) : record.firstApprovalBy ? 1 : 0,
    approvedByMe: record.firstApprovalBy === auth.userId,
    note,
    createdAt: record.createdAt,
  });
}

/** The passed application a DUPLICATE_FACE case's selfie matches, from the decision's reason; null for other cases. */
function duplicateIdOf(review: Pick<ReviewCase, 'reason' | 'reasonDetail'>): string | null {
  if (review.reason !== ReviewReason.DUPLICATE_FACE) return null;
  const other = review.reasonDetail.split(':')[1]?.trim() ?? '';
  return isUuid(other) ? other : null;
}

@Resolver(() => ReviewCase)
export class ReviewResolver {
  constructor(
    private readonly service: ReviewService,
    private readonly applications: ApplicationService,
  ) {}

  private view(record: ReviewCaseRecord, auth: InternalContext): ReviewCase {
    return toReviewCase(record, auth, this.service.noteOf(record));
  }

  private payload(result: ReviewResult, auth: InternalContext): ReviewCasePayload {
    return result.ok ? { reviewCase: this.view(result.record, auth), errors: [] } : { reviewCase: null, errors: result.errors };
  }

  @Authorized(...REVIEWERS)
  @Query(() => ReviewCaseConnection, { description: "Your tenant's review cases, oldest first: the queue (status open by default)." })
  async reviewCases(
    @Ctx() ctx: SubgraphContext,
    @Arg('status', () => ReviewCaseStatus, { nullable: true, defaultValue: ReviewCaseStatus.open }) status: ReviewCaseStatus,
    @Arg('reason', () => ReviewReason, { nullable: true }) reason?: ReviewReason | null,
    @Arg('overdue', () => Boolean, { nullable: true, description: 'true: only cases past their due time; false: only those not yet due.' })
    overdue?: boolean | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ReviewCaseConnection> {
    const page = await this.service.list(ctx.auth.tenantId, { status, reason, overdue, first: clampPageSize(first), after });
    if (!page.ok) throw invalidArgument(page.error.field ?? 'after', page.error.message);
    const edges = page.records.map((r) => ({ cursor: encodeCursor({ createdAt: r.createdAt.toISOString(), id: r.id }), node: this.view(r, ctx.auth) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized(...REVIEWERS)
  @Query(() => ReviewCase, { nullable: true, description: 'One review case of your tenant; null when there is none with this id.' })
  async reviewCase(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ReviewCase | null> {
    if (!isUuid(id)) throw invalidArgument('id', 'id must be a UUID');
    const record = await this.service.findById(ctx.auth.tenantId, id);
    return record && this.view(record, ctx.auth);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => ReviewCasePayload, {
    description: 'Takes the case for 15 minutes (claiming again extends it); refused with CASE_CLAIMED while another reviewer holds it.',
  })
  async claimReviewCase(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ReviewCasePayload> {
    if (!isUuid(id))
      return { reviewCase: null, errors: [{ code: 'REVIEW_CASE_NOT_FOUND', field: 'id', message: 'no review case with this id in your tenant' }] };
    return this.payload(await this.service.claim(ctx.auth, id), ctx.auth);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => ReviewCasePayload, { description: 'Gives a case you hold back to the queue.' })
  async releaseReviewCase(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ReviewCasePayload> {
    if (!isUuid(id))
      return { reviewCase: null, errors: [{ code: 'REVIEW_CASE_NOT_FOUND', field: 'id', message: 'no review case with this id in your tenant' }] };
    return this.payload(await this.service.release(ctx.auth, id), ctx.auth);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => ReviewCasePayload, {
    description: 'Approves the application of a case you hold: it passes (verification.completed, CDP onboarding and webhooks follow).',
  })
  async approveReviewCase(@Arg('input') input: ApproveReviewCaseInput, @Ctx() ctx: SubgraphContext): Promise<ReviewCasePayload> {
    if (!isUuid(input.id))
      return { reviewCase: null, errors: [{ code: 'REVIEW_CASE_NOT_FOUND', field: 'input.id', message: 'no review case with this id in your tenant' }] };
    return this.payload(await this.service.approve(ctx.auth, input), ctx.auth);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => ReviewCasePayload, { description: 'Rejects the application of a case you hold with reason codes: it fails with REVIEW_REJECTED.' })
  async rejectReviewCase(@Arg('input') input: RejectReviewCaseInput, @Ctx() ctx: SubgraphContext): Promise<ReviewCasePayload> {
    if (!isUuid(input.id))
      return { reviewCase: null, errors: [{ code: 'REVIEW_CASE_NOT_FOUND', field: 'input.id', message: 'no review case with this id in your tenant' }] };
    return this.payload(await this.service.reject(ctx.auth, input), ctx.auth);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => ReviewCasePayload, {
    description:
      'Asks the agent to send named items again (a new selfie, a document side) with a message, for a case you hold: the case closes as resubmission_requested, the application waits for the applicant (AWAITING_RESUBMISSION) until the due time, and the partner is told (review.resubmission.requested).',
  })
  async requestReviewResubmission(@Arg('input') input: RequestResubmissionInput, @Ctx() ctx: SubgraphContext): Promise<ReviewCasePayload> {
    if (!isUuid(input.id))
      return { reviewCase: null, errors: [{ code: 'REVIEW_CASE_NOT_FOUND', field: 'input.id', message: 'no review case with this id in your tenant' }] };
    return this.payload(await this.service.requestResubmission(ctx.auth, input), ctx.auth);
  }

  @Authorized(...REVIEWERS)
  @FieldResolver(() => ReviewEvidenceImages, { description: 'The selfie, the card portrait and the card sides, for reviewers and partner admins.' })
  async images(@Root() review: ReviewCase, @Ctx() ctx: SubgraphContext, @Info() info: GraphQLResolveInfo): Promise<ReviewEvidenceImages> {
    return Object.assign(new ReviewEvidenceImages(), await this.service.evidenceImages(ctx.auth.tenantId, review.applicationId, requestedEvidence(info)));
  }

  @Authorized(...REVIEWERS)
  @FieldResolver(() => ReviewEvidenceImages, {
    nullable: true,
    description: 'For DUPLICATE_FACE: the photos of the passed application whose selfie matches, to compare side by side.',
  })
  async duplicateImages(@Root() review: ReviewCase, @Ctx() ctx: SubgraphContext, @Info() info: GraphQLResolveInfo): Promise<ReviewEvidenceImages | null> {
    const other = duplicateIdOf(review);
    if (!other) return null;
    return Object.assign(new ReviewEvidenceImages(), await this.service.evidenceImages(ctx.auth.tenantId, other, requestedEvidence(info)));
  }

  @FieldResolver(() => Application, { nullable: true })
  async application(@Root() review: ReviewCase, @Ctx() ctx: SubgraphContext): Promise<Application | null> {
    const record = await this.applications.findById(ctx.auth.tenantId, review.applicationId);
    return record && toApplication(record, this.applications.decryptMobile(record));
  }

  @FieldResolver(() => Application, { nullable: true })
  async duplicateOf(@Root() review: ReviewCase, @Ctx() ctx: SubgraphContext): Promise<Application | null> {
    const other = duplicateIdOf(review);
    if (!other) return null;
    const record = await this.applications.findById(ctx.auth.tenantId, other);
    return record && toApplication(record, this.applications.decryptMobile(record));
  }
}

@Resolver(() => Application)
export class ApplicationReviewResolver {
  constructor(
    private readonly service: ReviewService,
    private readonly resubmissions: ResubmissionService,
    private readonly applications: ApplicationService,
  ) {}

  @FieldResolver(() => PendingOwnerView, {
    nullable: true,
    description: 'Who a pending application waits for (a system step, the applicant, a reviewer) and until when; null unless pending.',
  })
  async waitingFor(@Root() application: Application, @Ctx() ctx: SubgraphContext): Promise<PendingOwnerView | null> {
    const owner = await this.service.ownerOf(ctx.auth.tenantId, { ...application, resubmission: application.resubmissionState });
    return owner && Object.assign(new PendingOwnerView(), owner);
  }

  @FieldResolver(() => ResubmissionRequestView, {
    nullable: true,
    description: 'The latest items a reviewer asked the agent to send again; null when none were asked for.',
  })
  resubmission(@Root() application: Application, @Ctx() ctx: SubgraphContext): ResubmissionRequestView | null {
    const state = application.resubmissionState;
    if (!state) return null;
    const seesMessage = ctx.auth.roles.some((r) => r === 'agent' || r === 'reviewer' || r === 'partner_admin');
    return Object.assign(new ResubmissionRequestView(), {
      items: state.items.map((i) => ResubmissionItem[i]),
      message: seesMessage ? this.service.resubmissionMessageOf(ctx.auth.tenantId, state) : null,
      requestedAt: new Date(state.requestedAt),
      dueAt: new Date(state.dueAt),
      receivedAt: state.received ? new Date(state.received.at) : null,
    });
  }

  @Authorized('agent', 'partner_admin')
  @Mutation(() => ResubmitApplicationPayload, {
    description:
      'Sends the items a reviewer asked for (Application.resubmission), before its due time: a new selfie is compared again, new document photos go back to a reviewer. Sending the same items again is a safe retry.',
  })
  async resubmitApplication(@Arg('input') input: ResubmitApplicationInput, @Ctx() ctx: SubgraphContext): Promise<ResubmitApplicationPayload> {
    if (!isUuid(input.applicationId))
      return { application: null, replayed: false, errors: [{ code: 'INVALID_ID', message: 'applicationId must be a UUID', field: 'input.applicationId' }] };
    const result = await this.resubmissions.resubmit(ctx.auth, input);
    if (!result.ok) return { application: null, replayed: false, errors: result.errors };
    return { application: toApplication(result.record, this.applications.decryptMobile(result.record)), replayed: result.replayed, errors: [] };
  }

  @Authorized(...REVIEWERS)
  @FieldResolver(() => ReviewEvidenceImages, {
    description:
      'The selfie, the card portrait and the card sides (documents sent again stand in for the first ones), for reviewers and partner admins; other roles are refused (FORBIDDEN).',
  })
  async images(@Root() application: Application, @Ctx() ctx: SubgraphContext, @Info() info: GraphQLResolveInfo): Promise<ReviewEvidenceImages> {
    return Object.assign(new ReviewEvidenceImages(), await this.service.evidenceImages(ctx.auth.tenantId, application.id, requestedEvidence(info)));
  }

  @FieldResolver(() => ReviewCase, { nullable: true, description: 'The open review case of a pending application that waits for a person; null otherwise.' })
  async reviewCase(@Root() application: Application, @Ctx() ctx: SubgraphContext): Promise<ReviewCase | null> {
    if (application.status !== 'pending') return null;
    const record = await this.service.openCaseOf(ctx.auth.tenantId, application.id);
    const seesNotes = ctx.auth.roles.some((r) => r === 'reviewer' || r === 'partner_admin');
    return record && toReviewCase(record, ctx.auth, seesNotes ? this.service.noteOf(record) : null);
  }
}
