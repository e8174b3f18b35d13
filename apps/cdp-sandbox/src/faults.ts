import { CDP_PATHS } from '@ekyc/provider-contracts';
import { createFaultController as createSandboxFaults, faultConfigSchemaFor, type FaultController as SandboxFaultController } from '@ekyc/sandbox-kit';
import { z } from 'zod';

/** The contract's paths: faults apply to all of them unless `paths` narrows them down. */
export const CONTRACT_PATHS = Object.values(CDP_PATHS) as [string, ...string[]];

/** 200 is the contract's "Internal Server Error HttpStatusCode : 200": the CDP-5000 envelope with HTTP 200. */
export const faultConfigSchema = faultConfigSchemaFor(
  z.enum(CDP_PATHS),
  z.union([z.literal(200), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
);
export type FaultConfig = z.infer<typeof faultConfigSchema>;
export type { FaultDecision } from '@ekyc/sandbox-kit';
export type FaultController = SandboxFaultController<FaultConfig>;

export const createFaultController = (options: { initial?: FaultConfig; random?: () => number } = {}): FaultController =>
  createSandboxFaults({ ...options, errorStatus: 502, applies: (path, config) => (config.paths ?? CONTRACT_PATHS).includes(path as never) });
