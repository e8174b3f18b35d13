import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../lib/run-app-script';

const addressSchema = z.object({ division: z.string().min(1), district: z.string().min(1), upozila: z.string().min(1) });

/** A person as the NID sandbox registers them (`apps/nid-sandbox/fixtures/citizens.json`). */
export const cardCitizenSchema = z.object({
  nid10: z.string().regex(/^\d{10}$/),
  nid17: z.string().regex(/^\d{17}$/),
  nameEn: z.string().min(1),
  name: z.string().min(1),
  father: z.string().min(1),
  fatherEn: z.string().optional(),
  mother: z.string().min(1),
  motherEn: z.string().optional(),
  spouse: z.string(),
  dateOfBirth: z.iso.date(),
  gender: z.enum(['male', 'female']),
  bloodGroup: z.enum(['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-']),
  presentAddress: addressSchema,
  permanentAddress: addressSchema,
  faceId: z.number().int().min(0),
});
export type CardCitizen = z.infer<typeof cardCitizenSchema>;
export type CardAddress = z.infer<typeof addressSchema>;

export const CITIZENS_FILE = path.join(REPO_ROOT, 'apps/nid-sandbox/fixtures/citizens.json');

export function loadCardCitizens(file = CITIZENS_FILE): CardCitizen[] {
  return z
    .array(cardCitizenSchema)
    .min(1)
    .parse(JSON.parse(readFileSync(file, 'utf8')));
}
