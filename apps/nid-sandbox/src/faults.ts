import { NID_PARTNER_PATHS } from '@ekyc/provider-contracts';
import { createFaultController as createSandboxFaults, faultConfigSchemaFor, type FaultController as SandboxFaultController } from '@ekyc/sandbox-kit';
import { z } from 'zod';
import { PHOTO_PATH_PREFIX } from './photo-url';

/** Paths a fault can target: the five contract APIs, and the presigned photo downloads under /file-bb. */
export const FAULTABLE_PATHS = [...Object.values(NID_PARTNER_PATHS), PHOTO_PATH_PREFIX] as const;
const CONTRACT_API_PATHS: readonly string[] = Object.values(NID_PARTNER_PATHS);

/** `paths` limits the faults; by default they apply to the five contract APIs (not to photo downloads). */
export const faultConfigSchema = faultConfigSchemaFor(z.enum(FAULTABLE_PATHS), z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]));
export type FaultConfig = z.infer<typeof faultConfigSchema>;
export type { FaultDecision } from '@ekyc/sandbox-kit';
export type FaultController = SandboxFaultController<FaultConfig>;

export const createFaultController = (options: { initial?: FaultConfig; random?: () => number } = {}): FaultController =>
  createSandboxFaults({
    ...options,
    errorStatus: 500,
    applies: (path, config) => {
      const targets: readonly string[] = config.paths ?? CONTRACT_API_PATHS;
      return targets.some((target) => (target === PHOTO_PATH_PREFIX ? path.startsWith(`${PHOTO_PATH_PREFIX}/`) : path === target));
    },
  });
