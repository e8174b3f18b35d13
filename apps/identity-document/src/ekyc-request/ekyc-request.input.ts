import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateEkycRequestInput {
  @Field({ description: 'Unique among the open eKYC requests of your tenant; the OTP is sent here.' })
  email!: string;

  @Field({ description: 'With the country code (E.164), e.g. +8801712345678; unique among the open eKYC requests of your tenant.' })
  phoneNumber!: string;

  @Field(() => ID, { description: 'The id returned by the ID-document submission (step 1).' })
  documentIdentificationId!: string;

  @Field(() => String, { nullable: true, description: 'Makes retries safe: the same key returns the request created first, without another OTP.' })
  idempotencyKey?: string | null;
}

@InputType()
export class VerifyEkycRequestOtpInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The 6-digit code from the email.' })
  otp!: string;

  @Field({ description: 'The last four characters of the document number, as the applicant tells them on the phone call.' })
  documentNumberLast4!: string;
}
