import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum FaceMatchStatus {
  waiting_for_images = 'waiting_for_images',
  queued = 'queued',
  completed = 'completed',
  failed = 'failed',
}
registerEnumType(FaceMatchStatus, {
  name: 'FaceMatchStatus',
  description:
    'waiting_for_images: until both the submission and the NID result are in; queued: being compared; completed: pairs decided; failed: images stayed unreachable (see lastErrorCode).',
});

export enum FacePairKind {
  card_ec = 'card_ec',
  selfie_ec = 'selfie_ec',
  selfie_card = 'selfie_card',
}
registerEnumType(FacePairKind, {
  name: 'FacePairKind',
  description: 'card: the photo on the ID card; ec: the Election Commission photo; selfie: the live photo.',
});

export enum FaceMatchDecision {
  match = 'match',
  review = 'review',
  no_match = 'no_match',
}
registerEnumType(FaceMatchDecision, { name: 'FaceMatchDecision' });

export enum FaceImageKind {
  selfie = 'selfie',
  card = 'card',
  ec = 'ec',
}
registerEnumType(FaceImageKind, { name: 'FaceImageKind' });

@ObjectType({ description: 'One comparison of two of the photos.' })
export class FacePair {
  @Field(() => FacePairKind)
  pair!: FacePairKind;

  @Field(() => Float, { nullable: true, description: '0-1; null when one of the photos has no usable face (see reason).' })
  similarity!: number | null;

  @Field(() => FaceMatchDecision, {
    description: 'match at or above the accept threshold, no_match below reject, review between, or when a face could not be described.',
  })
  decision!: FaceMatchDecision;

  @Field(() => String, { nullable: true, description: 'Why there is no similarity, e.g. "selfie: TOO_DARK".' })
  reason!: string | null;
}

@ObjectType({ description: 'A photo that failed a quality gate.' })
export class FaceImageProblem {
  @Field(() => FaceImageKind)
  image!: FaceImageKind;

  @Field({ description: 'NO_FACE, MULTIPLE_FACES, FACE_TOO_SMALL, TOO_BLURRY, TOO_DARK, TOO_BRIGHT, HEAD_TURNED, IMAGE_UNREADABLE or IMAGE_UNAVAILABLE.' })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'An earlier passed application of your tenant, under another NID, with the same face.' })
export class KnownFace {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => Float)
  similarity!: number;
}

@ObjectType({ description: 'Face comparisons of an application: card photo, selfie and the Election Commission photo.' })
export class FaceMatch {
  @Field(() => FaceMatchStatus)
  status!: FaceMatchStatus;

  @Field(() => [FacePair])
  pairs!: FacePair[];

  @Field(() => [FaceImageProblem])
  problems!: FaceImageProblem[];

  @Field(() => KnownFace, {
    nullable: true,
    description: 'Set when the selfie matches a known face under another NID: the application waits for a person (DUPLICATE_FACE).',
  })
  knownFace!: KnownFace | null;

  @Field(() => Int, { description: 'Comparison runs made for this application.' })
  attempts!: number;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Stable code of the last failure, if any (e.g. BLOB_UNAVAILABLE).' })
  lastErrorCode!: string | null;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field()
  updatedAt!: Date;
}
