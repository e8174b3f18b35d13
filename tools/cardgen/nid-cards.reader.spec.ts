import { createDocumentReader, type DocumentReader, type NidCardKind, type NidReadResult } from '@ekyc/document-reader';
import { levenshtein } from '@ekyc/field-matching';
import { loadCardCitizens, type CardCitizen } from './citizen';
import { normaliseCardText } from './formats';
import { renderNidCard } from './render-card';
import { renderVariant, type CardVariant } from './variants';

jest.setTimeout(60_000);

/** Character error rate of a read against the printed text. */
const cer = (read: string | null, printed: string) => levenshtein(read ?? '', printed) / [...printed].length;

async function readCard(reader: DocumentReader, person: CardCitizen, kind: NidCardKind, variant: CardVariant, seed: number) {
  const [front, back] = await Promise.all([renderNidCard(person, { kind, side: 'front' }), renderNidCard(person, { kind, side: 'back' })]);
  const [frontImage, backImage] = await Promise.all([renderVariant(front.image, variant, seed), renderVariant(back.image, variant, seed + 1)]);
  // The kind is left for the reader to find: the old back's PDF417 or the smart back's MRZ tell.
  const result = await reader.readNidCard({ front: frontImage.image, back: backImage.image, crop: variant !== 'clean' });
  return { result, truth: normaliseCardText({ ...front.truth, ...back.truth }) };
}

function expectCardRead(result: NidReadResult, truth: ReturnType<typeof normaliseCardText>, kind: NidCardKind) {
  expect(result.kind).toBe(kind);
  expect(result.fields.nidNumber).toMatchObject({ value: truth.nidNumber, accepted: true });
  expect(result.fields.dateOfBirth).toMatchObject({ value: truth.dateOfBirth, accepted: true });
  expect(cer(result.fields.nameBn.value, truth.nameBn ?? '')).toBeLessThanOrEqual(0.1);
  expect(result.problems).toEqual([]);
  if (kind === 'nid_old') expect(result.barcode).toMatchObject({ found: true, agrees: { nidNumber: true, dateOfBirth: true } });
}

describe('document reader on generated NID cards', () => {
  let reader: DocumentReader;
  let citizens: CardCitizen[];
  beforeAll(async () => {
    citizens = loadCardCitizens();
    reader = await createDocumentReader();
  });
  afterAll(() => reader.close());

  it.each([
    ['nid_smart', 0],
    ['nid_smart', 41],
    ['nid_old', 7],
    ['nid_old', 123],
  ] as const)('reads a clean %s card (citizen %i)', async (kind, index) => {
    const { result, truth } = await readCard(reader, citizens[index]!, kind, 'clean', index);
    expectCardRead(result, truth, kind);
    expect(result.fields.nameEn.value).toBe(truth.nameEn);
    expect(result.fields.issueDate.value).toBe(truth.issueDate);
  });

  it('finds and reads a smart card photographed on a desk', async () => {
    const { result, truth } = await readCard(reader, citizens[77]!, 'nid_smart', 'photo', 5);
    expectCardRead(result, truth, 'nid_smart');
    expect(result.timings.frontMs).toBeLessThan(5000);
  });

  it('finds and reads an old card photographed at an angle with perspective', async () => {
    const { result, truth } = await readCard(reader, citizens[200]!, 'nid_old', 'angled', 9);
    expectCardRead(result, truth, 'nid_old');
  });
});
