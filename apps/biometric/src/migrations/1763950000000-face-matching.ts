import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'biometric';

/**
 * Face matching, the known-face gallery, per-tenant thresholds and liveness sessions. Faces are kept only as
 * encrypted descriptors (`*_enc`); images stay with the services that own them.
 */
export class FaceMatching1763950000000 implements MigrationInterface {
  name = 'FaceMatching1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.face_matches DROP CONSTRAINT face_matches_status_check`);
    // The tracker before this only ever wrote awaiting_images; any other row has no images to match with.
    await q.query(`UPDATE ${S}.face_matches SET status = CASE status WHEN 'awaiting_images' THEN 'waiting_for_images' ELSE 'failed' END`);
    await q.query(`ALTER TABLE ${S}.face_matches
      ADD CONSTRAINT face_matches_status_check CHECK (status IN ('waiting_for_images', 'queued', 'completed', 'failed')),
      ADD COLUMN submitted_at timestamptz NULL,
      ADD COLUMN selfie_ref text NULL,
      ADD COLUMN card_photo_ref text NULL,
      ADD COLUMN nid_idx text NULL,
      ADD COLUMN nid_outcome text NULL,
      ADD COLUMN ec_photo_ref text NULL,
      ADD COLUMN queued_at timestamptz NULL,
      ADD COLUMN next_attempt_at timestamptz NULL,
      ADD COLUMN lease_until timestamptz NULL,
      ADD COLUMN lease_token uuid NULL,
      ADD COLUMN thresholds jsonb NULL,
      ADD COLUMN pairs jsonb NULL,
      ADD COLUMN problems jsonb NULL,
      ADD COLUMN known_face jsonb NULL,
      ADD COLUMN selfie_descriptor_enc bytea NULL,
      ADD COLUMN verification_passed boolean NOT NULL DEFAULT false,
      ADD COLUMN completed_at timestamptz NULL`);
    await q.query(`CREATE INDEX face_matches_due ON ${S}.face_matches (next_attempt_at) WHERE status = 'queued'`);

    await q.query(`CREATE TABLE ${S}.known_faces (
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      nid_idx text NULL,
      descriptor_enc bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, application_id)
    )`);

    await q.query(`CREATE TABLE ${S}.face_match_settings (
      tenant_id uuid PRIMARY KEY,
      accept double precision NOT NULL CHECK (accept > 0 AND accept <= 1),
      reject double precision NOT NULL CHECK (reject > 0 AND reject <= accept),
      updated_by uuid NOT NULL,
      updated_at timestamptz NOT NULL
    )`);

    await q.query(`CREATE TABLE ${S}.liveness_sessions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      challenges text[] NOT NULL,
      nonce_hash text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'verifying', 'passed', 'failed', 'expired')),
      reason text NULL,
      frame_count integer NULL,
      expires_at timestamptz NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL,
      completed_at timestamptz NULL,
      passed_at timestamptz NULL
    )`);
    await q.query(`CREATE INDEX liveness_sessions_application ON ${S}.liveness_sessions (tenant_id, application_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.liveness_sessions`);
    await q.query(`DROP TABLE ${S}.face_match_settings`);
    await q.query(`DROP TABLE ${S}.known_faces`);
    await q.query(`DROP INDEX ${S}.face_matches_due`);
    await q.query(`ALTER TABLE ${S}.face_matches DROP CONSTRAINT face_matches_status_check`);
    await q.query(`ALTER TABLE ${S}.face_matches
      DROP COLUMN submitted_at, DROP COLUMN selfie_ref, DROP COLUMN card_photo_ref, DROP COLUMN nid_idx, DROP COLUMN nid_outcome,
      DROP COLUMN ec_photo_ref, DROP COLUMN queued_at, DROP COLUMN next_attempt_at, DROP COLUMN lease_until, DROP COLUMN lease_token, DROP COLUMN thresholds,
      DROP COLUMN pairs, DROP COLUMN problems, DROP COLUMN known_face, DROP COLUMN selfie_descriptor_enc, DROP COLUMN verification_passed,
      DROP COLUMN completed_at`);
    await q.query(
      `UPDATE ${S}.face_matches SET status = CASE status WHEN 'waiting_for_images' THEN 'awaiting_images' WHEN 'queued' THEN 'in_progress' ELSE 'failed' END`,
    );
    await q.query(`ALTER TABLE ${S}.face_matches
      ADD CONSTRAINT face_matches_status_check CHECK (status IN ('awaiting_images', 'in_progress', 'matched', 'review', 'not_matched', 'failed'))`);
  }
}
