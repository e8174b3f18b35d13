import { Directive, Field, Int, ObjectType } from 'type-graphql';

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

@ObjectType({ description: 'Relay-style pagination state.' })
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export const PAGE_SIZE = { default: 20, max: 100 } as const;

export function clampPageSize(first: number | null | undefined): number {
  if (first === null || first === undefined || Number.isNaN(first)) return PAGE_SIZE.default;
  return Math.max(1, Math.min(PAGE_SIZE.max, Math.trunc(first)));
}

export { Int };
