import {
  AGENT_STATUS_FIELDS,
  AGENT_STEP2_FIELDS,
  type AgentStep1Data,
  type AgentStep2Form,
  type AgentVerificationDetail,
  type AgentVerificationLogEntry,
  type AgentVerificationStatusResponse,
  type RestFieldProblem,
  type RestProblem,
} from '@ekyc/partner-api';
import { parseAddressText, parseGender } from '../applicant-text';
import type { OcrFieldView, SubmissionRead, VerificationLogEntryView, VerificationStatusView } from '../operations';
import { restProblem } from '../rest-route';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const IMAGE_NAME = new RegExp(`^(${UUID})-(front|back)\\.jpg$`, 'i');

/** Step 1's image names carry the submission, which the contract's step 2 has no field for. */
export const agentImageName = (submissionId: string, side: 'front' | 'back'): string => `${submissionId}-${side}.jpg`;

export function submissionOfImageNames(front: string, back: string): { ok: true; submissionId: string } | { ok: false; problem: RestProblem } {
  const unknown = (field: string, name: string) =>
    ({
      ok: false,
      problem: restProblem(
        400,
        'UNKNOWN_IMAGE_NAME',
        field,
        `"${name}" is not an image name step 1 returned; send step 1's ${field} (<submission id>-${field === 'id_front_name' ? 'front' : 'back'}.jpg)`,
      ),
    }) as const;
  const f = IMAGE_NAME.exec(front.trim());
  if (!f || f[2]?.toLowerCase() !== 'front') return unknown('id_front_name', front);
  const b = IMAGE_NAME.exec(back.trim());
  if (!b || b[2]?.toLowerCase() !== 'back') return unknown('id_back_name', back);
  const submissionId = (f[1] ?? '').toLowerCase();
  if ((b[1] ?? '').toLowerCase() !== submissionId) {
    return {
      ok: false,
      problem: restProblem(400, 'IMAGE_NAMES_MISMATCH', 'id_back_name', 'id_front_name and id_back_name come from two different step 1 uploads'),
    };
  }
  return { ok: true, submissionId };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `1980-10-01` as step 1's sample writes it: `1980/10/1`. Anything else is returned as it is. */
export function slashDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[1]}/${Number(m[2])}/${Number(m[3])}` : iso;
}

/** `1980-12-12` as the status sample writes it: `12/12/1980`. */
export function dayFirstDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const DHAKA_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Dhaka', day: '2-digit', month: '2-digit', year: 'numeric' });

/** An instant as the day it was in Bangladesh, `DD/MM/YYYY` (the log's `submitted_on`). */
export const dhakaDay = (instant: string): string => DHAKA_DAY.format(new Date(instant));

const valueOf = (fields: OcrFieldView[], name: string): string | null => fields.find((f) => f.name === name)?.value ?? null;

export function toAgentStep1Data(submission: SubmissionRead & { idImage: string | null; idBackImage: string | null }): AgentStep1Data {
  const read = submission.reviewOcrData;
  const dob = valueOf(read, 'dateOfBirth');
  return {
    nid_no: valueOf(read, 'nidNumber'),
    dob: dob === null ? null : slashDate(dob),
    customer_name_ben: valueOf(read, 'nameBn'),
    customer_name_eng: valueOf(read, 'nameEn'),
    father_name: valueOf(read, 'fatherName'),
    mother_name: valueOf(read, 'motherName'),
    address: valueOf(read, 'address'),
    id_front_image: submission.idImage,
    id_back_image: submission.idBackImage,
    id_front_name: agentImageName(submission.id, 'front'),
    id_back_name: agentImageName(submission.id, 'back'),
  };
}

/**
 * What step 2's form says beyond each field being there: the image names resolve to one submission,
 * the gender is one, the addresses end in upazila, district and division. Every problem at once; a field
 * not sent is not checked here (the schema reports it), so a partly filled form is checked as far as it goes.
 */
export function agentStep2Problems(form: Partial<AgentStep2Form>): RestFieldProblem[] {
  const problems: RestFieldProblem[] = [];
  if (form.id_front_name !== undefined && form.id_back_name !== undefined) {
    const submission = submissionOfImageNames(form.id_front_name, form.id_back_name);
    if (!submission.ok) problems.push(fieldProblem(submission.problem));
  }
  if (form.gender !== undefined && !parseGender(form.gender))
    problems.push({ code: 'INVALID_GENDER', field: 'gender', message: `"${form.gender}" is not a gender: send Male, Female or Third gender` });
  for (const key of ['pres_address', 'perm_address'] as const) {
    const text = form[key];
    if (text === undefined) continue;
    const address = parseAddressText(text);
    if (!address.ok) problems.push({ code: 'INVALID_ADDRESS', field: key, message: address.message });
  }
  return problems;
}

const fieldProblem = (p: RestProblem): RestFieldProblem => ({ code: p.code, field: p.field, message: p.message });

/** Step 2's form as the `completeSubmission` input (without the photo), or every field that cannot be one. */
export function agentStep2Input(form: AgentStep2Form): { ok: true; input: Record<string, unknown> } | { ok: false; problems: RestFieldProblem[] } {
  const problems = agentStep2Problems(form);
  const submission = submissionOfImageNames(form.id_front_name, form.id_back_name);
  const gender = parseGender(form.gender);
  const present = parseAddressText(form.pres_address);
  const permanent = parseAddressText(form.perm_address);
  if (problems.length > 0 || !submission.ok || !gender || !present.ok || !permanent.ok) return { ok: false, problems };
  return {
    ok: true,
    input: {
      submissionId: submission.submissionId,
      applicant: {
        nidNumber: form.nid_no,
        dateOfBirth: form.dob,
        nameBn: form.applicant_name_ben,
        nameEn: form.applicant_name_eng,
        fatherName: form.father_name,
        motherName: form.mother_name,
        presentAddress: present.value,
        permanentAddress: permanent.value,
      },
      gender,
      profession: form.profession,
      nominee: form.nominee,
      nomineeRelation: form.nominee_relation,
      mobileNumber: form.mobile_number,
    },
  };
}

/**
 * The contract field a graph error's field (`input.applicant.presentAddress.division`) is about: the one
 * whose input path is its prefix (`pres_address`).
 */
export function agentStep2FieldOf(graphField: string | null): string | null {
  if (!graphField) return null;
  const path = graphField.replace(/^input\./, '');
  const match = Object.entries(AGENT_STEP2_FIELDS).find(([, graphPath]) => path === graphPath || path.startsWith(`${graphPath}.`));
  return match ? match[0] : path;
}

export const agentStep1FieldOf = (graphField: string | null): string | null => {
  if (graphField === 'input.idImage') return 'id_front';
  if (graphField === 'input.idBackImage') return 'id_back';
  if (graphField === 'input.submissionId') return 'submission_id';
  return graphField && graphField.replace(/^input\./, '');
};

const SCORED_STATUSES = new Set(['passed', 'failed']);

/** Section C: values and scores for passed and failed applications; pending and invalid ones carry neither. */
export function toAgentStatus(view: VerificationStatusView): AgentVerificationStatusResponse {
  const status = view.status === 'draft' ? 'pending' : view.status;
  const reason = view.reason ?? undefined;
  if (!SCORED_STATUSES.has(status) || !view.detail) return { status, ...(reason ? { reason } : {}) };
  const d = view.detail;
  const fields: Record<string, string | number | null> = {};
  for (const [key, graphKey] of Object.entries(AGENT_STATUS_FIELDS)) {
    const field = d[graphKey];
    fields[key] = key === 'dob' && field.value ? dayFirstDate(field.value) : field.value;
    fields[`${key}_score`] = field.score;
  }
  const detail = {
    ...fields,
    textual_info_match: d.textualInfoMatch,
    applicant_photo_from_card: d.applicantPhotoFromCard,
    // Booleans as the contract has them: a match not established (faces not compared) is false, never null.
    applicant_photo_card_ec_match: d.applicantPhotoCardEcMatch === true,
    applicant_photo_from_app: d.applicantPhotoFromApp,
    applicant_photo_app_ec_match: d.applicantPhotoAppEcMatch === true,
  } as AgentVerificationDetail;
  return { status, detail, ...(reason ? { reason } : {}) };
}

const PLAIN_INTEGER = /^[1-9]\d*$/;
const NID_PLACEHOLDER = '\u0000nid_no\u0000';

/**
 * The status body as JSON, with `nid_no` a number as in the contract's sample. NIDs of 17 digits exceed
 * what a double holds exactly, so the digits are written as they are instead of through a JS number.
 */
export function agentStatusJson(body: AgentVerificationStatusResponse): string {
  const nid = body.detail?.nid_no;
  if (!body.detail || typeof nid !== 'string' || !PLAIN_INTEGER.test(nid)) return JSON.stringify(body);
  const text = JSON.stringify({ ...body, detail: { ...body.detail, nid_no: NID_PLACEHOLDER } });
  return text.replace(JSON.stringify(NID_PLACEHOLDER), nid);
}

export function toAgentLogEntry(node: VerificationLogEntryView): AgentVerificationLogEntry {
  return {
    mobile_number: node.mobileNumber,
    applicant_name_eng: node.applicantNameEn,
    nid_no: node.nidNumber,
    submitted_on: dhakaDay(node.submittedOn),
    verification_status: node.status,
  };
}
