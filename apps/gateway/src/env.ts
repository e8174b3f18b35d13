import path from 'node:path';
import { parseEnvOrExit, portSchema, z } from '@ekyc/config';
import { parseRoleMap } from './iam/claim-roles';

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: portSchema(4000),
  /** The URL partners reach the gateway at, when a TLS proxy sits in front: image links in REST answers start with it. */
  PUBLIC_BASE_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .optional()
    .transform((v) => v || undefined),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  INTERNAL_CONTEXT_SECRET: z.string().min(32, 'at least 32 characters'),
  JWT_SECRET: z.string().min(32, 'at least 32 characters'),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, '..', 'supergraph.graphql')),
  /** The built agent portal and analyst dashboard (`npm run portal:build`), served at /portal/ when the directory exists. */
  PORTAL_DIR: z.string().default(path.resolve(__dirname, '..', '..', '..', 'dist', 'apps', 'portal')),
  /** `name=url` pairs overriding the routing URLs composed into the supergraph (e.g. in containers). */
  SUBGRAPH_URLS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const out: Record<string, string> = {};
      for (const pair of v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const at = pair.indexOf('=');
        const name = pair.slice(0, at).trim();
        const url = pair.slice(at + 1).trim();
        if (at < 1 || !/^https?:\/\//.test(url)) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not name=http(s)://url` });
          continue;
        }
        out[name] = url;
      }
      return out;
    }),
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(10),
  MAX_QUERY_COST: z.coerce.number().int().positive().default(5_000),
  MAX_QUERY_TOKENS: z.coerce.number().int().positive().default(2_000),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  MAX_QUERY_FIELDS: z.coerce.number().int().positive().default(500),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  REQUEST_DEADLINE_MS: z.coerce.number().int().positive().default(30_000),
  TOKEN_CACHE_TTL_MS: z.coerce.number().int().min(0).default(30_000),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(10),
  AUTH_FAILURE_BLOCK_SECONDS: z.coerce.number().int().positive().default(60),
  REQUESTS_PER_USER_PER_MINUTE: z.coerce.number().int().positive().default(600),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : /^\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v)),
  AUTH_REVISION_CHECK_MS: z.coerce.number().int().min(0).max(5_000).default(1_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** The bank's OpenID Connect provider: people sign in to the portal through it. Unset: API keys only. */
  OIDC_ISSUER_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .optional()
    .transform((v) => v || undefined),
  OIDC_CLIENT_ID: z.string().min(1).default('ekyc-portal'),
  OIDC_CLIENT_SECRET: z.string().default(''),
  /** Where the provider sends the browser back; default: PUBLIC_BASE_URL (else the address the gateway listens on) + /auth/oidc/callback. */
  OIDC_REDIRECT_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .optional()
    .transform((v) => v || undefined),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(300).max(86_400).default(28_800),
  /** The provider's claim listing a person's groups or roles (e.g. `groups`): set with OIDC_ROLE_MAP, roles follow it at each sign-in. */
  OIDC_ROLES_CLAIM: z
    .string()
    .default('')
    .transform((v) => v.trim() || undefined),
  /** `group=role,...`: the platform roles each group of OIDC_ROLES_CLAIM gives (platform_admin cannot be given). */
  OIDC_ROLE_MAP: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const { map, problems } = parseRoleMap(v);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return map;
    }),
});
export type Env = z.infer<typeof envSchema>;

export const loadEnv = (): Env => {
  const env = parseEnvOrExit('gateway', envSchema, process.env);
  if (env.OIDC_ISSUER_URL && env.OIDC_CLIENT_SECRET.length < 16) {
    process.stderr.write('gateway: OIDC_CLIENT_SECRET: at least 16 characters when OIDC_ISSUER_URL is set\n');
    process.exit(1);
  }
  if (Boolean(env.OIDC_ROLES_CLAIM) !== env.OIDC_ROLE_MAP.size > 0) {
    process.stderr.write('gateway: OIDC_ROLES_CLAIM and OIDC_ROLE_MAP: set both (roles follow the provider) or neither (roles are assigned in the platform)\n');
    process.exit(1);
  }
  return env;
};

export const bootstrapEnvSchema = z.object({ DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }) });
export const loadBootstrapEnv = () => parseEnvOrExit('bootstrap', bootstrapEnvSchema, process.env);

/** What `migrate.ts` needs: only the database. */
export const loadMigrateEnv = () => parseEnvOrExit('gateway migrate', z.object({ DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }) }), process.env);
