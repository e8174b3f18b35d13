import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum NidVerificationStatus {
  awaiting_submission = 'awaiting_submission',
  queued = 'queued',
  in_progress = 'in_progress',
  unavailable = 'unavailable',
  awaiting_credentials = 'awaiting_credentials',
  verified = 'verified',
  mismatch = 'mismatch',
  not_found = 'not_found',
  rejected = 'rejected',
  failed = 'failed',
}
registerEnumType(NidVerificationStatus, {
  name: 'NidVerificationStatus',
  description:
    'Where the EC check stands. `unavailable` retries on its own; `awaiting_credentials` waits for a partner admin; `verified`, `mismatch`, `not_found`, `rejected` and `failed` are final.',
});

@ObjectType({ description: 'What the EC said about one submitted field.' })
export class NidFieldResult {
  @Field({ description: 'Field name as the EC reports it: nameEn, name, dateOfBirth, father, mother, spouse, permanentAddress, presentAddress.' })
  field!: string;

  @Field()
  matched!: boolean;
}

@ObjectType({ description: "Verification of an application against the Election Commission's NID partner service." })
export class NidVerification {
  @Field(() => NidVerificationStatus)
  status!: NidVerificationStatus;

  @Field(() => String, { nullable: true, description: 'Why it is in this state, in words an operator can act on.' })
  statusReason!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when every submitted field matched; null until the EC answered.' })
  verified!: boolean | null;

  @Field(() => [NidFieldResult], { description: "The EC's per-field results; empty until it answered." })
  fields!: NidFieldResult[];

  @Field({ description: 'True when the EC photo was fetched and stored for face matching.' })
  ecPhotoStored!: boolean;

  @Field(() => Int, { description: 'Demographic-verification calls made to the NID service for this application.' })
  attempts!: number;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Stable code of the last failure, if any.' })
  lastErrorCode!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the next try is due, while the service is unavailable.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field()
  updatedAt!: Date;
}
