import { createPiiCipher } from '@ekyc/crypto';
import type { MatchThresholds } from '@ekyc/face-engine';
import { openDescriptor, sealDescriptor } from '../known-face/descriptor-seal';
import { compareImages, type ImageAnalysis } from './face-comparison';

/** Descriptors on a line: similarity falls with the distance of their first components. */
const at = (x: number): ImageAnalysis => ({ kind: 'face', descriptor: [x, 0] });
const compare = (a: number[], b: number[]) => Math.max(0, 1 - Math.abs((a[0] ?? 0) - (b[0] ?? 0)));
const decide = (s: number, t: MatchThresholds) => (s >= t.accept ? 'match' : s < t.reject ? 'no_match' : 'review');
const engine = { compare, decide, thresholds: { accept: 0.8, reject: 0.6 } } as const;
const absent: ImageAnalysis = { kind: 'absent' };
const problem = (code: string): ImageAnalysis => ({ kind: 'problem', code, message: `${code} message` });

describe('compareImages', () => {
  it('compares every pair of three good photos under the tenant thresholds', () => {
    expect(compareImages({ selfie: at(0.1), card: at(0), ec: at(0.3) }, engine)).toEqual({
      pairs: [
        { pair: 'card_ec', similarity: 0.7, decision: 'review', reason: null },
        { pair: 'selfie_ec', similarity: 0.8, decision: 'match', reason: null },
        { pair: 'selfie_card', similarity: 0.9, decision: 'match', reason: null },
      ],
      problems: [],
    });
  });

  it('leaves out the pairs of a photo the application does not have (no EC photo: only selfie_card)', () => {
    expect(compareImages({ selfie: at(0), card: at(0.5), ec: absent }, engine).pairs).toEqual([
      { pair: 'selfie_card', similarity: 0.5, decision: 'no_match', reason: null },
    ]);
    expect(compareImages({ selfie: absent, card: absent, ec: at(0) }, engine)).toEqual({ pairs: [], problems: [] });
  });

  it('a bad selfie puts its pairs to review, naming the problem', () => {
    const result = compareImages({ selfie: problem('TOO_DARK'), card: at(0), ec: at(0.1) }, engine);
    expect(result.pairs).toEqual([
      { pair: 'card_ec', similarity: 0.9, decision: 'match', reason: null },
      { pair: 'selfie_ec', similarity: null, decision: 'review', reason: 'selfie: TOO_DARK' },
      { pair: 'selfie_card', similarity: null, decision: 'review', reason: 'selfie: TOO_DARK' },
    ]);
    expect(result.problems).toEqual([{ image: 'selfie', code: 'TOO_DARK', message: 'TOO_DARK message' }]);
  });

  it('a selfie without a face is reviewed too: the agent can retake it', () => {
    expect(compareImages({ selfie: problem('NO_FACE'), card: absent, ec: at(0) }, engine).pairs).toEqual([
      { pair: 'selfie_ec', similarity: null, decision: 'review', reason: 'selfie: NO_FACE' },
    ]);
  });

  it('a document photo without a face is no match for anyone', () => {
    const result = compareImages({ selfie: at(0), card: problem('NO_FACE'), ec: at(0.05) }, engine);
    expect(result.pairs).toEqual([
      { pair: 'card_ec', similarity: null, decision: 'no_match', reason: 'card: NO_FACE' },
      { pair: 'selfie_ec', similarity: 0.95, decision: 'match', reason: null },
      { pair: 'selfie_card', similarity: null, decision: 'no_match', reason: 'card: NO_FACE' },
    ]);
  });

  it('other problems of a document photo, or two at once, are reviewed with every reason', () => {
    const result = compareImages({ selfie: problem('TOO_BLURRY'), card: absent, ec: problem('MULTIPLE_FACES') }, engine);
    expect(result.pairs).toEqual([{ pair: 'selfie_ec', similarity: null, decision: 'review', reason: 'selfie: TOO_BLURRY, ec: MULTIPLE_FACES' }]);
    expect(result.problems.map((p) => p.image)).toEqual(['selfie', 'ec']);
  });
});

describe('sealed descriptors', () => {
  const cipher = createPiiCipher(Buffer.alloc(32, 3).toString('base64'));
  const tenant = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';

  it('round-trip at float32 precision under their tenant only', () => {
    const descriptor = Array.from({ length: 128 }, (_, i) => Math.sin(i) / 7);
    const sealed = sealDescriptor(cipher, tenant, descriptor);
    // Magic (2) and key id (6), IV (12), tag (16), then the float32s.
    expect(sealed.length).toBe(128 * 4 + 36);
    openDescriptor(cipher, tenant, sealed).forEach((v, i) => expect(v).toBeCloseTo(descriptor[i]!, 6));
    expect(() => openDescriptor(cipher, '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b', sealed)).toThrow();
  });
});
