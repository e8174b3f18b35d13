import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

@ObjectType({
  description:
    "The tenant's face match thresholds, similarities from 0 to 1: at or above accept a pair matches, below reject it does not, between a person reviews it.",
})
export class FaceMatchSettingsView {
  @Field(() => Float)
  accept!: number;

  @Field(() => Float)
  reject!: number;

  @Field({ description: "True while the tenant uses the platform's calibrated defaults." })
  isDefault!: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}

@InputType()
export class UpdateFaceMatchSettingsInput {
  @Field(() => Float, { description: 'Similarity at or above which two faces match; at least 0.3, at most 1.' })
  accept!: number;

  @Field(() => Float, { description: 'Similarity below which they do not; at most accept (equal: no review band).' })
  reject!: number;
}

@ObjectType()
export class UpdateFaceMatchSettingsPayload {
  @Field(() => FaceMatchSettingsView, { nullable: true })
  settings!: FaceMatchSettingsView | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
