import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, UserError } from '@ekyc/subgraph-kit';
import { Application } from '../application/application.type';

export enum ReviewReason {
  FACE_REVIEW = 'FACE_REVIEW',
  DUPLICATE_FACE = 'DUPLICATE_FACE',
  LIVENESS_INCONCLUSIVE = 'LIVENESS_INCONCLUSIVE',
  STEP_OVERDUE = 'STEP_OVERDUE',
}
registerEnumType(ReviewReason, {
  name: 'ReviewReason',
  description:
    'Why a person must look: FACE_REVIEW (a face comparison the engine could not settle), DUPLICATE_FACE (the selfie matches a passed applicant with another NID), LIVENESS_INCONCLUSIVE (three liveness sessions could not be judged: no usable face at the start, or another face in the frame), STEP_OVERDUE (a required check did not answer by its deadline: such a case can be rejected, not approved, while the check is missing).',
});

@ObjectType({ description: 'Who a pending application waits for, and until when.' })
export class PendingOwnerView {
  @Field({ description: 'system (the EC check, the face comparison), applicant (liveness) or reviewer (an open review case).' })
  owner!: string;

  @Field({ description: 'nid_verification, face_match, liveness, decision, or the review case reason.' })
  step!: string;

  @Field()
  dueAt!: Date;

  @Field({ description: 'Past its due time: a system or applicant step past it opens a STEP_OVERDUE review case; a case past it is escalated.' })
  overdue!: boolean;
}

export enum ReviewCaseStatus {
  open = 'open',
  approved = 'approved',
  rejected = 'rejected',
  superseded = 'superseded',
  resubmission_requested = 'resubmission_requested',
}
registerEnumType(ReviewCaseStatus, {
  name: 'ReviewCaseStatus',
  description:
    'open until a reviewer approves or rejects it, or asks the agent for items again (resubmission_requested); superseded when the application was decided without it.',
});

export enum ResubmissionItem {
  SELFIE = 'SELFIE',
  DOCUMENT_FRONT = 'DOCUMENT_FRONT',
  DOCUMENT_BACK = 'DOCUMENT_BACK',
}
registerEnumType(ResubmissionItem, {
  name: 'ResubmissionItem',
  description:
    'What a reviewer may ask the agent to send again: a new selfie (compared again, and checked against known faces) or a document side (for the reviewer to look at).',
});

@ObjectType({ description: 'A pending application that waits for a person, with its due time and who holds it.' })
export class ReviewCase {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  applicationId!: string;

  @Field(() => ReviewReason)
  reason!: ReviewReason;

  @Field({ description: "The decision's reason when the case opened, e.g. `FACE_REVIEW: card_ec` or `DUPLICATE_FACE: <application id>`." })
  reasonDetail!: string;

  @Field(() => ReviewCaseStatus)
  status!: ReviewCaseStatus;

  @Field(() => ID, { nullable: true, description: 'The reviewer holding the case while the lease runs; null when it is free.' })
  claimedBy!: string | null;

  @Field({ description: 'Whether the caller holds the case now.' })
  claimedByMe!: boolean;

  @Field(() => Date, { nullable: true })
  leaseUntil!: Date | null;

  @Field()
  dueAt!: Date;

  @Field({ description: 'Open and past its due time.' })
  overdue!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the overdue case was escalated (review.escalated).' })
  escalatedAt!: Date | null;

