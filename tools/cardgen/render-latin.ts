import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { drawSignature, type Palette } from './card-art';
import type { DataSplit } from './card-types';
import { REFERENCE_FONTS, type FontSet } from './fonts';
import type { ForeignPerson } from './foreign-person';
import { addYears } from './formats';
import { createRng, seedOf, type Rng } from './prng';
import {
  background,
  COUNTRY_NAMES,
  dateIn,
  drawPortrait,
  euroDate,
  ID1,
  renderIdCard,
  STATES,
  text,
  type LatinKind,
  type RenderedForeign,
  type Style,
} from './render-foreign';
import { drawFitted, fitText } from './text-fit';

/**
 * Documents read by their printed labels alone (no zone, barcode or QR): India's PAN card, vehicle registration
 * certificates, driving licences in the ISO 18013 model (numbered fields), and any other identity document
 * (`universal`). Each split has its own layout families and label words: the held-out ones use words and layouts of
 * real documents that the tuning ones do not, so the reader meets labels it was not written against.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const slashDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const dashDate = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
const letter = (rng: Rng) => String.fromCharCode(65 + rng.int(0, 25));
const digits = (rng: Rng, n: number) => String(rng.int(0, 10 ** n - 1)).padStart(n, '0');

/** An ID-1 card's canvas with its paper and guilloche. */
function idCard(palette: Palette, seed: number) {
  const { width: W, height: H } = ID1;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  background(ctx, W, H, palette, seed);
  return { canvas, ctx, W };
}

/** A label and its value: beside it on the row, or above it (`stacked`). Returns the next row's top. */
function labelled(
  ctx: SKRSContext2D,
  fonts: FontSet,
  rng: Rng,
  label: string,
  value: string,
  at: { left: number; top: number; width: number },
  stacked: boolean,
  height = 44,
): number {
  const labelFit = fitText(
    ctx,
    label,
    { left: at.left, top: at.top, width: stacked ? at.width : 330, height: Math.round(height * 0.7) },
    { heightRatio: 0.62, paddingX: 0, fonts, weight: 400 },
  );
  drawFitted(ctx, labelFit, '#4a4f5c');
  if (stacked) {
    const top = at.top + Math.round(height * 0.72);
    text(ctx, fonts, value, { left: at.left, top, width: at.width, height });
    return top + height + rng.int(6, 14);
  }
  const gap = 18 + rng.int(0, 14);
  text(ctx, fonts, value, { left: at.left + labelFit.ink.width + gap, top: at.top, width: at.width - labelFit.ink.width - gap, height });
  return at.top + height + rng.int(10, 18);
}

/** A person's PAN: three letters, P (a person), their surname's initial, four digits, a letter. */
export function panNumber(rng: Rng, surname: string): string {
  return `${letter(rng)}${letter(rng)}${letter(rng)}P${surname[0]}${digits(rng, 4)}${letter(rng)}`;
}

const FATHERS: Record<DataSplit, string[]> = {
  tuning: ['RAMESH', 'SURESH', 'ANIL', 'VIJAY', 'MOHAN'],
  heldout: ['PRAKASH', 'RAJESH', 'SUNIL', 'ASHOK', 'DINESH'],
};

/**
 * PAN card families. Tuning: the 2018 card (labels above values, `Permanent Account Number Card` over the number) and
 * the older card (name, father's name and birth date unlabelled, the number under its label). Held-out: labels beside
 * their values with a colon, the date with dashes, and a card whose number label is in Hindi only (drawn as a blank band).
 */
