import { EkycRequestRecord } from './ekyc-request.entity';
import { toEkycRequest } from './ekyc-request.mapper';

const at = new Date('2025-01-01T10:00:00Z');
const record = Object.assign(new EkycRequestRecord(), {
  id: '0b6f3c1e-9a4d-4e2b-8c7a-1d2e3f4a5b6c',
  tenantId: '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f',
  status: 'otp_sent',
  emailEnc: 'v1.x.y.z',
  emailIdx: 'idx',
  phoneEnc: 'v1.x.y.z',
  phoneIdx: 'idx',
  submissionId: '7a1d3e5f-2b4c-4d6e-8f0a-1b2c3d4e5f60',
  otpHash: 'v1.hash',
  otpExpiresAt: new Date('2025-01-01T10:10:00Z'),
  otpAttempts: 1,
  otpDelivery: 'sent',
  verifiedAt: null,
  acceptedAt: null,
  clearedAt: null,
  deletedAt: null,
  createdAt: at,
  updatedAt: at,
});
const contact = { email: 'alice@example.com', phoneNumber: '+8801712345678' };

describe('toEkycRequest', () => {
  it('shows email and phone in full to roles that may act on the request', () => {
    expect(toEkycRequest(record, contact, { masked: false, attemptsRemaining: 4 })).toMatchObject({
      id: record.id,
      status: 'otp_sent',
      email: 'alice@example.com',
      phoneNumber: '+8801712345678',
      contactMasked: false,
      documentIdentificationId: record.submissionId,
      otpDelivery: 'sent',
      otpExpiresAt: record.otpExpiresAt,
      otpAttemptsRemaining: 4,
    });
  });

  it('masks them for read-only roles', () => {
    const view = toEkycRequest(record, contact, { masked: true, attemptsRemaining: 4 });
    expect(view).toMatchObject({ email: 'a***@example.com', phoneNumber: '+88017******78', contactMasked: true });
    expect(JSON.stringify(view)).not.toContain('alice');
    expect(JSON.stringify(view)).not.toContain('12345678');
  });

  it('has no contact once deleted, and no expiry once the code is spent', () => {
    const deleted = Object.assign(new EkycRequestRecord(), { ...record, status: 'deleted', emailEnc: null, phoneEnc: null, otpHash: null, deletedAt: at });
    expect(toEkycRequest(deleted, null, { masked: false, attemptsRemaining: 4 })).toMatchObject({
      status: 'deleted',
      email: null,
      phoneNumber: null,
      otpExpiresAt: null,
      deletedAt: at,
    });
  });
});
