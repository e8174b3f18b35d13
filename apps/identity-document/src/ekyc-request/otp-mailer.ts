import { createTransport } from 'nodemailer';

export interface OtpMail {
  to: string;
  otp: string;
  expiresAt: Date;
  ttlMinutes: number;
}

/** Port: hands the OTP mail to a mail server; rejects when it was not accepted. */
export interface OtpMailer {
  sendOtp(mail: OtpMail): Promise<void>;
  close(): void;
}

/**
 * Plain ASCII text in short lines, so it travels as 7bit UTF-8 and anyone (or any test) can read the code
 * straight from the message.
 */
export function otpMailContent(mail: OtpMail): { subject: string; text: string } {
  return {
    subject: 'Your eKYC verification code',
    text: [
      `Your eKYC verification code is ${mail.otp}.`,
      '',
      `It expires in ${mail.ttlMinutes} minutes. You will get a phone call`,
      'asking for this code and the last four digits of the number',
      'on the identity document you submitted.',
      '',
      'If you did not ask to be verified, ignore this email.',
    ].join('\n'),
  };
}

/** The SMTP transport's code for a failure (e.g. ECONNECTION, EENVELOPE), never its message: that may quote the address. */
export const mailErrorCode = (err: unknown): string => {
  const { code, responseCode } = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return typeof responseCode === 'number' ? `${code}_${responseCode}` : code;
  return 'SEND_FAILED';
};

export function createSmtpOtpMailer(options: { smtpUrl: string; from: string; timeoutMs: number }): OtpMailer {
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async sendOtp(mail) {
      await transport.sendMail({ from: options.from, to: mail.to, ...otpMailContent(mail) });
    },
    close: () => transport.close(),
  };
}
