import type { DataSource } from 'typeorm';
import { sha256Hex, type PiiCipher } from '@ekyc/crypto';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { createEvent } from '@ekyc/event-schemas';
import type { InternalContext } from '@ekyc/internal-context';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { ApplicationRecord, type ResubmissionItemValue } from '../application/application.entity';
import type { DecisionService } from '../decision/decision.service';
import { storeDocumentImage } from '../document-image/document-image.store';
import { decodeImage, type ImageUpload } from '../submission/image-input';
import { AWAITING_RESUBMISSION } from './pending-owner';

export interface ResubmitCommand {
  applicationId: string;
  selfie?: string | null;
  documentFront?: string | null;
  documentBack?: string | null;
}

export type ResubmitResult = { ok: true; record: ApplicationRecord; replayed: boolean } | { ok: false; errors: FieldProblem[] };

/** Each item a reviewer may ask for, and the input field that carries it. */
const ITEM_FIELDS: ReadonlyArray<[ResubmissionItemValue, keyof Omit<ResubmitCommand, 'applicationId'>]> = [
  ['SELFIE', 'selfie'],
  ['DOCUMENT_FRONT', 'documentFront'],
  ['DOCUMENT_BACK', 'documentBack'],
];

const refused = (code: string, message: string): ResubmitResult => ({ ok: false, errors: [{ code, message, field: 'input.applicationId' }] });

/**
 * The agent's answer to a reviewer's resubmission request: exactly the items asked for, before the due time. A new
 * selfie is compared again (and checked against known faces); new document photos go to a reviewer in a new case.
 * Sending the same items again is a safe retry; sending different ones after an answer is refused.
 */
export class ResubmissionService {
  constructor(
    private readonly deps: {
      ds: DataSource;
      cipher: PiiCipher;
      relay: Pick<OutboxRelay, 'nudge'>;
      decisions: Pick<DecisionService, 'redecide'>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async resubmit(auth: InternalContext, command: ResubmitCommand): Promise<ResubmitResult> {
    const errors: FieldProblem[] = [];
    const images = new Map<ResubmissionItemValue, ImageUpload>();
    for (const [item, field] of ITEM_FIELDS) {
      const decoded = await decodeImage(command[field], `input.${field}`, false);
      if (!decoded.ok) errors.push(decoded.error);
      else if (decoded.value) images.set(item, decoded.value);
    }
    if (errors.length > 0) return { ok: false, errors };
    const { ds, cipher } = this.deps;
    const sent = ITEM_FIELDS.map(([item]) => {
      const image = images.get(item);
      return `${item}:${image ? sha256Hex(image.bytes) : '-'}`;
    });
    const digest = cipher.blindIndex(sent.join('\n'), auth.tenantId);
    const result = await ds.transaction(async (m): Promise<ResubmitResult> => {
      const record = await m.findOne(ApplicationRecord, { where: { tenantId: auth.tenantId, id: command.applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!record) return refused('APPLICATION_NOT_FOUND', 'no application with this id in your tenant');
      const request = record.resubmission;
      if (request?.received) {
        if (request.received.digest === digest) return { ok: true, record, replayed: true };
        return refused('ALREADY_RESUBMITTED', 'the items asked for were already sent; the application is being decided again');
      }
      if (!request || record.status !== 'pending' || !record.decisionReason?.startsWith(AWAITING_RESUBMISSION)) {
        return refused('RESUBMISSION_NOT_REQUESTED', `no reviewer asked for items on this application (it is ${record.status})`);
      }
      if (new Date(request.dueAt) <= this.now()) {
        return refused('RESUBMISSION_EXPIRED', `the items were due by ${request.dueAt}; a reviewer decides the application now`);
      }
      const wanted = new Set(request.items);
      for (const [item, field] of ITEM_FIELDS) {
        if (wanted.has(item) && !images.has(item))
          errors.push({ code: 'REQUIRED', message: `the reviewer asked for ${item}: send it (JPEG or PNG, base64)`, field: `input.${field}` });
        if (!wanted.has(item) && images.has(item))
          errors.push({
            code: 'NOT_REQUESTED',
            message: `the reviewer did not ask for ${item}; send only ${request.items.join(', ')}`,
            field: `input.${field}`,
          });
      }
      if (errors.length > 0) return { ok: false, errors };

      const store = async (item: ResubmissionItemValue) => {
        const image = images.get(item);
        return image ? storeDocumentImage(m, cipher, auth.tenantId, image) : null;
      };
      const [selfieRef, front, back] = [await store('SELFIE'), await store('DOCUMENT_FRONT'), await store('DOCUMENT_BACK')];
      const now = this.now();
      Object.assign(record, {
        resubmission: { ...request, received: { at: now.toISOString(), digest, front, back } },
        resubmittedAt: now,
        // The case's question again, until the new evidence answers it.
        decisionReason: request.previousReason,
        updatedAt: now,
        ...(selfieRef ? { selfieRef, faceResult: null } : {}),
      });
      const event = createEvent(
        'application.resubmitted',
        { tenantId: auth.tenantId, correlationId: record.id, actor: actorOf(auth) },
        { applicationId: record.id, items: request.items, selfieRef, documentRefs: { front, back } },
      );
      await enqueueEvents(m, ds, [event]);
      await this.deps.decisions.redecide(m, record, event.id, actorOf(auth));
      return { ok: true, record, replayed: false };
    });
    if (result.ok && !result.replayed) this.deps.relay.nudge();
    return result;
  }
}
