import type { DataSource } from 'typeorm';
import type { PiiCipher } from '@ekyc/crypto';
import { enqueueEvents } from '@ekyc/event-bus';
import { createEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';
import type { CdpCall, CdpPort, CdpTokenSet } from '@ekyc/provider-contracts';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { recordCdpCalls } from '../cdp-calls/cdp-call.recorder';
import { CdpSettingsRecord } from './cdp-settings.entity';
import type { CredentialProblemCode } from './credential-problems';

export type SettingsResult = { ok: true; record: CdpSettingsRecord } | { ok: false; errors: FieldProblem[] };
export type RestoredListener = (tenantId: string, fresh: { clientId: string; tokens: CdpTokenSet } | null) => Promise<void>;

const CLIENT_ID = /^[A-Za-z0-9_.-]{1,100}$/;
/**
 * What the onboarding request needs of the applicant beyond what every application has (NID, names, date of birth,
 * mobile): the CDP refuses a customer without an address (CDP_MANDATORY_FIELD_MISSING: customer.presentAddress), and
 * the request uses the permanent address when no present one was given (onboarding-request.ts).
 */
export const CDP_REQUIRED_APPLICANT_FIELDS = ['address'] as const;
const MAX_SECRET = 200;

/**
 * A tenant's CDP client: whether passed applications are onboarded automatically, and the client id and secret
 * (encrypted), which are only stored after the CDP issued a token for them.
 */
export class CdpSettingsService {
  private readonly restoredListeners: RestoredListener[] = [];

  constructor(private readonly deps: { ds: DataSource; cipher: PiiCipher; client: Pick<CdpPort, 'token'>; relay: { nudge(): void }; log: Logger }) {}

  /** Called when a tenant's client becomes usable (again), to replace cached tokens and resume waiting work. */
  onRestored(listener: RestoredListener): void {
    this.restoredListeners.push(listener);
  }

  find(tenantId: string): Promise<CdpSettingsRecord | null> {
    return this.deps.ds.manager.findOneBy(CdpSettingsRecord, { tenantId });
  }

  async usable(
    tenantId: string,
  ): Promise<
    | { ok: true; value: { clientId: string; clientSecret: string } }
    | { ok: false; error: { code: CredentialProblemCode; message: string }; clientId: string | null }
  > {
    const record = await this.find(tenantId);
    if (!record) return { ok: false, error: { code: 'CDP_NOT_CONFIGURED', message: 'no CDP client is configured for this tenant' }, clientId: null };
    if (record.status !== 'active') {
      return {
        ok: false,
        error: { code: 'CDP_BAD_CREDENTIALS', message: `the CDP client needs attention: ${record.statusReason ?? record.status}` },
        clientId: record.clientId,
      };
    }
    return { ok: true, value: { clientId: record.clientId, clientSecret: this.deps.cipher.decrypt(record.clientSecretEnc, tenantId) } };
  }

  /** The CDP refused the stored client: onboardings wait until a partner admin configures it again. */
  async markInvalid(tenantId: string, reason: string): Promise<void> {
    const now = new Date();
    const res = await this.deps.ds
      .createQueryBuilder()
      .update(CdpSettingsRecord)
      .set({ status: 'invalid_credentials', statusReason: reason, statusChangedAt: now, updatedAt: now })
      .where('tenant_id = :tenantId AND status = :status', { tenantId, status: 'active' })
      .execute();
    if (res.affected) this.deps.log.warn({ tenantId }, 'the CDP refused the tenant client; onboardings wait for a partner admin');
  }

  /**
   * Saves the tenant's settings. New credentials, and turning automatic onboarding on, are checked by fetching a
   * token first; a refused check saves nothing.
   */
  async configure(auth: InternalContext, input: { enabled: boolean; clientId?: string | null; clientSecret?: string | null }): Promise<SettingsResult> {
    const errors: FieldProblem[] = [];
    const clientId = input.clientId?.trim() || null;
    const clientSecret = input.clientSecret || null;
    if ((clientId === null) !== (clientSecret === null)) {
      errors.push({
        code: 'CREDENTIALS_INCOMPLETE',
        message: 'give the client id and the client secret together',
        field: clientId === null ? 'input.clientId' : 'input.clientSecret',
      });
    }
    if (clientId !== null && !CLIENT_ID.test(clientId))
      errors.push({ code: 'INVALID_CLIENT_ID', message: 'use 1-100 letters, digits or _ . -', field: 'input.clientId' });
    if (clientSecret !== null && clientSecret.length > MAX_SECRET)
      errors.push({ code: 'INVALID_CLIENT_SECRET', message: `the secret may have at most ${MAX_SECRET} characters`, field: 'input.clientSecret' });
    if (errors.length > 0) return { ok: false, errors };

    const previous = await this.find(auth.tenantId);
    let credentials: { clientId: string; clientSecret: string };
    if (clientId && clientSecret) credentials = { clientId, clientSecret };
    else if (previous) credentials = { clientId: previous.clientId, clientSecret: this.deps.cipher.decrypt(previous.clientSecretEnc, auth.tenantId) };
    else return { ok: false, errors: [{ code: 'CDP_NOT_CONFIGURED', message: 'give a client id and secret the first time', field: 'input.clientId' }] };

    let tokens: CdpTokenSet | null = null;
    if (clientId || input.enabled) {
      const calls: CdpCall[] = [];
      const checked = await this.deps.client.token(
        { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret },
        (c) => calls.push(c),
      );
      const { ds } = this.deps;
      await ds.transaction((m) =>
        recordCdpCalls(m, ds, { tenantId: auth.tenantId, clientId: credentials.clientId, applicationId: null, actor: actorOf(auth) }, calls),
      );
      this.deps.relay.nudge();
      if (!checked.ok) {
        const field = checked.error.code === 'CDP_BAD_CREDENTIALS' ? 'input.clientSecret' : null;
        return { ok: false, errors: [{ code: checked.error.code, message: checked.error.message, field }] };
      }
      tokens = checked.value;
    }

    const now = new Date();
    const status = tokens ? 'active' : (previous?.status ?? 'active');
    const record = this.deps.ds.manager.create(CdpSettingsRecord, {
      tenantId: auth.tenantId,
      enabled: input.enabled,
      clientId: credentials.clientId,
      clientSecretEnc: this.deps.cipher.encrypt(credentials.clientSecret, auth.tenantId),
      status,
      statusReason: status === 'active' ? null : (previous?.statusReason ?? null),
      statusChangedAt: previous && previous.status === status ? previous.statusChangedAt : now,
      updatedBy: auth.userId,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    });
    const { ds } = this.deps;
    await ds.transaction(async (m) => {
      await m.save(CdpSettingsRecord, record);
      await enqueueEvents(m, ds, [
        createEvent(
          'cdp.settings.changed',
          { tenantId: auth.tenantId, correlationId: auth.tenantId, actor: actorOf(auth) },
          { enabled: input.enabled, requiredFields: [...CDP_REQUIRED_APPLICANT_FIELDS] },
        ),
      ]);
    });
    this.deps.relay.nudge();
    if (tokens) for (const listener of this.restoredListeners) await listener(auth.tenantId, { clientId: credentials.clientId, tokens });
    return { ok: true, record };
  }
}
