import type { CompareFaces, MatchDecision, MatchThresholds } from '@ekyc/face-engine';
import type { FaceImageValue, FacePairValue, StoredPair, StoredProblem } from './face-match.entity';

/** What became of one image: not part of this application, described, or refused with a code. */
export type ImageAnalysis = { kind: 'absent' } | { kind: 'face'; descriptor: number[] } | { kind: 'problem'; code: string; message: string };

export const PAIRS: ReadonlyArray<{ pair: FacePairValue; a: FaceImageValue; b: FaceImageValue }> = [
  { pair: 'card_ec', a: 'card', b: 'ec' },
  { pair: 'selfie_ec', a: 'selfie', b: 'ec' },
  { pair: 'selfie_card', a: 'selfie', b: 'card' },
];

/** Photos printed on or issued with the identity document, as opposed to the live selfie. */
const DOCUMENT_IMAGES: ReadonlySet<FaceImageValue> = new Set(['card', 'ec']);

/**
 * Every pair of the images at hand, each with a similarity and a decision under the tenant's thresholds.
 * A pair with an unusable image gets no similarity, and its reason names the problems:
 * - `no_match` when a document photo (card or EC) shows no face at all: nothing there can be the applicant;
 * - `review` otherwise (a dark or blurred selfie, a turned head, a document photo that could not be fetched):
 *   the applicant may well be who they claim, so a person looks, or the agent retakes the selfie.
 * A pair with an image that is not part of the application (no card photo, no EC photo) is left out.
 */
export function compareImages(
  images: Record<FaceImageValue, ImageAnalysis>,
  engine: { compare: CompareFaces; decide: (similarity: number, thresholds: MatchThresholds) => MatchDecision; thresholds: MatchThresholds },
): { pairs: StoredPair[]; problems: StoredProblem[] } {
  const problems: StoredProblem[] = [];
  for (const image of ['selfie', 'card', 'ec'] as const) {
    const analysis = images[image];
    if (analysis.kind === 'problem') problems.push({ image, code: analysis.code, message: analysis.message });
  }
  const pairs: StoredPair[] = [];
  for (const { pair, a, b } of PAIRS) {
    const first = images[a];
    const second = images[b];
    if (first.kind === 'absent' || second.kind === 'absent') continue;
    if (first.kind === 'face' && second.kind === 'face') {
      const similarity = round4(engine.compare(first.descriptor, second.descriptor));
      pairs.push({ pair, similarity, decision: engine.decide(similarity, engine.thresholds), reason: null });
      continue;
    }
    const failed = [a, b].filter((image) => images[image].kind === 'problem');
    const reason = failed.map((image) => `${image}: ${(images[image] as { code: string }).code}`).join(', ');
    const faceless = failed.some((image) => DOCUMENT_IMAGES.has(image) && (images[image] as { code: string }).code === 'NO_FACE');
    pairs.push({ pair, similarity: null, decision: faceless ? 'no_match' : 'review', reason });
  }
  return { pairs, problems };
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
