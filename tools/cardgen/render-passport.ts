import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import { sandboxFace } from './face-photo';
import { drawEmblem, drawGuilloche, drawPaper, drawSignature } from './card-art';
import type { CardCitizen } from './citizen';
import { REFERENCE_FONTS, type FontSet } from './fonts';
import { addYears } from './formats';
import { splitName, td3Lines } from './mrz';
import { createRng, seedOf } from './prng';
import { drawFitted, fitText, type PixelBox } from './text-fit';

/** A TD3 data page (125 x 88 mm) at 10 px/mm. */
export const PASSPORT_PAGE_SIZE = { width: 1250, height: 880 } as const;

export interface RenderPassportOptions {
  face?: Buffer;
  /** `YYYY-MM-DD`; drawn from the seed (2018-2024) when absent. Passports run ten years less a day. */
  issueDate?: string;
  /** Nine characters, e.g. `A01234567`; drawn from the seed when absent. */
  documentNumber?: string;
  seed?: number;
  /** The page's faces; the reference card's when absent. */
  fonts?: FontSet;
}

export interface PassportTruth {
  documentType: 'P';
  issuingState: 'BGD';
  nationality: 'BGD';
  documentNumber: string;
  surname: string;
  givenNames: string;
  /** ISO dates. */
  dateOfBirth: string;
  issueDate: string;
  expiryDate: string;
  sex: 'M' | 'F';
  /** The 10-digit NID, printed as the personal number and carried in the MRZ's optional data. */
  personalNumber: string;
  mrz: [string, string];
}

