import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum NidVerificationStatus {
  awaiting_submission = 'awaiting_submission',
  in_progress = 'in_progress',
  verified = 'verified',
  mismatch = 'mismatch',
  unavailable = 'unavailable',
  failed = 'failed',
}
registerEnumType(NidVerificationStatus, { name: 'NidVerificationStatus' });

@ObjectType({ description: "Verification of an application against the Election Commission's NID partner service." })
export class NidVerification {
  @Field(() => NidVerificationStatus)
  status!: NidVerificationStatus;

  @Field(() => Int, { description: 'Calls made to the NID service for this application.' })
  attempts!: number;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Stable code of the last failure, if any.' })
  lastErrorCode!: string | null;

  @Field()
  updatedAt!: Date;
}
