import type { LivenessSessionRecord } from './liveness-session.entity';
import { Liveness, LivenessChallenge, LivenessSession, LivenessStatus } from './liveness.type';

export function toLiveness(record: LivenessSessionRecord, now = Date.now()): Liveness {
  const status =
    record.status === 'verifying'
      ? LivenessStatus.pending
      : record.status === 'pending' && record.expiresAt.getTime() <= now
        ? LivenessStatus.expired
        : LivenessStatus[record.status];
  return Object.assign(new Liveness(), {
    sessionId: record.id,
    status,
    challenges: record.challenges.map((c) => LivenessChallenge[c]),
    reason: record.reason,
    passedAt: record.passedAt,
    expiresAt: record.expiresAt,
    completedAt: record.completedAt,
  });
}

export function toLivenessSession(record: LivenessSessionRecord, nonce: string): LivenessSession {
  return Object.assign(new LivenessSession(), {
    id: record.id,
    applicationId: record.applicationId,
    challenges: record.challenges.map((c) => LivenessChallenge[c]),
    nonce,
    expiresAt: record.expiresAt,
  });
}
