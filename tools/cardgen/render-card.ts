import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import { drawChip, drawEmblem, drawFlag, drawGuilloche, drawPaper, drawSignature, type Palette } from './card-art';
import type { CardSide, CardText, NidCardKind, NidField } from './card-types';
import type { CardCitizen } from './citizen';
import { sandboxFace } from './face-photo';
import { cssFont, REFERENCE_FONTS, type FontSet } from './fonts';
import {
  addYears,
  defaultIssueDate,
  formatAddress,
  formatBirthDate,
  formatEnglishName,
  formatIssueDate,
  formatLongAddress,
  groupNid,
  toBengaliDigits,
} from './formats';
import { drawGeometry, layoutFamily, REFERENCE_LAYOUT, type CardGeometry } from './layouts';
import { td1Lines } from './mrz';
import { drawPdf417, fitPdf417, nidBarcodePayload } from './pdf417';
import { createRng, seedOf } from './prng';
import { fitText, type FitOptions, type FittedText, type PixelBox } from './text-fit';

/** How one card looks: its layout family, its faces, its size and the seed its geometry is drawn from. */
export interface CardStyle {
  layout: string;
  fonts: FontSet;
  /** Card width in pixels; the height follows the ID-1 aspect. */
  width: number;
  seed: number;
}

export interface RenderCardOptions {
  kind: NidCardKind;
  side: CardSide;
  /** A face photo (any format sharp reads); the sandbox's photo for `person.faceId` when absent. */
  face?: Buffer;
  /** `YYYY-MM-DD` or the printed `dd/mm/yyyy`; a plausible date fixed per person when absent. */
  issueDate?: string;
  /** The reference style (the `columns` family in Noto, 1012 px, seed 0) when absent. */
  style?: CardStyle;
}

export interface TextRun {
  role: 'header' | 'label' | 'value' | 'caption' | 'mrz';
  field?: NidField;
  text: string;
  font: string;
  x: number;
  baseline: number;
  color: string;
  /** The inked area, for checking that nothing overlaps or leaves the card. */
  ink: PixelBox;
}

export interface RenderedCard {
  /** PNG of the card side, `width` x `height`. */
  image: Buffer;
  width: number;
  height: number;
  /** The text printed for each field of this side, exactly as printed. */
  truth: CardText;
  runs: TextRun[];
  /** Where the face photo is printed (fronts). */
  photoBox: PixelBox | null;
  /** Old backs: the PDF417 text; smart backs: the three TD1 lines. */
  machineReadable: { pdf417?: string; mrz?: [string, string, string] };
}

/** ID-1 (CR80) cards: 85.6 x 53.98 mm. */
export const CARD_ASPECT = 85.6 / 53.98;
export const REFERENCE_STYLE: CardStyle = { layout: REFERENCE_LAYOUT, fonts: REFERENCE_FONTS, width: 1012, seed: 0 };

const PALETTES: Record<NidCardKind, Palette> = {
  nid_smart: { paperTop: '#f2f8f0', paperBottom: '#fcf6e9', guillocheA: 'rgba(0, 120, 70, 0.22)', guillocheB: 'rgba(214, 120, 40, 0.18)' },
  nid_old: { paperTop: '#f8e5e8', paperBottom: '#e3f0df', guillocheA: 'rgba(0, 110, 60, 0.13)', guillocheB: 'rgba(200, 60, 90, 0.11)' },
};

