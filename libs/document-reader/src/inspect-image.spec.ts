import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { inspectImage } from './image-input';

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#d0d8c8' } })
    .png()
    .toBuffer();
const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#d0d8c8' } })
    .jpeg()
    .toBuffer();

/** A PNG whose header declares `width` x `height` but whose data is a few bytes: a decompression bomb's shape. */
function declaredPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const codeOf = async (bytes: Buffer, limits = {}) => {
  const result = await inspectImage(bytes, 'front', limits);
  return result.ok ? 'ok' : result.error.code;
};

describe('inspectImage', () => {
  it('accepts JPEG and PNG by content and reports their size', async () => {
    await expect(inspectImage(await jpeg(1012, 638), 'front')).resolves.toEqual({ ok: true, value: { format: 'jpeg', width: 1012, height: 638 } });
    await expect(inspectImage(await png(640, 480), 'back')).resolves.toEqual({ ok: true, value: { format: 'png', width: 640, height: 480 } });
  });

  it('reports the displayed size of a JPEG turned by its EXIF orientation', async () => {
    const turned = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#ffffff' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await expect(inspectImage(turned, 'front')).resolves.toMatchObject({ ok: true, value: { width: 300, height: 600 } });
  });

  it('names the field and says why in every error', async () => {
    await expect(inspectImage(Buffer.alloc(0), 'selfie')).resolves.toEqual({
      ok: false,
      error: { code: 'IMAGE_EMPTY', field: 'selfie', message: expect.stringContaining('empty') },
    });
  });

  it.each([
    ['a 0-byte file', async () => Buffer.alloc(0), 'IMAGE_EMPTY'],
    ['random bytes', async () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), 'UNSUPPORTED_IMAGE_TYPE'],
    ['a text file renamed .jpg', async () => Buffer.from('This is not a photo of an ID card.\n'.repeat(20)), 'UNSUPPORTED_IMAGE_TYPE'],
    [
      'a GIF',
      async () =>
        sharp({ create: { width: 400, height: 300, channels: 3, background: '#888888' } })
          .gif()
          .toBuffer(),
      'UNSUPPORTED_IMAGE_TYPE',
    ],
    [
      'a WebP',
      async () =>
        sharp({ create: { width: 400, height: 300, channels: 3, background: '#888888' } })
          .webp()
          .toBuffer(),
      'UNSUPPORTED_IMAGE_TYPE',
    ],
    ['a JPEG magic number followed by garbage', async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]), 'IMAGE_UNREADABLE'],
    [
      'a truncated JPEG',
      async () => {
        const noisy = await sharp(Buffer.from(Array.from({ length: 800 * 600 * 3 }, (_, i) => (i * 2654435761) % 251)), {
          raw: { width: 800, height: 600, channels: 3 },
        })
          .jpeg()
          .toBuffer();
        return noisy.subarray(0, Math.floor(noisy.length / 2));
      },
      'IMAGE_UNREADABLE',
    ],
    ['a decompression bomb (30000 x 30000 px declared in 200 bytes)', async () => declaredPng(30000, 30000), 'IMAGE_TOO_LARGE'],
    ['7000 x 7000 px, over the 40 MP limit (refused before decoding)', async () => declaredPng(7000, 7000), 'IMAGE_TOO_LARGE'],
    ['a file over 2 MB', async () => Buffer.concat([await jpeg(800, 600), Buffer.alloc(2 * 1024 * 1024)]), 'IMAGE_TOO_LARGE'],
    ['a thumbnail', async () => png(120, 80), 'IMAGE_TOO_SMALL'],
  ])('rejects %s', async (_name, make, code) => {
    expect(await codeOf(await make())).toBe(code);
  });

  it('applies the caller limits', async () => {
    const image = await png(640, 480);
    expect(await codeOf(image, { maxBytes: 100 })).toBe('IMAGE_TOO_LARGE');
    expect(await codeOf(image, { minWidth: 1000 })).toBe('IMAGE_TOO_SMALL');
    expect(await codeOf(image, { minWidth: 640, minHeight: 480 })).toBe('ok');
  });
});
