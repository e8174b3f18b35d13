import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { NID_DESIGNED_MESSAGES, NID_MESSAGES, NID_PARTNER_PATHS, NID_PASSWORD_MAX_LENGTH, type NidPersonData } from '@ekyc/provider-contracts';
import { buildBillingReport, checkBillingRange } from './billing-report';
import type { CallRecord } from './call-log';
import type { Citizen } from './citizen-registry';
import { matchPerson } from './person-matching';
import { checkPhotoUrl, photoIdOf, PHOTO_PATH_PREFIX, s3ErrorXml, signPhotoUrl } from './photo-url';
import type { PartnerUser } from './partner-accounts';
import { badRequest, failure, passwordExpired, readJsonObject, serverError, success, tokenRejected, unreadable, type ContractAnswer } from './responses';
import type { SandboxState } from './sandbox-state';
import { checkVerificationRequest } from './verification-request';

/** What a handler learnt about the caller, for the call log. */
interface CallContext {
  startedAt: number;
  user?: PartnerUser;
  username?: string;
  /** Set by a verification that reached the lookup: it is billed, and "processing" until answered. */
  call?: CallRecord;
}

type ContractHandler = (req: Request, ctx: CallContext) => Promise<ContractAnswer>;

/** A request held open by `hangNext`: never answered, the connection is dropped after this long. */
const HANG_MS = 10 * 60 * 1000;

const delay = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export interface ContractRoutes {
  router: express.Router;
  /** Drops the connections `hangNext` is holding (at shutdown). */
  releaseHung(): void;
}

