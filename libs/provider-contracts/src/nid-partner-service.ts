import { z } from 'zod';

/**
 * The Election Commission NID partner service, as its contract (shared/seeds/nid-partner-service-api.txt)
 * describes it. Every response has the same envelope: `status` (HTTP reason), `statusCode`
 * (SUCCESS | ERROR) and either `success.data` or `error` ({ field, message? }).
 */
export const NID_PARTNER_PATHS = {
  login: '/partner-service/rest/auth/login',
  logout: '/partner-service/rest/auth/logout',
  demographicVerification: '/partner-service/rest/demographic/verification',
  changePassword: '/partner-service/rest/common/change-user-password',
  billingReport: '/partner-service/rest/partner-billing/get-billing-report',
} as const;

/** Access tokens are valid for 12 hours; the contract asks partners to reuse them, not log in per call. */
export const NID_ACCESS_TOKEN_TTL_SECONDS = 12 * 60 * 60;

export const nidErrorBody = z.object({ field: z.string(), message: z.string().optional() });

export const nidEnvelope = <T extends z.ZodType>(data: T) =>
  z.union([
    z.object({ status: z.string(), statusCode: z.literal('SUCCESS'), success: z.object({ data }) }),
    z.object({ status: z.string(), statusCode: z.literal('ERROR'), error: nidErrorBody }),
  ]);

export const nidLoginRequest = z.object({ username: z.string().min(1), password: z.string().min(1) });
export type NidLoginRequest = z.infer<typeof nidLoginRequest>;

export const nidLoginData = z.object({ username: z.string(), access_token: z.string().min(1), refresh_token: z.string().min(1) });
export const nidLoginResponse = nidEnvelope(nidLoginData);
export type NidLoginResponse = z.infer<typeof nidLoginResponse>;
