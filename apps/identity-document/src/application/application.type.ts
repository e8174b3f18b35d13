import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ResubmissionState } from './application.entity';
import { PageInfo, UserError } from '@ekyc/subgraph-kit';

export enum ApplicationStatus {
  draft = 'draft',
  pending = 'pending',
  passed = 'passed',
  failed = 'failed',
  invalid = 'invalid',
}
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: 'Where an application stands; `passed | failed | pending | invalid` are final or awaiting decisions.',
});

export enum ApplicationChannel {
  agent = 'agent',
  self_service = 'self_service',
  api = 'api',
}
registerEnumType(ApplicationChannel, { name: 'ApplicationChannel' });

export enum DocumentType {
  nid_old = 'nid_old',
  nid_smart = 'nid_smart',
  passport = 'passport',
  drivers_license = 'drivers_license',
  id_card = 'id_card',
  residence_permit = 'residence_permit',
  visa = 'visa',
  aadhaar = 'aadhaar',
  pancard = 'pancard',
  vehicle_registration = 'vehicle_registration',
  universal = 'universal',
}
export enum DecisionCheck {
  nid = 'nid',
  face_match = 'face_match',
  liveness = 'liveness',
}
registerEnumType(DecisionCheck, {
  name: 'DecisionCheck',
  description: "A check an application's decision waits for: the EC's NID record (always), the faces (selfie to EC photo), an active liveness session.",
});

registerEnumType(DocumentType, {
  name: 'DocumentType',
  description:
    "Old laminated NID card, smart NID card, passport; or a foreign document: a US or Canadian driver's licence (AAMVA barcode), an ID card or residence permit (TD1/TD2 MRZ), a visa (MRV-A/B), an Indian Aadhaar (Secure QR and the Verhoeff-checked number); or read by its printed labels: an Indian PAN card, a vehicle registration certificate, a licence from outside the US and Canada (drivers_license, ISO 18013 fields), any other document (universal: its zone when it has one).",
});

@ObjectType({ description: 'An eKYC application: one applicant verified for one partner.' })
@Directive('@key(fields: "id")')
export class Application {
  @Field(() => ID)
  id!: string;

  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field(() => ApplicationChannel)
  channel!: ApplicationChannel;

  @Field({ description: "The applicant's mobile number, normalised to 01XXXXXXXXX; masked (017******78) for analysts and platform admins." })
  mobileNumber!: string;

  @Field(() => DocumentType, { nullable: true })
  documentType!: DocumentType | null;

  @Field(() => Date, { nullable: true, description: 'When the applicant was submitted for verification.' })
  submittedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the application is where it is: what a pending one waits for (AWAITING_NID_VERIFICATION, AWAITING_FACE_MATCH, AWAITING_LIVENESS, FACE_REVIEW…), why it failed (NID_MISMATCH, NID_NOT_FOUND, FACE_MISMATCH, LIVENESS_FAILED…) or is invalid (AGE_LIMIT, DUPLICATE_USER…).',
  })
  decisionReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it became passed, failed or invalid.' })
  decidedAt!: Date | null;

  @Field(() => [DecisionCheck], { description: "The checks its decision waits for, fixed by the tenant's policy when it was submitted; empty for a draft." })
  requiredChecks!: DecisionCheck[];

  @Field(() => Int, { description: 'Liveness sessions the applicant failed so far; the application fails at the third unless one passes first.' })
  livenessFailures!: number;

  @Field({ description: 'Whether a liveness session of this application passed.' })
  livenessPassed!: boolean;

  @Field(() => ID, { nullable: true, description: 'The two-step submission it came from.' })
  submissionId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  /** Not in the schema: what the pending owner and the resubmission fields read. */
  resubmissionState!: ResubmissionState | null;
  resubmittedAt!: Date | null;
}

@ObjectType()
export class ApplicationEdge {
  @Field()
  cursor!: string;

  @Field(() => Application)
  node!: Application;
}

@ObjectType()
export class ApplicationConnection {
  @Field(() => [ApplicationEdge])
  edges!: ApplicationEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class CreateApplicationPayload {
  @Field(() => Application, { nullable: true })
  application!: Application | null;

  @Field({ description: 'True when an earlier request with the same idempotency key already created it.' })
  replayed!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class SubmitApplicationPayload {
  @Field(() => Application, { nullable: true })
  application!: Application | null;

  @Field({ description: 'True when this exact applicant had already been submitted (a safe retry).' })
  replayed!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}
