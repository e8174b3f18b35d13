import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { ReferenceResolvers } from './schema';
import { isUuid } from './uuid';

/**
 * The `Application` entity as seen by subgraphs that extend it: only the key. identity-document owns
 * the rest; each extending subgraph adds fields resolved from its own tables.
 */
@ObjectType('Application')
@Directive('@key(fields: "id")')
export class ApplicationRef {
  @Field(() => ID)
  id!: string;
}

export const applicationRefReference: ReferenceResolvers = {
  Application: {
    __resolveReference: (ref) => {
      const id = String(ref.id);
      return isUuid(id) ? Object.assign(new ApplicationRef(), { id }) : null;
    },
  },
};
