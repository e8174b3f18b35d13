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

/** A quoted literal kept in error text: a code name (a type, a column, an encoding): one ASCII word, short, few digits. */
const NAME_LIKE = /^[A-Za-z_$][\w$.]{0,39}$/;

/**
 * Error text without the values it may quote: libraries put the offending input in their messages (graphql-js quotes
 * a variable's value, Postgres the text it could not store), and messages end up in logs. Quoted literals that are not
 * plain names, and runs of five or more digits (NIDs, mobile numbers, dates), are replaced.
 */
export function redactErrorText(text: string): string {
  return text
    .replace(/"((?:[^"\\\n]|\\.){0,2000})"/g, (quoted, inner: string) => (NAME_LIKE.test(inner) && inner.replace(/\D/g, '').length < 5 ? quoted : '"[redacted]"'))
    .replace(/\d[\d\-/ ]{3,}\d/g, (run) => (run.replace(/\D/g, '').length >= 5 ? '[redacted]' : run));
}

/** pino's error serializer, with message and stack (or an `err` logged as a string) put through `redactErrorText`. */
const errSerializer = (err: unknown) => {
  if (typeof err === 'string') return redactErrorText(err);
  const serialized = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  for (const key of ['message', 'stack'] as const) {
    if (typeof serialized[key] === 'string') serialized[key] = redactErrorText(serialized[key] as string);
  }
  return serialized;
};

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
    serializers: { err: errSerializer },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
