import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, UserError } from '@ekyc/subgraph-kit';

export enum EkycRequestStatus {
  otp_pending = 'otp_pending',
  otp_sent = 'otp_sent',
  verified = 'verified',
  accepted = 'accepted',
  locked = 'locked',
  cleared = 'cleared',
  deleted = 'deleted',
}
registerEnumType(EkycRequestStatus, {
  name: 'EkycRequestStatus',
  description:
    'otp_pending (the OTP mail is not yet accepted by the mail server; resend recovers a failed send), otp_sent, verified, accepted, locked (too many wrong answers), cleared (email and phone free again), deleted (PII wiped).',
});

export enum OtpDelivery {
  sending = 'sending',
  sent = 'sent',
  failed = 'failed',
}
registerEnumType(OtpDelivery, { name: 'OtpDelivery', description: 'What became of the latest OTP mail.' });

@ObjectType({ description: "An eKYC request: the applicant's email and phone number, verified with an emailed OTP and a phone call." })
export class EkycRequest {
  @Field(() => ID)
  id!: string;

  @Field(() => EkycRequestStatus)
  status!: EkycRequestStatus;

  @Field(() => String, { nullable: true, description: 'Lower-cased; masked (a***@example.com) for analysts; null once deleted.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'E.164 (+8801712345678); masked (+88017******78) for analysts; null once deleted.' })
  phoneNumber!: string | null;

  @Field({ description: 'True when email and phoneNumber are masked for your role.' })
  contactMasked!: boolean;

  @Field(() => ID, { description: 'The ID-document submission (step 1) the request is for.' })
  documentIdentificationId!: string;

  @Field(() => OtpDelivery, { nullable: true })
  otpDelivery!: OtpDelivery | null;

  @Field(() => Date, { nullable: true, description: 'When the current OTP stops working; null when there is none to use.' })
  otpExpiresAt!: Date | null;

  @Field(() => Int, { description: 'Wrong answers allowed before the request locks.' })
  otpAttemptsRemaining!: number;

  @Field(() => Date, { nullable: true })
  verifiedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  clearedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  deletedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class EkycRequestEdge {
  @Field()
  cursor!: string;

  @Field(() => EkycRequest)
  node!: EkycRequest;
}

@ObjectType()
export class EkycRequestConnection {
  @Field(() => [EkycRequestEdge])
  edges!: EkycRequestEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class CreateEkycRequestPayload {
  @Field(() => EkycRequest, { nullable: true })
  ekycRequest!: EkycRequest | null;

  @Field({ description: 'True when an earlier request with the same idempotency key already created it (no new OTP is sent).' })
  replayed!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class EkycRequestPayload {
  @Field(() => EkycRequest, { nullable: true })
  ekycRequest!: EkycRequest | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
