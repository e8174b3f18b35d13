import { readFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { NID_CARD_SIZE, NID_LAYOUTS, type CardSide, type NidCardKind } from '@ekyc/document-reader';
import { loadCardCitizens, type CardCitizen } from './citizen';
import { formatBirthDate, formatIssueDate, normaliseCardText, normaliseFieldValue } from './formats';
import { nidCardText, planNidCardText, renderNidCard, type TextPlacement } from './render-card';

const SIDES: ReadonlyArray<[NidCardKind, CardSide]> = [
  ['nid_smart', 'front'],
  ['nid_smart', 'back'],
  ['nid_old', 'front'],
  ['nid_old', 'back'],
];

let citizens: CardCitizen[];
beforeAll(() => {
  citizens = loadCardCitizens();
});

const within = (p: TextPlacement) => {
  const { ink } = p.fitted;
  return ink.left >= p.box.left && ink.top >= p.box.top && ink.left + ink.width <= p.box.left + p.box.width && ink.top + ink.height <= p.box.top + p.box.height;
};

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
});

describe('text placement', () => {
  it('keeps every label, value and header of every citizen inside its box, values on at most their lines', () => {
    const ctx = createCanvas(NID_CARD_SIZE.width, NID_CARD_SIZE.height).getContext('2d');
    for (const c of citizens) {
      for (const [kind, side] of SIDES) {
        const placements = planNidCardText(ctx, nidCardText(c, kind, side, '2017-05-12'), kind, side);
        for (const p of placements) {
          if (!within(p)) throw new Error(`${kind} ${side} ${p.role} "${p.text}" leaves its box`);
        }
        for (const region of NID_LAYOUTS[kind][side].fields) {
          const value = placements.find((p) => p.role === 'value' && p.field === region.field)!;
          expect(value.fitted.lines.length).toBeLessThanOrEqual(region.lines);
          expect(value.fitted.lines.join(' ')).toBe(value.text);
        }
      }
    }
  });

  it('sizes single-line values to about two thirds of the box height', () => {
    const ctx = createCanvas(NID_CARD_SIZE.width, NID_CARD_SIZE.height).getContext('2d');
    const placements = planNidCardText(ctx, nidCardText(citizens[0]!, 'nid_smart', 'front'), 'nid_smart', 'front');
    for (const p of placements.filter((x) => x.role === 'value')) {
      expect(p.fitted.fontSize / p.box.height).toBeGreaterThan(0.5);
      expect(p.fitted.fontSize / p.box.height).toBeLessThanOrEqual(0.7);
    }
  });
});

describe('renderNidCard', () => {
  it.each(SIDES)('renders a %s %s as a PNG of exactly the card size, the same bytes every time', async (kind, side) => {
    const c = citizens[3]!;
    const first = await renderNidCard(c, { kind, side, issueDate: '2017-05-12' });
    const meta = await sharp(first.image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', NID_CARD_SIZE.width, NID_CARD_SIZE.height]);
    expect(first.truth).toEqual(nidCardText(c, kind, side, '2017-05-12'));
    const again = await renderNidCard(c, { kind, side, issueDate: '2017-05-12' });
    expect(again.image.equals(first.image)).toBe(true);
  });

  it('prints the PDF417 of an old card back so that it decodes to the documented payload', async () => {
    const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
    for (const c of [citizens[0]!, citizens[7]!]) {
      const card = await renderNidCard(c, { kind: 'nid_old', side: 'back' });
      const payload = card.machineReadable.pdf417!;
      expect(payload).toMatch(
        new RegExp(`^<pin>${c.nid17}</pin><name>${c.nameEn.toUpperCase().replace('.', '\\.')}</name><DOB>${formatBirthDate(c.dateOfBirth)}</DOB><FP>[0-9A-F]+</FP><F>Right Index</F><TYPE>A</TYPE><V>2\\.0</V><ds>[0-9a-f]+</ds>$`),
      );
      const [read] = await readBarcodes(new Uint8Array(card.image), { formats: ['PDF417'] });
      expect(read?.text).toBe(payload);
    }
  });

  it('uses a given face photo instead of the sandbox one', async () => {
    const face = await sharp({ create: { width: 300, height: 360, channels: 3, background: '#ff00ff' } }).png().toBuffer();
    const card = await renderNidCard(citizens[0]!, { kind: 'nid_smart', side: 'front', face });
    const { data } = await sharp(card.image).extract({ left: 100, top: 300, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([255, 0, 255]);
  });
});