export function createContractRoutes(state: SandboxState): ContractRoutes {
  const { accounts, calls, faults, citizens } = state;
  const router = express.Router();
  const hung = new Set<Response>();

  /** Applies the faults first: a faulted or hung request is not served, so it is neither logged nor billed. */
  function faulted(path: string) {
    return (req: Request, res: Response, next: () => void) => {
      const decision = faults.decide(req.path.startsWith(`${PHOTO_PATH_PREFIX}/`) ? req.path : path);
      if (decision.kind === 'hang') {
        hung.add(res);
        const timer = setTimeout(() => res.socket?.destroy(), HANG_MS);
        timer.unref();
        res.on('close', () => {
          clearTimeout(timer);
          hung.delete(res);
        });
        return;
      }
      if (decision.kind === 'fail') {
        const answer = serverError(decision.status);
        void delay(decision.latencyMs).then(() => res.status(answer.status).json(answer.body));
        return;
      }
      res.locals['latencyMs'] = decision.latencyMs;
      next();
    };
  }

  function endpoint(path: string, handler: ContractHandler) {
    router.post(path, faulted(path), express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
      const ctx: CallContext = { startedAt: state.now() };
      let answer: ContractAnswer;
      try {
        answer = await handler(req, ctx);
      } catch (err) {
        if (ctx.call) ctx.call.status = 500;
        throw err;
      }
      await delay(res.locals['latencyMs'] as number);
      if (ctx.call) ctx.call.status = answer.status;
      else {
        const username = ctx.user?.username ?? ctx.username ?? null;
        calls.add({ at: ctx.startedAt, username, partnerId: ctx.user?.partnerId ?? null, path, status: answer.status, billed: false });
      }
      res.status(answer.status).json(answer.body);
    });
    router.all(path, (_req, res) => {
      const answer = failure(405, { message: 'Request method not supported' });
      res.status(answer.status).json(answer.body);
    });
  }

  /** Bearer authentication, then the password-expiry gate every API but change-user-password has. */
  async function caller(req: Request, ctx: CallContext, { allowExpiredPassword = false } = {}): Promise<PartnerUser | ContractAnswer> {
    const auth = await accounts.authenticate(req.headers.authorization);
    if (!auth.ok) return tokenRejected();
    ctx.user = auth.user;
    if (auth.user.passwordExpired && !allowExpiredPassword) return passwordExpired();
    return auth.user;
  }
  const isAnswer = (value: PartnerUser | ContractAnswer): value is ContractAnswer => 'status' in value && 'body' in value;

  endpoint(NID_PARTNER_PATHS.login, async (req, ctx) => {
    const body = readJsonObject(req.body);
    if (!body || typeof body['username'] !== 'string' || typeof body['password'] !== 'string') return unreadable();
    ctx.username = body['username'];
    const user = accounts.checkCredentials(body['username'], body['password']);
    if (!user) return failure(401, { field: 'username/password', message: NID_MESSAGES.unauthorized });
    ctx.user = user;
    const tokens = await accounts.issueTokens(user);
    return success({ username: user.username, ...tokens });
  });

  endpoint(NID_PARTNER_PATHS.logout, async (req, ctx) => {
    const auth = await accounts.authenticate(req.headers.authorization);
    if (!auth.ok) return tokenRejected();
    ctx.user = auth.user;
    if (auth.user.passwordExpired) return passwordExpired();
    accounts.endSession(auth.sessionId);
    return success(NID_MESSAGES.logoutSuccessful);
  });

  endpoint(NID_PARTNER_PATHS.demographicVerification, async (req, ctx) => {
    const user = await caller(req, ctx);
    if (isAnswer(user)) return user;
    if (!user.slaAssigned) return failure(403, { field: NID_MESSAGES.slaNotAssigned });
    const body = readJsonObject(req.body);
    if (!body) return unreadable();
    const check = checkVerificationRequest(body);
    if (!check.ok) return check.answer;

    const { lookup } = check;
    const requestId = randomUUID();
    ctx.call = calls.add({
      at: ctx.startedAt,
      username: user.username,
      partnerId: user.partnerId,
      path: NID_PARTNER_PATHS.demographicVerification,
      status: null,
      billed: true,
      ...(lookup.field === 'nid10Digit' ? { nid10: lookup.nid10, ...(lookup.nid17 ? { nid17: lookup.nid17 } : {}) } : { nid17: lookup.nid17 }),
      requestId,
    });
    let citizen: Citizen | undefined;
    let missing: 'nid10Digit' | 'nid17Digit' = lookup.field;
    if (lookup.field === 'nid10Digit') {
      citizen = citizens.byNid10(lookup.nid10);
      if (citizen && lookup.nid17 && citizen.nid17 !== lookup.nid17) [citizen, missing] = [undefined, 'nid17Digit'];
    } else citizen = citizens.byNid17(lookup.nid17);
    if (!citizen) return failure(404, { field: missing, message: NID_MESSAGES.personNotFound });

    const match = matchPerson(check.verify, citizen);
    const person: NidPersonData = {
      requestId,
      nationalId: citizen.nid10,
      pin: citizen.nid17,
      photo: signPhotoUrl({ publicUrl: state.publicUrl, photoId: photoIdOf(citizen.nid10), now: state.now(), secret: state.photoSecret }),
    };
    if (match.verified) {
      return {
        status: 200,
        body: { status: 'OK', statusCode: 'SUCCESS', success: { data: person }, verified: true, fieldVerificationResult: match.fieldVerificationResult },
      };
    }
    return {
      status: 406,
      body: {
        message: NID_MESSAGES.personMismatch,
        status: 'NOT_ACCEPTABLE',
        verified: 'false',
        fieldVerificationResult: match.fieldVerificationResult,
        ...(match.nameEnMatched ? { partialResponse: person } : {}),
      },
    };
  });

  endpoint(NID_PARTNER_PATHS.changePassword, async (req, ctx) => {
    const user = await caller(req, ctx, { allowExpiredPassword: true });
    if (isAnswer(user)) return user;
    const body = readJsonObject(req.body);
    const { currentPassword, newPassword, confirmPassword } = body ?? {};
    if (typeof currentPassword !== 'string' || typeof newPassword !== 'string' || typeof confirmPassword !== 'string' || newPassword === '')
      return unreadable();
    if (newPassword.length > NID_PASSWORD_MAX_LENGTH || confirmPassword.length > NID_PASSWORD_MAX_LENGTH)
      return badRequest('confirmPassword', NID_MESSAGES.passwordTooLong);
    if (currentPassword !== user.password) return badRequest('currentPassword', NID_DESIGNED_MESSAGES.wrongCurrentPassword);
    if (newPassword === user.password) return badRequest('password', NID_MESSAGES.samePassword);
    if (newPassword !== confirmPassword) return badRequest('confirmPassword', NID_DESIGNED_MESSAGES.passwordsDiffer);
    accounts.changePassword(user.username, newPassword);
    return success(NID_MESSAGES.passwordUpdated);
  });

  endpoint(NID_PARTNER_PATHS.billingReport, async (req, ctx) => {
    const user = await caller(req, ctx);
    if (isAnswer(user)) return user;
    const body = readJsonObject(req.body);
    if (!body) return unreadable();
    const range = checkBillingRange(body);
    if (!range.ok) return range.answer;
    const report = buildBillingReport({ calls: calls.all(), partner: user, startDate: range.startDate, endDate: range.endDate, now: state.now() });
    return success(report);
  });

  router.get(`${PHOTO_PATH_PREFIX}/*photoPath`, faulted(PHOTO_PATH_PREFIX), async (req, res) => {
    const startedAt = state.now();
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    const check = checkPhotoUrl({
      pathname: req.path,
      query: new URL(req.originalUrl, 'http://sandbox').searchParams,
      now: startedAt,
      secret: state.photoSecret,
    });
    const citizen = check.ok ? state.citizenByPhotoId(check.photoId) : undefined;
    await delay(res.locals['latencyMs'] as number);
    const status = !check.ok ? 403 : citizen ? 200 : 404;
    calls.add({ at: startedAt, username: null, partnerId: null, path: PHOTO_PATH_PREFIX, status, billed: false, ...(citizen ? { nid10: citizen.nid10 } : {}) });
    if (!check.ok || !citizen) {
      const error = check.ok ? { code: 'NoSuchKey' as const, message: 'The specified key does not exist.' } : check;
      res
        .status(status)
        .type('application/xml')
        .send(s3ErrorXml(error, startedAt, requestId));
      return;
    }
    const jpeg = await state.photos.jpeg(citizen.faceId);
    res.status(200).set({ 'content-type': 'image/jpeg', 'x-amz-request-id': requestId, 'cache-control': 'private, no-store' }).send(jpeg);
  });

  return {
    router,
    releaseHung() {
      for (const res of hung) res.socket?.destroy();
      hung.clear();
    },
  };
}
