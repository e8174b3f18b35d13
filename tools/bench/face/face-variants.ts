import path from 'node:path';
import sharp from 'sharp';
import { PHOTO_SIZE, type FaceBox } from '@ekyc/sandbox-kit';
import type { NidCardKind } from '../../cardgen/card-types';
import type { CardCitizen } from '../../cardgen/citizen';
import type { Rng } from '../../cardgen/prng';
import { renderNidCard } from '../../cardgen/render-card';

/**
 * Edited copies of one face photo: the genuine pairs of the calibration (there are no two photos of one person in
 * the installed packages). Never mirrored: a mirror image is not the same face to the recogniser.
 */
export type VariantKind = 'recrop' | 'rotate' | 'darker' | 'brighter' | 'gamma' | 'jpeg' | 'blur' | 'rescale' | 'card' | 'combined';
export const VARIANT_KINDS: readonly VariantKind[] = ['recrop', 'rotate', 'darker', 'brighter', 'gamma', 'jpeg', 'blur', 'rescale', 'card', 'combined'];

export interface FaceVariant {
  kind: VariantKind;
  /** What was done, with the drawn parameters. */
  label: string;
  jpeg: Buffer;
}

const DEMO_DIR = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const { width: W, height: H } = PHOTO_SIZE;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** The face's box in its group photo with a different margin and offset from the sandbox's crop. */
async function recrop(face: FaceBox, rng: Rng): Promise<{ image: Buffer; label: string }> {
  const file = path.join(DEMO_DIR, face.image);
  const { width = 0, height = 0 } = await sharp(file).metadata();
  // faces.json boxes already carry a 0.4 margin around the detection: recover the detection, then re-expand.
  const detW = face.box.width / 1.8;
  const detH = face.box.height / 1.8;
  const margin = rng.range(0.25, 0.55);
  const dx = rng.range(-0.1, 0.1) * detW;
  const dy = rng.range(-0.1, 0.1) * detH;
  const cx = face.box.left + face.box.width / 2 + dx;
  const cy = face.box.top + face.box.height / 2 + dy;
  const halfW = (detW * (1 + 2 * margin)) / 2;
  const halfH = (detH * (1 + 2 * margin)) / 2;
  const left = Math.max(0, Math.round(cx - halfW));
  const top = Math.max(0, Math.round(cy - halfH));
  const box = { left, top, width: Math.min(width, Math.round(cx + halfW)) - left, height: Math.min(height, Math.round(cy + halfH)) - top };
  const image = await sharp(file).extract(box).resize(W, H, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
  return { image, label: `margin ${round2(margin)}, offset ${Math.round(dx)},${Math.round(dy)} px` };
}

async function rotate(photo: Buffer, degrees: number): Promise<Buffer> {
  const { dominant } = await sharp(photo).stats();
  const turned = await sharp(photo).rotate(degrees, { background: dominant }).toBuffer({ resolveWithObject: true });
  const left = Math.floor((turned.info.width - W) / 2);
  const top = Math.floor((turned.info.height - H) / 2);
  return sharp(turned.data).extract({ left, top, width: W, height: H }).jpeg({ quality: 85 }).toBuffer();
}

/** out = 255 * (in / 255) ^ gamma on every channel. */
async function gammaCurve(photo: Buffer, gamma: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const table = Array.from({ length: 256 }, (_, v) => Math.round(255 * (v / 255) ** gamma));
  for (let i = 0; i < data.length; i++) data[i] = table[data[i] ?? 0] ?? 0;
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Printed on a rendered NID card, the card saved as a JPEG at ~85% scale (a scan), the photo box cropped back. */
async function printOnCard(photo: Buffer, citizen: CardCitizen, kind: NidCardKind, rng: Rng): Promise<{ image: Buffer; label: string }> {
  const card = await renderNidCard(citizen, { kind, side: 'front', face: photo });
  const scale = rng.range(0.75, 0.95);
  const quality = rng.int(60, 80);
  const scanned = await sharp(card.image)
    .resize({ width: Math.round(card.width * scale) })
    .jpeg({ quality })
    .toBuffer({ resolveWithObject: true });
  if (!card.photoBox) throw new Error(`${kind} front has no photo`);
  const at = (v: number) => Math.round(v * scale);
  const box = {
    left: at(card.photoBox.left),
    top: at(card.photoBox.top),
    width: Math.min(at(card.photoBox.width), scanned.info.width - at(card.photoBox.left)),
    height: Math.min(at(card.photoBox.height), scanned.info.height - at(card.photoBox.top)),
  };
  const image = await sharp(scanned.data).extract(box).jpeg({ quality: 90 }).toBuffer();
  return { image, label: `${kind} card, scanned at ${round2(scale)}x, JPEG ${quality}` };
}

export interface VariantContext {
  face: FaceBox;
  /** The sandbox's crop of the face (JPEG, PHOTO_SIZE). */
  photo: Buffer;
  citizen: CardCitizen;
  rng: Rng;
}

/** One edited copy of each kind, parameters drawn from the seeded rng (same seed, same bytes). */
export async function makeVariants(context: VariantContext): Promise<FaceVariant[]> {
  const { face, photo, citizen, rng } = context;
  const out: FaceVariant[] = [];
  const add = (kind: VariantKind, label: string, jpeg: Buffer) => out.push({ kind, label, jpeg });

  const cropped = await recrop(face, rng);
  add('recrop', cropped.label, cropped.image);

  const degrees = rng.sign() * rng.range(5, 10);
  add('rotate', `${round2(degrees)} degrees`, await rotate(photo, degrees));

  const dark = rng.range(0.55, 0.75);
  add('darker', `linear x${round2(dark)}`, await sharp(photo).linear(dark, 0).jpeg({ quality: 85 }).toBuffer());

  const contrast = rng.range(1.15, 1.35);
  const offset = rng.range(5, 25);
  add('brighter', `linear x${round2(contrast)} +${Math.round(offset)}`, await sharp(photo).linear(contrast, offset).jpeg({ quality: 85 }).toBuffer());

  const gamma = rng.pick([rng.range(0.6, 0.8), rng.range(1.3, 1.6)]);
  add('gamma', `gamma ${round2(gamma)}`, await gammaCurve(photo, gamma));

  const quality = rng.int(30, 60);
  add('jpeg', `JPEG quality ${quality}`, await sharp(photo).jpeg({ quality }).toBuffer());

  const sigma = rng.range(0.6, 1);
  add('blur', `gaussian sigma ${round2(sigma)}`, await sharp(photo).blur(sigma).jpeg({ quality: 85 }).toBuffer());

  const down = rng.range(0.4, 0.55);
  const small = await sharp(photo)
    .resize({ width: Math.round(W * down) })
    .toBuffer();
  add('rescale', `down to ${round2(down)}x and back`, await sharp(small).resize(W, H, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer());

  const kind: NidCardKind = rng.pick(['nid_smart', 'nid_old'] as const);
  const printed = await printOnCard(photo, citizen, kind, rng);
  add('card', printed.label, printed.image);

  const recropped = await recrop(face, rng);
  const tilt = rng.sign() * rng.range(3, 6);
  const combinedQuality = rng.int(40, 60);
  const turned = await rotate(recropped.image, tilt);
  const lit = await sharp(turned).linear(rng.range(0.8, 1.2), 0).jpeg({ quality: combinedQuality }).toBuffer();
  add('combined', `${recropped.label}; ${round2(tilt)} degrees; JPEG ${combinedQuality}`, lit);
  return out;
}
