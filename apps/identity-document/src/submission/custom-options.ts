import { z } from 'zod';
import type { FieldProblem } from '@ekyc/subgraph-kit';

/**
 * Per-submission overrides of the tenant's policy (two-step contract, `customOptions`): four checks can
 * only be switched off for one submission; duplicate-user prevention can be switched either way.
 */
const customOptionsSchema = z
  .object({
    blacklistCountries: z.literal(false, { message: 'can only be false (turns the check off for this submission)' }).optional(),
    approvePeriod: z.literal(false, { message: 'can only be false (turns the check off for this submission)' }).optional(),
    rejectPeriod: z.literal(false, { message: 'can only be false (turns the check off for this submission)' }).optional(),
    ageLimit: z.literal(false, { message: 'can only be false (turns the check off for this submission)' }).optional(),
    rejectDuplicateUser: z.boolean().optional(),
  })
  .strict();

export type CustomOptions = z.infer<typeof customOptionsSchema>;

const MAX_LENGTH = 1_000;

/** Parses the serialized JSON object the contract sends as a string. */
export function parseCustomOptions(raw: string | null | undefined, field: string): { ok: true; value: CustomOptions } | { ok: false; errors: FieldProblem[] } {
  if (raw === null || raw === undefined || raw.trim() === '') return { ok: true, value: {} };
  const invalid = (message: string) => ({ ok: false as const, errors: [{ code: 'INVALID_CUSTOM_OPTIONS', field, message }] });
  if (raw.length > MAX_LENGTH) return invalid(`customOptions is longer than ${MAX_LENGTH} characters`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return invalid('customOptions must be a JSON object serialized as a string, e.g. {"ageLimit":false}');
  }
  const parsed = customOptionsSchema.safeParse(json);
  if (!parsed.success) {
    return invalid(parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
  }
  return { ok: true, value: parsed.data };
}
