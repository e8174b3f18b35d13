import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { ReferenceResolvers } from './schema';
import { isUuid } from './uuid';

export interface ApplicationKey {
  id: string;
}

/**
 * Defines the `Application` entity as seen by a subgraph that extends it: only the key. identity-document
 * owns the rest. Each subgraph gets its own class, because type-graphql attaches field resolvers to the
 * class, and a shared class would carry every subgraph's fields wherever several are loaded together.
 */
export function defineApplicationRef() {
  @ObjectType('Application')
  @Directive('@key(fields: "id")')
  class ApplicationRef implements ApplicationKey {
    @Field(() => ID)
    id!: string;
  }
  return ApplicationRef;
}

export const applicationRefReference: ReferenceResolvers = {
  Application: {
    __resolveReference: (ref): ApplicationKey | null => {
      const id = String(ref.id);
      return isUuid(id) ? { id } : null;
    },
  },
};
