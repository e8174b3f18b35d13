import type { FaceMatchRecord } from './face-match.entity';
import { FaceImageKind, FaceImageProblem, FaceMatch, FaceMatchDecision, FaceMatchStatus, FacePair, FacePairKind, KnownFace } from './face-match.type';

/** The graph's view: thresholds, references, the NID index and the sealed descriptor stay inside. */
export function toFaceMatch(record: FaceMatchRecord): FaceMatch {
  return Object.assign(new FaceMatch(), {
    status: FaceMatchStatus[record.status],
    pairs: (record.pairs ?? []).map((p) =>
      Object.assign(new FacePair(), { pair: FacePairKind[p.pair], similarity: p.similarity, decision: FaceMatchDecision[p.decision], reason: p.reason }),
    ),
    problems: (record.problems ?? []).map((p) => Object.assign(new FaceImageProblem(), { image: FaceImageKind[p.image], code: p.code, message: p.message })),
    knownFace: record.knownFace && Object.assign(new KnownFace(), record.knownFace),
    attempts: record.attempts,
    lastAttemptAt: record.lastAttemptAt,
    lastErrorCode: record.lastErrorCode,
    completedAt: record.completedAt,
    updatedAt: record.updatedAt,
  });
}
