import { Field, ID, InputType } from 'type-graphql';
import { ApplicationChannel, DocumentType } from './application.type';

@InputType()
export class CreateApplicationInput {
  @Field({ description: 'Bangladeshi mobile number: 01XXXXXXXXX, +8801XXXXXXXXX; Bengali digits accepted.' })
  mobileNumber!: string;

  @Field(() => ApplicationChannel, { defaultValue: ApplicationChannel.agent })
  channel!: ApplicationChannel;

  @Field(() => String, { nullable: true, description: 'Makes retries safe: the same key returns the application created first.' })
  idempotencyKey?: string | null;
}

@InputType({ description: 'An address as the EC records it.' })
export class AddressInput {
  @Field({ description: 'e.g. ঢাকা' })
  division!: string;

  @Field()
  district!: string;

  @Field({ description: 'Upazila or thana.' })
  upazila!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'House, road, village: what comes before the upazila. Kept for the bank (CDP) and the status; the EC check compares division, district and upazila only.',
  })
  line?: string | null;
}

@InputType({ description: 'The applicant as the agent confirmed it from the ID document.' })
export class ApplicantInput {
  @Field({ description: '10-digit (smart card), 17-digit, or 13-digit (old card; the birth year is prefixed) NID number; Bengali digits accepted.' })
  nidNumber!: string;

  @Field({ description: 'Name in English, as printed on the card.' })
  nameEn!: string;

  @Field({ description: 'Name in Bengali, as printed on the card.' })
  nameBn!: string;

  @Field({ description: 'Any of 1980-10-01, 1980/10/1, 1/10/1980 (day first), 01 Oct 1980.' })
  dateOfBirth!: string;

  @Field(() => String, { nullable: true })
  fatherName?: string | null;

  @Field(() => String, { nullable: true })
  motherName?: string | null;

  @Field(() => String, { nullable: true })
  spouseName?: string | null;

  @Field(() => AddressInput, { nullable: true })
  presentAddress?: AddressInput | null;

  @Field(() => AddressInput, { nullable: true })
  permanentAddress?: AddressInput | null;
}

@InputType()
export class SubmitApplicationInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => DocumentType)
  documentType!: DocumentType;

  @Field(() => ApplicantInput)
  applicant!: ApplicantInput;

  @Field(() => String, {
    nullable: true,
    description:
      "The applicant's photo taken now (JPEG or PNG, base64, at most 2 MB), compared with the EC photo. Required when the tenant's policy requires face matching (SELFIE_REQUIRED).",
  })
  selfie?: string | null;
}
