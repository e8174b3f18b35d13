import sharp from 'sharp';
import { decodeImage, type RgbImage } from './image-input';
import { createPdf417Decoder, type Pdf417Decoder } from './pdf417';
import { drawTestCard } from './test-fixtures';

const PAYLOAD = '<pin>19785012345678901</pin><name>MD ABDUL KARIM</name><DOB>23 Mar 1978</DOB><FP>8A3F09C2D1</FP><F>Right Index</F>';

async function rgb(bytes: Buffer): Promise<RgbImage> {
  const decoded = await decodeImage(bytes, 'test', { minWidth: 1, minHeight: 1 });
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

describe('PDF417 decoder', () => {
  let decoder: Pdf417Decoder;
  let back: Buffer;
  beforeAll(async () => {
    decoder = await createPdf417Decoder();
    back = await drawTestCard({ rows: [{ label: 'Blood Group:', value: 'B+' }], barcodeText: PAYLOAD });
  });

  it('finds and decodes the barcode anywhere on an old card back, offline', async () => {
    await expect(decoder.decode(await rgb(back), { thorough: false })).resolves.toBe(PAYLOAD);
  });

  it('retries turned copies for a barcode photographed 14 degrees off', async () => {
    const turned = await sharp(back).rotate(14, { background: '#ffffff' }).png().toBuffer();
    await expect(decoder.decode(await rgb(turned), { thorough: true })).resolves.toBe(PAYLOAD);
  });

  it('returns null when there is no barcode', async () => {
    const front = await drawTestCard({ rows: [{ label: 'Name:', value: 'MD ABDUL KARIM' }] });
    await expect(decoder.decode(await rgb(front), { thorough: false })).resolves.toBeNull();
  });
});
