import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ApplicationStatus } from '../application/application.type';

@ObjectType({ description: 'One applicant field: the declared value, how well the document read agrees (0-100), and whether the EC confirmed it.' })
export class VerifiedField {
  @Field(() => String, { nullable: true })
  value!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Similarity of the declared value and the one read from the ID document; null when the document was not read.',
  })
  score!: number | null;

  @Field(() => Boolean, { nullable: true, description: "The Election Commission's answer for this field; null when it did not check it." })
  matched!: boolean | null;
}

@ObjectType({ description: "The agent contract's verification detail (section C); present for passed and failed applications." })
export class VerificationDetail {
  @Field(() => VerifiedField)
  nidNumber!: VerifiedField;

  @Field(() => VerifiedField)
  dateOfBirth!: VerifiedField;

  @Field(() => VerifiedField)
  applicantNameEng!: VerifiedField;

  @Field(() => VerifiedField)
  applicantNameBen!: VerifiedField;

  @Field(() => VerifiedField)
  fatherName!: VerifiedField;

  @Field(() => VerifiedField)
  motherName!: VerifiedField;

  @Field(() => VerifiedField)
  presAddress!: VerifiedField;

  @Field(() => VerifiedField)
  permAddress!: VerifiedField;

  @Field({ description: 'Every field the EC checked matched.' })
  textualInfoMatch!: boolean;

  @Field(() => String, { nullable: true, description: 'The face photo cropped from the ID card, base64 JPEG.' })
  applicantPhotoFromCard!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Card photo vs EC photo; null until faces were compared.' })
  applicantPhotoCardEcMatch!: boolean | null;

  @Field(() => String, { nullable: true, description: 'The applicant photo (selfie), base64.' })
  applicantPhotoFromApp!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Selfie vs EC photo; null until faces were compared.' })
  applicantPhotoAppEcMatch!: boolean | null;
}

@ObjectType({ description: 'The latest verification of a mobile number (agent contract, section C).' })
export class VerificationStatus {
  @Field(() => ApplicationStatus, { description: 'passed, failed, pending or invalid.' })
  status!: ApplicationStatus;

  @Field(() => ID)
  applicationId!: string;

  @Field(() => String, { nullable: true, description: 'What a pending application waits for, or why it failed or is invalid.' })
  reason!: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => VerificationDetail, { nullable: true, description: 'Absent while pending and for invalid applications, as in the contract.' })
  detail!: VerificationDetail | null;
}
