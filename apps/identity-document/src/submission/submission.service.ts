import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { sha256Hex, type PiiCipher } from '@ekyc/crypto';
import type { DocumentReader } from '@ekyc/document-reader';
import { enqueueEvents, type OutboxRelay } from '@ekyc/event-bus';
import { createEvent } from '@ekyc/event-schemas';
import { canonicalText } from '@ekyc/field-matching';
import type { InternalContext } from '@ekyc/internal-context';
import { TWO_STEP_ID_TYPES } from '@ekyc/partner-api';
import type { Logger } from '@ekyc/logger';
import { actorOf, type FieldProblem } from '@ekyc/subgraph-kit';
import { validateApplicant, type ApplicantInput } from '../application/applicant';
import { ApplicationRecord, type DocumentTypeValue } from '../application/application.entity';
import type { EkycDocumentStanding } from '../ekyc-request/ekyc-request.service';
import type { ApplicationService } from '../application/application.service';
import { normalizeBdMobileNumber } from '../application/mobile-number';
import { submissionSettlement } from '../decision/decision.service';
import { loadDocumentImage, storeDocumentImage } from '../document-image/document-image.store';
import { checkApplicant, checkIssuingCountry, decisionGates, type PolicyViolation } from '../policy/submission-policy';
import type { SubmissionPolicyService } from '../policy/submission-policy.service';
import { parseCustomOptions, type CustomOptions } from './custom-options';
import {
  documentTypesFor,
  summariseAadhaarRead,
  summariseDriversLicenceRead,
  summariseLatinDocumentRead,
  summariseMrzDocumentRead,
  summariseNidRead,
  summarisePassportRead,
  type OcrFieldValue,
  type ReadSummary,
} from './document-read';
import { decodeImage, type ImageUpload } from './image-input';
import { SubmissionRecord, type SubmissionImages } from './submission.entity';

/** A submission id is good for 4 hours (two-step contract). */
/** A submission that was read and not rejected (three failed tries, or refused by policy): a document a request can be built on. */
const isReadDocument = (record: SubmissionRecord | null): record is SubmissionRecord =>
  record !== null && record.ocrEnc !== null && record.kycStatus !== 'incomplete' && record.kycStatus !== 'rejected';

export const SUBMISSION_TTL_MS = 4 * 60 * 60 * 1000;
/** Step 1 may be tried this many times; a third failed try rejects the submission. */
export const MAX_TRIES = 3;

/** The two-step contract's idTypes (`@ekyc/partner-api`). */
export const ID_TYPES = TWO_STEP_ID_TYPES;
export type IdTypeValue = (typeof ID_TYPES)[number];
export type GenderValue = 'male' | 'female' | 'third_gender';

export interface ReadDocumentCommand {
  submissionId?: string | null;
  issuingCountry: string;
  idType: IdTypeValue;
  email?: string | null;
  idImage: string;
  idBackImage?: string | null;
  crop: boolean;
  documentType?: DocumentTypeValue | null;
  userid?: string | null;
  cf1?: string | null;
  cf2?: string | null;
  cf3?: string | null;
  customOptions?: string | null;
}

export interface CompleteSubmissionCommand {
  submissionId: string;
  applicant: ApplicantInput;
  gender: GenderValue;
  profession: string;
  nominee: string;
  nomineeRelation: string;
  mobileNumber: string;
  applicantPhoto: string;
}

export type SubmissionResult = { ok: true; record: SubmissionRecord; replayed: boolean } | { ok: false; errors: FieldProblem[] };
export type CompletionResult =
  { ok: true; record: SubmissionRecord; application: ApplicationRecord; replayed: boolean } | { ok: false; errors: FieldProblem[] };

