import { Field, ID, InputType } from 'type-graphql';
import { ApplicantInput } from '../application/application.input';
import { DocumentType } from '../application/application.type';
import { Gender, IdType } from './submission.type';

@InputType({ description: 'Step 1: the ID document images. Images are base64-encoded JPEG or PNG, at most 2 MB each.' })
export class SubmitIdDocumentInput {
  @Field(() => ID, { nullable: true, description: 'Retry step 1 of this submission instead of starting a new one.' })
  submissionId?: string | null;

  @Field({ description: 'ISO alpha-3 country that issued the document, e.g. BGD.' })
  issuingCountry!: string;

  @Field(() => IdType)
  idType!: IdType;

  @Field(() => String, { nullable: true, description: "The applicant's email address (required by the two-step contract; the agent contract has none)." })
  email?: string | null;

  @Field({ description: 'Front of the ID (or the passport data page).' })
  idImage!: string;

  @Field(() => String, { nullable: true, description: 'Back of the ID card; it carries the address and, on old cards, the PDF417 barcode.' })
  idBackImage?: string | null;

  @Field({ defaultValue: false, description: 'Find the document in the photo, deskew and crop it.' })
  crop!: boolean;

  @Field(() => DocumentType, { nullable: true, description: 'nid_old or nid_smart when known; detected otherwise.' })
  documentType?: DocumentType | null;

  @Field(() => String, { nullable: true })
  userid?: string | null;

  @Field(() => String, { nullable: true })
  cf1?: string | null;

  @Field(() => String, { nullable: true })
  cf2?: string | null;

  @Field(() => String, { nullable: true })
  cf3?: string | null;

  @Field(() => String, { nullable: true, description: 'Serialized JSON, e.g. "{\\"ageLimit\\":false,\\"rejectDuplicateUser\\":true}".' })
  customOptions?: string | null;
}

@InputType({ description: 'Step 2: the applicant as confirmed, the customer details of the agent contract and the applicant photo.' })
export class CompleteSubmissionInput {
  @Field(() => ID)
  submissionId!: string;

  @Field(() => ApplicantInput)
  applicant!: ApplicantInput;

  @Field(() => Gender)
  gender!: Gender;

  @Field()
  profession!: string;

  @Field()
  nominee!: string;

  @Field()
  nomineeRelation!: string;

  @Field({ description: 'Bangladeshi mobile number; the verification status is looked up by it.' })
  mobileNumber!: string;

  @Field({ description: 'The live photo (selfie), base64 JPEG or PNG, at most 2 MB.' })
  applicantPhoto!: string;
}
