import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import { boxToPixels, NID_CARD_SIZE, NID_LAYOUTS, type Box, type CardSide, type NidCardKind, type NidCardText, type NidField } from '@ekyc/document-reader';
import { sandboxFace } from './face-photo';
import { drawChip, drawEmblem, drawFlag, drawGuilloche, drawPaper, drawSignature, type Palette } from './card-art';
import type { CardCitizen } from './citizen';
import { registerCardFonts } from './fonts';
import { addYears, defaultIssueDate, formatAddress, formatBirthDate, formatEnglishName, formatIssueDate } from './formats';
import { td1Lines } from './mrz';
import { drawPdf417, fitPdf417, nidBarcodePayload } from './pdf417';
import { createRng, seedOf } from './prng';
import { drawFitted, fitText, type FitOptions, type FittedText, type PixelBox } from './text-fit';

export interface RenderCardOptions {
  kind: NidCardKind;
  side: CardSide;
  /** A face photo (any format sharp reads); the sandbox's photo for `person.faceId` when absent. */
  face?: Buffer;
  /** `YYYY-MM-DD` or the printed `dd/mm/yyyy`; a plausible date fixed per person when absent. */
  issueDate?: string;
}

export interface TextPlacement {
  role: 'header' | 'label' | 'value' | 'caption' | 'mrz';
  field?: NidField;
  text: string;
  box: PixelBox;
  fitted: FittedText;
}

export interface RenderedCard {
  /** PNG, exactly `NID_CARD_SIZE`. */
  image: Buffer;
  /** The text printed in each value box of this side, exactly as printed. */
  truth: NidCardText;
  placements: TextPlacement[];
  /** Old backs: the PDF417 text; smart backs: the three TD1 lines. */
  machineReadable: { pdf417?: string; mrz?: [string, string, string] };
}

const { width: W, height: H } = NID_CARD_SIZE;

const PALETTES: Record<NidCardKind, Palette> = {
  nid_smart: { paperTop: '#f2f8f0', paperBottom: '#fcf6e9', guillocheA: 'rgba(0, 120, 70, 0.22)', guillocheB: 'rgba(214, 120, 40, 0.18)' },
  nid_old: { paperTop: '#f8e5e8', paperBottom: '#e3f0df', guillocheA: 'rgba(0, 110, 60, 0.13)', guillocheB: 'rgba(200, 60, 90, 0.11)' },
};

const INK = { label: '#2b2b2b', value: '#0b0b0b', red: '#c8102e', green: '#05603a', white: '#ffffff' } as const;

const ISSUER_CAPTION = 'প্রদানকারী কর্তৃপক্ষের স্বাক্ষর';

const px = (box: Box): PixelBox => boxToPixels(box, W, H);
const frac = (x: number, y: number, w: number, h: number): PixelBox => px({ x, y, w, h });

