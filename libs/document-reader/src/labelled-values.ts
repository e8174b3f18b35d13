import { canonicalText } from '@ekyc/field-matching';
import { fixDigits, parseBloodGroup, parsePrintedBirthDate, parsePrintedIssueDate } from './field-values';
import { assignLabels, tokenRows, type LabelHit, type Token } from './labels';
import type { RowRead } from './line-ocr';
import type { NidField } from './nid-fields';
import type { PixelBox } from './text-lines';

/** The text that follows one label: on the label's line, or on the lines below it. */
export interface LabelledValue {
  field: NidField;
  /** Null when the value was recognised by its content alone (its label was misread or not printed). */
  label: LabelHit | null;
  /** Placed by the order of the fields alone: never accepted without a person's review. */
  inferred?: boolean;
  /** The row the value starts on. */
  row: number;
  /** Where its label starts on the row (image pixels); absent for values found by content. */
  labelX?: number;
  tokens: Token[];
  /** Where the value is printed, one box per line, for a second read with a field's own model. */
  lines: PixelBox[];
}

/** A value's text as printed: colons inside a value (`ডাকঘর: সাভার`) are part of it. */
export const valueText = (tokens: readonly Token[]): string => tokens.map((t) => (t.colon ? `${t.text}:` : t.text)).join(' ');

/** Fields whose value may run over more than one line. */
const MULTI_LINE: ReadonlySet<NidField> = new Set(['address']);
/** Words of one value are closer than this many text heights. */
const VALUE_GAP = 2.5;
/** A value line is at most this many text heights below the line before it. */
const LINE_GAP = 1.2;

function lineBox(read: RowRead, tokens: readonly Token[]): PixelBox {
  const x0 = Math.min(...tokens.map((t) => t.x0));
  const x1 = Math.max(...tokens.map((t) => t.x1));
  return { x: x0, y: read.row.box.y, w: x1 - x0, h: read.row.box.h };
}

/**
 * Finds each field's label among the rows read, and its value: the tokens after the label up to the next label on
 * the same line; when the label stands alone, the line below. An address continues on the lines below it that
 * carry no label.
 */
export function labelledValues(reads: readonly RowRead[]): LabelledValue[] {
  const rows = tokenRows(reads);
  const hits = assignLabels(rows);
  const labelledRows = new Set(hits.map((h) => h.row));
  const usedRows = new Set(labelledRows);
  const values: LabelledValue[] = [];
  for (const hit of hits) {
    const nextInRow = hits.find((h) => h.row === hit.row && h.start > hit.start);
    const after = rows[hit.row].slice(hit.end, nextInRow?.start ?? rows[hit.row].length);
    // The value runs from the label to a wide gap: a caption or a second column further along the line is not part of it.
    const gap = VALUE_GAP * reads[hit.row].row.textHeight;
    const end = after.findIndex((t, i) => i > 0 && t.x0 - after[i - 1].x1 > gap);
    const tokens = end < 0 ? after : after.slice(0, end);
    const lines: PixelBox[] = tokens.length > 0 ? [lineBox(reads[hit.row], tokens)] : [];
    const collected = [...tokens];
    let last = hit.row;
    const labelX = rows[hit.row][hit.start].x0;
    // Below: a value that did not fit beside its label, or the rest of a multi-line one.
    for (let next = hit.row + 1; next < reads.length; next++) {
      if (collected.length > 0 && !MULTI_LINE.has(hit.field)) break;
      if (labelledRows.has(next) || rows[next].length === 0) break;
      const above = reads[last].row;
      const below = reads[next].row;
      if (below.box.y - (above.box.y + above.box.h) > LINE_GAP * Math.max(above.textHeight, below.textHeight)) break;
      const lineTokens = rows[next];
      // A line that starts well left of the label belongs to something else.
      if (lineTokens[0].x0 < labelX - 2 * below.textHeight) break;
      collected.push(...lineTokens);
      lines.push(lineBox(reads[next], lineTokens));
      last = next;
    }
    values.push({ field: hit.field, label: hit, row: hit.row, labelX, tokens: collected, lines });
    for (let r = hit.row; r <= last; r++) usedRows.add(r);
  }
  for (const value of valuesByContent(reads, rows, usedRows, new Set(values.map((v) => v.field)))) {
    values.push(value);
    usedRows.add(value.row);
  }
  for (const value of valuesByOrder(reads, rows, usedRows, values)) values.push(value);
  return values;
}

/**
 * The front prints its Bengali names in a fixed order: name, (English name), father, mother, then the date of birth.
 * A Bengali name whose label was misread beyond repair is the unclaimed line of Bengali text between the lines of its
 * neighbours in that order. Its value starts after whatever is left of the label (unsure first words).
 */
