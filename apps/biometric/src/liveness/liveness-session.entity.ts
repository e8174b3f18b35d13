import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LivenessChallengeValue } from '@ekyc/face-engine';

/** `verifying` while one submission's frames are analysed: a concurrent or later submission is a replay. */
export type LivenessSessionStatusValue = 'pending' | 'verifying' | 'passed' | 'failed' | 'expired';

@Entity({ name: 'liveness_sessions' })
export class LivenessSessionRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text', { array: true })
  challenges!: LivenessChallengeValue[];

  /** SHA-256 of the nonce handed to the client; the nonce itself is never stored. */
  @Column('text', { name: 'nonce_hash' })
  nonceHash!: string;

  @Column('text')
  status!: LivenessSessionStatusValue;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('integer', { name: 'frame_count', nullable: true })
  frameCount!: number | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('timestamptz', { name: 'passed_at', nullable: true })
  passedAt!: Date | null;
}
