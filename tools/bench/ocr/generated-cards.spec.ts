import { createDocumentReader, type DocumentReader } from '@ekyc/document-reader';
import { levenshtein } from '@ekyc/field-matching';
import { generateCardSet, type CardSample } from '../../cardgen/card-set';
import { normaliseCardText } from '../../cardgen/formats';
import { sameValue } from './score';

jest.setTimeout(120_000);

/** Character error rate of a read against the printed text. */
const cer = (read: string | null, printed: string) => levenshtein(read ?? '', printed) / [...printed].length;

/**
 * The reader on cards of the tuning set (tools/cardgen: its own layout families, faces and photography, nothing shared
 * with the reader). The held-out set is only ever scored by `npm run bench:ocr`.
 */
describe('document reader on generated NID cards', () => {
  let reader: DocumentReader;
  const samples: CardSample[] = [];
  beforeAll(async () => {
    reader = await createDocumentReader();
    for await (const s of generateCardSet({ count: 4, kinds: ['nid_smart', 'nid_old'], variants: ['photo', 'turned'], seed: 11 })) samples.push(s);
  });
  afterAll(() => reader.close());

  it('reads the kind, the NID and the date of birth (checked against the back) and the names of photographed cards', async () => {
    const misreads: string[] = [];
    let cerSum = 0;
    for (const sample of samples) {
      const result = await reader.readNidCard({ front: sample.front, back: sample.back, crop: true });
      const truth = normaliseCardText({ ...sample.truth.front, ...sample.truth.back });
      expect([sample.id, result.kind]).toEqual([sample.id, sample.kind]);
      expect([sample.id, result.fields.nidNumber]).toEqual([sample.id, expect.objectContaining({ value: truth.nidNumber, accepted: true })]);
      expect([sample.id, result.fields.dateOfBirth]).toEqual([sample.id, expect.objectContaining({ value: truth.dateOfBirth, accepted: true })]);
      if (!sameValue('nameEn', result.fields.nameEn.value, truth.nameEn!)) misreads.push(`${sample.id} nameEn ${result.fields.nameEn.value}`);
      cerSum += cer(result.fields.nameBn.value, truth.nameBn!);
      // Whatever is marked accepted is right.
      for (const [field, read] of Object.entries(result.fields)) {
        const printed = truth[field as keyof typeof truth];
        if (read.accepted && printed !== undefined) expect([sample.id, field, sameValue(field, read.value, printed)]).toEqual([sample.id, field, true]);
      }
    }
    // Not every name of every photo is read right; most are, and none wrongly accepted (above).
    expect(misreads.length).toBeLessThanOrEqual(1);
    expect(cerSum / samples.length).toBeLessThanOrEqual(0.08);
  });
});
