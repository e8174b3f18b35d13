import { maskEmail, maskPhoneNumber } from './contact';
import type { EkycRequestRecord } from './ekyc-request.entity';
import type { EkycRequestContact } from './ekyc-request.service';
import { EkycRequest, EkycRequestStatus, OtpDelivery } from './ekyc-request.type';

/** `contact` is the decrypted email and phone (null once deleted); `masked` hides them for roles that may only read. */
export function toEkycRequest(
  record: EkycRequestRecord,
  contact: EkycRequestContact | null,
  options: { masked: boolean; attemptsRemaining: number },
): EkycRequest {
  return Object.assign(new EkycRequest(), {
    id: record.id,
    status: EkycRequestStatus[record.status],
    email: contact && (options.masked ? maskEmail(contact.email) : contact.email),
    phoneNumber: contact && (options.masked ? maskPhoneNumber(contact.phoneNumber) : contact.phoneNumber),
    contactMasked: options.masked,
    documentIdentificationId: record.submissionId,
    otpDelivery: record.otpDelivery ? OtpDelivery[record.otpDelivery] : null,
    otpExpiresAt: record.otpHash ? record.otpExpiresAt : null,
    otpAttemptsRemaining: options.attemptsRemaining,
    verifiedAt: record.verifiedAt,
    acceptedAt: record.acceptedAt,
    clearedAt: record.clearedAt,
    deletedAt: record.deletedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
}
