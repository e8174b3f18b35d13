import { parse, states, type Details, type FieldName, type ParseResult } from 'mrz';
import { checkDigit } from './mrz-text';

export type { ParseResult as MrzParse };

export interface MrzParser {
  /** `mrz`'s `parse(lines, { autocorrect: true })`, and visas (MRV-A, MRV-B), which it does not know; rejects when the lines have no MRZ format. */
  parse(lines: string[]): Promise<ParseResult>;
  close(): Promise<void>;
}

export class MrzFormatError extends Error {
  readonly code = 'MRZ_FORMAT';
}

const SEXES: Record<string, string> = { M: 'male', F: 'female', '<': 'nonspecified', X: 'nonspecified' };
const stateName = (code: string): string | undefined => (states as Record<string, string>)[code];

/**
 * A machine-readable visa (ICAO 9303-7): line 1 `V` + type, issuing state, names; line 2 number, nationality, birth,
 * sex, expiry, each date and the number with a check digit, then optional data (no composite check). Returned in the
 * shape `mrz` gives the other formats, so one set of field rules reads them all.
 */
export function parseMrv(lines: readonly string[]): ParseResult {
  const [line1 = '', line2 = ''] = lines;
  const details: Details[] = [];
  const fields: Partial<Record<FieldName, string | null>> = {};
  const add = (field: FieldName, line: number, start: number, end: number, value: string | null, valid: boolean, error?: string) => {
    fields[field] = value;
    details.push({ label: field, field, value, valid, ranges: [{ line, start, end }], line, start, end, error, autocorrect: [] });
  };
  const text = (line: string, start: number, end: number) => line.slice(start, end);
  const checked = (field: FieldName, checkField: FieldName, start: number, end: number, at: number, value: (raw: string) => string | null) => {
    const raw = text(line2, start, end);
    const parsed = value(raw);
    add(field, 1, start, end, parsed, parsed !== null, parsed === null ? `invalid ${field}` : undefined);
    const digit = line2[at] ?? '';
    const ok = /\d/.test(digit) && checkDigit(raw) === digit;
    add(checkField, 1, at, at + 1, digit, ok, ok ? undefined : `invalid check digit: ${digit}`);
  };
  const country = (field: FieldName, line: number, start: number) => {
    const raw = text(line === 0 ? line1 : line2, start, start + 3).replace(/<+$/, '');
    const known = stateName(raw) !== undefined;
    add(field, line, start, start + 3, known ? raw : null, known, known ? undefined : `invalid state code: ${raw}`);
  };
  const date = (raw: string) => (/^\d{6}$/.test(raw) ? raw : null);
  add('documentCode', 0, 0, 2, text(line1, 0, 2), line1.startsWith('V'), line1.startsWith('V') ? undefined : 'a visa starts with V');
  country('issuingState', 0, 2);
  const names = text(line1, 5, line1.length).replace(/<+$/, '').split('<<');
  add('lastName', 0, 5, line1.length, (names[0] ?? '').replace(/</g, ' ').trim() || null, (names[0] ?? '') !== '');
  add('firstName', 0, 5, line1.length, names.slice(1).join(' ').replace(/</g, ' ').trim() || null, true);
  checked('documentNumber', 'documentNumberCheckDigit', 0, 9, 9, (raw) => raw.replace(/<+$/, '') || null);
  country('nationality', 1, 10);
  checked('birthDate', 'birthDateCheckDigit', 13, 19, 19, date);
  const sex = line2[20] ?? '';
  add('sex', 1, 20, 21, SEXES[sex] ?? null, sex in SEXES);
  checked('expirationDate', 'expirationDateCheckDigit', 21, 27, 27, date);
  add('optional', 1, 28, line2.length, text(line2, 28, line2.length).replace(/<+$/, '') || null, true);
  // `mrz` has no visa format; the shape of the lines (`shapeOf`) tells a visa apart.
  return { format: 'TD3', valid: details.every((d) => d.valid), fields, documentNumber: fields.documentNumber ?? null, details };
}

/** `mrz` is synchronous; the parser keeps the async shape the readers were written against. */
export function createMrzParser(): MrzParser {
  return {
    async parse(lines) {
      try {
        if (lines.length === 2 && lines[0]?.startsWith('V') && (lines[0].length === 44 || lines[0].length === 36)) return parseMrv(lines);
        return parse(lines, { autocorrect: true });
      } catch (error) {
        throw new MrzFormatError((error as Error).message);
      }
    },
    async close() {
      // Nothing to release: parsing holds no resources.
    },
  };
}
