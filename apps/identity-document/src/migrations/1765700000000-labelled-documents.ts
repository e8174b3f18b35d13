import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';
const BEFORE = `'nid_old', 'nid_smart', 'passport', 'drivers_license', 'id_card', 'residence_permit', 'visa', 'aadhaar'`;
const TYPES = `${BEFORE}, 'pancard', 'vehicle_registration', 'universal'`;

/** Documents read by their printed labels: PAN cards, vehicle registration certificates, and any document (universal). */
export class LabelledDocuments1765700000000 implements MigrationInterface {
  name = 'LabelledDocuments1765700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['applications', 'submissions']) {
      await q.query(`ALTER TABLE ${S}.${table} DROP CONSTRAINT IF EXISTS ${table}_document_type_check`);
      await q.query(`ALTER TABLE ${S}.${table} ADD CONSTRAINT ${table}_document_type_check CHECK (document_type IN (${TYPES}))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['applications', 'submissions']) {
      await q.query(`ALTER TABLE ${S}.${table} DROP CONSTRAINT IF EXISTS ${table}_document_type_check`);
      await q.query(`ALTER TABLE ${S}.${table} ADD CONSTRAINT ${table}_document_type_check CHECK (document_type IN (${BEFORE}))`);
    }
  }
}
