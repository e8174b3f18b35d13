import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { invalidArgument, isUuid, type SubgraphContext } from '@ekyc/subgraph-kit';
import { toApplication } from '../application/application.mapper';
import { ApplicationService } from '../application/application.service';
import { toSubmission } from './submission.mapper';
import { CompleteSubmissionInput, SubmitIdDocumentInput } from './submission.input';
import { SubmissionService } from './submission.service';
import { CompleteSubmissionPayload, Submission, SubmitIdDocumentPayload } from './submission.type';

const SUBMITTERS = ['agent', 'partner_admin'] as const;
const invalidId = (field: string) => ({ code: 'INVALID_ID', message: `${field.split('.').pop()} must be a UUID`, field });

@Resolver(() => Submission)
export class SubmissionResolver {
  constructor(
    private readonly service: SubmissionService,
    private readonly applications: ApplicationService,
  ) {}

  @Authorized(...SUBMITTERS)
  @Mutation(() => SubmitIdDocumentPayload, {
    description:
      'Step 1: reads the ID document (OCR, PDF417 barcode of old NID cards, passport MRZ). Retry with submissionId; three failed tries reject the submission.',
  })
  async submitIdDocument(@Arg('input') input: SubmitIdDocumentInput, @Ctx() ctx: SubgraphContext): Promise<SubmitIdDocumentPayload> {
    if (input.submissionId && !isUuid(input.submissionId)) return { submission: null, replayed: false, errors: [invalidId('input.submissionId')] };
    const result = await this.service.read(ctx.auth, input);
    if (!result.ok) return { submission: null, replayed: false, errors: result.errors };
    return { submission: toSubmission(result.record, this.service.readOf(result.record)), replayed: result.replayed, errors: [] };
  }

  @Authorized(...SUBMITTERS)
  @Mutation(() => CompleteSubmissionPayload, {
    description:
      'Step 2: the confirmed applicant, customer details and photo; the application becomes pending and is verified. Repeating the same data is a safe retry.',
  })
  async completeSubmission(@Arg('input') input: CompleteSubmissionInput, @Ctx() ctx: SubgraphContext): Promise<CompleteSubmissionPayload> {
    if (!isUuid(input.submissionId)) return { submission: null, application: null, replayed: false, errors: [invalidId('input.submissionId')] };
    const result = await this.service.complete(ctx.auth, input);
    if (!result.ok) return { submission: null, application: null, replayed: false, errors: result.errors };
    return {
      submission: toSubmission(result.record, this.service.readOf(result.record)),
      application: toApplication(result.application, this.applications.decryptMobile(result.application)),
      replayed: result.replayed,
      errors: [],
    };
  }

  @Authorized(...SUBMITTERS, 'reviewer')
  @Query(() => Submission, {
    nullable: true,
    description: "One of your tenant's submissions (reviewers: the document images of a case); null when there is none with this id.",
  })
  async submission(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Submission | null> {
    if (!isUuid(id)) throw invalidArgument('id', 'id must be a UUID');
    const record = await this.service.findById(ctx.auth.tenantId, id);
    return record && toSubmission(record, this.service.readOf(record));
  }

  @FieldResolver(() => String, { nullable: true, description: 'The front as base64 JPEG: cropped and deskewed when crop was asked, else as uploaded.' })
  idImage(@Root() s: Submission): Promise<string | null> {
    return this.service.imageBase64(s.tenantId, s.images.frontCropped ?? s.images.front);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The back as base64 JPEG, cropped like idImage.' })
  idBackImage(@Root() s: Submission): Promise<string | null> {
    return this.service.imageBase64(s.tenantId, s.images.backCropped ?? s.images.back);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The face photo printed on the card, base64 JPEG.' })
  cardPhoto(@Root() s: Submission): Promise<string | null> {
    return this.service.imageBase64(s.tenantId, s.images.cardPhoto);
  }
}
