import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum FaceMatchStatus {
  awaiting_images = 'awaiting_images',
  in_progress = 'in_progress',
  matched = 'matched',
  review = 'review',
  not_matched = 'not_matched',
  failed = 'failed',
}
registerEnumType(FaceMatchStatus, { name: 'FaceMatchStatus' });

@ObjectType({ description: "Face comparisons of an application: card photo, selfie and the Election Commission photo." })
export class FaceMatch {
  @Field(() => FaceMatchStatus)
  status!: FaceMatchStatus;

  @Field(() => Int, { description: 'Comparison runs made for this application.' })
  attempts!: number;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Stable code of the last failure, if any.' })
  lastErrorCode!: string | null;

  @Field()
  updatedAt!: Date;
}
