import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { styleFor } from './card-set';
import { DATA_SPLITS, type CardSide, type NidCardKind } from './card-types';
import { loadCardCitizens, type CardCitizen } from './citizen';
import { FONT_POOLS } from './fonts';
import { formatBirthDate, formatIssueDate, normaliseCardText, normaliseFieldValue } from './formats';
import { LAYOUT_FAMILIES } from './layouts';
import { nidCardText, REFERENCE_STYLE, renderNidCard, type RenderedCard, type TextRun } from './render-card';

const SIDES: ReadonlyArray<[NidCardKind, CardSide]> = [
  ['nid_smart', 'front'],
  ['nid_smart', 'back'],
  ['nid_old', 'front'],
  ['nid_old', 'back'],
];

jest.setTimeout(60_000);

let citizens: CardCitizen[];
beforeAll(() => {
  citizens = loadCardCitizens();
});

const inside = (r: TextRun, card: RenderedCard) =>
  r.ink.left >= 0 && r.ink.top >= 0 && r.ink.left + r.ink.width <= card.width && r.ink.top + r.ink.height <= card.height;
const overlap = (a: TextRun, b: TextRun) =>
  Math.min(a.ink.left + a.ink.width, b.ink.left + b.ink.width) - Math.max(a.ink.left, b.ink.left) > 1 &&
  Math.min(a.ink.top + a.ink.height, b.ink.top + b.ink.height) - Math.max(a.ink.top, b.ink.top) > 1;

describe('printed formats', () => {
  it('prints dates as the layout documents them and normalises them back to ISO', () => {
    expect(formatBirthDate('1978-03-23')).toBe('23 Mar 1978');
    expect(formatBirthDate('1986-07-01')).toBe('01 Jul 1986');
    expect(formatIssueDate('2017-05-12')).toBe('12/05/2017');
    expect(normaliseFieldValue('dateOfBirth', '23 Mar 1978')).toBe('1978-03-23');
    expect(normaliseFieldValue('dateOfBirth', '1978-03-23')).toBe('1978-03-23');
    expect(normaliseFieldValue('issueDate', '12/05/2017')).toBe('2017-05-12');
    expect(normaliseFieldValue('nidNumber', '509 042 4675')).toBe('5090424675');
    expect(normaliseFieldValue('nameBn', ' আবদুস  সালাম ')).toBe('আবদুস সালাম');
  });

  it('takes the front fields from the person and the back fields from the permanent address', () => {
    const c = citizens[0]!;
    expect(nidCardText(c, 'nid_smart', 'front')).toEqual({
      nameBn: c.name,
      nameEn: c.nameEn.toUpperCase(),
      fatherName: c.father,
      motherName: c.mother,
      dateOfBirth: formatBirthDate(c.dateOfBirth),
      nidNumber: c.nid10,
    });
    expect(nidCardText(c, 'nid_old', 'front').nidNumber).toBe(c.nid17);
    const back = nidCardText(c, 'nid_smart', 'back', '2017-05-12');
    expect(back).toEqual({
      address: `${c.permanentAddress.upozila}, ${c.permanentAddress.district}, ${c.permanentAddress.division}`,
      bloodGroup: c.bloodGroup,
      birthPlace: c.permanentAddress.district,
      issueDate: '12/05/2017',
    });
    expect(nidCardText(c, 'nid_old', 'back', '12/05/2017')).not.toHaveProperty('birthPlace');
    expect(normaliseCardText(back).issueDate).toBe('2017-05-12');
  });

  it('prints the other forms a style may choose: a grouped NID, Bengali digits, the long address', () => {
    const c = citizens[0]!;
    expect(nidCardText(c, 'nid_smart', 'front', undefined, { groupedNid: true }).nidNumber).toBe(
      `${c.nid10.slice(0, 3)} ${c.nid10.slice(3, 6)} ${c.nid10.slice(6)}`,
    );
    const back = nidCardText(c, 'nid_old', 'back', '2017-05-12', { bengaliDigitIssueDate: true, longAddress: 'holding', seed: 1 });
    expect(back.issueDate).toBe('১২/০৫/২০১৭');
    expect(normaliseCardText(back).issueDate).toBe('2017-05-12');
    expect(back.address).toMatch(/^বাসা\/হোল্ডিং: [০-৯]+, গ্রাম\/রাস্তা: .+, ডাকঘর: .+ - [০-৯]{4}, .+, .+$/);
    expect(nidCardText(c, 'nid_old', 'back', '2017-05-12', { longAddress: 'village', seed: 1 }).address).toMatch(/^গ্রাম: .+, ডাকঘর: .+, উপজেলা: .+, জেলা: .+$/);
  });
});

