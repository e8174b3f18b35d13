import { citizensOf, generateCardSet, generatePassportSet, styleFor, type CardSample } from './card-set';
import { loadCardCitizens } from './citizen';
import { FONT_POOLS } from './fonts';
import { formatBirthDate } from './formats';
import { familiesOf } from './layouts';

// Rendering cards takes seconds on two busy cores; the default 5 s is a budget, not a measurement.
jest.setTimeout(60_000);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('generateCardSet', () => {
  it('yields each card in each variant, kinds in turn, with the truth of the printed text', async () => {
    const citizens = loadCardCitizens().slice(0, 10);
    const set: CardSample[] = await collect(generateCardSet({ count: 2, kinds: ['nid_smart', 'nid_old'], variants: ['clean', 'jpeg'], seed: 42, citizens }));
    expect(set.map((s) => s.id)).toEqual([
      'tuning-0000-nid_smart-clean',
      'tuning-0000-nid_smart-jpeg',
      'tuning-0001-nid_old-clean',
      'tuning-0001-nid_old-jpeg',
    ]);
    expect(set.map((s) => s.format)).toEqual(['png', 'jpeg', 'png', 'jpeg']);
    for (const s of set) {
      expect(s.truth.front).toMatchObject({ nameBn: s.citizen.name, dateOfBirth: formatBirthDate(s.citizen.dateOfBirth) });
      expect(s.truth.back.bloodGroup).toBe(s.citizen.bloodGroup);
    }
    expect(set[2]!.machineReadable.pdf417).toContain(`<pin>${set[2]!.citizen.nid17}</pin>`);
    const again = await collect(generateCardSet({ count: 1, kinds: ['nid_smart'], variants: ['clean'], seed: 42, citizens }));
    expect(again[0]!.citizen).toEqual(set[0]!.citizen);
    expect(again[0]!.back.equals(set[0]!.back)).toBe(true);
  });

  it('keeps the held-out set apart: its own people, faces and layout families', async () => {
    const all = loadCardCitizens();
    const tuning = new Set(citizensOf('tuning', all).map((c) => c.nid10));
    expect(citizensOf('heldout', all).filter((c) => tuning.has(c.nid10))).toEqual([]);
    const heldout = await collect(generateCardSet({ count: 2, kinds: ['nid_smart'], variants: ['clean'], split: 'heldout', seed: 1 }));
    for (const s of heldout) {
      expect(tuning.has(s.citizen.nid10)).toBe(false);
      expect(familiesOf('heldout').map((f) => f.name)).toContain(s.style.layout);
      expect(FONT_POOLS.heldout.bengali).toContain(s.style.fonts.bengali);
    }
    expect(styleFor('tuning', 0, 1).layout).not.toEqual(styleFor('heldout', 0, 1).layout);
  });

  it("renders passports in the split's faces with their truth", async () => {
    const [page] = await collect(generatePassportSet({ count: 1, variants: ['clean'], split: 'heldout', seed: 2 }));
    expect(page!.id).toBe('heldout-0000-passport-clean');
    expect(page!.truth.mrz[0]).toMatch(/^P<BGD/);
  });
});
