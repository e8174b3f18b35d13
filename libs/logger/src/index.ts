import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Fields that may hold personal data or secrets, redacted at the top of a log object and up to two
 * levels down (pino's redaction has no recursive wildcard: log ids and codes, not nested records).
 */
export const PII_KEYS = [
  'name',
  'nameEn',
  'nameBn',
  'applicantNameEng',
  'applicantNameBen',
  'fatherName',
  'motherName',
  'spouseName',
  'nid',
  'nidNumber',
  'nid10Digit',
  'nid17Digit',
  'dob',
  'dateOfBirth',
  'address',
  'presentAddress',
  'permanentAddress',
  'mobile',
  'mobileNumber',
  'phone',
  'email',
  'photo',
  'image',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
] as const;

const REDACT_PATHS = [
  ...PII_KEYS,
  ...PII_KEYS.map((k) => `*.${k}`),
  ...PII_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-ekyc-internal-context"]',
  'headers.authorization',
  'variables',
  '*.variables',
];

export interface CreateLoggerOptions {
  service: string;
  level?: LoggerOptions['level'];
  destination?: pino.DestinationStream;
}

export function createLogger({ service, level = 'info', destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