export async function renderPanCard(person: ForeignPerson, index: number, style: Style): Promise<RenderedForeign> {
  const { rng, fonts, split } = style;
  const name = `${person.givenNames} ${person.surname}`;
  const father = `${rng.pick(FATHERS[split])} ${person.surname}`;
  const number = panNumber(rng, person.surname);
  const family = index % 2;
  const { canvas, ctx, W } = idCard(
    { paperTop: '#e9f1f7', paperBottom: '#f4efe4', guillocheA: 'rgba(40, 90, 150, 0.13)', guillocheB: 'rgba(160, 110, 40, 0.12)' },
    seedOf('pan-guilloche', split),
  );
  text(ctx, fonts, 'INCOME TAX DEPARTMENT', { left: 30, top: 18, width: 470, height: 44 }, { color: '#1f3f6a' });
  text(ctx, fonts, 'GOVT. OF INDIA', { left: W - 330, top: 18, width: 300, height: 44 }, { color: '#1f3f6a' });
  const photoRight = split === 'heldout' && family === 0;
  await drawPortrait(ctx, person.faceId, { left: photoRight ? W - 240 : 30, top: 110, width: 200, height: 250 });
  const left = (photoRight ? 40 : 260) + rng.int(-6, 6);
  const width = photoRight ? 640 : 700;
  let y = 100 + rng.int(-4, 8);
  if (split === 'tuning' && family === 0) {
    y = labelled(ctx, fonts, rng, 'Permanent Account Number Card', number, { left, top: y, width }, true, 50);
    y = labelled(ctx, fonts, rng, 'Name', name, { left, top: y, width }, true);
    y = labelled(ctx, fonts, rng, "Father's Name", father, { left, top: y, width }, true);
    labelled(ctx, fonts, rng, 'Date of Birth', slashDate(person.dateOfBirth), { left, top: y, width: 360 }, true);
  } else if (split === 'tuning') {
    for (const line of [name, father, slashDate(person.dateOfBirth)]) {
      text(ctx, fonts, line, { left, top: y, width, height: 44 });
      y += 62 + rng.int(0, 10);
    }
    labelled(ctx, fonts, rng, 'Permanent Account Number', number, { left, top: y + 10, width }, true, 52);
  } else if (family === 0) {
    y = labelled(ctx, fonts, rng, 'NAME:', name, { left, top: y + 20, width }, false);
    y = labelled(ctx, fonts, rng, "FATHER'S NAME:", father, { left, top: y, width }, false);
    y = labelled(ctx, fonts, rng, 'DOB:', dashDate(person.dateOfBirth), { left, top: y, width }, false);
    labelled(ctx, fonts, rng, 'PAN:', number, { left, top: y + 10, width }, false, 52);
  } else {
    y = labelled(ctx, fonts, rng, 'Name', name, { left, top: y, width }, true);
    y = labelled(ctx, fonts, rng, "Father's Name", father, { left, top: y, width }, true);
    y = labelled(ctx, fonts, rng, 'Date of Birth', slashDate(person.dateOfBirth), { left, top: y, width: 360 }, true);
    // The number's label printed in Devanagari only: a band the Latin reader cannot read.
    ctx.fillStyle = 'rgba(60, 60, 90, 0.55)';
    ctx.fillRect(left, y + 6, 240, 18);
    text(ctx, fonts, number, { left, top: y + 34, width: 420, height: 52 });
  }
  drawSignature(ctx, { left: photoRight ? W - 260 : 40, top: 420, width: 240, height: 90 }, createRng(seedOf('pan-signature', person.surname, index)));
  return {
    front: await canvas.encode('png'),
    truth: {
      documentNumber: number,
      surname: person.surname,
      givenNames: person.givenNames,
      fullName: name,
      fatherName: father,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      issuingState: 'IND',
      format: 'PRINTED',
    },
  };
}

/** Registration marks of each split, written as printed; the truth is their letters and digits. */
function registrationMark(rng: Rng, split: DataSplit, index: number): string {
  if (split === 'tuning')
    return index % 2 === 0
      ? `MH ${pad(rng.int(1, 48))} ${letter(rng)}${letter(rng)} ${digits(rng, 4)}`
      : `${letter(rng)}${letter(rng)}-${digits(rng, 4)}-${letter(rng)}`;
  return index % 2 === 0
    ? `${letter(rng)}${letter(rng)}${pad(rng.int(10, 75))} ${letter(rng)}${letter(rng)}${letter(rng)}`
    : `KA ${pad(rng.int(1, 60))} ${letter(rng)} ${digits(rng, 4)}`;
}

const VEHICLE_LABELS: Record<DataSplit, Array<{ number: string; owner: string; registered: string; expiry: string; stacked: boolean }>> = {
  tuning: [
    { number: 'Registration No', owner: "Owner's Name", registered: 'Date of Registration', expiry: 'Valid Until', stacked: false },
    { number: 'Reg. No.', owner: 'Registered Owner', registered: 'Registration Date', expiry: 'Expiry Date', stacked: true },
  ],
  heldout: [
    { number: 'Registration Mark', owner: 'Registered Keeper', registered: 'Date of First Registration', expiry: 'Valid Till', stacked: false },
    { number: 'Regn. Number', owner: 'Name of Owner', registered: 'Regn. Date', expiry: 'Regn. Validity', stacked: true },
  ],
};

