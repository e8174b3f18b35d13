import path from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

const BENGALI = 'Cardgen Bengali';
const LATIN = 'Cardgen Latin';
const MONO = 'Cardgen Mono';

/** Font stacks for canvas `font` strings: Bengali text falls back to the Latin face for its punctuation and digits. */
export const FONT_STACKS = {
  bengali: `"${BENGALI}", "${LATIN}"`,
  latin: `"${LATIN}"`,
  mono: `"${MONO}"`,
} as const;
export type FontStack = keyof typeof FONT_STACKS;

const fontFile = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files', file);

const FONT_FILES: ReadonlyArray<readonly [alias: string, pkg: string, file: string]> = [
  ...[400, 600, 700].flatMap((weight) => [
    [BENGALI, 'noto-sans-bengali', `noto-sans-bengali-bengali-${weight}-normal.woff2`] as const,
    [BENGALI, 'noto-sans-bengali', `noto-sans-bengali-latin-${weight}-normal.woff2`] as const,
    [LATIN, 'noto-sans', `noto-sans-latin-${weight}-normal.woff2`] as const,
    [LATIN, 'noto-sans', `noto-sans-latin-ext-${weight}-normal.woff2`] as const,
  ]),
  [MONO, 'noto-sans-mono', 'noto-sans-mono-latin-500-normal.woff2'],
];

let registered = false;

/** Registers the installed @fontsource faces with @napi-rs/canvas once per process; nothing is downloaded. */
export function registerCardFonts(): void {
  if (registered) return;
  for (const [alias, pkg, file] of FONT_FILES) {
    if (!GlobalFonts.registerFromPath(fontFile(pkg, file), alias)) throw new Error(`could not load font ${pkg}/${file}`);
  }
  registered = true;
}

const BENGALI_LETTER = /[\u0980-\u09FF]/;

export function stackFor(text: string): FontStack {
  return BENGALI_LETTER.test(text) ? 'bengali' : 'latin';
}

export function cssFont(stack: FontStack, sizePx: number, weight = 400): string {
  return `${weight} ${sizePx.toFixed(1)}px ${FONT_STACKS[stack]}`;
}
