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
    .replace(/"((?:[^"\\\n]|\\.){0,2000})"/g, (quoted, inner: string) =>
      NAME_LIKE.test(inner) && inner.replace(/\D/g, '').length < 5 ? quoted : '"[redacted]"',
    )
    .replace(/\d[\d\-/ ]{3,}\d/g, (run) => (run.replace(/\D/g, '').length >= 5 ? '[redacted]' : run));
}

/** Every string of a value, however nested (to a point), put through `redactErrorText`. */
function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactErrorText(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, depth + 1)]));
}

/**
 * pino's error serializer, with every string in it (message, stack, and what libraries attach, such as a GraphQL
 * error's extensions holding another service's answer) put through `redactErrorText`; an `err` logged as a string too.
 */
const errSerializer = (err: unknown) => {
  if (typeof err === 'string') return redactErrorText(err);
  return redactStrings(pino.stdSerializers.err(err as Error));
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