/** A vehicle registration certificate: the mark, owner, vehicle particulars and dates, on an ID-1 smart card. */
export async function renderVehicleRegistration(person: ForeignPerson, index: number, style: Style): Promise<RenderedForeign> {
  const { rng, fonts, split } = style;
  const labels = VEHICLE_LABELS[split][index % 2] as (typeof VEHICLE_LABELS)['tuning'][number];
  const mark = registrationMark(rng, split, index);
  const registered = dateIn(rng, 2012, 2024);
  const expiry = addYears(registered, 15);
  const owner = `${person.givenNames} ${person.surname}`;
  const { canvas, ctx, W } = idCard(
    { paperTop: '#f2f6ea', paperBottom: '#eaf0f6', guillocheA: 'rgba(70, 120, 40, 0.12)', guillocheB: 'rgba(40, 70, 140, 0.12)' },
    seedOf('vrc-guilloche', split),
  );
  text(ctx, fonts, 'CERTIFICATE OF REGISTRATION', { left: 30, top: 16, width: 620, height: 46 }, { color: '#27462a' });
  text(ctx, fonts, 'MOTOR VEHICLES', { left: 30, top: 62, width: 320, height: 32 }, { color: '#27462a', weight: 400 });
  const left = 40 + rng.int(-6, 6);
  const width = W - 80;
  let y = 112 + rng.int(-4, 6);
  const particulars: Array<[string, string]> = [
    [labels.number, mark],
    [labels.owner, owner],
    [labels.registered, euroDate(registered)],
    [labels.expiry, euroDate(expiry)],
    ['Chassis No', `${letter(rng)}${letter(rng)}${letter(rng)}${digits(rng, 6)}${letter(rng)}${digits(rng, 5)}`],
    ['Maker', rng.pick(['TOYOTA', 'SUZUKI', 'HONDA', 'TATA', 'HYUNDAI'])],
  ];
  for (const [label, value] of particulars) y = labelled(ctx, fonts, rng, label, value, { left, top: y, width }, labels.stacked, labels.stacked ? 36 : 44);
  return {
    front: await canvas.encode('png'),
    truth: {
      documentNumber: mark.replace(/[^A-Z0-9]/g, ''),
      surname: person.surname,
      givenNames: person.givenNames,
      fullName: owner,
      dateOfBirth: person.dateOfBirth,
      issueDate: registered,
      expiryDate: expiry,
      sex: person.sex,
      issuingState: split === 'tuning' ? 'IND' : 'GBR',
      format: 'PRINTED',
    },
  };
}

/**
 * A driving licence in the ISO 18013-1 model, as the EU and many others print it. Tuning: the figures alone (`1.`,
 * `4a.`). Held-out: figures with words (`4b Valid until`), and a card that prints the number (5) before the names.
 */
export async function renderIsoLicence(person: ForeignPerson, index: number, style: Style): Promise<RenderedForeign> {
  const { rng, fonts, split } = style;
  const state = rng.pick(STATES[split].filter((s) => s !== 'CAN'));
  const issueDate = dateIn(rng, 2016, 2024);
  const expiryDate = addYears(issueDate, 10);
  const number = split === 'tuning' ? `${letter(rng)}${digits(rng, 8)}` : `${digits(rng, 2)}${letter(rng)}${letter(rng)}${digits(rng, 5)}`;
  const { canvas, ctx, W } = idCard(
    { paperTop: '#f7eef0', paperBottom: '#eef3f8', guillocheA: 'rgba(170, 60, 90, 0.12)', guillocheB: 'rgba(40, 100, 170, 0.12)' },
    seedOf('iso-dl-guilloche', split),
  );
  text(ctx, fonts, 'DRIVING LICENCE', { left: 300, top: 16, width: 440, height: 50 }, { color: '#1d3566' });
  text(ctx, fonts, COUNTRY_NAMES[state] ?? state, { left: 300, top: 66, width: 400, height: 36 }, { color: '#1d3566', weight: 400 });
  await drawPortrait(ctx, person.faceId, { left: 30, top: 120, width: 240, height: 300 });
  const words = split === 'heldout';
  const rows: Array<[string, string]> = [
    [words ? '1 Surname' : '1.', person.surname],
    [words ? '2 Given names' : '2.', person.givenNames],
    [words ? '3 Born' : '3.', `${euroDate(person.dateOfBirth)} ${person.address.city}`],
    [words ? '4a Issued' : '4a.', euroDate(issueDate)],
    [words ? '4b Valid until' : '4b.', euroDate(expiryDate)],
    [words ? '4c Authority' : '4c.', `${COUNTRY_NAMES[state] ?? state} DVLA`],
    [words ? '5 Licence no' : '5.', number],
    [words ? '9 Categories' : '9.', rng.pick(['AM/A/B', 'B', 'B/BE/C1'])],
  ];
  if (words && index % 2 === 1) rows.unshift(...rows.splice(6, 1));
  const left = 300 + rng.int(-6, 6);
  let y = 120 + rng.int(-4, 6);
  for (const [label, value] of rows) y = labelled(ctx, fonts, rng, label, value, { left, top: y, width: W - left - 30 }, false, 40) - 2;
  drawSignature(ctx, { left: 40, top: 440, width: 220, height: 80 }, createRng(seedOf('iso-dl-signature', person.surname, index)));
  return {
    front: await canvas.encode('png'),
    truth: {
      documentNumber: number,
      surname: person.surname,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      issueDate,
      expiryDate,
      sex: person.sex,
      issuingState: state,
      format: 'ISO18013',
    },
  };
}

