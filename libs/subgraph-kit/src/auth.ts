import type { Actor } from '@ekyc/event-schemas';
import { hasAnyRole, type InternalContext, type Role } from '@ekyc/internal-context';
import type { AuthCheckerFn } from 'type-graphql';
import type { SubgraphContext } from './context';
import { forbidden } from './errors';

/** `@Authorized(...roles)` on a field: the caller needs one of the roles, else FORBIDDEN. */
export const authChecker: AuthCheckerFn<SubgraphContext, Role> = ({ context }, roles) => {
  if (roles.length === 0 || hasAnyRole(context.auth, roles)) return true;
  throw forbidden(roles);
};

/** Who an event says acted: the user behind a JWT or a signed-in session, or the API token's owner. */
export const actorOf = (auth: InternalContext): Actor => ({ kind: auth.authKind === 'api_token' ? 'api_token' : 'user', id: auth.userId });