const FRONT_ORDER: readonly NidField[] = ['nameBn', 'nameEn', 'fatherName', 'motherName', 'dateOfBirth'];

function valuesByOrder(reads: readonly RowRead[], rows: readonly Token[][], usedRows: ReadonlySet<number>, found: readonly LabelledValue[]): LabelledValue[] {
  const rowOf = new Map(found.map((v) => [v.field, v.row]));
  const out: LabelledValue[] = [];
  for (const field of ['nameBn', 'fatherName', 'motherName'] as const) {
    if (rowOf.has(field)) continue;
    const index = FRONT_ORDER.indexOf(field);
    const before = FRONT_ORDER.slice(0, index)
      .reverse()
      .find((f) => rowOf.has(f));
    const after = FRONT_ORDER.slice(index + 1).find((f) => rowOf.has(f));
    if (!before && !after) continue;
    const from = before ? (rowOf.get(before) as number) + 1 : 0;
    const to = after ? (rowOf.get(after) as number) - 1 : rows.length - 1;
    const candidates: number[] = [];
    for (let r = from; r <= to; r++) if (!usedRows.has(r) && rows[r].some((t) => /[\u0985-\u09B9]/.test(t.text))) candidates.push(r);
    // Only one line may fill the gap, next to a neighbour that was found.
    const row = candidates.length === 1 ? candidates[0] : before && !after ? candidates[0] : after && !before ? candidates[candidates.length - 1] : undefined;
    if (row === undefined) continue;
    let tokens = rows[row];
    const firstValue = tokens.findIndex((t, i) => i > 0 && (tokens[i - 1].colon || t.block !== tokens[0].block));
    if (firstValue > 0) tokens = tokens.slice(firstValue);
    else while (tokens.length > 1 && tokens[0].confidence < 60) tokens = tokens.slice(1);
    out.push({ field, label: null, row, tokens, lines: [lineBox(reads[row], tokens)], inferred: true });
    rowOf.set(field, row);
  }
  return out;
}

const HEADER_WORDS = /^(GOVERNMENT|PEOPLE'?S|REPUBLIC|OF|BANGLADESH|NATIONAL|ID|CARD|NAME)$/;

/** Formats a value can be recognised by without its label, tried on a run of tokens. */
const CONTENT: { field: NidField; maxTokens: number; matches: (text: string, tokens: readonly Token[]) => boolean }[] = [
  {
    field: 'nidNumber',
    maxTokens: 4,
    matches: (text) => {
      const canonical = canonicalText(text);
      const digits = fixDigits(canonical).replace(/\s/g, '');
      return /^\d+$/.test(digits) && [10, 13, 17].includes(digits.length) && (canonical.match(/\d/g) ?? []).length >= digits.length - 2;
    },
  },
  { field: 'dateOfBirth', maxTokens: 3, matches: (text) => /[A-Za-z]{3}/.test(text) && parsePrintedBirthDate(text) !== null },
  { field: 'issueDate', maxTokens: 1, matches: (text) => /[/.-]/.test(text) && parsePrintedIssueDate(text) !== null },
  { field: 'bloodGroup', maxTokens: 1, matches: (text) => parseBloodGroup(text) !== null },
  {
    field: 'nameEn',
    maxTokens: 6,
    matches: (_text, tokens) => tokens.length >= 2 && tokens.every((t) => /^[A-Z][A-Z.'-]*$/.test(t.text) && !HEADER_WORDS.test(t.text)),
  },
];

/**
 * Values whose label was not found, recognised by what they must be: a 10, 13 or 17 digit number, a printed date,
 * a blood group, a name in Latin capitals. Only rows that hold no other label or value are searched, and a format
 * must be found once: twice is ambiguous.
 */
function valuesByContent(reads: readonly RowRead[], rows: readonly Token[][], usedRows: ReadonlySet<number>, found: ReadonlySet<NidField>): LabelledValue[] {
  const out: LabelledValue[] = [];
  for (const { field, maxTokens, matches } of CONTENT) {
    if (found.has(field)) continue;
    const hits: LabelledValue[] = [];
    rows.forEach((tokens, row) => {
      if (usedRows.has(row)) return;
      for (let start = 0; start < tokens.length; start++) {
        for (let end = Math.min(tokens.length, start + maxTokens); end > start; end--) {
          const span = tokens.slice(start, end);
          if (new Set(span.map((t) => t.block)).size > 1) continue;
          if (!matches(span.map((t) => t.text).join(' '), span)) continue;
          hits.push({ field, label: null, row, tokens: span, lines: [lineBox(reads[row], span)] });
          start = tokens.length;
          break;
        }
      }
    });
    if (hits.length === 1) out.push(hits[0]);
  }
  return out;
}
