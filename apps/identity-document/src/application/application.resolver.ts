import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maskMobile, seesPii } from '@ekyc/internal-context';
import { clampPageSize, invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import { CreateApplicationInput, SubmitApplicationInput } from './application.input';
import { toApplication } from './application.mapper';
import { ApplicationService } from './application.service';
import { Application, ApplicationConnection, ApplicationStatus, CreateApplicationPayload, SubmitApplicationPayload } from './application.type';
/** Reviewers read the applications they review, with the evidence the other subgraphs hold. */
const READERS = ['agent', 'partner_admin', 'analyst', 'reviewer'] as const;

@Resolver(() => Application)
export class ApplicationResolver {
  constructor(private readonly service: ApplicationService) {}

  @Authorized('agent', 'partner_admin')
  @Mutation(() => CreateApplicationPayload, { description: 'Opens a draft application; retry with the same idempotencyKey safely.' })
  async createApplication(@Arg('input') input: CreateApplicationInput, @Ctx() ctx: SubgraphContext): Promise<CreateApplicationPayload> {
    const result = await this.service.create(ctx.auth, input);
    if (!result.ok) return { application: null, replayed: false, errors: result.errors };
    return {
      application: toApplication(result.record, this.service.decryptMobile(result.record)),
      replayed: result.replayed,
      errors: [],
    };
  }

  @Authorized('agent', 'partner_admin')
  @Mutation(() => SubmitApplicationPayload, {
    description: 'Submits the applicant for verification; the application becomes pending. Resubmitting the same applicant is a safe retry.',
  })
  async submitApplication(@Arg('input') input: SubmitApplicationInput, @Ctx() ctx: SubgraphContext): Promise<SubmitApplicationPayload> {
    if (!isUuid(input.applicationId)) {
      return { application: null, replayed: false, errors: [{ code: 'INVALID_ID', message: 'applicationId must be a UUID', field: 'input.applicationId' }] };
    }
    const result = await this.service.submit(ctx.auth, input);
    if (!result.ok) return { application: null, replayed: false, errors: result.errors };
    return { application: toApplication(result.record, this.service.decryptMobile(result.record)), replayed: result.replayed, errors: [] };
  }

  @Authorized(...READERS)
  @Query(() => Application, { nullable: true, description: "One of your tenant's applications; null when there is none with this id." })
  async application(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Application | null> {
    if (!isUuid(id)) throw invalidArgument('id', 'id must be a UUID');
    const record = await this.service.findById(ctx.auth.tenantId, id);
    return record && toApplication(record, this.service.decryptMobile(record));
  }

  @Authorized(...READERS)
  @Query(() => ApplicationConnection, { description: "Your tenant's applications, newest first." })
  async applications(
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1-100 (default 20).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => ApplicationStatus, { nullable: true }) status?: ApplicationStatus | null,
  ): Promise<ApplicationConnection> {
    const page = await this.service.list(ctx.auth.tenantId, { first: clampPageSize(first), after, status });
    if ('error' in page) throw invalidArgument(page.error.field ?? 'after', page.error.message);
    const edges = page.records.map((r) => ({ cursor: this.service.cursorOf(r), node: toApplication(r, this.service.decryptMobile(r)) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** Masked for readers outside `PII_READERS` (analysts, platform admins); the description is the Application type's. */
  @FieldResolver(() => String)
  mobileNumber(@Root() application: Application, @Ctx() ctx: SubgraphContext): string {
    return seesPii(ctx.auth.roles) ? application.mobileNumber : maskMobile(application.mobileNumber);
  }
}