const INK = { label: '#2b2b2b', value: '#0b0b0b', red: '#c8102e', green: '#05603a', white: '#ffffff' } as const;
const GOVERNMENT_BN = 'গণপ্রজাতন্ত্রী বাংলাদেশ সরকার';
const GOVERNMENT_EN = "Government of the People's Republic of Bangladesh";
const TITLE_SMART = 'National ID Card / জাতীয় পরিচয় পত্র';
const TITLE_OLD = 'জাতীয় পরিচয় পত্র / National ID Card';
const NOTICE = ['এই কার্ডটি গণপ্রজাতন্ত্রী বাংলাদেশ সরকারের সম্পত্তি।', 'কার্ডটি পাওয়া গেলে নিকটস্থ পোস্ট অফিসে জমা দিন।'];
const ISSUER_CAPTION = 'প্রদানকারী কর্তৃপক্ষের স্বাক্ষর';
const FRONT_FIELDS: readonly NidField[] = ['nameBn', 'nameEn', 'fatherName', 'motherName', 'dateOfBirth', 'nidNumber'];

/** Accepts `YYYY-MM-DD` or `dd/mm/yyyy`. */
export function toIsoDate(date: string): string {
  const printed = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date);
  if (printed) return `${printed[3]}-${printed[2]}-${printed[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  throw new Error(`issue date "${date}" is neither YYYY-MM-DD nor dd/mm/yyyy`);
}

/** How a style prints values that have more than one printed form. */
export interface PrintedForms {
  groupedNid?: boolean;
  bengaliDigitIssueDate?: boolean;
  /** The long address form and its template; the short one (`upazila, district, division`) when absent. */
  longAddress?: 'holding' | 'village';
  /** Seeds the long address's village and numbers. */
  seed?: number;
}

/** What one side prints for each field, exactly as printed. */
export function nidCardText(person: CardCitizen, kind: NidCardKind, side: CardSide, issueDate?: string, forms: PrintedForms = {}): CardText {
  if (side === 'front') {
    const nid = kind === 'nid_smart' ? person.nid10 : person.nid17;
    return {
      nameBn: person.name,
      nameEn: formatEnglishName(person.nameEn),
      fatherName: person.father,
      motherName: person.mother,
      dateOfBirth: formatBirthDate(person.dateOfBirth),
      nidNumber: forms.groupedNid ? groupNid(nid) : nid,
    };
  }
  const address = forms.longAddress
    ? formatLongAddress(person.permanentAddress, createRng(seedOf('address', person.nid10, forms.seed ?? 0)), forms.longAddress)
    : formatAddress(person.permanentAddress);
  const truth: CardText = { address, bloodGroup: person.bloodGroup };
  if (kind === 'nid_smart') truth.birthPlace = person.permanentAddress.district;
  const issued = formatIssueDate(issueDate ? toIsoDate(issueDate) : defaultIssueDate(person, kind));
  truth.issueDate = forms.bengaliDigitIssueDate ? toBengaliDigits(issued) : issued;
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

/** Lays out text runs in card pixels, measuring with the card's faces. */
class Typesetter {
  readonly runs: TextRun[] = [];
  constructor(
    private readonly ctx: SKRSContext2D,
    readonly fonts: FontSet,
  ) {}

  font(text: string, size: number, weight = 400, mono = false): string {
    return cssFont(this.fonts, text, size, weight, mono);
  }

  measure(text: string, font: string): { width: number; ascent: number; descent: number; left: number } {
    this.ctx.font = font;
    const m = this.ctx.measureText(text);
    return {
      width: Math.max(m.width, m.actualBoundingBoxRight),
      ascent: m.actualBoundingBoxAscent,
      descent: m.actualBoundingBoxDescent,
      left: Math.max(0, m.actualBoundingBoxLeft),
    };
  }

  /** The largest size up to `size` (and down to 60% of it) at which the text fits `maxWidth`. */
  fit(text: string, size: number, weight: number, maxWidth: number): { size: number; font: string } {
    let current = size;
    for (let i = 0; i < 20; i++, current *= 0.97) {
      const font = this.font(text, current, weight);
      if (this.measure(text, font).width <= maxWidth || current < size * 0.6) return { size: current, font };
    }
    return { size: current, font: this.font(text, current, weight) };
  }

  add(run: Omit<TextRun, 'ink'>): TextRun {
    const m = this.measure(run.text, run.font);
    const placed = { ...run, ink: { left: run.x - m.left, top: run.baseline - m.ascent, width: m.width + m.left, height: m.ascent + m.descent } };
    this.runs.push(placed);
    return placed;
  }

  /** Splits text at spaces into lines no wider than `maxWidth`. */
  wrap(text: string, font: string, maxWidth: number): string[] {
    const words = text.split(' ');
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && this.measure(candidate, font).width > maxWidth) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line) lines.push(line);
    return lines;
  }

  /** Centred in a box, shrunk to fit it (headers, notices, captions). */
  centred(role: TextRun['role'], text: string, box: PixelBox, options: FitOptions, color: string): void {
    const fitted = fitText(this.ctx, text, box, { ...options, fonts: this.fonts });
    const shift = box.left + box.width / 2 - (fitted.ink.left + fitted.ink.width / 2);
    this.placeFitted(role, { ...fitted, x: fitted.x + shift }, color);
  }

  placeFitted(role: TextRun['role'], fitted: FittedText, color: string): void {
    fitted.lines.forEach((line, i) => this.add({ role, text: line, font: fitted.font, x: fitted.x, baseline: fitted.baselines[i] as number, color }));
  }
}

function valueStyle(kind: NidCardKind, field: NidField): { color: string; weight: number; scale: number } {
  if (field === 'nidNumber') return { color: kind === 'nid_smart' ? INK.red : INK.value, weight: 700, scale: kind === 'nid_smart' ? 1.15 : 1.05 };
  if (field === 'nameEn' || field === 'nameBn') return { color: INK.value, weight: 700, scale: 1 };
  return { color: INK.value, weight: 600, scale: 1 };
}

const labelText = (g: CardGeometry, field: NidField) => `${g.labels[field]}${g.colon && !g.labels[field].endsWith('.') ? ':' : ''}`;

interface Canvas {
  W: number;
  H: number;
  t: Typesetter;
}

/** A label and its value on one baseline: the value in the family's column, or right after the label. */
function labelledRow(
  c: Canvas,
  g: CardGeometry,
  kind: NidCardKind,
  field: NidField,
  value: string,
  x: number,
  baseline: number,
  maxRight: number,
  sizes = { label: g.labelSize, value: g.valueSize },
): { right: number; valueX: number } {
  const { W, H, t } = c;
  const label = labelText(g, field);
  const labelFont = t.font(label, sizes.label * H, 400);
  const labelRun = t.add({ role: 'label', field, text: label, font: labelFont, x, baseline, color: INK.label });
  const style = valueStyle(kind, field);
  const valueSize = sizes.value * H * style.scale;
  const gap = g.inlineGap * valueSize;
  const afterLabel = labelRun.ink.left + labelRun.ink.width + gap;
  const valueX = g.family.arrangement === 'columns' ? Math.max(x + g.valueColumn * W, afterLabel) : afterLabel;
  const fitted = t.fit(value, valueSize, style.weight, maxRight - valueX);
  const run = t.add({ role: 'value', field, text: value, font: fitted.font, x: valueX, baseline, color: style.color });
  return { right: run.ink.left + run.ink.width, valueX };
}

function drawFront(c: Canvas, g: CardGeometry, kind: NidCardKind, truth: CardText): void {
  const { W, H, t } = c;
  if (kind === 'nid_smart') {
    t.centred('header', GOVERNMENT_BN, { left: W * 0.14, top: H * 0.008, width: W * 0.72, height: H * 0.085 }, { weight: 700, heightRatio: 0.66 }, INK.white);
    t.centred('header', GOVERNMENT_EN, { left: W * 0.14, top: H * 0.085, width: W * 0.72, height: H * 0.07 }, { weight: 600, heightRatio: 0.6 }, INK.white);
    t.centred(
      'header',
      TITLE_SMART,
      { left: g.textLeft * W, top: H * 0.164, width: W * (0.9 - g.textLeft), height: H * 0.07 },
      { weight: 700, heightRatio: 0.64 },
      INK.red,
    );
  } else {
    t.centred('header', GOVERNMENT_BN, { left: W * 0.16, top: H * 0.02, width: W * 0.68, height: H * 0.095 }, { weight: 700, heightRatio: 0.66 }, INK.green);
    t.centred('header', TITLE_OLD, { left: W * 0.16, top: H * 0.115, width: W * 0.68, height: H * 0.075 }, { weight: 600, heightRatio: 0.62 }, INK.red);
  }
  const chipTop = H * 0.6;
  FRONT_FIELDS.forEach((field, i) => {
    const value = truth[field];
    if (value === undefined) return;
    const baseline = (g.rows[i] as number) * H;
    const maxRight = kind === 'nid_smart' && baseline > chipTop && baseline < H * 0.85 ? W * 0.85 : W * 0.96;
    labelledRow(c, g, kind, field, value, g.textLeft * W, baseline, maxRight);
  });
}

/**
 * The back's rows: the address (one to three lines, beside or below its label), blood group and birth place (one row
 * or two), the issue date. Everything shrinks together until it ends above the machine-readable zone.
 */
function drawBack(c: Canvas, g: CardGeometry, kind: NidCardKind, truth: CardText, rng: ReturnType<typeof createRng>): { bottom: number } {
  const { W, H, t } = c;
  const noticeTop = kind === 'nid_smart' ? 0.035 : 0.02;
  NOTICE.forEach((line, i) =>
    t.centred('header', line, { left: W * 0.05, top: H * (noticeTop + i * 0.065), width: W * 0.9, height: H * 0.065 }, { heightRatio: 0.6 }, INK.label),
  );
  const x = W * rng.range(0.03, 0.06);
  const limit = g.zoneTop * H - H * 0.04;
  for (let shrink = 1; ; shrink *= 0.93) {
    const mark = t.runs.length;
    const sizes = { label: g.labelSize * shrink * 0.92, value: g.valueSize * shrink * 0.88 };
    const pitch = g.backPitch * H * shrink;
    let y = g.backFirstRow * H;
    // Address.
    const address = truth.address ?? '';
    const label = labelText(g, 'address');
    const labelRun = t.add({ role: 'label', field: 'address', text: label, font: t.font(label, sizes.label * H), x, baseline: y, color: INK.label });
    const valueFont = t.font(address, sizes.value * H, 600);
    const valueX = g.addressBelowLabel
      ? x + W * 0.02
      : Math.max(labelRun.ink.left + labelRun.ink.width + g.inlineGap * sizes.value * H, g.family.arrangement === 'columns' ? x + g.valueColumn * W : 0);
    if (g.addressBelowLabel) y += pitch * 0.85;
    const lines = t.wrap(address, valueFont, W * 0.95 - valueX);
    lines.forEach((line, i) =>
      t.add({ role: 'value', field: 'address', text: line, font: valueFont, x: valueX, baseline: y + i * sizes.value * H * 1.45, color: INK.value }),
    );
    y += (lines.length - 1) * sizes.value * H * 1.45 + pitch;
    // Blood group, birth place.
    const blood = labelledRow(c, g, kind, 'bloodGroup', truth.bloodGroup ?? '', x, y, W * 0.6, sizes);
    if (truth.birthPlace !== undefined) {
      if (g.birthPlaceBesideBloodGroup) labelledRow(c, g, kind, 'birthPlace', truth.birthPlace, Math.max(W * 0.5, blood.right + W * 0.06), y, W * 0.96, sizes);
      else labelledRow(c, g, kind, 'birthPlace', truth.birthPlace, x, (y += pitch), W * 0.96, sizes);
    }
    y += pitch;
    labelledRow(c, g, kind, 'issueDate', truth.issueDate ?? '', x, y, W * 0.6, sizes);
    const bottom = Math.max(...t.runs.slice(mark).map((r) => r.ink.top + r.ink.height));
    if (bottom <= limit || shrink < 0.5) return { bottom };
    t.runs.length = mark;
  }
}

async function drawPhoto(ctx: SKRSContext2D, face: Buffer, box: PixelBox, kind: NidCardKind): Promise<void> {
  const inner = { left: box.left + 4, top: box.top + 4, width: box.width - 8, height: box.height - 8 };
  let pipeline = sharp(face).resize(Math.round(inner.width), Math.round(inner.height), { fit: 'cover', position: 'attention' });
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

function drawDecor(ctx: SKRSContext2D, W: number, H: number, kind: NidCardKind, side: CardSide, seed: number): void {
  const palette = PALETTES[kind];
  drawPaper(ctx, W, H, palette);
  const rng = createRng(seedOf('guilloche', kind, side, seed));
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
    drawFlag(ctx, { left: W * 0.87, top: H * 0.035, width: W * 0.1, height: H * 0.09 });
    drawChip(ctx, { left: W * 0.865, top: H * 0.62, width: W * 0.105, height: H * 0.17 });
  } else if (side === 'front') {
    drawGuilloche(ctx, { left: 0, top: 0, width: W, height: H }, palette, rng);
    drawEmblem(ctx, W * 0.085, H * 0.11, H * 0.085);
    ctx.fillStyle = INK.green;
    ctx.fillRect(Math.round(W * 0.03), Math.round(H * 0.2), Math.round(W * 0.94), 2);
  } else {
    drawGuilloche(ctx, { left: 0, top: 0, width: W, height: H }, palette, rng);
  }
}

function drawLamination(ctx: SKRSContext2D, W: number, H: number): void {
  const sheen = ctx.createLinearGradient(0, 0, W, H);
  sheen.addColorStop(0, 'rgba(255, 255, 255, 0)');
  sheen.addColorStop(0.35, 'rgba(255, 255, 255, 0.10)');
  sheen.addColorStop(0.45, 'rgba(255, 255, 255, 0)');
  ctx.fillStyle = sheen;
  ctx.fillRect(0, 0, W, H);
}

function drawBorder(ctx: SKRSContext2D, W: number, kind: NidCardKind, H: number): void {
  ctx.strokeStyle = kind === 'nid_smart' ? 'rgba(7, 92, 52, 0.5)' : 'rgba(120, 60, 70, 0.35)';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.roundRect(6, 6, W - 12, H - 12, 18);
  ctx.stroke();
}

function drawMrz(t: Typesetter, lines: readonly string[], box: PixelBox, ctx: SKRSContext2D): void {
  ctx.fillStyle = 'rgba(255, 255, 255, 0.75)';
  ctx.fillRect(box.left - 6, box.top - 4, box.width + 12, box.height + 8);
  const pitch = box.height / lines.length;
  lines.forEach((line, i) =>
    t.centred(
      'mrz',
      line,
      { left: box.left, top: Math.round(box.top + i * pitch), width: box.width, height: Math.round(pitch) },
      { mono: true, heightRatio: 0.6, paddingX: 4 },
      '#111111',
    ),
  );
}

/** Draws one side of a Bangladesh NID card in the given style and returns it with the printed text. */
export async function renderNidCard(person: CardCitizen, options: RenderCardOptions): Promise<RenderedCard> {
  const { kind, side } = options;
  const style = options.style ?? REFERENCE_STYLE;
  const W = Math.round(style.width);
  const H = Math.round(W / CARD_ASPECT);
  const rng = createRng(seedOf('layout', style.seed, kind, side));
  const geometry = drawGeometry(layoutFamily(style.layout), kind, side, createRng(seedOf('geometry', style.seed, kind)), CARD_ASPECT);
  const issueIso = options.issueDate ? toIsoDate(options.issueDate) : defaultIssueDate(person, kind);
  // The reference card prints every value in its plainest form; styled cards vary them.
  const forms: PrintedForms = options.style
    ? {
        groupedNid: geometry.groupedNid,
        bengaliDigitIssueDate: geometry.bengaliDigitIssueDate,
        longAddress: geometry.longAddress ? (geometry.family.split === 'tuning' ? 'holding' : 'village') : undefined,
        seed: style.seed,
      }
    : {};
  const truth = nidCardText(person, kind, side, issueIso, forms);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  drawDecor(ctx, W, H, kind, side, style.seed);
  const t = new Typesetter(ctx, style.fonts);
  const c: Canvas = { W, H, t };
  const machineReadable: RenderedCard['machineReadable'] = {};
  let photoBox: PixelBox | null = null;

  if (side === 'front') {
    const p = geometry.photo;
    photoBox = {
      left: Math.round(p.left * W),
      top: Math.round(p.top * H),
      width: Math.round(p.width * W),
      height: Math.round(Math.min(p.height, 0.97 - p.top) * H),
    };
    await drawPhoto(ctx, options.face ?? (await sandboxFace(person.faceId)), photoBox, kind);
    const signatureTop = photoBox.top + photoBox.height + H * 0.02;
    if (signatureTop + H * 0.08 < H * 0.97)
      drawSignature(
        ctx,
        { left: photoBox.left, top: signatureTop, width: photoBox.width, height: Math.min(H * 0.1, H * 0.96 - signatureTop) },
        createRng(seedOf('signature', person.nid17)),
      );
    drawFront(c, geometry, kind, truth);
  } else {
    const { bottom } = drawBack(c, geometry, kind, truth, rng);
    const zoneTop = geometry.zoneTop * H;
    // The issuer's signature and its caption, right of the rows and above the zone, where there is room.
    const captionBox = { left: W * 0.6, top: zoneTop - H * 0.075, width: W * 0.37, height: H * 0.05 };
    const clear = !t.runs.some((r) => r.role !== 'header' && r.ink.left + r.ink.width > captionBox.left && r.ink.top + r.ink.height > zoneTop - H * 0.2);
    if (clear) {
      drawSignature(
        ctx,
        { left: W * 0.66, top: zoneTop - H * 0.18, width: W * 0.25, height: H * 0.095 },
        createRng(seedOf('issuer', kind, style.seed)),
        '#202020',
      );
      t.centred('caption', ISSUER_CAPTION, captionBox, { heightRatio: 0.6 }, INK.label);
    }
    if (kind === 'nid_smart') {
      const lines = smartCardMrz(person, issueIso);
      const box = { left: W * 0.05, top: Math.max(zoneTop, bottom + H * 0.03), width: W * 0.9, height: H * 0.96 - Math.max(zoneTop, bottom + H * 0.03) };
      drawMrz(t, lines, box, ctx);
      machineReadable.mrz = lines;
    } else {
      const payload = nidBarcodePayload(person);
      const box = { left: W * 0.05, top: Math.max(zoneTop, bottom + H * 0.03), width: W * 0.9, height: H * 0.95 - Math.max(zoneTop, bottom + H * 0.03) };
      const symbol = fitPdf417(payload, Math.floor(box.width), Math.floor(box.height));
      drawPdf417(ctx, symbol, Math.round(box.left + (box.width - symbol.width) / 2), Math.round(box.top + (box.height - symbol.height) / 2));
      machineReadable.pdf417 = payload;
    }
  }
  for (const run of t.runs) {
    ctx.font = run.font;
    ctx.fillStyle = run.color;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(run.text, run.x, run.baseline);
  }
  if (kind === 'nid_old') drawLamination(ctx, W, H);
  drawBorder(ctx, W, kind, H);
  return { image: await canvas.encode('png'), width: W, height: H, truth, runs: t.runs, photoBox, machineReadable };
}
