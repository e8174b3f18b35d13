import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';
const TYPES = `'nid_old', 'nid_smart', 'passport', 'drivers_license', 'id_card', 'residence_permit', 'visa', 'aadhaar'`;

/** Foreign documents read by their machine-readable zone or barcode: driver's licences, ID cards, residence permits, visas, Aadhaar. */
export class ForeignDocuments1765400000000 implements MigrationInterface {
  name = 'ForeignDocuments1765400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['applications', 'submissions']) {
      await q.query(`ALTER TABLE ${S}.${table} DROP CONSTRAINT IF EXISTS ${table}_document_type_check`);
      await q.query(`ALTER TABLE ${S}.${table} ADD CONSTRAINT ${table}_document_type_check CHECK (document_type IN (${TYPES}))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['applications', 'submissions']) {
      await q.query(`ALTER TABLE ${S}.${table} DROP CONSTRAINT IF EXISTS ${table}_document_type_check`);
      await q.query(`ALTER TABLE ${S}.${table} ADD CONSTRAINT ${table}_document_type_check CHECK (document_type IN ('nid_old', 'nid_smart', 'passport'))`);
    }
  }
}
