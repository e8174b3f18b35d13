import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import { aadhaarNumber, drawQr, secureQrDigits, type AadhaarHolder } from './aadhaar';
import { aamvaPayload, JURISDICTIONS } from './aamva';
import { drawGuilloche, drawPaper, drawSignature, type Palette } from './card-art';
import type { DataSplit } from './card-types';
import { sandboxFace } from './face-photo';
import { REFERENCE_FONTS, type FontSet } from './fonts';
import type { ForeignPerson } from './foreign-person';
import { addYears } from './formats';
import { mrvLines, td1Lines, td2Lines } from './mrz';
import { drawPdf417, fitPdf417 } from './pdf417';
import { createRng, seedOf, type Rng } from './prng';
import { drawFitted, fitText, type PixelBox } from './text-fit';

/** Foreign documents the two-step contract names: US driver's licences, ID cards and residence permits, visas. */
export type ForeignKind = 'drivers_license' | 'id_card' | 'residence_permit' | 'visa' | 'aadhaar' | LatinKind;
/** Documents read by their printed labels alone (render-latin.ts): PAN cards, registration certificates, ISO licences, any document. */
export type LatinKind = 'pancard' | 'vehicle_registration' | 'drivers_license_iso' | 'universal';
export const LATIN_KINDS: readonly LatinKind[] = ['pancard', 'vehicle_registration', 'drivers_license_iso', 'universal'];
export const FOREIGN_KINDS: readonly ForeignKind[] = ['drivers_license', 'id_card', 'residence_permit', 'visa', 'aadhaar', ...LATIN_KINDS];

/** What the document says, as the reader should return it (ISO dates, capitals). */
export interface ForeignTruth {
  documentNumber: string;
  surname: string;
  givenNames: string;
  dateOfBirth: string;
  /** Aadhaar has none. */
  expiryDate?: string;
  issueDate?: string;
  /** Aadhaar, PAN cards and registration certificates: the one full name printed. */
  fullName?: string;
  /** PAN cards. */
  fatherName?: string;
  address?: string;
  sex: 'M' | 'F';
  nationality?: string;
  issuingState: string;
  /** Zone format or `AAMVA`. */
  format: 'TD1' | 'TD2' | 'MRVA' | 'MRVB' | 'AAMVA' | 'AADHAAR_SECURE_QR' | 'ISO18013' | 'PRINTED';
}

export interface RenderedForeign {
  front: Buffer;
  back?: Buffer;
  truth: ForeignTruth;
}

