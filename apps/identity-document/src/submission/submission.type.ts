import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';
import { Application, DocumentType } from '../application/application.type';

export enum KycStatus {
  pending = 'pending',
  approved = 'approved',
  rejected = 'rejected',
  incomplete = 'incomplete',
}
registerEnumType(KycStatus, {
  name: 'KycStatus',
  description: 'pending: read and awaiting step 2 or the decision; incomplete: retry step 1 (see retry); approved / rejected: final.',
});

export enum IdType {
  passport = 'passport',
  government_id = 'government_id',
  drivers_license = 'drivers_license',
  residence_permit = 'residence_permit',
  visa = 'visa',
  vehicle_registration_certificate = 'vehicle_registration_certificate',
  aadhaar = 'aadhaar',
  pancard = 'pancard',
  universal = 'universal',
}
registerEnumType(IdType, {
  name: 'IdType',
  description:
    "The two-step contract's ID types, all read: passport, government_id, residence_permit and visa by their zone; drivers_license (USA, CAN: the AAMVA barcode; elsewhere the ISO 18013 fields); aadhaar (IND: the Secure QR); pancard (IND), vehicle_registration_certificate and universal by their printed labels (universal: its zone when it has one).",
});

export enum Gender {
  male = 'male',
  female = 'female',
  third_gender = 'third_gender',
}
registerEnumType(Gender, { name: 'Gender' });

@ObjectType({ description: 'One field as read from the document (reviewOCRData).' })
export class OcrField {
  @Field({
    description:
      'nidNumber, nameBn, nameEn, fatherName, motherName, dateOfBirth, address, bloodGroup, birthPlace, issueDate; for passports, ID cards, residence permits and visas documentNumber, surname, givenNames, nationality, issuingState, sex, expiryDate (passports also personalNumber); for driver licences documentNumber, surname, givenNames, dateOfBirth, expiryDate, issueDate, sex, and from the barcode issuingState (the jurisdiction) and address.',
  })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Normalised: dates YYYY-MM-DD, numbers digits only.' })
  value!: string | null;

  @Field(() => Float, { description: '0-100.' })
  confidence!: number;

  @Field({ description: 'The value is valid for its field and was read with enough confidence.' })
  accepted!: boolean;

  @Field({ description: 'ocr, barcode (PDF417 of old NID cards) or mrz.' })
  source!: string;
}

@ObjectType({ description: 'Whether this kind of document carries a field (document_fields).' })
export class DocumentFieldPresence {
  @Field()
  name!: string;

  @Field()
  present!: boolean;
}

@ObjectType({ description: 'Why the submission is incomplete or rejected: retryCode + retryMsg.' })
export class SubmissionRetry {
  @Field({
    description: 'e.g. CARD_NOT_FOUND, FIELDS_UNREADABLE, MRZ_INVALID, TOO_MANY_RETRIES, BLACKLISTED_COUNTRY, AGE_LIMIT, DUPLICATE_USER, NID_MISMATCH.',
  })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'customOptions as given at step 1; absent means the tenant policy applies.' })
export class SubmissionOptions {
  @Field(() => Boolean, { nullable: true })
  blacklistCountries!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  approvePeriod!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  rejectPeriod!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  ageLimit!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  rejectDuplicateUser!: boolean | null;
}

@ObjectType({ description: 'A two-step KYC submission: the ID document read at step 1, the application made at step 2.' })
export class Submission {
  @Field(() => ID, { description: 'Needed to retry step 1 and for step 2; valid for 4 hours.' })
  id!: string;

  @Field(() => KycStatus)
  kycStatus!: KycStatus;

  @Field(() => Int, { description: 'Step-1 tries so far; a third failed try rejects the submission.' })
  retryCount!: number;

  @Field(() => SubmissionRetry, { nullable: true })
  retry!: SubmissionRetry | null;

  @Field()
  expiresAt!: Date;

  @Field()
  issuingCountry!: string;

  @Field(() => IdType)
  idType!: IdType;

  @Field(() => DocumentType, { nullable: true, description: 'What the reader recognised: old or smart NID card, or passport.' })
  documentType!: DocumentType | null;

  @Field(() => [OcrField], { description: 'reviewOCRData: the fields read, for the applicant to confirm or correct.' })
  reviewOcrData!: OcrField[];

  @Field(() => [DocumentFieldPresence])
  documentFields!: DocumentFieldPresence[];

  @Field(() => [String], { description: 'Fields the document carries that could not be read.' })
  missingFields!: string[];

  @Field({ description: 'The front image was received.' })
  fileUpload!: boolean;

  @Field({ description: 'The back image was received.' })
  fileBackUpload!: boolean;

  @Field(() => SubmissionOptions)
  customOptions!: SubmissionOptions;

  @Field(() => ID, { nullable: true, description: 'The application step 2 created.' })
  applicationId!: string | null;

  @Field()
  createdAt!: Date;

  /** Resolved on demand from the image store; kept off the mapper's output. */
  images!: { front?: string; back?: string; frontCropped?: string; backCropped?: string; cardPhoto?: string };
  tenantId!: string;
}

@ObjectType()
export class SubmitIdDocumentPayload {
  @Field(() => Submission, { nullable: true })
  submission!: Submission | null;

  @Field({ description: 'True when these exact images were already read for this submission (no try was used).' })
  replayed!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class CompleteSubmissionPayload {
  @Field(() => Submission, { nullable: true })
  submission!: Submission | null;

  @Field(() => Application, { nullable: true })
  application!: Application | null;

  @Field({ description: 'True when step 2 had already been completed with this exact data.' })
  replayed!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}
