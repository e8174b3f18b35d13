import { Directive, Field, Int, ObjectType } from 'type-graphql';

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
