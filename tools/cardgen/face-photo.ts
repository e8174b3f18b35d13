// Apps have no path alias; the tag rules let tools depend on apps, and cards must show the sandbox's own photo.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createFacePhotos, type FacePhotos } from '../../apps/nid-sandbox/src/face-photos';

let photos: FacePhotos | null = null;

/** The face the NID sandbox returns for this faceId, so a card's photo matches the registry's. */
export function sandboxFace(faceId: number): Promise<Buffer> {
  photos ??= createFacePhotos();
  return photos.jpeg(faceId);
}
