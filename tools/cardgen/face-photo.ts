import path from 'node:path';
import { createFacePhotos, loadFaces, type FacePhotos } from '@ekyc/sandbox-kit';
import { REPO_ROOT } from '../lib/run-app-script';

/** The NID sandbox's face boxes: cards show the photo the sandbox returns for the same faceId. */
export const SANDBOX_FACES_FILE = path.join(REPO_ROOT, 'apps/nid-sandbox/fixtures/faces.json');

let photos: FacePhotos | null = null;

/** The face the NID sandbox returns for this faceId, so a card's photo matches the registry's. */
export function sandboxFace(faceId: number): Promise<Buffer> {
  photos ??= createFacePhotos(loadFaces(SANDBOX_FACES_FILE));
  return photos.jpeg(faceId);
}