export interface RenderedPassport {
  /** PNG, exactly `PASSPORT_PAGE_SIZE`. */
  image: Buffer;
  truth: PassportTruth;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
/** Passports print dates as `23 MAR 1978`. */
const passportDate = (iso: string) => `${iso.slice(8, 10)} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

export function passportTruth(person: CardCitizen, options: RenderPassportOptions = {}): PassportTruth {
  const rng = createRng(seedOf('passport', person.nid10, options.seed ?? 0));
  const drawnNumber = `A${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const drawnIssue = `${rng.int(2018, 2024)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const issueDate = options.issueDate ?? drawnIssue;
  const documentNumber = options.documentNumber ?? drawnNumber;
  if (!/^[A-Z0-9]{9}$/.test(documentNumber)) throw new Error(`passport number "${documentNumber}" must be 9 capitals or digits`);
  const expiryDate = dayBefore(addYears(issueDate, 10));
  const { surname, givenNames } = splitName(person.nameEn);
  const mrz = td3Lines({
    documentNumber,
    issuingState: 'BGD',
    nationality: 'BGD',
    nameEn: person.nameEn,
    birthDate: person.dateOfBirth,
    sex: person.gender,
    expiryDate,
    personalNumber: person.nid10,
  });
  return {
    documentType: 'P',
    issuingState: 'BGD',
    nationality: 'BGD',
    documentNumber,
    surname,
    givenNames,
    dateOfBirth: person.dateOfBirth,
    issueDate,
    expiryDate,
    sex: person.gender === 'male' ? 'M' : 'F',
    personalNumber: person.nid10,
    mrz,
  };
}

function field(ctx: SKRSContext2D, fonts: FontSet, label: string, value: string, left: number, top: number, width: number): void {
  const labelFit = fitText(ctx, label, { left, top, width, height: 30 }, { heightRatio: 0.55, paddingX: 0, fonts });
  drawFitted(ctx, labelFit, '#3d4a5c');
  if (!value) return;
  const valueFit = fitText(ctx, value, { left, top: top + 28, width, height: 44 }, { heightRatio: 0.62, weight: 700, paddingX: 0, fonts });
  drawFitted(ctx, valueFit, '#101418');
}

/** A Bangladesh e-passport data page with a face, the printed fields and a valid TD3 MRZ. */
export async function renderPassportPage(person: CardCitizen, options: RenderPassportOptions = {}): Promise<RenderedPassport> {
  const truth = passportTruth(person, options);
  const fonts = options.fonts ?? REFERENCE_FONTS;
  const { width: W, height: H } = PASSPORT_PAGE_SIZE;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const palette = { paperTop: '#eef5f3', paperBottom: '#f6f1e4', guillocheA: 'rgba(0, 106, 78, 0.17)', guillocheB: 'rgba(150, 90, 160, 0.13)' };
  drawPaper(ctx, W, H, palette);
  drawGuilloche(ctx, { left: 0, top: 0, width: W, height: 690 }, palette, createRng(seedOf('passport-guilloche')));
  drawEmblem(ctx, 75, 62, 46);

  const header = (text: string, box: PixelBox, weight: number, color: string) =>
    drawFitted(ctx, fitText(ctx, text, box, { weight, paddingX: 0, fonts }), color);
  header('গণপ্রজাতন্ত্রী বাংলাদেশ', { left: 140, top: 14, width: 520, height: 52 }, 700, '#05603a');
  header("PEOPLE'S REPUBLIC OF BANGLADESH", { left: 140, top: 64, width: 560, height: 40 }, 700, '#05603a');
  header('পাসপোর্ট / PASSPORT', { left: 860, top: 30, width: 360, height: 56 }, 700, '#8a1c2b');

  const photoBox = { left: 40, top: 140, width: 300, height: 380 };
  const face = options.face ?? (await sandboxFace(person.faceId));
  const photo = await loadImage(
    await sharp(face).resize(photoBox.width, photoBox.height, { fit: 'cover', position: 'attention' }).greyscale().png().toBuffer(),
  );
  ctx.drawImage(photo, photoBox.left, photoBox.top, photoBox.width, photoBox.height);
  ctx.strokeStyle = 'rgba(40, 40, 40, 0.5)';
  ctx.lineWidth = 1.5;
  ctx.strokeRect(photoBox.left, photoBox.top, photoBox.width, photoBox.height);
  drawSignature(ctx, { left: 40, top: 560, width: 300, height: 90 }, createRng(seedOf('signature', person.nid17)));

  const c1 = 380;
  const c2 = 640;
  const c3 = 900;
  field(ctx, fonts, 'Type / ধরন', 'P', c1, 130, 220);
  field(ctx, fonts, 'Country Code / দেশের কোড', 'BGD', c2, 130, 240);
  field(ctx, fonts, 'Passport No. / পাসপোর্ট নং', truth.documentNumber, c3, 130, 320);
  field(ctx, fonts, 'Surname / বংশগত নাম', truth.surname, c1, 210, 820);
  field(ctx, fonts, 'Given Name / নাম', truth.givenNames, c1, 290, 820);
  field(ctx, fonts, 'Nationality / জাতীয়তা', 'BANGLADESHI', c1, 370, 240);
  field(ctx, fonts, 'Personal No. / ব্যক্তিগত নং', truth.personalNumber, c3 - 120, 370, 440);
  field(ctx, fonts, 'Date of Birth / জন্ম তারিখ', passportDate(truth.dateOfBirth), c1, 450, 320);
  field(ctx, fonts, 'Sex / লিঙ্গ', truth.sex, c3 - 120, 450, 160);
  field(ctx, fonts, 'Date of Issue / প্রদানের তারিখ', passportDate(truth.issueDate), c1, 530, 320);
  field(ctx, fonts, 'Issuing Authority / প্রদানকারী কর্তৃপক্ষ', 'DIP/DHAKA', c3 - 120, 530, 440);
  field(ctx, fonts, 'Date of Expiry / মেয়াদোত্তীর্ণের তারিখ', passportDate(truth.expiryDate), c1, 610, 320);

  ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
  ctx.fillRect(0, 700, W, H - 700);
  truth.mrz.forEach((line, i) => {
    const fitted = fitText(ctx, line, { left: 40, top: 718 + i * 70, width: W - 80, height: 68 }, { mono: true, heightRatio: 0.62, paddingX: 0, fonts });
    drawFitted(ctx, fitted, '#111111');
  });
  return { image: await canvas.encode('png'), truth };
}
