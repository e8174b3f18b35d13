import type { DataSource } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { createEvent, type Actor } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { NID_PASSWORD_MAX_LENGTH, type NidCall, type NidPartnerPort, type NidSession } from '@ekyc/provider-contracts';
import { recordNidCalls } from '../nid-calls/nid-call.recorder';
import { NidCredentialRecord, type NidCredentialStatusValue } from './nid-credentials.entity';
import type { CredentialProblemCode } from './credential-problems';

export type CredentialsResult = { ok: true; record: NidCredentialRecord } | { ok: false; errors: FieldProblem[] };

const SYSTEM: Actor = { kind: 'system', id: 'provider-nid' };
const STATUS_OF_PROBLEM: Record<string, NidCredentialStatusValue> = {
  NID_PASSWORD_EXPIRED: 'password_expired',
  NID_BAD_CREDENTIALS: 'invalid_credentials',
  NID_SLA_NOT_ASSIGNED: 'sla_not_assigned',
};
const PROBLEM_OF_STATUS: Record<Exclude<NidCredentialStatusValue, 'active'>, CredentialProblemCode> = {
  password_expired: 'NID_PASSWORD_EXPIRED',
  invalid_credentials: 'NID_BAD_CREDENTIALS',
  sla_not_assigned: 'NID_SLA_NOT_ASSIGNED',
};
const USERNAME = /^[\p{L}\p{N}_.@-]{1,100}$/u;

/**
 * A tenant's account at the NID service: stored encrypted, its health visible to operators (an expired
 * password or a missing SLA stops verifications until someone fixes it), and recoverable from the graph.
 */
export class NidCredentialsService {
  private readonly restoredListeners: Array<(tenantId: string, session: NidSession | null) => Promise<void>> = [];

  constructor(private readonly deps: { ds: DataSource; cipher: PiiCipher; client: NidPartnerPort; relay: Pick<OutboxRelay, 'nudge'>; log: Logger }) {}

  /** Called when a tenant's credentials become usable again, to drop cached sessions and resume waiting work. */
  onRestored(listener: (tenantId: string, session: NidSession | null) => Promise<void>): void {
    this.restoredListeners.push(listener);
  }

  find(tenantId: string): Promise<NidCredentialRecord | null> {
    return this.deps.ds.manager.findOneBy(NidCredentialRecord, { tenantId });
  }

  async usable(
    tenantId: string,
  ): Promise<
    | { ok: true; value: { username: string; password: string } }
    | { ok: false; error: { code: CredentialProblemCode; message: string }; username: string | null }
  > {
    const record = await this.find(tenantId);
    if (!record)
      return { ok: false, error: { code: 'NID_CREDENTIALS_MISSING', message: 'no NID service credentials are configured for this tenant' }, username: null };
    if (record.status !== 'active') {
      return {
        ok: false,
        error: { code: PROBLEM_OF_STATUS[record.status], message: `NID service credentials need attention: ${record.statusReason ?? record.status}` },
        username: record.username,
      };
    }
    return { ok: true, value: { username: record.username, password: this.deps.cipher.decrypt(record.passwordEnc, tenantId) } };
  }

