import type { CardText, DataSplit, NidCardKind } from './card-types';
import { loadCardCitizens, type CardCitizen } from './citizen';
import { FONT_POOLS } from './fonts';
import { foreignPerson } from './foreign-person';
import { defaultIssueDate } from './formats';
import { familiesOf } from './layouts';
import { createRng, seedOf } from './prng';
import { renderNidCard, type CardStyle, type RenderedCard } from './render-card';
import { FOREIGN_KINDS, LATIN_KINDS, renderForeignDocument, type ForeignKind, type ForeignTruth, type LatinKind } from './render-foreign';
import { renderLatinDocument } from './render-latin';
import { renderPassportPage, type PassportTruth } from './render-passport';
import { renderVariant, type CardVariant } from './variants';

export const CARD_KINDS: readonly NidCardKind[] = ['nid_smart', 'nid_old'];

/** A comma-separated command-line list, every item checked against the allowed values. */
export function parseList<T extends string>(raw: string, allowed: readonly T[], what: string): T[] {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (unknown.length > 0 || items.length === 0) throw new Error(`unknown ${what}: ${unknown.join(', ') || '(none)'}; choose from ${allowed.join(', ')}`);
  return items as T[];
}

export interface CardSetOptions {
  /** Cards to make; each is yielded once per variant. */
  count: number;
  kinds?: readonly NidCardKind[];
  variants?: readonly CardVariant[];
  seed?: number;
  /** Which fonts, layout families, surfaces and people to draw from; `tuning` when absent. */
  split?: DataSplit;
  /** The NID sandbox's registry (the split's half of it) when absent. */
  citizens?: readonly CardCitizen[];
}

export interface CardSample {
  /** `<split>-<card index>-<kind>-<variant>`, unique within a set. */
  id: string;
  index: number;
  split: DataSplit;
  kind: NidCardKind;
  variant: CardVariant;
  style: CardStyle;
  citizen: CardCitizen;
  /** ISO date printed on the back. */
  issueDate: string;
  /** `png` for the clean variant, `jpeg` for photographed and scanned ones. */
  format: 'png' | 'jpeg';
  front: Buffer;
  back: Buffer;
  truth: { front: CardText; back: CardText };
  machineReadable: RenderedCard['machineReadable'];
}

/** Seeded order without repeats until every citizen has been used once. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = createRng(seedOf('citizens', seed));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** People of one split: the registry's even entries for tuning, its odd ones for the held-out set. */
export const citizensOf = (split: DataSplit, all: readonly CardCitizen[] = loadCardCitizens()): CardCitizen[] =>
  all.filter((_, i) => i % 2 === (split === 'tuning' ? 0 : 1));

/** One card's style: the split's layout family at `turn`, its faces drawn per card, a width of 900-1300 px. */
export function styleFor(split: DataSplit, index: number, seed: number, turn = index): CardStyle {
  const families = familiesOf(split);
  const pool = FONT_POOLS[split];
  const rng = createRng(seedOf('style', split, seed, index));
  return {
    layout: (families[turn % families.length] as (typeof families)[number]).name,
    fonts: { bengali: rng.pick(pool.bengali), latin: rng.pick(pool.latin), mono: rng.pick(pool.mono) },
    width: Math.round(rng.range(900, 1300)),
    seed: seedOf('card', split, seed, index),
  };
}

