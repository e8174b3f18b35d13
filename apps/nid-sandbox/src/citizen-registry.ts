import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const address = z.object({ division: z.string(), district: z.string(), upozila: z.string() });

export const citizenSchema = z.object({
  nid10: z.string().regex(/^\d{10}$/),
  nid17: z.string().regex(/^\d{17}$/),
  nameEn: z.string(),
  name: z.string(),
  father: z.string(),
  fatherEn: z.string().optional(),
  mother: z.string(),
  motherEn: z.string().optional(),
  spouse: z.string(),
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  gender: z.enum(['male', 'female']),
  bloodGroup: z.string(),
  presentAddress: address,
  permanentAddress: address,
  faceId: z.number().int().min(0),
});
export type Citizen = z.infer<typeof citizenSchema>;

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures');

export interface CitizenRegistry {
  readonly all: readonly Citizen[];
  byNid10(nid10: string): Citizen | undefined;
  byNid17(nid17: string): Citizen | undefined;
}

export function createCitizenRegistry(citizens: readonly Citizen[]): CitizenRegistry {
  const nid10s = new Map(citizens.map((c) => [c.nid10, c]));
  const nid17s = new Map(citizens.map((c) => [c.nid17, c]));
  return { all: citizens, byNid10: (nid) => nid10s.get(nid), byNid17: (nid) => nid17s.get(nid) };
}

/** The committed registry (`fixtures/citizens.json`, written by tools/fixtures/generate-citizens.ts). */
export function loadCitizens(file = path.join(FIXTURES_DIR, 'citizens.json')): Citizen[] {
  return z.array(citizenSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
}
