import { loadCardCitizens } from './citizen';
import { generateCardSet, type CardSample } from './card-set';
import { nidCardText } from './render-card';

async function collect(iterable: AsyncIterable<CardSample>): Promise<CardSample[]> {
  const out: CardSample[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('generateCardSet', () => {
  it('yields each card in each variant, kinds in turn, with the truth of the printed text', async () => {
    const citizens = loadCardCitizens().slice(0, 10);
    const set = await collect(generateCardSet({ count: 2, kinds: ['nid_smart', 'nid_old'], variants: ['clean', 'jpeg'], seed: 42, citizens }));
    expect(set.map((s) => s.id)).toEqual(['0000-nid_smart-clean', '0000-nid_smart-jpeg', '0001-nid_old-clean', '0001-nid_old-jpeg']);
    expect(set.map((s) => s.format)).toEqual(['png', 'jpeg', 'png', 'jpeg']);
    for (const s of set) {
      expect(s.truth.front).toEqual(nidCardText(s.citizen, s.kind, 'front'));
      expect(s.truth.back).toEqual(nidCardText(s.citizen, s.kind, 'back', s.issueDate));
    }
    expect(set[2]!.machineReadable.pdf417).toContain(`<pin>${set[2]!.citizen.nid17}</pin>`);
    const again = await collect(generateCardSet({ count: 1, kinds: ['nid_smart'], variants: ['clean'], seed: 42, citizens }));
    expect(again[0]!.citizen).toEqual(set[0]!.citizen);
    expect(again[0]!.back.equals(set[0]!.back)).toBe(true);
  });
});
