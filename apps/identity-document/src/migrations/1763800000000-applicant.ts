import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';

/** The declared applicant of a submitted application: sealed as a whole, with a blind index of the NID for lookups. */
export class Applicant1763800000000 implements MigrationInterface {
  name = 'Applicant1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.applications
      ADD COLUMN document_type text NULL CHECK (document_type IN ('nid_old', 'nid_smart', 'passport')),
      ADD COLUMN applicant_enc text NULL,
      ADD COLUMN applicant_digest text NULL,
      ADD COLUMN nid_idx text NULL,
      ADD COLUMN submitted_at timestamptz NULL,
      ADD COLUMN submitted_by text NULL`);
    await q.query(`CREATE INDEX applications_nid_idx ON ${S}.applications (tenant_id, nid_idx) WHERE nid_idx IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${S}.applications_nid_idx`);
    await q.query(`ALTER TABLE ${S}.applications
      DROP COLUMN document_type, DROP COLUMN applicant_enc, DROP COLUMN applicant_digest, DROP COLUMN nid_idx,
      DROP COLUMN submitted_at, DROP COLUMN submitted_by`);
  }
}
