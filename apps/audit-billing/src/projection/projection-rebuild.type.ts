import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

@ObjectType({ description: 'A replay of every topic from offset zero into the verification log, usage and vendor-report projections.' })
export class ProjectionRebuild {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'Null: every tenant.' })
  tenantId!: string | null;

  @Field({ description: 'running, completed or failed.' })
  status!: string;

  @Field()
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { description: 'Events audited before the start, which the replay must apply.' })
  expectedEvents!: number;

  @Field(() => Int, { description: 'Of those, not yet applied (refreshed about every second).' })
  remainingEvents!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType()
export class RebuildProjectionsPayload {
  @Field(() => ProjectionRebuild, { nullable: true })
  rebuild!: ProjectionRebuild | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
