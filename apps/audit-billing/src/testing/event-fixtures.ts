import { randomUUID } from 'node:crypto';
import type { PiiCipher } from '@ekyc/crypto';
import type { IncomingMessage } from '@ekyc/event-bus';
import { createEvent, topicForEvent, type Actor, type EventData, type EventType, type KycEvent } from '@ekyc/event-schemas';

/** Events of one tenant as their producers would publish them, and the Kafka messages that carry them (tests only). */
export function tenantEvents(cipher: PiiCipher, tenantId: string = randomUUID()) {
  let offset = 0;
  const SYSTEM: Actor = { kind: 'system', id: 'identity-document' };
  const make = <T extends EventType>(type: T, correlationId: string, actor: Actor, at: Date, data: EventData<T>): KycEvent<T> =>
    createEvent(type, { tenantId, correlationId, actor, occurredAt: at }, data);

  const sealedApplicant = (args: { nid: string; nameEn: string; mobileNumber: string }) => {
    const applicant = {
      nid: args.nid,
      nameEn: args.nameEn,
      name: 'আবদুস সালাম',
      dateOfBirth: '1978-03-23',
      father: null,
      mother: null,
      spouse: null,
      presentAddress: null,
      permanentAddress: null,
    };
    return {
      documentType: 'nid_smart' as const,
      applicantSealed: cipher.encrypt(JSON.stringify(applicant), tenantId),
      mobileNumberSealed: cipher.encrypt(args.mobileNumber, tenantId),
    };
  };
  return {
    tenantId,
    message(event: KycEvent, partition = 0): IncomingMessage {
      return {
        topic: topicForEvent(event.type),
        partition,
        offset: String(offset++),
        key: event.correlationId,
        value: Buffer.from(JSON.stringify(event)),
        headers: {},
      };
    },
    created: (applicationId: string, agentId: string, at: Date) =>
      make('application.created', applicationId, { kind: 'api_token', id: agentId }, at, { applicationId, status: 'draft', channel: 'agent' }),
    submitted(applicationId: string, args: { agentId: string; at: Date; nid: string; nameEn: string; mobileNumber: string }) {
      return make('application.submitted', applicationId, { kind: 'api_token', id: args.agentId }, args.at, {
        applicationId,
        submissionId: null,
        ...sealedApplicant(args),
      });
    },
    completed: (applicationId: string, status: 'passed' | 'failed' | 'invalid' | 'pending', reason: string | null, at: Date, actor: Actor = SYSTEM) =>
      make('verification.completed', applicationId, actor, at, { applicationId, status, reason }),
    /** An application refused by policy when submitted: no application.submitted, the refusal carries who it was. */
    refused: (applicationId: string, reason: string, at: Date, actor: Actor, args: { nid: string; nameEn: string; mobileNumber: string }) =>
      make('verification.completed', applicationId, actor, at, { applicationId, status: 'invalid', reason, refused: sealedApplicant(args) }),
    nidCall(args: {
      applicationId: string | null;
      username: string;
      at: Date;
      httpStatus: number | null;
      outcome: 'success' | 'rejected' | 'unavailable' | 'timeout';
      operation?: EventData<'nid.call.recorded'>['operation'];
    }) {
      const callId = randomUUID();
      return make('nid.call.recorded', args.applicationId ?? callId, { kind: 'system', id: 'provider-nid' }, args.at, {
        callId,
        applicationId: args.applicationId,
        operation: args.operation ?? 'demographic_verification',
        username: args.username,
        outcome: args.outcome,
        httpStatus: args.httpStatus,
        latencyMs: 40,
        startedAt: args.at.toISOString(),
      });
    },
    cdpCall(args: {
      applicationId: string | null;
      clientId: string;
      at: Date;
      operation: EventData<'cdp.call.recorded'>['operation'];
      outcome: 'success' | 'rejected' | 'unavailable' | 'timeout';
      httpStatus: number | null;
    }) {
      const callId = randomUUID();
      return make('cdp.call.recorded', args.applicationId ?? callId, { kind: 'system', id: 'provider-cdp' }, args.at, {
        callId,
        applicationId: args.applicationId,
        operation: args.operation,
        clientId: args.clientId,
        outcome: args.outcome,
        httpStatus: args.httpStatus,
        responseCode: null,
        latencyMs: 30,
        startedAt: args.at.toISOString(),
      });
    },
    vendorReport(args: {
      startDate: string;
      endDate: string;
      at: Date;
      rows: Array<{ username: string; success: number; failed: number; processing?: number }>;
    }) {
      const reportId = randomUUID();
      const rows = args.rows.map((r) => {
        const callCount = r.success + r.failed + (r.processing ?? 0);
        return {
          partnerId: 30,
          partnerName: 'ABC Bank',
          username: r.username,
          callCount,
          successCount: r.success,
          failedCount: r.failed,
          processingCount: r.processing ?? 0,
          bill: callCount * 2.0,
        };
      });
      const sum = (k: 'callCount' | 'successCount' | 'failedCount' | 'processingCount') => rows.reduce((s, r) => s + r[k], 0);
      return make('nid.billing.report.fetched', reportId, { kind: 'api_token', id: randomUUID() }, args.at, {
        reportId,
        username: args.rows[0]?.username ?? 'abc',
        startDate: args.startDate,
        endDate: args.endDate,
        fetchedAt: args.at.toISOString(),
        generatedTime: 'Fri Mar 01 22:00:00 BDT 2024',
        partnerId: 30,
        totalCallCount: sum('callCount'),
        totalSuccessCount: sum('successCount'),
        totalFailedCount: sum('failedCount'),
        totalProcessingCount: sum('processingCount'),
        totalBill: sum('callCount') * 2.0,
        rows,
      });
    },
  };
}