/** Accepts `YYYY-MM-DD` or `dd/mm/yyyy`. */
export function toIsoDate(date: string): string {
  const printed = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date);
  if (printed) return `${printed[3]}-${printed[2]}-${printed[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  throw new Error(`issue date "${date}" is neither YYYY-MM-DD nor dd/mm/yyyy`);
}

/** What one side prints in its value boxes, exactly as printed. */
export function nidCardText(person: CardCitizen, kind: NidCardKind, side: CardSide, issueDate?: string): NidCardText {
  if (side === 'front') {
    return {
      nameBn: person.name,
      nameEn: formatEnglishName(person.nameEn),
      fatherName: person.father,
      motherName: person.mother,
      dateOfBirth: formatBirthDate(person.dateOfBirth),
      nidNumber: kind === 'nid_smart' ? person.nid10 : person.nid17,
    };
  }
  const truth: NidCardText = { address: formatAddress(person.permanentAddress), bloodGroup: person.bloodGroup };
  if (kind === 'nid_smart') truth.birthPlace = person.permanentAddress.district;
  truth.issueDate = formatIssueDate(issueDate ? toIsoDate(issueDate) : defaultIssueDate(person, kind));
  return truth;
}

/** The smart card's TD1 zone: the 10-digit NID as document number; valid ten years from issue. */
export function smartCardMrz(person: CardCitizen, issueDateIso: string): [string, string, string] {
  return td1Lines({
    documentCode: 'I',
    issuingState: 'BGD',
    documentNumber: person.nid10,
    nameEn: person.nameEn,
    birthDate: person.dateOfBirth,
    sex: person.gender,
    expiryDate: addYears(issueDateIso, 10),
    nationality: 'BGD',
  });
}

function valueStyle(kind: NidCardKind, field: NidField): { color: string; weight: number } {
  if (field === 'nidNumber') return { color: kind === 'nid_smart' ? INK.red : INK.value, weight: 700 };
  if (field === 'nameEn' || field === 'nameBn') return { color: INK.value, weight: 700 };
  return { color: INK.value, weight: 600 };
}

function fitCentred(ctx: SKRSContext2D, text: string, box: PixelBox, options: FitOptions): FittedText {
  const fitted = fitText(ctx, text, box, options);
  const shift = (box.left + box.width / 2) - (fitted.ink.left + fitted.ink.width / 2);
  return { ...fitted, x: fitted.x + shift, ink: { ...fitted.ink, left: fitted.ink.left + shift } };
}

/** A label beside a two-line box sits level with the value's first line, never outside its own box. */
function levelWithFirstLine(label: FittedText, value: FittedText, box: PixelBox): FittedText {
  const firstLineCentre = value.ink.top + value.ink.height / (2 * value.lines.length);
  const wanted = firstLineCentre - (label.ink.top + label.ink.height / 2);
  const shift = Math.max(box.top + 1 - label.ink.top, Math.min(box.top + box.height - 1 - (label.ink.top + label.ink.height), wanted));
  return { ...label, baselines: label.baselines.map((b) => b + shift), ink: { ...label.ink, top: label.ink.top + shift } };
}

/** Places every header line, label, value and caption of one side (measuring only, nothing drawn). */
export function planNidCardText(ctx: SKRSContext2D, truth: NidCardText, kind: NidCardKind, side: CardSide): TextPlacement[] {
  registerCardFonts();
  const layout = NID_LAYOUTS[kind][side];
  const placements: TextPlacement[] = [];
  const header = (text: string, box: PixelBox, weight: number, ratio = 0.62, maxLines: 1 | 2 = 1) =>
    placements.push({ role: 'header', text, box, fitted: fitCentred(ctx, text, box, { weight, heightRatio: ratio, maxLines }) });
  if (side === 'front') {
    const [bn, second, third] = layout.headerLines;
    if (kind === 'nid_smart') {
      if (bn) header(bn, frac(0.14, 0.008, 0.72, 0.085), 700, 0.66);
      if (second) header(second, frac(0.14, 0.085, 0.72, 0.07), 600, 0.6);
      if (third) header(third, frac(0.28, 0.164, 0.6, 0.07), 700, 0.64);
    } else {
      if (bn) header(bn, frac(0.16, 0.02, 0.68, 0.095), 700, 0.66);
      if (second) header(second, frac(0.16, 0.115, 0.68, 0.075), 600, 0.62);
    }
  } else {
    const [notice] = layout.headerLines;
    if (notice) header(notice, kind === 'nid_smart' ? frac(0.03, 0.03, 0.94, 0.15) : frac(0.03, 0.012, 0.94, 0.1), 400, 0.6, 2);
    const caption = kind === 'nid_smart' ? frac(0.6, 0.585, 0.37, 0.05) : frac(0.6, 0.47, 0.37, 0.05);
    placements.push({ role: 'caption', text: ISSUER_CAPTION, box: caption, fitted: fitCentred(ctx, ISSUER_CAPTION, caption, { heightRatio: 0.6 }) });
  }
  for (const region of layout.fields) {
    const value = truth[region.field];
    if (value === undefined) continue;
    const valueBox = px(region.valueBox);
    const { weight } = valueStyle(kind, region.field);
    const valueFit = fitText(ctx, value, valueBox, { weight, maxLines: region.lines });
    const labelBox = px(region.labelBox);
    let labelFit = fitText(ctx, region.label, labelBox, { heightRatio: region.lines === 2 ? 0.26 : 0.5 });
    if (region.lines === 2) labelFit = levelWithFirstLine(labelFit, valueFit, labelBox);
    placements.push({ role: 'label', field: region.field, text: region.label, box: labelBox, fitted: labelFit });
    placements.push({ role: 'value', field: region.field, text: value, box: valueBox, fitted: valueFit });
  }
  return placements;
}

async function drawPhoto(ctx: SKRSContext2D, face: Buffer, box: PixelBox, kind: NidCardKind): Promise<void> {
  const inner = { left: box.left + 4, top: box.top + 4, width: box.width - 8, height: box.height - 8 };
  let pipeline = sharp(face).resize(inner.width, inner.height, { fit: 'cover', position: 'attention' });
  // Old laminated cards print a paler, warmer photo.
  if (kind === 'nid_old') pipeline = pipeline.modulate({ saturation: 0.75, brightness: 1.08, hue: -6 });
  const photo = await loadImage(await pipeline.png().toBuffer());
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(box.left, box.top, box.width, box.height);
  ctx.drawImage(photo, inner.left, inner.top, inner.width, inner.height);
  ctx.strokeStyle = 'rgba(60, 60, 60, 0.55)';
  ctx.lineWidth = 1.5;
  ctx.strokeRect(box.left + 0.5, box.top + 0.5, box.width - 1, box.height - 1);
}

/** White on the smart card's green band; below it (and on old cards) the government line green, the card title red. */
function headerInk(kind: NidCardKind, side: CardSide, placement: TextPlacement, firstLine: string | undefined): string {
  if (side === 'back') return INK.label;
  if (kind === 'nid_smart' && placement.box.top < H * 0.15) return INK.white;
  return placement.text === firstLine ? INK.green : INK.red;
}

function drawMrz(ctx: SKRSContext2D, lines: readonly string[], box: PixelBox): TextPlacement[] {
  ctx.fillStyle = 'rgba(255, 255, 255, 0.75)';
  ctx.fillRect(box.left - 6, box.top - 4, box.width + 12, box.height + 8);
  const pitch = box.height / lines.length;
  return lines.map((line, i) => {
    const lineBox = { left: box.left, top: Math.round(box.top + i * pitch), width: box.width, height: Math.round(pitch) };
    const fitted = fitCentred(ctx, line, lineBox, { stack: 'mono', heightRatio: 0.6, paddingX: 4 });
    drawFitted(ctx, fitted, '#111111');
    return { role: 'mrz', text: line, box: lineBox, fitted };
  });
}

function drawDecor(ctx: SKRSContext2D, kind: NidCardKind, side: CardSide): void {
  const palette = PALETTES[kind];
  drawPaper(ctx, W, H, palette);
  const rng = createRng(seedOf('guilloche', kind, side));
  if (side === 'front' && kind === 'nid_smart') {
    drawGuilloche(ctx, { left: 0, top: Math.round(H * 0.16), width: W, height: Math.round(H * 0.84) }, palette, rng);
    const bandHeight = Math.round(H * 0.158);
    const band = ctx.createLinearGradient(0, 0, W, 0);
    band.addColorStop(0, '#075c34');
    band.addColorStop(0.5, '#0d7d45');
    band.addColorStop(1, '#075c34');
    ctx.fillStyle = band;
    ctx.fillRect(0, 0, W, bandHeight);
    ctx.fillStyle = '#d4a72c';
    ctx.fillRect(0, bandHeight, W, 3);
    drawEmblem(ctx, W * 0.075, bandHeight / 2, bandHeight * 0.4);
    drawFlag(ctx, frac(0.87, 0.035, 0.1, 0.09));
    drawChip(ctx, frac(0.865, 0.62, 0.105, 0.17));
  } else if (side === 'front') {
    drawGuilloche(ctx, { left: 0, top: 0, width: W, height: H }, palette, rng);
    drawEmblem(ctx, W * 0.085, H * 0.11, H * 0.085);
    ctx.fillStyle = INK.green;
    ctx.fillRect(Math.round(W * 0.03), Math.round(H * 0.2), Math.round(W * 0.94), 2);
  } else {
    drawGuilloche(ctx, { left: 0, top: 0, width: W, height: H }, palette, rng);
  }
}

function drawLamination(ctx: SKRSContext2D): void {
  const sheen = ctx.createLinearGradient(0, 0, W, H);
  sheen.addColorStop(0, 'rgba(255, 255, 255, 0)');
  sheen.addColorStop(0.35, 'rgba(255, 255, 255, 0.10)');
  sheen.addColorStop(0.45, 'rgba(255, 255, 255, 0)');
  ctx.fillStyle = sheen;
  ctx.fillRect(0, 0, W, H);
}

function drawBorder(ctx: SKRSContext2D, kind: NidCardKind): void {
  ctx.strokeStyle = kind === 'nid_smart' ? 'rgba(7, 92, 52, 0.5)' : 'rgba(120, 60, 70, 0.35)';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.roundRect(6, 6, W - 12, H - 12, 18);
  ctx.stroke();
}

/** Draws one side of a Bangladesh NID card onto the layout's boxes and returns it with the printed text. */
export async function renderNidCard(person: CardCitizen, options: RenderCardOptions): Promise<RenderedCard> {
  registerCardFonts();
  const { kind, side } = options;
  const layout = NID_LAYOUTS[kind][side];
  const issueIso = options.issueDate ? toIsoDate(options.issueDate) : defaultIssueDate(person, kind);
  const truth = nidCardText(person, kind, side, issueIso);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  drawDecor(ctx, kind, side);

  const placements = planNidCardText(ctx, truth, kind, side);
  const machineReadable: RenderedCard['machineReadable'] = {};
  if (layout.photo) {
    await drawPhoto(ctx, options.face ?? (await sandboxFace(person.faceId)), px(layout.photo), kind);
  }
  if (layout.signature) drawSignature(ctx, px(layout.signature), createRng(seedOf('signature', person.nid17)));
  if (side === 'back') {
    const scribble = kind === 'nid_smart' ? frac(0.66, 0.49, 0.25, 0.095) : frac(0.66, 0.34, 0.25, 0.13);
    drawSignature(ctx, scribble, createRng(seedOf('issuer', kind)), '#202020');
  }
  if (layout.barcode) {
    const payload = nidBarcodePayload(person);
    const box = px(layout.barcode);
    const symbol = fitPdf417(payload, box.width, box.height);
    drawPdf417(ctx, symbol, box.left + Math.floor((box.width - symbol.width) / 2), box.top + Math.floor((box.height - symbol.height) / 2));
    machineReadable.pdf417 = payload;
  }
  if (layout.mrz) {
    const lines = smartCardMrz(person, issueIso);
    placements.push(...drawMrz(ctx, lines, px(layout.mrz)));
    machineReadable.mrz = lines;
  }
  for (const placement of placements) {
    if (placement.role === 'mrz') continue;
    if (placement.role === 'header') {
      drawFitted(ctx, placement.fitted, headerInk(kind, side, placement, layout.headerLines[0]));
    } else if (placement.role === 'label' || placement.role === 'caption') {
      drawFitted(ctx, placement.fitted, INK.label);
    } else if (placement.field) {
      drawFitted(ctx, placement.fitted, valueStyle(kind, placement.field).color);
    }
  }
  if (kind === 'nid_old') drawLamination(ctx);
  drawBorder(ctx, kind);
  const image = await canvas.encode('png');
  return { image, truth, placements, machineReadable };
}
