import { Directive, Field, ObjectType } from 'type-graphql';

/** A problem with one input field, as services return it; resolvers hand it out as a `UserError`. */
export interface FieldProblem {
  code: string;
  message: string;
  field: string | null;
}

/** A business error returned as data, so a mutation's caller can switch on `code` and point at `field`. */
@ObjectType({ description: 'A problem with the request that the caller can fix.' })
@Directive('@shareable')
export class UserError {
  @Field({ description: 'Stable machine-readable code.' })
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: 'Input field the error is about, as a dotted path.' })
  field!: string | null;
}
