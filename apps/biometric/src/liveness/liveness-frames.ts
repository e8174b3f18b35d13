import type { FieldProblem } from '@ekyc/subgraph-kit';

export const MAX_FRAMES = 20;
export const MIN_FRAMES = 2;
/** 20 frames of this size, base64-encoded, stay under the 8 MB request limit; a 640x480 JPEG is 50-100 KB. */
export const MAX_FRAME_BYTES = 256 * 1024;

const DATA_URL = /^data:image\/[a-z+.-]+;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b: Buffer) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

export interface DecodedFrame {
  bytes: Buffer;
  capturedAtMs: number;
}

/** Decodes the submitted frames (base64 JPEG or PNG, each at most 256 KB, 2 to 20 of them), reporting every bad one. */
export function decodeFrames(
  frames: ReadonlyArray<{ image: string; capturedAtMs: number }>,
): { ok: true; frames: DecodedFrame[] } | { ok: false; errors: FieldProblem[] } {
  if (frames.length < MIN_FRAMES || frames.length > MAX_FRAMES) {
    return {
      ok: false,
      errors: [
        { code: 'INVALID_FRAME_COUNT', field: 'input.frames', message: `send ${MIN_FRAMES} to ${MAX_FRAMES} frames, the first looking straight at the camera` },
      ],
    };
  }
  const errors: FieldProblem[] = [];
  const decoded: DecodedFrame[] = [];
  frames.forEach((frame, i) => {
    const field = `input.frames.${i}.image`;
    const text = frame.image.replace(DATA_URL, '').replace(/\s+/g, '');
    if (text.length > Math.ceil(MAX_FRAME_BYTES / 3) * 4) {
      errors.push({ code: 'IMAGE_TOO_LARGE', field, message: 'a frame is at most 256 KB' });
      return;
    }
    if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
      errors.push({ code: 'INVALID_BASE64', field, message: 'a frame is base64-encoded JPEG or PNG bytes' });
      return;
    }
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length > MAX_FRAME_BYTES) errors.push({ code: 'IMAGE_TOO_LARGE', field, message: 'a frame is at most 256 KB' });
    else if (!isJpeg(bytes) && !isPng(bytes)) errors.push({ code: 'UNSUPPORTED_IMAGE_TYPE', field, message: 'a frame is a JPEG or PNG image' });
    else if (!Number.isInteger(frame.capturedAtMs))
      errors.push({ code: 'INVALID_TIME', field: `input.frames.${i}.capturedAtMs`, message: 'capturedAtMs is whole milliseconds' });
    else decoded.push({ bytes, capturedAtMs: frame.capturedAtMs });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, frames: decoded };
}