export interface Style {
  split: DataSplit;
  fonts: FontSet;
  rng: Rng;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const ID1 = { width: 1012, height: 638 } as const;

export function dateIn(rng: Rng, from: number, to: number): string {
  return `${rng.int(from, to)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
}

export function text(
  ctx: SKRSContext2D,
  fonts: FontSet,
  value: string,
  box: PixelBox,
  options: { weight?: number; color?: string; mono?: boolean; ratio?: number } = {},
): void {
  drawFitted(
    ctx,
    fitText(ctx, value, box, { weight: options.weight ?? 700, paddingX: 0, fonts, mono: options.mono, heightRatio: options.ratio ?? 0.7 }),
    options.color ?? '#14181f',
  );
}

export async function drawPortrait(ctx: SKRSContext2D, faceId: number, box: PixelBox, grey = false): Promise<void> {
  let pipeline = sharp(await sandboxFace(faceId)).resize(box.width, box.height, { fit: 'cover', position: 'attention' });
  if (grey) pipeline = pipeline.greyscale();
  ctx.drawImage(await loadImage(await pipeline.png().toBuffer()), box.left, box.top, box.width, box.height);
}

export function background(ctx: SKRSContext2D, width: number, height: number, palette: Palette, seed: number): void {
  drawPaper(ctx, width, height, palette);
  drawGuilloche(ctx, { left: 0, top: 0, width, height }, palette, createRng(seed));
}

/** US dates: MM/DD/YYYY (the tuning families) or MM-DD-YYYY (held out). */
const usDate = (iso: string, split: DataSplit) => [iso.slice(5, 7), iso.slice(8, 10), iso.slice(0, 4)].join(split === 'tuning' ? '/' : '-');

/**
 * Label sets of each split's layout families: numbered AAMVA designations or plain words in the tuning split, and
 * other words (and the portrait on the right) in the held-out one.
 */
const DL_LABELS: Record<
  DataSplit,
  Array<{ number: string; expiry: string; issue: string; birth: string; surname: string; given: string; sex: string; photoRight: boolean }>
> = {
  tuning: [
    { number: '4d DLN', expiry: '4b EXP', issue: '4a ISS', birth: '3 DOB', surname: '1', given: '2', sex: '15 SEX', photoRight: false },
    { number: 'DL', expiry: 'EXP', issue: 'ISS', birth: 'DOB', surname: 'LN', given: 'FN', sex: 'SEX', photoRight: false },
  ],
  heldout: [
    { number: 'LIC NO', expiry: 'EXPIRES', issue: 'ISSUED', birth: 'BIRTH DATE', surname: 'LAST NAME', given: 'FIRST NAME', sex: 'SEX', photoRight: true },
    { number: '4d LIC#', expiry: '4b EXPIRES', issue: '4a ISSUED', birth: '3 DATE OF BIRTH', surname: '1', given: '2', sex: '15 SEX', photoRight: false },
  ],
};

/** A US driver's licence: the front with its labelled fields, the back with the AAMVA PDF417. */
export async function renderDriversLicence(person: ForeignPerson, index: number, style: Style): Promise<RenderedForeign> {
  const { rng, fonts, split } = style;
  const jurisdiction = JURISDICTIONS[person.address.region] ?? { iin: '636014', name: person.address.region };
  const issueDate = dateIn(rng, 2018, 2024);
  const expiryDate = addYears(issueDate, rng.pick([4, 5, 8]));
  const licenceNumber = `${String.fromCharCode(65 + rng.int(0, 25))}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  const labels = DL_LABELS[split][index % DL_LABELS[split].length] as (typeof DL_LABELS)['tuning'][number];
  const { width: W, height: H } = ID1;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const palette: Palette = { paperTop: '#eaf1fa', paperBottom: '#f7f2e6', guillocheA: 'rgba(30, 80, 160, 0.14)', guillocheB: 'rgba(190, 120, 40, 0.12)' };
  background(ctx, W, H, palette, seedOf('dl-guilloche', split));
  ctx.fillStyle = split === 'tuning' ? '#1d3f7a' : '#6b1d2a';
  ctx.fillRect(0, 0, W, 110);
  text(ctx, fonts, jurisdiction.name, { left: 30, top: 10, width: 560, height: 60 }, { color: '#ffffff' });
  text(ctx, fonts, 'DRIVER LICENSE', { left: 30, top: 64, width: 400, height: 40 }, { color: '#ffffff', weight: 400 });
  text(ctx, fonts, 'USA', { left: W - 130, top: 24, width: 100, height: 60 }, { color: '#ffffff' });

  const jitter = () => rng.int(-6, 6);
  const photo = { left: labels.photoRight ? W - 300 : 36, top: 140 + jitter(), width: 250, height: 320 };
  await drawPortrait(ctx, person.faceId, photo);
  drawSignature(ctx, { left: photo.left, top: 490, width: 250, height: 90 }, createRng(seedOf('dl-signature', person.surname, index)));
  const left = (labels.photoRight ? 40 : 320) + jitter();
  const columnWidth = 640;
  let y = 130 + jitter();
  const row = (label: string, value: string, height = 48, color = '#14181f') => {
    const labelFit = fitText(
      ctx,
      label,
      { left, top: y, width: 260, height: Math.round(height * 0.75) },
      { heightRatio: 0.62, paddingX: 0, fonts, weight: 400 },
    );
    drawFitted(ctx, labelFit, '#7a1f1f');
    const gap = Math.round(height * 0.3) + rng.int(0, 12);
    text(ctx, fonts, value, { left: left + labelFit.ink.width + gap, top: y, width: columnWidth - labelFit.ink.width - gap, height }, { color });
    y += height + rng.int(8, 16);
  };
  row(labels.number, licenceNumber, 54, '#9c1a1a');
  row(labels.expiry, usDate(expiryDate, split), 44, '#9c1a1a');
  row(labels.surname, person.surname);
  row(labels.given, person.givenNames);
  text(ctx, fonts, person.address.street, { left, top: y, width: columnWidth, height: 38 }, { weight: 400 });
  y += 44;
  text(
    ctx,
    fonts,
    `${person.address.city}, ${person.address.region} ${person.address.postalCode}`,
    { left, top: y, width: columnWidth, height: 38 },
    { weight: 400 },
  );
  y += 52;
  row(labels.birth, usDate(person.dateOfBirth, split), 44);
  row(labels.issue, usDate(issueDate, split), 40);
  row(labels.sex, person.sex, 40);
  const front = await canvas.encode('png');

  const backCanvas = createCanvas(W, H);
  const back = backCanvas.getContext('2d');
  background(back, W, H, palette, seedOf('dl-back', split));
  const payload = aamvaPayload({ person, licenceNumber, issueDate, expiryDate, documentDiscriminator: String(rng.int(10 ** 9, 10 ** 10 - 1)) });
  const symbol = fitPdf417(payload, W - 120, 330);
  drawPdf417(back, symbol, (W - symbol.width) / 2, 60);
  text(back, fonts, 'This license is the property of the state. Report loss to the DMV.', { left: 60, top: 440, width: W - 120, height: 34 }, { weight: 400 });
  return {
    front,
    back: await backCanvas.encode('png'),
    truth: {
      documentNumber: licenceNumber,
      surname: person.surname,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      expiryDate,
      issueDate,
      sex: person.sex,
      issuingState: person.address.region,
      format: 'AAMVA',
    },
  };
}

/** Countries that issue the ID cards, permits and visas, by split. */
export const STATES: Record<DataSplit, string[]> = { tuning: ['SWE', 'DEU', 'NLD', 'GBR', 'CAN'], heldout: ['FRA', 'ESP', 'ITA', 'NOR', 'AUS'] };
export const COUNTRY_NAMES: Record<string, string> = {
  SWE: 'SWEDEN',
  DEU: 'GERMANY',
  NLD: 'NETHERLANDS',
  GBR: 'UNITED KINGDOM',
  CAN: 'CANADA',
  FRA: 'FRANCE',
  ESP: 'SPAIN',
  ITA: 'ITALY',
  NOR: 'NORWAY',
  AUS: 'AUSTRALIA',
};

function mrzBlock(ctx: SKRSContext2D, fonts: FontSet, lines: readonly string[], top: number, width: number, lineHeight: number): void {
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(0, top - 10, width, lines.length * lineHeight + 20);
  lines.forEach((line, i) =>
    text(
      ctx,
      fonts,
      line,
      { left: 30, top: top + i * lineHeight, width: width - 60, height: lineHeight },
      { mono: true, ratio: 0.66, weight: 400, color: '#111111' },
    ),
  );
}

/** Labelled fields in two columns beside the portrait, as most ID cards, permits and visas print them. */
export function printedFields(ctx: SKRSContext2D, fonts: FontSet, rng: Rng, fields: Array<[string, string]>, area: PixelBox): void {
  const rows = Math.ceil(fields.length / 2);
  const pitch = area.height / rows;
  fields.forEach(([label, value], i) => {
    const left = area.left + (i % 2) * (area.width / 2) + rng.int(-4, 4);
    const top = area.top + Math.floor(i / 2) * pitch;
    drawFitted(ctx, fitText(ctx, label, { left, top, width: area.width / 2 - 20, height: pitch * 0.36 }, { heightRatio: 0.7, paddingX: 0, fonts }), '#3d4a5c');
    text(ctx, fonts, value, { left, top: top + pitch * 0.36, width: area.width / 2 - 20, height: pitch * 0.5 });
  });
}

export const euroDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** An ID card or residence permit: TD1 (ID-1, the zone on the back) or TD2 (one side, the zone at the bottom). */
export async function renderIdCard(person: ForeignPerson, kind: 'id_card' | 'residence_permit', index: number, style: Style): Promise<RenderedForeign> {
  const { rng, fonts, split } = style;
  const state = rng.pick(STATES[split]);
  const nationality = kind === 'id_card' ? state : rng.pick(['IND', 'BGD', 'PAK', 'NGA', 'BRA', 'VNM']);
  const issueDate = dateIn(rng, 2018, 2024);
  const expiryDate = addYears(issueDate, kind === 'id_card' ? 10 : 5);
  const documentNumber = `${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  const format = index % 2 === 0 ? 'TD1' : 'TD2';
  const mrzPerson = {
    nameEn: `${person.givenNames} ${person.surname}`,
    birthDate: person.dateOfBirth,
    sex: person.sex === 'M' ? ('male' as const) : ('female' as const),
    expiryDate,
    issuingState: state,
    nationality,
  };
  // The MRZ name field puts the last word first: the surname, then the given names.
  const code = kind === 'id_card' ? 'ID' : 'IR';
  const title = kind === 'id_card' ? 'IDENTITY CARD' : 'RESIDENCE PERMIT';
  const size = format === 'TD1' ? ID1 : { width: 1050, height: 740 };
  const palette: Palette = { paperTop: '#eef4ee', paperBottom: '#f4eef6', guillocheA: 'rgba(40, 120, 90, 0.14)', guillocheB: 'rgba(120, 60, 150, 0.12)' };
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  background(ctx, size.width, size.height, palette, seedOf('id-guilloche', split, kind));
  text(ctx, fonts, COUNTRY_NAMES[state] ?? state, { left: 30, top: 18, width: 520, height: 52 }, { color: '#1d4d3a' });
  text(ctx, fonts, title, { left: 30, top: 70, width: 480, height: 40 }, { color: '#1d4d3a', weight: 400 });
  const photo = { left: 30, top: 130, width: 260, height: 320 };
  await drawPortrait(ctx, person.faceId, photo, true);
  const fields: Array<[string, string]> = [
    ['Surname', person.surname],
    ['Given names', person.givenNames],
    ['Date of birth', euroDate(person.dateOfBirth)],
    ['Sex', person.sex],
    ['Nationality', nationality],
    ['Document no.', documentNumber],
    ['Date of expiry', euroDate(expiryDate)],
    ['Date of issue', euroDate(issueDate)],
  ];
  const truth: ForeignTruth = {
    documentNumber,
    surname: person.surname,
    givenNames: person.givenNames,
    dateOfBirth: person.dateOfBirth,
    expiryDate,
    sex: person.sex,
    nationality,
    issuingState: state,
    format,
  };
  const bottom = format === 'TD1' ? size.height - 40 : size.height - 200;
  printedFields(ctx, fonts, rng, fields, { left: 320, top: 130, width: size.width - 340, height: bottom - 130 });
  if (format === 'TD1') {
    const front = await canvas.encode('png');
    const lines = td1Lines({ ...mrzPerson, documentCode: code, documentNumber });
    const backCanvas = createCanvas(size.width, size.height);
    const back = backCanvas.getContext('2d');
    background(back, size.width, size.height, palette, seedOf('id-back', split, kind));
    text(back, fonts, `Place of birth  ${person.address.city}`, { left: 40, top: 60, width: 600, height: 44 }, { weight: 400 });
    text(back, fonts, `Authority  ${COUNTRY_NAMES[state] ?? state} POLICE`, { left: 40, top: 130, width: 700, height: 44 }, { weight: 400 });
    mrzBlock(back, fonts, lines, size.height - 225, size.width, 66);
    return {
      front,
      back: await backCanvas.encode('png'),
      truth,
    };
  }
  mrzBlock(ctx, fonts, td2Lines({ ...mrzPerson, documentCode: code, documentNumber }), size.height - 170, size.width, 70);
  return {
    front: await canvas.encode('png'),
    truth,
  };
}

/** A visa sticker: MRV-A (the larger, 2 x 44) or MRV-B (2 x 36). */
export async function renderVisa(person: ForeignPerson, index: number, style: Style): Promise<RenderedForeign> {
  const { rng, fonts, split } = style;
  const state = rng.pick(STATES[split]);
  const nationality = rng.pick(['BGD', 'IND', 'USA', 'NGA', 'BRA']);
  const issueDate = dateIn(rng, 2022, 2025);
  const expiryDate = addYears(issueDate, 1);
  const documentNumber = `${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const format = index % 2 === 0 ? 'A' : 'B';
  const size = format === 'A' ? { width: 1200, height: 800 } : { width: 1050, height: 740 };
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  const palette: Palette = { paperTop: '#f5eef0', paperBottom: '#eef2f7', guillocheA: 'rgba(160, 40, 70, 0.13)', guillocheB: 'rgba(40, 90, 160, 0.12)' };
  background(ctx, size.width, size.height, palette, seedOf('visa-guilloche', split));
  text(ctx, fonts, `VISA  ${COUNTRY_NAMES[state] ?? state}`, { left: 30, top: 18, width: 620, height: 56 }, { color: '#7a1f3a' });
  await drawPortrait(ctx, person.faceId, { left: 30, top: 110, width: 250, height: 310 });
  const fields: Array<[string, string]> = [
    ['Surname', person.surname],
    ['Given names', person.givenNames],
    ['Date of birth', euroDate(person.dateOfBirth)],
    ['Sex', person.sex],
    ['Passport no.', `${nationality.slice(0, 1)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`],
    ['Visa no.', documentNumber],
    ['Valid from', euroDate(issueDate)],
    ['Valid until', euroDate(expiryDate)],
  ];
  printedFields(ctx, fonts, rng, fields, { left: 310, top: 100, width: size.width - 330, height: size.height - 330 });
  const lines = mrvLines(
    {
      nameEn: `${person.givenNames} ${person.surname}`,
      birthDate: person.dateOfBirth,
      sex: person.sex === 'M' ? 'male' : 'female',
      expiryDate,
      issuingState: state,
      nationality,
      documentNumber,
    },
    format,
  );
  mrzBlock(ctx, fonts, lines, size.height - 180, size.width, 72);
  return {
    front: await canvas.encode('png'),
    truth: {
      documentNumber,
      surname: person.surname,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      expiryDate,
      issueDate,
      sex: person.sex,
      nationality,
      issuingState: state,
      format: format === 'A' ? 'MRVA' : 'MRVB',
    },
  };
}

const INDIAN_STATES: Record<DataSplit, string[]> = { tuning: ['Maharashtra', 'Karnataka', 'West Bengal'], heldout: ['Tamil Nadu', 'Gujarat', 'Kerala'] };

/** An Aadhaar card: the front with the photo, name, birth date, gender, the 12-digit number and the Secure QR; the back with the address. */
export async function renderAadhaar(person: ForeignPerson, index: number, style: Style): Promise<RenderedForeign> {
  const { rng, fonts, split } = style;
  const name = `${person.givenNames} ${person.surname}`;
  const holder: AadhaarHolder = {
    number: aadhaarNumber(rng),
    name,
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    careOf: `${person.sex === 'M' ? 'S/O' : 'D/O'} ${rng.pick(['RAMESH', 'SURESH', 'ANIL', 'VIJAY'])} ${person.surname}`,
    house: String(rng.int(1, 400)),
    street: person.address.street,
    vtc: person.address.city,
    district: person.address.city,
    state: rng.pick(INDIAN_STATES[split]),
    pincode: String(rng.int(110000, 855999)),
  };
  const { width: W, height: H } = ID1;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const palette: Palette = { paperTop: '#fdf7ee', paperBottom: '#eef6ee', guillocheA: 'rgba(230, 120, 30, 0.12)', guillocheB: 'rgba(30, 130, 60, 0.12)' };
  background(ctx, W, H, palette, seedOf('aadhaar-guilloche', split));
  ctx.fillStyle = '#f28c28';
  ctx.fillRect(0, 0, W, 16);
  text(ctx, fonts, 'GOVERNMENT OF INDIA', { left: 260, top: 30, width: 460, height: 50 }, { color: '#1f5f2f' });
  await drawPortrait(ctx, person.faceId, { left: 36, top: 120, width: 210, height: 260 });
  const left = 280 + rng.int(-6, 6);
  text(ctx, fonts, name, { left, top: 130, width: 420, height: 44 });
  text(
    ctx,
    fonts,
    `DOB: ${person.dateOfBirth.slice(8, 10)}/${person.dateOfBirth.slice(5, 7)}/${person.dateOfBirth.slice(0, 4)}`,
    { left, top: 190, width: 360, height: 40 },
    { weight: 400 },
  );
  text(ctx, fonts, person.sex === 'M' ? 'MALE' : 'FEMALE', { left, top: 245, width: 200, height: 40 }, { weight: 400 });
  const qrLeft = W - 290;
  drawQr(ctx, secureQrDigits(holder, rng), qrLeft, 110, 260);
  text(ctx, fonts, `${holder.number.slice(0, 4)} ${holder.number.slice(4, 8)} ${holder.number.slice(8)}`, { left: 250, top: 470, width: 520, height: 70 });
  ctx.fillStyle = '#c0392b';
  ctx.fillRect(0, H - 16, W, 16);
  const front = await canvas.encode('png');

  const backCanvas = createCanvas(W, H);
  const back = backCanvas.getContext('2d');
  background(back, W, H, palette, seedOf('aadhaar-back', split));
  // As the QR's parts read in order, each place once.
  const address = [...new Set([holder.house, holder.street, holder.vtc, holder.district, holder.state, holder.pincode])].join(', ');
  text(back, fonts, 'Address:', { left: 40, top: 60, width: 200, height: 40 }, { weight: 700 });
  text(back, fonts, holder.careOf, { left: 40, top: 110, width: 700, height: 40 }, { weight: 400 });
  text(back, fonts, `${holder.house}, ${holder.street}, ${holder.vtc}`, { left: 40, top: 160, width: 800, height: 40 }, { weight: 400 });
  text(back, fonts, `${holder.district}, ${holder.state} - ${holder.pincode}`, { left: 40, top: 210, width: 800, height: 40 }, { weight: 400 });
  return {
    front,
    back: await backCanvas.encode('png'),
    truth: {
      documentNumber: holder.number,
      surname: person.surname,
      givenNames: person.givenNames,
      fullName: name,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      issuingState: 'IND',
      address,
      format: 'AADHAAR_SECURE_QR',
    },
  };
}

export async function renderForeignDocument(
  kind: Exclude<ForeignKind, LatinKind>,
  person: ForeignPerson,
  index: number,
  split: DataSplit,
  fonts: FontSet = REFERENCE_FONTS,
  seed = 1,
): Promise<RenderedForeign> {
  const style = { split, fonts, rng: createRng(seedOf('foreign', kind, split, seed, index)) };
  if (kind === 'drivers_license') return renderDriversLicence(person, index, style);
  if (kind === 'visa') return renderVisa(person, index, style);
  if (kind === 'aadhaar') return renderAadhaar(person, index, style);
  return renderIdCard(person, kind, index, style);
}