  @Field(() => ID, { nullable: true })
  resolvedBy!: string | null;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => Int, { description: 'Approvals recorded so far: under the four-eyes rule a duplicate needs two, by different reviewers.' })
  approvals!: number;

  @Field({ description: 'Whether the caller gave the first of two approvals (a second reviewer must give the other).' })
  approvedByMe!: boolean;

  @Field(() => [String], { description: 'The reasons of a rejection (FACE_NOT_THE_HOLDER, DUPLICATE_IDENTITY, PHOTO_UNUSABLE, DOCUMENT_SUSPECTED, OTHER).' })
  rejectionCodes!: string[];

  @Field(() => [ResubmissionItem], { description: 'What the reviewer asked the agent to send again, when the case closed as resubmission_requested.' })
  resubmissionItems!: ResubmissionItem[];

  @Field(() => String, { nullable: true, description: "The reviewer's note; for reviewers and partner admins only." })
  note!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Application, {
    nullable: true,
    description: 'The application under review, with the evidence the subgraphs hold (faceMatch, nidVerification, liveness, auditTrail).',
  })
  application?: Application | null;

  @Field(() => Application, { nullable: true, description: 'For DUPLICATE_FACE: the passed application whose selfie matches this one.' })
  duplicateOf?: Application | null;
}

@ObjectType({ description: 'The photos a reviewer compares, base64 JPEG or PNG; null for each one the application does not have.' })
export class ReviewEvidenceImages {
  @Field(() => String, { nullable: true, description: 'The live photo taken at submission.' })
  selfie!: string | null;

  @Field(() => String, { nullable: true, description: 'The portrait printed on the ID card.' })
  cardPhoto!: string | null;

  @Field(() => String, { nullable: true, description: 'The card front as cropped (as uploaded when it was not).' })
  front!: string | null;

  @Field(() => String, { nullable: true })
  back!: string | null;
}

@ObjectType()
export class ReviewCaseEdge {
  @Field()
  cursor!: string;

  @Field(() => ReviewCase)
  node!: ReviewCase;
}

@ObjectType()
export class ReviewCaseConnection {
  @Field(() => [ReviewCaseEdge])
  edges!: ReviewCaseEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class ReviewCasePayload {
  @Field(() => ReviewCase, { nullable: true })
  reviewCase!: ReviewCase | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class ApproveReviewCaseInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'What the reviewer checked; at most 2000 characters, stored encrypted.' })
  note?: string | null;
}

@InputType()
export class RejectReviewCaseInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [String], { description: 'At least one of FACE_NOT_THE_HOLDER, DUPLICATE_IDENTITY, PHOTO_UNUSABLE, DOCUMENT_SUSPECTED, OTHER.' })
  codes!: string[];

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class RequestResubmissionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [ResubmissionItem], { description: 'What the agent must send again; at least one.' })
  items!: ResubmissionItem[];

  @Field(() => String, {
    nullable: true,
    description:
      'What the agent should do differently (e.g. "face the light, no glasses"); at most 500 characters, shown to the agent, stored encrypted, never in events.',
  })
  message?: string | null;

  @Field(() => String, { nullable: true, description: 'An internal note for reviewers; at most 2000 characters, stored encrypted.' })
  note?: string | null;
}

@ObjectType({ description: 'Items a reviewer asked the agent to send again, and whether they came.' })
export class ResubmissionRequestView {
  @Field(() => [ResubmissionItem])
  items!: ResubmissionItem[];

  @Field(() => String, { nullable: true, description: "The reviewer's message to the agent; null for analysts." })
  message!: string | null;

  @Field()
  requestedAt!: Date;

  @Field({ description: 'The items must be sent before this time; past it a reviewer decides (a STEP_OVERDUE case).' })
  dueAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the agent sent them; null while awaited.' })
  receivedAt!: Date | null;
}

@InputType()
export class ResubmitApplicationInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => String, { nullable: true, description: 'A new photo of the applicant (JPEG or PNG, base64, at most 2 MB), when SELFIE was asked for.' })
  selfie?: string | null;

  @Field(() => String, { nullable: true, description: 'A new photo of the document front, when DOCUMENT_FRONT was asked for.' })
  documentFront?: string | null;

  @Field(() => String, { nullable: true, description: 'A new photo of the document back, when DOCUMENT_BACK was asked for.' })
  documentBack?: string | null;
}

@ObjectType()
export class ResubmitApplicationPayload {
  @Field(() => Application, { nullable: true })
  application!: Application | null;

  @Field({ description: 'True when these exact items had already been sent (a safe retry).' })
  replayed!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}