/** What the submission keeps of a read, sealed: values are PII. */
export interface SealedRead {
  fields: OcrFieldValue[];
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const COUNTRY = /^[A-Z]{3}$/;
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u;
const MAX_TEXT = 200;

const problem = (code: string, field: string, message: string): FieldProblem => ({ code, field, message });

/** Step 1's input, checked: every problem at once, or what the read goes on with. */
async function checkReadCommand(command: ReadDocumentCommand): Promise<
  | { ok: false; errors: FieldProblem[] }
  | {
      ok: true;
      country: string;
      documentType: DocumentTypeValue;
      email: string | null;
      extras: Record<string, string>;
      options: CustomOptions;
      front: ImageUpload;
      back: ImageUpload | null;
    }
> {
  const errors: FieldProblem[] = [];
  const country = command.issuingCountry.trim().toUpperCase();
  if (!COUNTRY.test(country)) errors.push(problem('INVALID_COUNTRY', 'input.issuingCountry', 'issuingCountry must be an ISO 3166 alpha-3 code, e.g. BGD'));
  const readAs = COUNTRY.test(country) ? documentTypesFor(command.idType, country) : null;
  if (readAs && !readAs.ok) errors.push(problem('UNSUPPORTED_ID_TYPE', 'input.idType', readAs.message));
  if (command.documentType && readAs?.ok && !readAs.types.includes(command.documentType)) {
    errors.push(
      problem(
        'INVALID_DOCUMENT_TYPE',
        'input.documentType',
        `documentType ${command.documentType} does not fit idType ${command.idType} (${readAs.types.join(' or ')})`,
      ),
    );
  }
  const email = command.email?.trim() || null;
  if (email !== null && (email.length > 254 || !EMAIL.test(email) || FORBIDDEN.test(email)))
    errors.push(problem('INVALID_EMAIL', 'input.email', 'email must be a valid email address'));
  const extras: Record<string, string> = {};
  for (const key of ['userid', 'cf1', 'cf2', 'cf3'] as const) {
    const value = command[key];
    if (value === null || value === undefined) continue;
    if (value.length > MAX_TEXT || FORBIDDEN.test(value))
      errors.push(problem('INVALID_TEXT', `input.${key}`, `${key} must be at most ${MAX_TEXT} printable characters`));
    else extras[key] = value;
  }
  const options = parseCustomOptions(command.customOptions, 'input.customOptions');
  if (!options.ok) errors.push(...options.errors);
  const [front, back] = await Promise.all([decodeImage(command.idImage, 'input.idImage', true), decodeImage(command.idBackImage, 'input.idBackImage', false)]);
  if (!front.ok) errors.push(front.error);
  if (!back.ok) errors.push(back.error);
  if (errors.length > 0 || !options.ok || !front.ok || !back.ok || !front.value) return { ok: false, errors };
  // Past the checks above the idType has a reader: what it is read as was decided there.
  const documentType = readAs?.ok ? (readAs.types[0] as DocumentTypeValue) : 'nid_smart';
  return { ok: true, country, documentType, email, extras, options: options.value, front: front.value, back: back.value };
}

export class SubmissionService {
  constructor(
    private readonly deps: {
      ds: DataSource;
      cipher: PiiCipher;
      relay: Pick<OutboxRelay, 'nudge'>;
      reader: Pick<DocumentReader, 'readNidCard' | 'readPassport' | 'readMrzDocument' | 'readDriversLicence' | 'readAadhaar' | 'readLatinDocument'>;
      policies: SubmissionPolicyService;
      applications: ApplicationService;
      log: Logger;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Step 1: checks the input, reads the document and records the try. A new submission starts at the
   * first try; `submissionId` retries it (the same images again are a replay, not another try).
   */
  async read(auth: InternalContext, command: ReadDocumentCommand): Promise<SubmissionResult> {
    const checked = await checkReadCommand(command);
    if (!checked.ok) return checked;
    const { country, documentType, email, extras, options, front, back } = checked;
    const { cipher } = this.deps;
    const digest = cipher.blindIndex(
      [country, command.idType, command.documentType ?? '', command.crop ? 'crop' : '', sha256Hex(front.bytes), back ? sha256Hex(back.bytes) : ''].join('\n'),
      auth.tenantId,
    );
    let existing: SubmissionRecord | null = null;
    if (command.submissionId) {
      const found = await this.retryable(this.deps.ds.manager, auth.tenantId, command.submissionId);
      if (!found.ok) return found;
      existing = found.record;
      if (existing.imagesDigest === digest) return { ok: true, record: existing, replayed: true };
    }
    const customOptions = existing && command.customOptions === undefined ? existing.customOptions : options;

    const policy = await this.deps.policies.get(auth.tenantId);
    const violation = checkIssuingCountry(policy, customOptions, country);
    const read = violation ? null : await this.readDocument(command, documentType, country, front, back);
    const images = violation ? {} : await this.deps.ds.transaction((m) => this.storeImages(m, auth.tenantId, front, back, read));

    const tried = { existing, digest, country, email, extras, customOptions, violation, read, images };
    const result = await this.deps.ds.transaction((m) => this.recordTry(m, auth, command, tried));
    if (result.ok && !result.replayed) this.deps.relay.nudge();
    return result;
  }

  /** Records one try of step 1 (a new submission, or another try of `tried.existing`) and its `document.read` event. */
  private async recordTry(
    m: EntityManager,
    auth: InternalContext,
    command: ReadDocumentCommand,
    tried: {
      existing: SubmissionRecord | null;
      digest: string;
      country: string;
      email: string | null;
      extras: Record<string, string>;
      customOptions: CustomOptions;
      violation: PolicyViolation | null;
      read: { summary: ReadSummary } | null;
      images: SubmissionImages;
    },
  ): Promise<SubmissionResult> {
    const { existing, digest, country, email, extras, customOptions, violation, read, images } = tried;
    const { cipher } = this.deps;
    let record: SubmissionRecord;
    if (existing) {
      const again = await this.retryable(m, auth.tenantId, existing.id, true);
      if (!again.ok) return again;
      record = again.record;
      if (record.imagesDigest === digest) return { ok: true, record, replayed: true };
    } else {
      const now = this.now();
      record = m.create(SubmissionRecord, {
        id: randomUUID(),
        tenantId: auth.tenantId,
        createdBy: auth.userId,
        retryCount: 0,
        images: {},
        documentFields: {},
        missingFields: [],
        expiresAt: new Date(now.getTime() + SUBMISSION_TTL_MS),
        createdAt: now,
      });
    }
    record.issuingCountry = country;
    record.idType = command.idType;
    record.emailEnc = email === null ? null : cipher.encrypt(email, auth.tenantId);
    record.extrasEnc = Object.keys(extras).length > 0 ? cipher.encrypt(JSON.stringify(extras), auth.tenantId) : null;
    record.customOptions = customOptions;
    record.retryCount += 1;
    record.imagesDigest = digest;
    record.updatedAt = this.now();
    if (violation) this.reject(record, violation);
    else if (read) this.applyRead(auth.tenantId, record, read.summary, images);
    await m.save(SubmissionRecord, record);
    await enqueueEvents(m, this.deps.ds, [
      createEvent(
        'document.read',
        { tenantId: auth.tenantId, correlationId: record.id, actor: actorOf(auth) },
        {
          submissionId: record.id,
          documentType: record.documentType,
          kycStatus: record.kycStatus,
          retryCount: record.retryCount,
          retryCode: record.retryCode,
          missingFields: record.missingFields,
        },
      ),
    ]);
    return { ok: true, record, replayed: false };
  }

  private async readDocument(
    command: ReadDocumentCommand,
    documentType: DocumentTypeValue,
    country: string,
    front: ImageUpload,
    back: ImageUpload | null,
  ): Promise<{ summary: ReadSummary; front: Buffer; back: Buffer | null; photo: Buffer | null }> {
    const { reader } = this.deps;
    try {
      if (documentType === 'passport') {
        const result = await reader.readPassport({ image: front.bytes, crop: command.crop });
        return { summary: summarisePassportRead(result), front: result.image, back: null, photo: result.photo };
      }
      if (
        documentType === 'pancard' ||
        documentType === 'vehicle_registration' ||
        documentType === 'universal' ||
        (documentType === 'drivers_license' && country !== 'USA' && country !== 'CAN')
      ) {
        const kind = documentType === 'drivers_license' ? 'drivers_license' : documentType;
        const result = await reader.readLatinDocument({ kind, front: front.bytes, back: back?.bytes, crop: command.crop, issuingCountry: country });
        return { summary: summariseLatinDocumentRead(result, documentType), front: result.front, back: result.back, photo: result.photo };
      }
      if (documentType === 'drivers_license') {
        const result = await reader.readDriversLicence({ front: front.bytes, back: back?.bytes, crop: command.crop, issuingCountry: country });
        return { summary: summariseDriversLicenceRead(result, back !== null), front: result.front, back: result.back, photo: result.photo };
      }
      if (documentType === 'aadhaar') {
        const result = await reader.readAadhaar({ front: front.bytes, back: back?.bytes, crop: command.crop });
        return { summary: summariseAadhaarRead(result), front: result.front, back: result.back, photo: result.photo };
      }
      if (documentType === 'id_card' || documentType === 'residence_permit' || documentType === 'visa') {
        const result = await reader.readMrzDocument({
          kind: documentType === 'visa' ? 'visa' : 'id_card',
          front: front.bytes,
          back: back?.bytes,
          crop: command.crop,
        });
        return { summary: summariseMrzDocumentRead(result, documentType), front: result.image, back: result.back, photo: result.photo };
      }
      const result = await reader.readNidCard({
        front: front.bytes,
        back: back?.bytes,
        crop: command.crop,
        kind: command.documentType === 'nid_old' || command.documentType === 'nid_smart' ? command.documentType : undefined,
      });
      return { summary: summariseNidRead(result, back !== null), front: result.front, back: result.back, photo: result.photo };
    } catch (err) {
      this.deps.log.error({ err }, 'document read failed');
      return {
        summary: {
          documentType,
          fields: [],
          documentFields: {},
          missingFields: [],
          retry: { code: 'READ_FAILED', message: 'the document could not be read; try again' },
        },
        front: front.bytes,
        back: back?.bytes ?? null,
        photo: null,
      };
    }
  }

  private async storeImages(
    m: EntityManager,
    tenantId: string,
    front: ImageUpload,
    back: ImageUpload | null,
    read: { front: Buffer; back: Buffer | null; photo: Buffer | null } | null,
  ): Promise<SubmissionImages> {
    const { cipher } = this.deps;
    const store = (bytes: Buffer, contentType: string) => storeDocumentImage(m, cipher, tenantId, { bytes, contentType });
    const images: SubmissionImages = { front: await store(front.bytes, front.contentType) };
    if (back) images.back = await store(back.bytes, back.contentType);
    if (read && read.front.length > 0) images.frontCropped = await store(read.front, 'image/jpeg');
    if (read?.back && read.back.length > 0) images.backCropped = await store(read.back, 'image/jpeg');
    if (read?.photo) images.cardPhoto = await store(read.photo, 'image/jpeg');
    return images;
  }

  private applyRead(tenantId: string, record: SubmissionRecord, summary: ReadSummary, images: SubmissionImages): void {
    const { cipher } = this.deps;
    record.documentType = summary.documentType;
    record.images = images;
    record.ocrEnc = cipher.encrypt(JSON.stringify({ fields: summary.fields } satisfies SealedRead), tenantId);
    record.documentFields = summary.documentFields;
    record.missingFields = summary.missingFields;
    const number = summary.fields.find((f) => (f.name === 'nidNumber' || f.name === 'documentNumber') && f.accepted)?.value;
    record.ocrNidIdx = number ? cipher.blindIndex(number, tenantId) : null;
    if (!summary.retry) {
      record.kycStatus = 'pending';
      record.retryCode = null;
      record.retryMessage = null;
    } else if (record.retryCount >= MAX_TRIES) {
      record.kycStatus = 'rejected';
      record.retryCode = 'TOO_MANY_RETRIES';
      record.retryMessage = `step 1 failed ${MAX_TRIES} times; the last try: ${summary.retry.message}`;
    } else {
      record.kycStatus = 'incomplete';
      record.retryCode = summary.retry.code;
      record.retryMessage = `${summary.retry.message} (${MAX_TRIES - record.retryCount} tries left)`;
    }
  }

  private reject(record: SubmissionRecord, violation: PolicyViolation): void {
    record.kycStatus = 'rejected';
    record.retryCode = violation.code;
    record.retryMessage = violation.message;
  }

  /** A submission step 1 may still be tried on. */
  private async retryable(
    m: EntityManager,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<{ ok: true; record: SubmissionRecord } | { ok: false; errors: FieldProblem[] }> {
    const found = await this.usable(m, tenantId, id, lock);
    if (!found.ok) return found;
    const { record } = found;
    const fail = (code: string, message: string) => ({ ok: false as const, errors: [problem(code, 'input.submissionId', message)] });
    if (record.applicationId) return fail('ALREADY_SUBMITTED', 'step 2 was already completed for this submission');
    if (record.retryCount >= MAX_TRIES) return fail('TOO_MANY_RETRIES', `step 1 was already tried ${MAX_TRIES} times`);
    return found;
  }

  /** Exists in the tenant, has not expired and was not rejected. */
  private async usable(
    m: EntityManager,
    tenantId: string,
    id: string,
    lock: boolean,
  ): Promise<{ ok: true; record: SubmissionRecord } | { ok: false; errors: FieldProblem[] }> {
    const record = await m.findOne(SubmissionRecord, { where: { tenantId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    const fail = (code: string, message: string) => ({ ok: false as const, errors: [problem(code, 'input.submissionId', message)] });
    if (!record) return fail('SUBMISSION_NOT_FOUND', 'no submission with this id in your tenant');
    if (record.kycStatus === 'rejected' && !record.applicationId)
      return fail('SUBMISSION_REJECTED', `the submission was rejected: ${record.retryMessage ?? record.retryCode}`);
    if (record.expiresAt.getTime() <= this.now().getTime() && !record.applicationId) {
      return fail('SUBMISSION_EXPIRED', 'the submission id is valid for 4 hours after step 1; start again with step 1');
    }
    return { ok: true, record };
  }

  /**
   * Step 2: the applicant as the agent confirmed it, the customer's details and photo. Every invalid
   * field is reported at once. The application becomes pending (and is verified) or, when the tenant's
   * policy refuses the applicant, invalid with the rule's code.
   */
  async complete(auth: InternalContext, command: CompleteSubmissionCommand): Promise<CompletionResult> {
    const errors: FieldProblem[] = [];
    const applicant = validateApplicant(command.applicant, this.now());
    if (!applicant.ok) errors.push(...applicant.errors);
    const mobile = normalizeBdMobileNumber(command.mobileNumber);
    if (!mobile.ok) errors.push(problem('INVALID_MOBILE_NUMBER', 'input.mobileNumber', mobile.message));
    const details: Record<string, string> = { gender: command.gender };
    for (const key of ['profession', 'nominee', 'nomineeRelation'] as const) {
      const text = canonicalText(command[key] ?? '');
      if (!text) errors.push(problem('REQUIRED', `input.${key}`, `${key} is required`));
      else if (text.length > MAX_TEXT || FORBIDDEN.test(command[key]))
        errors.push(problem('INVALID_TEXT', `input.${key}`, `${key} must be at most ${MAX_TEXT} printable characters`));
      else details[key] = text;
    }
    const photo = await decodeImage(command.applicantPhoto, 'input.applicantPhoto', true);
    if (!photo.ok) errors.push(photo.error);
    if (applicant.ok) errors.push(...(await this.deps.applications.onboardingProblems(auth.tenantId, applicant.value)));
    if (errors.length > 0 || !applicant.ok || !mobile.ok || !photo.ok || !photo.value) return { ok: false, errors };

    const { cipher, ds, applications } = this.deps;
    const selfie = photo.value;
    const digest = cipher.blindIndex(
      ['step2', JSON.stringify(applicant.value), mobile.value, JSON.stringify(details), sha256Hex(selfie.bytes)].join('\n'),
      auth.tenantId,
    );
    const result = await ds.transaction(async (m): Promise<CompletionResult> => {
      const found = await this.usable(m, auth.tenantId, command.submissionId, true);
      if (!found.ok) return found;
      const record = found.record;
      if (record.applicationId) {
        const application = await m.findOneByOrFail(ApplicationRecord, { tenantId: auth.tenantId, id: record.applicationId });
        if (application.applicantDigest === digest) return { ok: true, record, application, replayed: true };
        return { ok: false, errors: [problem('ALREADY_SUBMITTED', 'input.submissionId', 'step 2 was already completed for this submission with other data')] };
      }
      if (record.kycStatus !== 'pending' || !record.documentType) {
        return {
          ok: false,
          errors: [
            problem(
              'SUBMISSION_INCOMPLETE',
              'input.submissionId',
              `step 1 has not read the document yet (${record.retryCode ?? 'no read'}); retry step 1 first`,
            ),
          ],
        };
      }
      const policy = await this.deps.policies.get(auth.tenantId, m);
      const violation = checkApplicant(
        policy,
        record.customOptions,
        { dateOfBirth: applicant.value.dateOfBirth, prior: await applications.priorApplications(m, auth.tenantId, applicant.value.nid) },
        this.now(),
      );
      const selfieRef = await storeDocumentImage(m, cipher, auth.tenantId, selfie);
      const application = await applications.openDraft(m, auth, { mobileNumber: mobile.value, channel: 'agent', submissionId: record.id });
      application.detailsEnc = cipher.encrypt(JSON.stringify(details), auth.tenantId);
      application.selfieRef = selfieRef;
      application.cardPhotoRef = record.images.cardPhoto ?? null;
      Object.assign(application, decisionGates(policy));
      await applications.markSubmitted(m, auth, application, {
        documentType: record.documentType,
        applicant: applicant.value,
        digest,
        submissionId: record.id,
        selfieRef,
        cardPhotoRef: application.cardPhotoRef,
        documentRefs: { front: record.images.frontCropped ?? record.images.front ?? null, back: record.images.backCropped ?? record.images.back ?? null },
        publish: !violation,
      });
      if (violation) await applications.refuse(m, auth, application, violation);
      Object.assign(record, { applicationId: application.id, updatedAt: this.now() }, submissionSettlement(application));
      await m.save(SubmissionRecord, record);
      return { ok: true, record, application, replayed: false };
    });
    if (result.ok && !result.replayed) this.deps.relay.nudge();
    return result;
  }

  findById(tenantId: string, id: string): Promise<SubmissionRecord | null> {
    return this.deps.ds.manager.findOneBy(SubmissionRecord, { tenantId, id });
  }

  readOf(record: SubmissionRecord): SealedRead | null {
    return record.ocrEnc ? (JSON.parse(this.deps.cipher.decrypt(record.ocrEnc, record.tenantId)) as SealedRead) : null;
  }

  async imageBase64(tenantId: string, ref: string | null | undefined): Promise<string | null> {
    if (!ref) return null;
    const image = await loadDocumentImage(this.deps.ds.manager, this.deps.cipher, tenantId, ref);
    return image ? image.bytes.toString('base64') : null;
  }

  /** For eKYC requests: a submission whose document was read. */
  async hasDocument(tenantId: string, id: string): Promise<boolean> {
    return isReadDocument(await this.deps.ds.manager.findOneBy(SubmissionRecord, { tenantId, id }));
  }

  /**
   * Whether an eKYC request may be built on this submission: a document that was read, whose customer passed the
   * checks the tenant's policy requires (face match, liveness) when it requires any: the application step 2 made of it
   * has passed.
   */
  async ekycStanding(tenantId: string, id: string): Promise<EkycDocumentStanding> {
    const { manager } = this.deps.ds;
    const record = await manager.findOneBy(SubmissionRecord, { tenantId, id });
    if (!isReadDocument(record)) return 'not_found';
    const policy = await this.deps.policies.get(tenantId);
    if (!policy.requireFaceMatch && !policy.requireLiveness) return 'ready';
    const application = record.applicationId ? await manager.findOneBy(ApplicationRecord, { tenantId, id: record.applicationId }) : null;
    return application?.status === 'passed' ? 'ready' : 'unverified';
  }

  /** The last four digits of the document number as read, for the phone check of eKYC requests. */
  async lastFourOfDocumentNumber(tenantId: string, id: string): Promise<string | null> {
    const record = await this.findById(tenantId, id);
    const number = record && this.readOf(record)?.fields.find((f) => f.name === 'nidNumber' || f.name === 'documentNumber')?.value;
    return number ? number.slice(-4) : null;
  }
}