describe('layout families', () => {
  it('splits layout families and faces into a tuning and a held-out set that share nothing', () => {
    const [tuning, heldout] = DATA_SPLITS.map((split) => LAYOUT_FAMILIES.filter((f) => f.split === split).map((f) => f.name));
    expect(tuning!.length).toBeGreaterThanOrEqual(2);
    expect(heldout!.length).toBeGreaterThanOrEqual(2);
    expect(tuning!.filter((f) => heldout!.includes(f))).toEqual([]);
    for (const script of ['bengali', 'latin', 'mono'] as const) {
      expect(FONT_POOLS.tuning[script].filter((f) => FONT_POOLS.heldout[script].includes(f))).toEqual([]);
    }
  });

  it.each(DATA_SPLITS)('prints every %s card with no text outside the card and no two runs of text on top of each other', async (split) => {
    for (let index = 0; index < 6; index++) {
      const style = styleFor(split, index, 3);
      for (const [kind, side] of SIDES) {
        const card = await renderNidCard(citizens[(index * 17) % citizens.length]!, { kind, side, style, issueDate: '2017-05-12' });
        for (const run of card.runs) if (!inside(run, card)) throw new Error(`${style.layout} ${kind} ${side}: "${run.text}" leaves the card`);
        const texts = card.runs.filter((r) => r.role !== 'mrz');
        for (let i = 0; i < texts.length; i++) {
          for (let j = i + 1; j < texts.length; j++)
            if (overlap(texts[i]!, texts[j]!)) throw new Error(`${style.layout} ${kind} ${side}: "${texts[i]!.text}" overlaps "${texts[j]!.text}"`);
        }
        const printed = card.runs
          .filter((r) => r.role === 'value')
          .map((r) => r.text)
          .join(' ');
        for (const value of Object.values(card.truth)) expect(printed).toContain(value.split(' ')[0]);
      }
    }
  });

  it('draws rows at different heights for different cards of one family', async () => {
    const tops = await Promise.all(
      [0, 2, 4].map(async (index) => {
        const card = await renderNidCard(citizens[0]!, { kind: 'nid_smart', side: 'front', style: { ...REFERENCE_STYLE, seed: index } });
        return Math.round(card.runs.find((r) => r.field === 'nameBn' && r.role === 'value')!.ink.top);
      }),
    );
    expect(new Set(tops).size).toBe(3);
  });
});

describe('renderNidCard', () => {
  it.each(SIDES)("renders a %s %s as a PNG of the style's size, the same bytes every time", async (kind, side) => {
    const c = citizens[3]!;
    const first = await renderNidCard(c, { kind, side, issueDate: '2017-05-12' });
    const meta = await sharp(first.image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', REFERENCE_STYLE.width, first.height]);
    expect(first.width / first.height).toBeCloseTo(85.6 / 53.98, 2);
    expect(first.truth).toEqual(nidCardText(c, kind, side, '2017-05-12'));
    const again = await renderNidCard(c, { kind, side, issueDate: '2017-05-12' });
    expect(again.image.equals(first.image)).toBe(true);
  });

  it('prints the PDF417 of an old card back so that it decodes to the documented payload', async () => {
    const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
      fireImmediately: true,
    });
    for (const c of [citizens[0]!, citizens[7]!]) {
      const card = await renderNidCard(c, { kind: 'nid_old', side: 'back' });
      const payload = card.machineReadable.pdf417!;
      expect(payload).toMatch(
        new RegExp(
          `^<pin>${c.nid17}</pin><name>${c.nameEn.toUpperCase().replace('.', '\\.')}</name><DOB>${formatBirthDate(c.dateOfBirth)}</DOB><FP>[0-9A-F]+</FP><F>Right Index</F><TYPE>A</TYPE><V>2\\.0</V><ds>[0-9a-f]+</ds>$`,
        ),
      );
      const [read] = await readBarcodes(new Uint8Array(card.image), { formats: ['PDF417'] });
      expect(read?.text).toBe(payload);
    }
  });

  it('uses a given face photo instead of the sandbox one', async () => {
    const face = await sharp({ create: { width: 300, height: 360, channels: 3, background: '#ff00ff' } })
      .png()
      .toBuffer();
    const card = await renderNidCard(citizens[0]!, { kind: 'nid_smart', side: 'front', face });
    const box = card.photoBox!;
    const { data } = await sharp(card.image)
      .extract({ left: box.left + Math.round(box.width / 2), top: box.top + Math.round(box.height / 2), width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([255, 0, 255]);
  });
});
