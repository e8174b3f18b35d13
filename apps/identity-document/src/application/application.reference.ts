import { isUuid, type ReferenceResolvers, type SubgraphContext } from '@ekyc/subgraph-kit';
import { toApplication } from './application.mapper';
import { ApplicationService } from './application.service';

/** Resolves `Application` for other subgraphs, within the caller's tenant only. */
export const applicationReference: ReferenceResolvers = {
  Application: {
    __resolveReference: async (ref, ctx: SubgraphContext) => {
      const id = String(ref.id);
      if (!isUuid(id)) return null;
      const service = ctx.container.get(ApplicationService);
      const record = await service.findById(ctx.auth.tenantId, id);
      return record && toApplication(record, service.decryptMobile(record));
    },
  },
};
