import { loadCardCitizens, type CardCitizen } from '@ekyc/tools/cardgen/citizen';
import { renderNidCard } from '@ekyc/tools/cardgen/render-card';
import { foreignPerson } from '@ekyc/tools/cardgen/foreign-person';
import { renderForeignDocument, type ForeignKind, type ForeignTruth, type LatinKind } from '@ekyc/tools/cardgen/render-foreign';
import { renderLatinDocument } from '@ekyc/tools/cardgen/render-latin';
import { renderPassportPage, type PassportTruth } from '@ekyc/tools/cardgen/render-passport';
import { photographCard } from '@ekyc/tools/cardgen/variants';

export { loadCardCitizens, type CardCitizen };

/** Both sides of a generated NID card of the citizen, photographed on a desk (tools/cardgen), as base64. */
export async function photographedCard(citizen: CardCitizen, kind: 'nid_smart' | 'nid_old', seed: number): Promise<{ front: Buffer; back: Buffer }> {
  const [front, back] = await Promise.all([renderNidCard(citizen, { kind, side: 'front' }), renderNidCard(citizen, { kind, side: 'back' })]);
  const [frontPhoto, backPhoto] = await Promise.all([
    photographCard(front.image, { seed, preset: 'photo' }),
    photographCard(back.image, { seed: seed + 1, preset: 'photo' }),
  ]);
  return { front: frontPhoto, back: backPhoto };
}

/** A generated foreign document (tools/cardgen: a US driver's licence, an Aadhaar, an ID card, a residence permit, a visa), each side photographed on a desk, with what it says. */
export async function photographedForeign<K extends Exclude<ForeignKind, LatinKind>>(
  kind: K,
  index: number,
  seed: number,
): Promise<{ front: Buffer; back: K extends 'drivers_license' | 'aadhaar' ? Buffer : Buffer | null; truth: ForeignTruth }> {
  const document = await renderForeignDocument(kind, foreignPerson('tuning', index, seed), index, 'tuning', undefined, seed);
  const [front, back] = await Promise.all([
    photographCard(document.front, { seed, preset: 'photo' }),
    document.back ? photographCard(document.back, { seed: seed + 1, preset: 'photo' }) : null,
  ]);
  return { front, back: back as K extends 'drivers_license' | 'aadhaar' ? Buffer : Buffer | null, truth: document.truth };
}

/** A generated Bangladesh passport data page of the citizen, photographed on a desk, with what it says. */
export async function photographedPassport(citizen: CardCitizen, seed: number): Promise<{ front: Buffer; truth: PassportTruth }> {
  const page = await renderPassportPage(citizen, { seed });
  return { front: await photographCard(page.image, { seed, preset: 'photo' }), truth: page.truth };
}

/** A generated document read by its labels (tools/cardgen: a PAN card, a registration certificate, an ISO licence), photographed, with what it says. */
export async function photographedLabelled(kind: LatinKind, index: number, seed: number): Promise<{ front: Buffer; truth: ForeignTruth }> {
  const document = await renderLatinDocument(kind, foreignPerson('tuning', index, seed), index, 'tuning', undefined, seed);
  return { front: await photographCard(document.front, { seed, preset: 'photo' }), truth: document.truth };
}
