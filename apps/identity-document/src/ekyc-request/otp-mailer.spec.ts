import { mailErrorCode, otpMailContent } from './otp-mailer';

describe('otpMailContent', () => {
  const mail = { to: 'someone@example.com', otp: '042137', expiresAt: new Date('2025-01-01T00:10:00Z'), ttlMinutes: 10 };

  it('is short plain ASCII, so it goes out as 7bit and the code can be read straight from it', () => {
    const { subject, text } = otpMailContent(mail);
    expect(subject).toBe('Your eKYC verification code');
    expect(text).toContain('Your eKYC verification code is 042137.');
    expect(text).toContain('expires in 10 minutes');
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(76);
  });
});

describe('mailErrorCode', () => {
  it("keeps the transport's code and SMTP status, never the message", () => {
    expect(mailErrorCode(Object.assign(new Error('Connection refused to someone@example.com'), { code: 'ECONNECTION' }))).toBe('ECONNECTION');
    expect(mailErrorCode(Object.assign(new Error('451 try later'), { code: 'EENVELOPE', responseCode: 451 }))).toBe('EENVELOPE_451');
    expect(mailErrorCode(new Error('someone@example.com rejected'))).toBe('SEND_FAILED');
    expect(mailErrorCode(undefined)).toBe('SEND_FAILED');
  });
});
