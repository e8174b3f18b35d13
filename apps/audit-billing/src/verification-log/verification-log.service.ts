import type { DataSource } from 'typeorm';
import { DecryptionError, type PiiCipher } from '@ekyc/crypto';
import { decodeCursor, encodeCursor, tableIn } from '@ekyc/db';
import type { FieldProblem } from '@ekyc/subgraph-kit';
import { scopeCondition, type TenantScope } from '../access/access-scope';
import { maskMobile, maskName, maskNid } from '@ekyc/internal-context';

export const LOG_STATUS_FILTERS = ['passed', 'failed', 'pending', 'invalid', 'all'] as const;
export type LogStatusFilter = (typeof LOG_STATUS_FILTERS)[number];

export type LogPaging = { mode: 'page'; page: number; perPage: number } | { mode: 'cursor'; first: number; after: string | null };

export interface LogQuery {
  scope: TenantScope;
  status: LogStatusFilter;
  /** Only this user's submissions. */
  agentId?: string | null;
  submittedFrom?: Date | null;
  submittedTo?: Date | null;
  mobileNumber?: string | null;
  nidNumber?: string | null;
  paging: LogPaging;
  /** Whether the reader sees names, mobile numbers and NID numbers in full (`seesPii` of @ekyc/internal-context). */
  fullPii: boolean;
}

export interface LogEntry {
  tenantId: string;
  applicationId: string;
  mobileNumber: string | null;
  applicantNameEn: string | null;
  nidNumber: string | null;
  nidMasked: boolean;
  piiMasked: boolean;
  submittedOn: Date;
  status: string;
  documentType: string | null;
  agentKind: string | null;
  agentId: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

export type LogPage =
  { ok: true; entries: Array<{ cursor: string; node: LogEntry }>; hasNextPage: boolean; totalCount: number } | { ok: false; error: FieldProblem };

interface LogRow {
  tenant_id: string;
  application_id: string;
  sort_at: Date;
  submitted_at: Date | null;
  agent_kind: string | null;
  agent_id: string | null;
  document_type: string | null;
  mobile_number_enc: string | null;
  name_en_enc: string | null;
  nid_enc: string | null;
  status: string;
  decided_at: Date | null;
  reason: string | null;
}

export class VerificationLogService {
  constructor(private readonly deps: { ds: DataSource; cipher: PiiCipher }) {}

  async page(query: LogQuery): Promise<LogPage> {
    const { ds, cipher } = this.deps;
    const params: unknown[] = [];
    const where = [scopeCondition(query.scope, 'l', params)];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.status !== 'all') where.push(`l.status = ${bind(query.status)}`);
    if (query.agentId) where.push(`l.agent_id = ${bind(query.agentId)}`);
    if (query.submittedFrom) where.push(`l.sort_at >= ${bind(query.submittedFrom)}`);
    if (query.submittedTo) where.push(`l.sort_at < ${bind(query.submittedTo)}`);
    if (query.mobileNumber || query.nidNumber) {
      // Blind indexes are keyed per tenant, so a lookup by value needs one.
      if (query.scope.kind !== 'tenant')
        return { ok: false, error: { code: 'TENANT_REQUIRED', message: 'filtering by mobile number or NID needs tenantId', field: 'tenantId' } };
      const tenantId = query.scope.tenantId;
      if (query.mobileNumber) where.push(`l.mobile_number_idx = ${bind(cipher.blindIndex(query.mobileNumber.trim(), tenantId))}`);
      if (query.nidNumber) where.push(`l.nid_idx = ${bind(cipher.blindIndex(query.nidNumber.trim(), tenantId))}`);
    }
    const table = tableIn(ds, 'verification_log');
    const [{ n: totalCount }] = (await ds.query(`SELECT count(*)::int AS n FROM ${table} l WHERE ${where.join(' AND ')}`, params)) as [{ n: number }];

    const { paging } = query;
    let limit: number;
    let offset = 0;
    if (paging.mode === 'page') {
      limit = paging.perPage;
      offset = (paging.page - 1) * paging.perPage;
    } else {
      limit = paging.first;
      if (paging.after) {
        const cursor = decodeCursor(paging.after);
        if (!cursor) return { ok: false, error: { code: 'INVALID_CURSOR', message: 'cursor is not one this API returned', field: 'after' } };
        where.push(`(l.sort_at, l.application_id) < (${bind(cursor.createdAt)}::timestamptz, ${bind(cursor.id)}::uuid)`);
      }
    }
    const rows: LogRow[] = await ds.query(
      `SELECT tenant_id, application_id, sort_at, submitted_at, agent_kind, agent_id, document_type, mobile_number_enc, name_en_enc, nid_enc, status, decided_at, reason
         FROM ${table} l WHERE ${where.join(' AND ')}
        ORDER BY l.sort_at DESC, l.application_id DESC LIMIT ${limit + 1} OFFSET ${offset}`,
      params,
    );
    const open = (sealed: string | null, tenantId: string): string | null => {
      if (sealed === null) return null;
      try {
        return cipher.decrypt(sealed, tenantId);
      } catch (err) {
        if (err instanceof DecryptionError) return null;
        throw err;
      }
    };
    const entries = rows.slice(0, limit).map((r) => {
      const nid = open(r.nid_enc, r.tenant_id);
      const mobile = open(r.mobile_number_enc, r.tenant_id);
      const name = open(r.name_en_enc, r.tenant_id);
      const node: LogEntry = {
        tenantId: r.tenant_id,
        applicationId: r.application_id,
        mobileNumber: mobile === null || query.fullPii ? mobile : maskMobile(mobile),
        applicantNameEn: name === null || query.fullPii ? name : maskName(name),
        nidNumber: nid === null || query.fullPii ? nid : maskNid(nid),
        nidMasked: nid !== null && !query.fullPii,
        piiMasked: !query.fullPii,
        submittedOn: r.submitted_at ?? r.sort_at,
        status: r.status,
        documentType: r.document_type,
        agentKind: r.agent_kind,
        agentId: r.agent_id,
        decidedAt: r.decided_at,
        reason: r.reason,
      };
      return { cursor: encodeCursor({ createdAt: r.sort_at.toISOString(), id: r.application_id }), node };
    });
    return { ok: true, entries, hasNextPage: rows.length > limit, totalCount };
  }
}
