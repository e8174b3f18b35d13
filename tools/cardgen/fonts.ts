import { existsSync } from 'node:fs';
import path from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import type { DataSplit } from './card-types';

/** An installed @fontsource family: its package, the weights it ships and the scripts it covers. */
export interface FontFamily {
  pkg: string;
  weights: readonly number[];
  script: 'bengali' | 'latin' | 'mono';
}

const family = (pkg: string, script: FontFamily['script'], weights: readonly number[]): FontFamily => ({ pkg, script, weights });

/**
 * Every family the generator prints with. Bengali families carry their own Latin subset (commas, digits, colons).
 * The tuning and held-out splits share none of them.
 */
export const FONT_FAMILIES = {
  'noto-sans-bengali': family('noto-sans-bengali', 'bengali', [400, 500, 600, 700]),
  'hind-siliguri': family('hind-siliguri', 'bengali', [400, 500, 600, 700]),
  'baloo-da-2': family('baloo-da-2', 'bengali', [400, 500, 600, 700]),
  mina: family('mina', 'bengali', [400, 700]),
  'tiro-bangla': family('tiro-bangla', 'bengali', [400]),
  'anek-bangla': family('anek-bangla', 'bengali', [400, 500, 600, 700]),
  'noto-serif-bengali': family('noto-serif-bengali', 'bengali', [400, 500, 600, 700]),
  'noto-sans': family('noto-sans', 'latin', [400, 500, 600, 700]),
  roboto: family('roboto', 'latin', [400, 500, 600, 700]),
  'source-sans-3': family('source-sans-3', 'latin', [400, 500, 600, 700]),
  'open-sans': family('open-sans', 'latin', [400, 500, 600, 700]),
  lato: family('lato', 'latin', [400, 700]),
  'pt-sans': family('pt-sans', 'latin', [400, 700]),
  'noto-serif': family('noto-serif', 'latin', [400, 500, 600, 700]),
  'ibm-plex-sans': family('ibm-plex-sans', 'latin', [400, 500, 600, 700]),
  'noto-sans-mono': family('noto-sans-mono', 'mono', [400, 500]),
  'roboto-mono': family('roboto-mono', 'mono', [400, 500]),
  inconsolata: family('inconsolata', 'mono', [400, 500]),
  'source-code-pro': family('source-code-pro', 'mono', [400, 500]),
  'ibm-plex-mono': family('ibm-plex-mono', 'mono', [400, 500]),
  'courier-prime': family('courier-prime', 'mono', [400]),
} as const satisfies Record<string, FontFamily>;
export type FontName = keyof typeof FONT_FAMILIES;

export interface FontSet {
  bengali: FontName;
  latin: FontName;
  mono: FontName;
}

export const FONT_POOLS: Record<DataSplit, { bengali: readonly FontName[]; latin: readonly FontName[]; mono: readonly FontName[] }> = {
  tuning: {
    bengali: ['noto-sans-bengali', 'hind-siliguri', 'baloo-da-2', 'mina'],
    latin: ['noto-sans', 'roboto', 'source-sans-3'],
    mono: ['noto-sans-mono', 'roboto-mono', 'inconsolata'],
  },
  heldout: {
    bengali: ['tiro-bangla', 'anek-bangla', 'noto-serif-bengali'],
    latin: ['open-sans', 'lato', 'pt-sans', 'noto-serif', 'ibm-plex-sans'],
    mono: ['source-code-pro', 'ibm-plex-mono', 'courier-prime'],
  },
};

/** The faces of the reference card (and of every card rendered without a style). */
export const REFERENCE_FONTS: FontSet = { bengali: 'noto-sans-bengali', latin: 'noto-sans', mono: 'noto-sans-mono' };

const alias = (name: FontName) => `Cardgen ${name}`;
const registered = new Set<FontName>();

function fontFile(pkg: string, subset: string, weight: number): string {
  return path.join(path.dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files', `${pkg}-${subset}-${weight}-normal.woff2`);
}

/** Registers an installed family (each weight, each subset present) with @napi-rs/canvas once; nothing is downloaded. */
export function registerFont(name: FontName): void {
  if (registered.has(name)) return;
  const { pkg, script, weights } = FONT_FAMILIES[name];
  const subsets = script === 'bengali' ? ['bengali', 'latin', 'latin-ext'] : ['latin', 'latin-ext'];
  for (const weight of weights) {
    for (const subset of subsets) {
      const file = fontFile(pkg, subset, weight);
      if (!existsSync(file)) continue;
      if (!GlobalFonts.registerFromPath(file, alias(name))) throw new Error(`could not load font ${pkg}/${subset}/${weight}`);
    }
  }
  registered.add(name);
}

export function registerFontSet(fonts: FontSet): void {
  registerFont(fonts.bengali);
  registerFont(fonts.latin);
  registerFont(fonts.mono);
}

/** The nearest weight the family ships (fontconfig would otherwise synthesise a bold). */
export function nearestWeight(name: FontName, weight: number): number {
  return FONT_FAMILIES[name].weights.reduce((best, w) => (Math.abs(w - weight) < Math.abs(best - weight) ? w : best));
}

const BENGALI_LETTER = /[\u0980-\u09FF]/;

/**
 * A canvas `font` for the text: Bengali text in the Bengali family (its own Latin subset covers punctuation), Latin
 * text in the Latin family, `mono` for machine-readable lines.
 */
export function cssFont(fonts: FontSet, text: string, sizePx: number, weight = 400, mono = false): string {
  const name = mono ? fonts.mono : BENGALI_LETTER.test(text) ? fonts.bengali : fonts.latin;
  registerFont(name);
  const fallback = name === fonts.bengali ? '' : `, "${alias(fonts.bengali)}"`;
  return `${nearestWeight(name, weight)} ${sizePx.toFixed(1)}px "${alias(name)}"${fallback}`;
}
