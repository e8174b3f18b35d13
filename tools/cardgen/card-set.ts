import type { NidCardKind, NidCardText } from '@ekyc/document-reader';
import { loadCardCitizens, type CardCitizen } from './citizen';
import { defaultIssueDate } from './formats';
import { createRng, seedOf } from './prng';
import { renderNidCard, type RenderedCard } from './render-card';
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
  /** The NID sandbox's registry when absent. */
  citizens?: readonly CardCitizen[];
}

export interface CardSample {
  /** `<card index>-<kind>-<variant>`, unique within a set. */
  id: string;
  index: number;
  kind: NidCardKind;
  variant: CardVariant;
  citizen: CardCitizen;
  /** ISO date printed (as dd/mm/yyyy) on the back. */
  issueDate: string;
  /** `png` for the clean variant, `jpeg` for photographed ones. */
  format: 'png' | 'jpeg';
  front: Buffer;
  back: Buffer;
  truth: { front: NidCardText; back: NidCardText };
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

/** Renders `count` cards (kinds taken in turn, citizens in a seeded order), each in every requested variant. */
export async function* generateCardSet(options: CardSetOptions): AsyncGenerator<CardSample> {
  const kinds = options.kinds ?? CARD_KINDS;
  const variants = options.variants ?? ['clean'];
  const seed = options.seed ?? 1;
  if (kinds.length === 0 || variants.length === 0) throw new Error('a card set needs at least one kind and one variant');
  const citizens = shuffled(options.citizens ?? loadCardCitizens(), seed);
  if (citizens.length === 0) throw new Error('a card set needs citizens');
  for (let index = 0; index < options.count; index++) {
    const citizen = citizens[index % citizens.length] as CardCitizen;
    const kind = kinds[index % kinds.length] as NidCardKind;
    const issueDate = defaultIssueDate(citizen, kind, seed);
    const [front, back] = await Promise.all([renderNidCard(citizen, { kind, side: 'front', issueDate }), renderNidCard(citizen, { kind, side: 'back', issueDate })]);
    for (const variant of variants) {
      const frontImage = await renderVariant(front.image, variant, seedOf(seed, index, variant, 'front'));
      const backImage = await renderVariant(back.image, variant, seedOf(seed, index, variant, 'back'));
      yield {
        id: `${String(index).padStart(4, '0')}-${kind}-${variant}`,
        index,
        kind,
        variant,
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