const UNIVERSAL_LABELS: Record<DataSplit, { surname: string; given: string; birth: string; sex: string; nationality: string; number: string; expiry: string }> =
  {
    tuning: {
      surname: 'Surname',
      given: 'Given names',
      birth: 'Date of birth',
      sex: 'Sex',
      nationality: 'Nationality',
      number: 'ID No.',
      expiry: 'Date of expiry',
    },
    heldout: { surname: 'Last name', given: 'First name', birth: 'Born', sex: 'Gender', nationality: 'Citizenship', number: 'Card number', expiry: 'Expires' },
  };

/**
 * `universal`: any identity document. Every other one carries a machine-readable zone (an ID card or residence
 * permit from `renderIdCard`); the rest print labelled fields only, in each split's words.
 */
export async function renderUniversal(person: ForeignPerson, index: number, style: Style): Promise<RenderedForeign> {
  if (index % 2 === 1) return renderIdCard(person, index % 4 === 1 ? 'id_card' : 'residence_permit', index, style);
  const { rng, fonts, split } = style;
  const labels = UNIVERSAL_LABELS[split];
  const state = rng.pick(STATES[split]);
  const expiryDate = addYears(dateIn(rng, 2018, 2024), 10);
  const number = `${letter(rng)}${digits(rng, 7)}`;
  const { canvas, ctx, W } = idCard(
    { paperTop: '#eef2f7', paperBottom: '#f6f1ea', guillocheA: 'rgba(60, 80, 140, 0.12)', guillocheB: 'rgba(150, 100, 50, 0.12)' },
    seedOf('universal-guilloche', split),
  );
  text(ctx, fonts, `${COUNTRY_NAMES[state] ?? state}`, { left: 30, top: 16, width: 500, height: 50 }, { color: '#243a66' });
  text(
    ctx,
    fonts,
    split === 'tuning' ? 'NATIONAL IDENTITY CARD' : 'CITIZEN CARD',
    { left: 30, top: 66, width: 420, height: 36 },
    { color: '#243a66', weight: 400 },
  );
  const photoRight = split === 'heldout';
  await drawPortrait(ctx, person.faceId, { left: photoRight ? W - 270 : 30, top: 120, width: 240, height: 300 }, true);
  const left = (photoRight ? 40 : 300) + rng.int(-6, 6);
  const width = photoRight ? 660 : W - 330;
  const date = split === 'tuning' ? euroDate : slashDate;
  let y = 118 + rng.int(-4, 6);
  const rows: Array<[string, string]> = [
    [labels.surname, person.surname],
    [labels.given, person.givenNames],
    [labels.birth, date(person.dateOfBirth)],
    [labels.sex, person.sex],
    [labels.nationality, state],
    [labels.number, number],
    [labels.expiry, date(expiryDate)],
  ];
  for (const [label, value] of rows) y = labelled(ctx, fonts, rng, label, value, { left, top: y, width }, false, 40) - 4;
  return {
    front: await canvas.encode('png'),
    truth: {
      documentNumber: number,
      surname: person.surname,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      expiryDate,
      sex: person.sex,
      nationality: state,
      issuingState: state,
      format: 'PRINTED',
    },
  };
}

export async function renderLatinDocument(
  kind: LatinKind,
  person: ForeignPerson,
  index: number,
  split: DataSplit,
  fonts: FontSet = REFERENCE_FONTS,
  seed = 1,
): Promise<RenderedForeign> {
  const style = { split, fonts, rng: createRng(seedOf('latin', kind, split, seed, index)) };
  if (kind === 'pancard') return renderPanCard(person, index, style);
  if (kind === 'vehicle_registration') return renderVehicleRegistration(person, index, style);
  if (kind === 'drivers_license_iso') return renderIsoLicence(person, index, style);
  return renderUniversal(person, index, style);
}
