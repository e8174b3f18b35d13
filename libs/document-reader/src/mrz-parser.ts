import { parse, type ParseResult } from 'mrz';

export type { ParseResult as MrzParse };

export interface MrzParser {
  /** `mrz`'s `parse(lines, { autocorrect: true })`; rejects when the lines have no MRZ format. */
  parse(lines: string[]): Promise<ParseResult>;
  close(): Promise<void>;
}

export class MrzFormatError extends Error {
  readonly code = 'MRZ_FORMAT';
}

/** `mrz` is synchronous; the parser keeps the async shape the readers were written against. */
export function createMrzParser(): MrzParser {
  return {
    async parse(lines) {
      try {
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
