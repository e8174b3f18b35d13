import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { hasAnyRole, type InternalContext } from '@ekyc/internal-context';
import { clampPageSize, invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import type { EkycRequestRecord } from './ekyc-request.entity';
import { CreateEkycRequestInput, VerifyEkycRequestOtpInput } from './ekyc-request.input';
import { toEkycRequest } from './ekyc-request.mapper';
import { EkycRequestService, type EkycRequestResult } from './ekyc-request.service';
import { CreateEkycRequestPayload, EkycRequest, EkycRequestConnection, EkycRequestPayload, EkycRequestStatus } from './ekyc-request.type';

const READERS = ['agent', 'partner_admin', 'analyst'] as const;
const OPERATORS = ['agent', 'partner_admin'] as const;
/** Readers outside these roles (analysts) see email and phone masked. */
const SEE_CONTACT = ['agent', 'partner_admin'] as const;

@Resolver(() => EkycRequest)
export class EkycRequestResolver {
  constructor(private readonly service: EkycRequestService) {}

  private view(record: EkycRequestRecord, auth: InternalContext): EkycRequest {
    return toEkycRequest(record, this.service.decryptContact(record), {
      masked: !hasAnyRole(auth, SEE_CONTACT),
      attemptsRemaining: this.service.remainingAttempts(record),
    });
  }

  private payload(result: EkycRequestResult, auth: InternalContext): EkycRequestPayload {
    return result.ok ? { ekycRequest: this.view(result.record, auth), errors: [] } : { ekycRequest: null, errors: result.errors };
  }

  @Authorized(...OPERATORS)
  @Mutation(() => CreateEkycRequestPayload, {
    description: 'Opens an eKYC request for a submitted ID document and emails the applicant an OTP; retry with the same idempotencyKey safely.',
  })
  async createEkycRequest(@Arg('input') input: CreateEkycRequestInput, @Ctx() ctx: SubgraphContext): Promise<CreateEkycRequestPayload> {
    const result = await this.service.create(ctx.auth, input);
    if (!result.ok) return { ekycRequest: null, replayed: false, errors: result.errors };
    return { ekycRequest: this.view(result.record, ctx.auth), replayed: result.replayed, errors: [] };
  }

  @Authorized(...OPERATORS)
  @Mutation(() => EkycRequestPayload, { description: 'Checks the OTP and the last four characters of the document number, as asked on the phone call.' })
  async verifyEkycRequestOtp(@Arg('input') input: VerifyEkycRequestOtpInput, @Ctx() ctx: SubgraphContext): Promise<EkycRequestPayload> {
    return this.payload(await this.service.verifyOtp(ctx.auth, input), ctx.auth);
  }

  @Authorized(...OPERATORS)
  @Mutation(() => EkycRequestPayload, { description: 'Emails a new OTP (the old one stops working); at most one a minute and five in all, by default.' })
  async resendEkycRequestOtp(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EkycRequestPayload> {
    return this.payload(await this.service.resendOtp(ctx.auth, id), ctx.auth);
  }

  @Authorized('partner_admin')
  @Mutation(() => EkycRequestPayload, { description: 'Accepts a verified eKYC request.' })
  async acceptEkycRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EkycRequestPayload> {
    return this.payload(await this.service.accept(ctx.auth, id), ctx.auth);
  }

  @Authorized('partner_admin')
  @Mutation(() => EkycRequestPayload, {
    description: 'Closes an open eKYC request. Its email and phone number stay taken (the contract: never used before); deleting the request frees them.',
  })
  async clearEkycRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EkycRequestPayload> {
    return this.payload(await this.service.clear(ctx.auth, id), ctx.auth);
  }

  @Authorized('partner_admin')
  @Mutation(() => EkycRequestPayload, { description: 'Deletes the email and phone number of an eKYC request; a stub with its states and times remains.' })
  async deleteEkycRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EkycRequestPayload> {
    return this.payload(await this.service.delete(ctx.auth, id), ctx.auth);
  }

  @Authorized(...READERS)
  @Query(() => EkycRequest, { nullable: true, description: "One of your tenant's eKYC requests; null when there is none with this id." })
  async ekycRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EkycRequest | null> {
    if (!isUuid(id)) throw invalidArgument('id', 'id must be a UUID');
    const record = await this.service.findById(ctx.auth.tenantId, id);
    return record && this.view(record, ctx.auth);
  }

  @Authorized(...READERS)
  @Query(() => EkycRequestConnection, { description: "Your tenant's eKYC requests, newest first." })
  async ekycRequests(
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => EkycRequestStatus, { nullable: true }) status?: EkycRequestStatus | null,
  ): Promise<EkycRequestConnection> {
    const page = await this.service.list(ctx.auth.tenantId, { first: clampPageSize(first), after, status });
    if ('error' in page) throw invalidArgument(page.error.field ?? 'after', page.error.message);
    const edges = page.records.map((r) => ({ cursor: this.service.cursorOf(r), node: this.view(r, ctx.auth) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
