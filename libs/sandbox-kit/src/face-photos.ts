import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';

const faceSchema = z.object({
  image: z.string().regex(/^sample\d\.jpg$/),
  box: z.object({ left: z.number().int().min(0), top: z.number().int().min(0), width: z.number().int().positive(), height: z.number().int().positive() }),
  score: z.number(),
});
export type FaceBox = z.infer<typeof faceSchema>;

/** Face boxes in face-api's demo photos (the NID sandbox's `fixtures/faces.json`, written by tools/fixtures/detect-faces.ts). */
export function loadFaces(file: string): FaceBox[] {
  return z
    .array(faceSchema)
    .min(1)
    .parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** An ID-card photo's proportions. */
export const PHOTO_SIZE = { width: 300, height: 360 } as const;

export interface FacePhotos {
  jpeg(faceId: number): Promise<Buffer>;
}

/** Crops each face from its group photo on first use and keeps the JPEG. */
export function createFacePhotos(faces: readonly FaceBox[]): FacePhotos {
  const demoDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  const cache = new Map<number, Promise<Buffer>>();
  return {
    jpeg(faceId) {
      const index = ((faceId % faces.length) + faces.length) % faces.length;
      let photo = cache.get(index);
      if (!photo) {
        const face = faces[index] as FaceBox;
        photo = sharp(path.join(demoDir, face.image))
          .extract(face.box)
          .resize(PHOTO_SIZE.width, PHOTO_SIZE.height, { fit: 'cover', position: 'centre' })
          .jpeg({ quality: 85 })
          .toBuffer();
        photo.catch(() => cache.delete(index));
        cache.set(index, photo);
      }
      return photo;
    },
  };
}
