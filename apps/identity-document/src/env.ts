import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

export const envSchema = z.object({
  ...serviceEnvShape,
  PORT: portSchema(4001),
  /** OCR workers per language kept warm; default: one per core, at most 2. */
  OCR_WORKERS: z.coerce.number().int().min(1).max(16).optional(),
  /** Mail server for eKYC request OTPs, smtp:// or smtps:// (user and password in the URL); `npm start` runs tools/smtp-sink there. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default('smtp://127.0.0.1:4026'),
  MAIL_FROM: z.string().min(3).default('eKYC <no-reply@ekyc.local>'),
  SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  EKYC_OTP_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(600),
  EKYC_OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  EKYC_OTP_RESEND_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(60),
  EKYC_OTP_MAX_SENDS: z.coerce.number().int().min(1).max(20).default(5),
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('identity-document', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('identity-document migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