/** Renders `count` cards (kinds taken in turn, citizens in a seeded order), each in every requested variant. */
export async function* generateCardSet(options: CardSetOptions): AsyncGenerator<CardSample> {
  const kinds = options.kinds ?? CARD_KINDS;
  const variants = options.variants ?? ['clean'];
  const seed = options.seed ?? 1;
  const split = options.split ?? 'tuning';
  if (kinds.length === 0 || variants.length === 0) throw new Error('a card set needs at least one kind and one variant');
  const citizens = shuffled(options.citizens ?? citizensOf(split), seed);
  if (citizens.length === 0) throw new Error('a card set needs citizens');
  for (let index = 0; index < options.count; index++) {
    const citizen = citizens[index % citizens.length] as CardCitizen;
    const kind = kinds[index % kinds.length] as NidCardKind;
    const issueDate = defaultIssueDate(citizen, kind, seed);
    // Kinds alternate, so each kind meets every layout family in turn.
    const style = styleFor(split, index, seed, Math.floor(index / kinds.length));
    const [front, back] = await Promise.all([
      renderNidCard(citizen, { kind, side: 'front', issueDate, style }),
      renderNidCard(citizen, { kind, side: 'back', issueDate, style }),
    ]);
    for (const variant of variants) {
      const frontImage = await renderVariant(front.image, variant, seedOf(split, seed, index, variant, 'front'), split);
      const backImage = await renderVariant(back.image, variant, seedOf(split, seed, index, variant, 'back'), split);
      yield {
        id: `${split}-${String(index).padStart(4, '0')}-${kind}-${variant}`,
        index,
        split,
        kind,
        variant,
        style,
        citizen,
        issueDate,
        format: frontImage.format,
        front: frontImage.image,
        back: backImage.image,
        truth: { front: front.truth, back: back.truth },
        machineReadable: back.machineReadable,
      };
    }
  }
}

export interface PassportSample {
  /** `<split>-<index>-passport-<variant>`. */
  id: string;
  index: number;
  split: DataSplit;
  variant: CardVariant;
  citizen: CardCitizen;
  format: 'png' | 'jpeg';
  image: Buffer;
  truth: PassportTruth;
}

/** Renders `count` passport data pages in the split's faces, each in every requested variant. */
export async function* generatePassportSet(options: Omit<CardSetOptions, 'kinds'>): AsyncGenerator<PassportSample> {
  const variants = options.variants ?? ['clean'];
  const seed = options.seed ?? 1;
  const split = options.split ?? 'tuning';
  const citizens = shuffled(options.citizens ?? citizensOf(split), seedOf('passports', seed));
  for (let index = 0; index < options.count; index++) {
    const citizen = citizens[index % citizens.length] as CardCitizen;
    const { fonts } = styleFor(split, index, seedOf('passport', seed));
    const page = await renderPassportPage(citizen, { seed: seedOf(split, seed, index), fonts });
    for (const variant of variants) {
      const image = await renderVariant(page.image, variant, seedOf(split, seed, index, variant, 'passport'), split);
      yield {
        id: `${split}-${String(index).padStart(4, '0')}-passport-${variant}`,
        index,
        split,
        variant,
        citizen,
        format: image.format,
        image: image.image,
        truth: page.truth,
      };
    }
  }
}

export interface ForeignSample {
  /** `<split>-<index>-<kind>-<variant>`. */
  id: string;
  index: number;
  split: DataSplit;
  kind: ForeignKind;
  variant: CardVariant;
  format: 'png' | 'jpeg';
  front: Buffer;
  back?: Buffer;
  truth: ForeignTruth;
}

/** Renders `count` foreign documents of each kind (US licences, ID cards, residence permits, visas), each in every requested variant. */
export async function* generateForeignSet(
  options: Omit<CardSetOptions, 'kinds' | 'citizens'> & { kinds?: readonly ForeignKind[] },
): AsyncGenerator<ForeignSample> {
  const variants = options.variants ?? ['clean'];
  const seed = options.seed ?? 1;
  const split = options.split ?? 'tuning';
  for (const kind of options.kinds ?? FOREIGN_KINDS) {
    for (let index = 0; index < options.count; index++) {
      const { fonts } = styleFor(split, index, seedOf('foreign', kind, seed));
      const person = foreignPerson(split, index, seed);
      const document = (LATIN_KINDS as readonly string[]).includes(kind)
        ? await renderLatinDocument(kind as LatinKind, person, index, split, fonts, seed)
        : await renderForeignDocument(kind as Exclude<ForeignKind, LatinKind>, person, index, split, fonts, seed);
      for (const variant of variants) {
        const front = await renderVariant(document.front, variant, seedOf(split, seed, index, variant, kind, 'front'), split);
        const back = document.back ? await renderVariant(document.back, variant, seedOf(split, seed, index, variant, kind, 'back'), split) : undefined;
        yield {
          id: `${split}-${String(index).padStart(4, '0')}-${kind}-${variant}`,
          index,
          split,
          kind,
          variant,
          format: front.format,
          front: front.image,
          back: back?.image,
          truth: document.truth,
        };
      }
    }
  }
}
