import type { ApplicantFields } from '@ekyc/event-schemas';
import { canonicalText } from '@ekyc/field-matching';
import { CDP_MASTER_DATA, type CdpAddress, type CdpDocument, type CdpOnboardingRequest } from '@ekyc/provider-contracts';
import type { StoredNidResult } from './cdp-onboarding.entity';

const comparable = (text: string) => canonicalText(text).toLowerCase();

/** The BBS geocode of a division named in Bengali or English; the name itself when it is none (the CDP will say so). */
export function divisionCodeOf(division: string): string {
  const name = comparable(division);
  const found = CDP_MASTER_DATA.bdDivisions.find((d) => [d.nameBn, d.nameEn, d.code].some((n) => comparable(n) === name));
  return found?.code ?? canonicalText(division);
}

/** 01XXXXXXXXX as identity-document stores it → 8801XXXXXXXXX as the CDP takes it. */
export const toMsisdn = (mobile: string): string => (mobile.startsWith('0') ? `88${mobile}` : mobile.replace(/^\+/, ''));

function address(a: NonNullable<ApplicantFields['presentAddress']>): CdpAddress {
  return {
    ...(a.line ? { addressLine: a.line.slice(0, 200) } : {}),
    upazila: canonicalText(a.upozila),
    district: canonicalText(a.district),
    divisionCode: divisionCodeOf(a.division),
    countryCode: 'BD',
  };
}

export interface OnboardingFacts {
  applicationId: string;
  applicant: ApplicantFields;
  mobileNumber: string | null;
  /** When the EC confirmed the applicant (the NID result), or the application was decided. */
  verifiedAt: Date;
  nidResult: StoredNidResult | null;
  documents: CdpDocument[];
}

/**
 * The onboarding request for a passed application: the details the Election Commission confirmed, the
 * Bangladesh-specific attributes, and the documents. The requestId is the application id, so any repetition of
 * this onboarding can only meet the customer the first one created.
 */
export function toCdpOnboardingRequest(facts: OnboardingFacts): CdpOnboardingRequest {
  const { applicant } = facts;
  const attributes: Record<string, string> = { NAME_BN: canonicalText(applicant.name) };
  if (applicant.father) attributes['FATHER_NAME'] = canonicalText(applicant.father);
  if (applicant.mother) attributes['MOTHER_NAME'] = canonicalText(applicant.mother);
  if (applicant.spouse?.trim()) attributes['SPOUSE_NAME'] = canonicalText(applicant.spouse);
  const present = applicant.presentAddress ?? applicant.permanentAddress;
  const customer: CdpOnboardingRequest['customer'] = {
    idType: 'NID',
    idNumber: applicant.nid,
    fullName: canonicalText(applicant.nameEn),
    dateOfBirth: applicant.dateOfBirth,
    nationality: 'BD',
    mobileNumber: facts.mobileNumber ? toMsisdn(facts.mobileNumber) : '',
    ...(present ? { presentAddress: address(present) } : {}),
    ...(applicant.permanentAddress ? { permanentAddress: address(applicant.permanentAddress) } : {}),
  } as CdpOnboardingRequest['customer'];
  const verifiedFields = facts.nidResult?.fields.filter((f) => f.matched).map((f) => f.field);
  return {
    requestId: facts.applicationId,
    channel: 'EKYC',
    customer,
    trustedSource: {
      source: 'EC_NID',
      verifiedAt: facts.verifiedAt.toISOString(),
      referenceId: facts.applicationId,
      ...(verifiedFields?.length ? { verifiedFields } : {}),
    },
    additionalInfo: { countryCode: 'BD', attributes },
    documents: facts.documents,
  };
}

/** The eKYC report sent with the onboarding: what was checked and decided, no personal data. */
export function ekycReport(facts: {
  applicationId: string;
  documentType: string | null;
  applicationStatus: string | null;
  decidedAt: Date | null;
  nidResult: StoredNidResult | null;
  generatedAt: Date;
}): CdpDocument {
  const report = {
    reportType: 'EKYC_VERIFICATION',
    provider: 'ekyc-platform',
    applicationId: facts.applicationId,
    documentType: facts.documentType,
    decision: facts.applicationStatus,
    decidedAt: facts.decidedAt?.toISOString() ?? null,
    nidVerification: facts.nidResult ? { source: 'EC_NID', outcome: facts.nidResult.outcome, fields: facts.nidResult.fields } : null,
    generatedAt: facts.generatedAt.toISOString(),
  };
  return {
    documentType: 'EKYC_REPORT',
    mimeType: 'application/json',
    fileName: `ekyc-report-${facts.applicationId}.json`,
    content: Buffer.from(JSON.stringify(report)).toString('base64'),
  };
}
