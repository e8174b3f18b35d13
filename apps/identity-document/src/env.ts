import { parseEnvOrExit, portSchema, serviceEnvShape, z } from '@ekyc/config';

export const envSchema = z.object({
  ...serviceEnvShape,
  PORT: portSchema(4001),
  /** OCR workers per language kept warm; default: one per core, at most 2. */
  OCR_WORKERS: z.coerce.number().int().min(1).max(16).optional(),
  /**
   * Comma-separated paths of UIDAI's Secure QR signing certificates (PEM or DER; several while UIDAI rotates them). With
   * them an Aadhaar QR whose signature does not verify is not trusted; unset, signatures are not checked.
   */
  AADHAAR_QR_CERTIFICATES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    ),
  /** Mail server for eKYC request OTPs, smtp:// or smtps:// (user and password in the URL); `npm start` runs the sink of libs/smtp-sink there. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default('smtp://127.0.0.1:4026'),
  MAIL_FROM: z.string().min(3).default('eKYC <no-reply@ekyc.local>'),
  SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  EKYC_OTP_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(600),
  EKYC_OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  EKYC_OTP_RESEND_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(60),
  EKYC_OTP_MAX_SENDS: z.coerce.number().int().min(1).max(20).default(5),
  /** How long a reviewer's claim holds a review case. */
  REVIEW_LEASE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  /** From opening a review case to its due time; an unresolved case past it is escalated. */
  REVIEW_DUE_HOURS: z.coerce.number().min(0.001).max(720).default(24),
  /** From a reviewer's request for items again to their due time; past it, a STEP_OVERDUE review case opens. */
  RESUBMISSION_DUE_HOURS: z.coerce.number().min(0.001).max(720).default(72),
  /** Minutes from submission by which the EC check and the face comparison must have answered; past it, a review case opens. */
  DECISION_STEP_DEADLINE_MINUTES: z.coerce.number().min(0.01).max(10_080).default(60),
  /** Minutes from submission by which the applicant must have passed liveness (when required); past it, a review case opens. */
  LIVENESS_DEADLINE_MINUTES: z.coerce.number().min(0.01).max(10_080).default(30),
  /** Milliseconds between sweeps that open cases for overdue steps and escalate overdue review cases. */
  REVIEW_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => parseEnvOrExit('identity-document', envSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('identity-document migrate', z.object({ DATABASE_URL: serviceEnvShape.DATABASE_URL }), process.env);
export const loadRekeyEnv = () =>
  parseEnvOrExit(
    'identity-document rekey',
    z.object({
      DATABASE_URL: serviceEnvShape.DATABASE_URL,
      PII_ENCRYPTION_KEY: serviceEnvShape.PII_ENCRYPTION_KEY,
      PII_PREVIOUS_KEYS: serviceEnvShape.PII_PREVIOUS_KEYS,
    }),
    process.env,
  );