  /** Records a problem only an operator can fix, once: the status changes and an event says so. */
  async markProblem(tenantId: string, code: string, message: string): Promise<void> {
    const status = STATUS_OF_PROBLEM[code];
    if (!status) return;
    const { ds } = this.deps;
    const changed = await ds.transaction(async (m) => {
      const record = await m.findOne(NidCredentialRecord, { where: { tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!record || record.status === status) return null;
      const now = new Date();
      await m.update(NidCredentialRecord, { tenantId }, { status, statusReason: message, statusChangedAt: now, updatedAt: now });
      await enqueueEvents(m, ds, [
        createEvent(
          'nid.credentials.status.changed',
          { tenantId, correlationId: tenantId, actor: SYSTEM },
          { status, reason: message, username: record.username },
        ),
      ]);
      return record.username;
    });
    if (changed) {
      this.deps.log.warn({ tenantId, status, username: changed }, 'NID service credentials need an operator');
      this.deps.relay.nudge();
    }
  }

  /** Saves a tenant's account after checking it with a login; a refused login saves nothing. */
  async configure(auth: InternalContext, input: { username: string; password: string }): Promise<CredentialsResult> {
    const errors: FieldProblem[] = [];
    const username = input.username.trim();
    if (!USERNAME.test(username)) errors.push({ code: 'INVALID_USERNAME', message: 'use 1-100 letters, digits or _ . @ -', field: 'input.username' });
    if (input.password.length === 0 || input.password.length > NID_PASSWORD_MAX_LENGTH) {
      errors.push({ code: 'INVALID_PASSWORD', message: `the password must be 1-${NID_PASSWORD_MAX_LENGTH} characters`, field: 'input.password' });
    }
    if (errors.length > 0) return { ok: false, errors };

    const calls: NidCall[] = [];
    const login = await this.deps.client.login({ username, password: input.password }, (c) => calls.push(c));
    await this.recordCalls(auth, username, calls);
    if (!login.ok) {
      const field = login.error.code === 'NID_BAD_CREDENTIALS' ? 'input.password' : null;
      return { ok: false, errors: [{ code: login.error.code, message: login.error.message, field }] };
    }
    const record = await this.save(auth, username, input.password, login.value);
    return { ok: true, record };
  }

  /**
   * Changes the password at the NID service (the documented recovery from password expiry) and stores
   * the new one. The service ends the session on success, so the next call logs in again.
   */
  async changePassword(auth: InternalContext, input: { newPassword: string }): Promise<CredentialsResult> {
    const record = await this.find(auth.tenantId);
    if (!record) return { ok: false, errors: [{ code: 'NID_CREDENTIALS_MISSING', message: 'configure NID service credentials first', field: null }] };
    const current = this.deps.cipher.decrypt(record.passwordEnc, auth.tenantId);
    const errors: FieldProblem[] = [];
    if (input.newPassword.length === 0 || input.newPassword.length > NID_PASSWORD_MAX_LENGTH) {
      errors.push({ code: 'INVALID_PASSWORD', message: `the new password must be 1-${NID_PASSWORD_MAX_LENGTH} characters`, field: 'input.newPassword' });
    } else if (input.newPassword === current) {
      errors.push({ code: 'PASSWORD_UNCHANGED', message: 'the new password must differ from the current one', field: 'input.newPassword' });
    }
    if (errors.length > 0) return { ok: false, errors };

    const calls: NidCall[] = [];
    const { ds, cipher } = this.deps;
    try {
      const login = await this.deps.client.login({ username: record.username, password: current }, (c) => calls.push(c));
      if (!login.ok) {
        const adopted = login.error.code === 'NID_BAD_CREDENTIALS' ? await this.adoptPending(auth, record, calls) : null;
        if (adopted)
          return {
            ok: false,
            errors: [{ code: 'PASSWORD_ALREADY_CHANGED', message: 'an earlier change had succeeded; that password is now in use', field: null }],
          };
        return { ok: false, errors: [{ code: login.error.code, message: login.error.message, field: null }] };
      }
      // Written before the call: if we crash after the service accepted it, the new password is not lost.
      await ds.manager.update(NidCredentialRecord, { tenantId: auth.tenantId }, { pendingPasswordEnc: cipher.encrypt(input.newPassword, auth.tenantId) });
      const changed = await this.deps.client.changePassword(
        login.value.accessToken,
        { currentPassword: current, newPassword: input.newPassword, confirmPassword: input.newPassword },
        (c) => calls.push(c),
      );
      if (!changed.ok) {
        if (changed.error.httpStatus !== null && changed.error.httpStatus < 500) {
          await ds.manager.update(NidCredentialRecord, { tenantId: auth.tenantId }, { pendingPasswordEnc: null });
        }
        return { ok: false, errors: [{ code: changed.error.code, message: changed.error.message, field: changed.error.field ? 'input.newPassword' : null }] };
      }
    } finally {
      await this.recordCalls(auth, record.username, calls);
    }
    return { ok: true, record: await this.save(auth, record.username, input.newPassword) };
  }

  private async adoptPending(auth: InternalContext, record: NidCredentialRecord, calls: NidCall[]): Promise<NidCredentialRecord | null> {
    if (!record.pendingPasswordEnc) return null;
    const pending = this.deps.cipher.decrypt(record.pendingPasswordEnc, auth.tenantId);
    const login = await this.deps.client.login({ username: record.username, password: pending }, (c) => calls.push(c));
    return login.ok ? this.save(auth, record.username, pending, login.value) : null;
  }

  private async save(auth: InternalContext, username: string, password: string, session: NidSession | null = null): Promise<NidCredentialRecord> {
    const { ds, cipher } = this.deps;
    const now = new Date();
    const record = await ds.transaction(async (m) => {
      const previous = await m.findOne(NidCredentialRecord, { where: { tenantId: auth.tenantId }, lock: { mode: 'pessimistic_write' } });
      const next = m.create(NidCredentialRecord, {
        tenantId: auth.tenantId,
        username,
        passwordEnc: cipher.encrypt(password, auth.tenantId),
        pendingPasswordEnc: null,
        status: 'active',
        statusReason: null,
        statusChangedAt: previous?.status === 'active' ? previous.statusChangedAt : now,
        updatedBy: auth.userId,
        createdAt: previous?.createdAt ?? now,
        updatedAt: now,
      });
      await m.save(NidCredentialRecord, next);
      if (previous?.status !== 'active') {
        await enqueueEvents(m, ds, [
          createEvent(
            'nid.credentials.status.changed',
            { tenantId: auth.tenantId, correlationId: auth.tenantId, actor: actorOf(auth) },
            { status: 'active', reason: null, username },
          ),
        ]);
      }
      return next;
    });
    this.deps.relay.nudge();
    for (const listener of this.restoredListeners) await listener(auth.tenantId, session);
    return record;
  }

  private async recordCalls(auth: InternalContext, username: string, calls: NidCall[]): Promise<void> {
    const { ds } = this.deps;
    await ds.transaction((m) => recordNidCalls(m, ds, { tenantId: auth.tenantId, username, applicationId: null, actor: actorOf(auth) }, calls));
  }
}
