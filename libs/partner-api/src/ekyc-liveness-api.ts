import { z } from 'zod';

/**
 * Liveness over REST: the eKYC request contract (shared/seeds/ekyc-request-api.txt) lists "Liveliness
 * Verification" and "Liveliness Error Responses" between the document and the request without describing them.
 * They are designed here, for the document the partner already holds an id of (`documentIdentificationId`, the
 * `submissionId` of the two-step step 1), so both the eKYC request and the two-step clients can run the check the
 * tenant's policy may require before a decision (`requireLiveness`):
 * - `POST /api/liveness-sessions` `{ documentIdentificationId }`: 201 with the session's random challenges (in
 *   order), a nonce and when it expires. The document must have been completed (two-step step 2), because the check
 *   belongs to the application step 2 makes; otherwise 409 `SUBMISSION_INCOMPLETE`.
 * - `POST /api/liveness-sessions/:sessionId/frames` `{ nonce, frames: [{ image, capturedAtMs }] }` (2 to 20 base64
 *   JPEG/PNG frames of at most 256 KB, recorded while the applicant performs the challenges): 200 with the verdict,
 *   `passed` or `failed` with its reason. A session is judged once (409 `LIVENESS_REPLAY` after that).
 * These run the graph's `startLivenessSession` and `submitLivenessFrames`, the same rules and the same decision gate
 * as the portal. Errors: `{ error, code, field }`, statuses in `EKYC_LIVENESS_ERRORS`.
 *
 * Face image ("Uploading Face Image"): the applicant's photo is taken with the document's step 2 (`applicant_photo`),
 * where it is compared with the Election Commission's photo and the card's. There is no separate face route: a face
 * alone, before the applicant's NID is known, cannot be verified against the EC, and a reviewer who needs a new photo
 * asks for one through the application's resubmission.
 */
export const EKYC_LIVENESS_PATHS = {
  sessions: '/api/liveness-sessions',
  frames: '/api/liveness-sessions/:sessionId/frames',
} as const;

/** A JSON body of 20 frames of 256 KB in base64 fits with room to spare. */
export const LIVENESS_BODY_LIMIT = '8mb';

export const startLivenessBody = z.strictObject({
  documentIdentificationId: z.string().meta({ description: 'The submissionId returned by the ID document upload (two-step step 1), completed by step 2.' }),
});
export type StartLivenessBody = z.infer<typeof startLivenessBody>;

export const LIVENESS_CHALLENGE_VALUES = ['turn_left', 'turn_right', 'blink', 'open_mouth'] as const;

export const livenessSessionStarted = z.object({
  message: z.literal('Liveness session started'),
  sessionId: z.string(),
  challenges: z
    .array(z.enum(LIVENESS_CHALLENGE_VALUES))
    .meta({ description: 'Perform these in order; turn_left / turn_right are to the applicant’s own side.' }),
  nonce: z.string().meta({ description: 'Send it back with the frames; valid for this session only.' }),
  expiresAt: z.string().meta({ description: 'ISO 8601 instant; frames after it are refused.' }),
});

export const livenessFramesBody = z.strictObject({
  nonce: z.string(),
  frames: z
    .array(
      z.object({
        image: z.string().meta({ description: 'Base64 JPEG or PNG, at most 256 KB.' }),
        capturedAtMs: z.number().int().meta({ description: 'Milliseconds since the session started on the device, increasing frame by frame.' }),
      }),
    )
    .meta({ description: '2 to 20 frames in capture order, the first looking straight at the camera.' }),
});
export type LivenessFramesBody = z.infer<typeof livenessFramesBody>;

export const livenessVerdict = z.object({
  message: z.enum(['Liveness passed', 'Liveness failed']),
  sessionId: z.string(),
  status: z.enum(['passed', 'failed']),
  reason: z.string().nullable().meta({ description: 'Why it failed, e.g. "LIVENESS_CHALLENGE_NOT_MET: blink (step 2)"; null when passed.' }),
});

/** The HTTP status of each code the two liveness routes answer; any other problem with the request is a 400. */
export const EKYC_LIVENESS_ERRORS = {
  DOCUMENT_NOT_FOUND: { status: 400, message: 'There is no document identification data with the provided id!' },
  SUBMISSION_REJECTED: { status: 409, message: 'this document submission was rejected; start a new one' },
  SUBMISSION_INCOMPLETE: { status: 409, message: 'complete the document submission (step 2, with the applicant photo) before the liveness check' },
  APPLICATION_NOT_FOUND: { status: 409, message: 'the application of this document is not ready yet; try again in a moment' },
  LIVENESS_SESSION_NOT_FOUND: { status: 404, message: 'no liveness session with this id' },
  LIVENESS_NONCE_MISMATCH: { status: 400, message: 'the nonce is not the one this session handed out' },
  LIVENESS_REPLAY: { status: 409, message: 'this session was already used; start a new one' },
  LIVENESS_EXPIRED: { status: 410, message: 'the session expired; start a new one' },
  LIVENESS_UNAVAILABLE: { status: 503, message: 'the frames could not be analysed now; start a new session' },
} as const satisfies Record<string, { status: number; message: string }>;

export const livenessStatusOf = (code: string): number => (EKYC_LIVENESS_ERRORS as Record<string, { status: number } | undefined>)[code]?.status ?? 400;
