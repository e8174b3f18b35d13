import express, { type Request, type Response } from 'express';
import { CDP_ID_NUMBER_PATTERNS, CDP_ID_TYPES, CDP_MASTER_DATA, CDP_MESSAGES, CDP_PATHS, CDP_RESPONSE_CODES, type CdpIdType } from '@ekyc/provider-contracts';
import type { CallRecord } from './call-log';
import { checkOnboardingRequest } from './onboarding-request';
import { answer, internalError, readJsonObject, unauthorized, type ContractAnswer } from './responses';
import type { SandboxState } from './sandbox-state';

/** What a handler learnt about the call, for the call log. */
type CallContext = Partial<Pick<CallRecord, 'clientId' | 'grantType' | 'idType' | 'idNumber' | 'requestId' | 'customerId'>> & { startedAt: number };
type ContractHandler = (req: Request, ctx: CallContext) => Promise<ContractAnswer>;

/** A request held open by `hangNext`: never answered, the connection is dropped after this long. */
const HANG_MS = 10 * 60 * 1000;
const delay = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
const responseCodeOf = (body: unknown): string | null => {
  if (body === null || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  const code = record['responseCode'] ?? record['error'];
  return typeof code === 'string' ? code : null;
};

export interface ContractRoutes {
  router: express.Router;
  /** Drops the connections `hangNext` is holding (at shutdown). */
  releaseHung(): void;
}

export function createContractRoutes(state: SandboxState): ContractRoutes {
  const { realm, customers, calls, faults } = state;
  const router = express.Router();
  const hung = new Set<Response>();

  /** Applies the faults first: a faulted or hung request is not served, so it is not in the call log. */
  function faulted(path: string) {
    return (_req: Request, res: Response, next: () => void) => {
      const decision = faults.decide(path);
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
        const failure = internalError(decision.status, state.now());
        void delay(decision.latencyMs).then(() => res.status(failure.status).json(failure.body));
        return;
      }
      res.locals['latencyMs'] = decision.latencyMs;
      next();
    };
  }

  function endpoint(method: 'get' | 'post', path: string, parse: express.RequestHandler, handler: ContractHandler) {
    router[method](path, faulted(path), parse, async (req, res) => {
      const ctx: CallContext = { startedAt: state.now() };
      const result = await handler(req, ctx);
      await delay(res.locals['latencyMs'] as number);
      const { startedAt, ...known } = ctx;
      calls.add({ at: startedAt, path, clientId: null, ...known, status: result.status, responseCode: responseCodeOf(result.body) });
      if (result.headers) res.set(result.headers);
      res.set('cache-control', 'no-store');
      res.status(result.status).json(result.body);
    });
    router.all(path, (_req, res) => {
      const refused = answer(405, state.now(), CDP_RESPONSE_CODES.badRequest, 'Request method not supported');
      res.status(refused.status).json(refused.body);
    });
  }

  /** The bearer's client, or the 401 every CAAS API answers. */
  async function caller(req: Request, ctx: CallContext): Promise<string | ContractAnswer> {
    const auth = await realm.authenticate(req.headers.authorization);
    ctx.clientId = auth.clientId;
    if (!auth.ok) return unauthorized(state.now());
    return auth.clientId;
  }
  const raw = express.raw({ type: () => true, limit: '1mb' });

  endpoint('post', CDP_PATHS.token, express.urlencoded({ extended: false, limit: '64kb' }), async (req, ctx) => {
    const form: Record<string, string> = {};
    for (const [key, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof value === 'string') form[key] = value;
    // Clients may authenticate with HTTP Basic instead of form fields, as Keycloak allows.
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (basic) {
      const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      if (id) form['client_id'] = decodeURIComponent(id);
      if (secret !== undefined) form['client_secret'] = decodeURIComponent(secret);
    }
    ctx.grantType = form['grant_type'];
    ctx.clientId = form['client_id'] ?? null;
    const result = await realm.token(form);
    return { status: result.status, body: result.body };
  });

  endpoint('post', CDP_PATHS.customerLookup, raw, async (req, ctx) => {
    const now = state.now();
    const clientId = await caller(req, ctx);
    if (typeof clientId !== 'string') return clientId;
    const body = readJsonObject(req.body);
    const requestId = typeof body?.['requestId'] === 'string' ? body['requestId'] : null;
    ctx.requestId = requestId ?? undefined;
    const errors = [];
    const idType = body?.['idType'];
    const idNumber = body?.['idNumber'];
    if (!body) errors.push({ field: '(body)', code: 'BAD_REQUEST', message: 'the body must be a JSON object' });
    else {
      if (typeof idType !== 'string' || !(CDP_ID_TYPES as readonly string[]).includes(idType))
        errors.push({ field: 'idType', code: 'INVALID_MASTER_DATA', message: `idType must be one of ${CDP_ID_TYPES.join(', ')}` });
      if (typeof idNumber !== 'string' || idNumber.trim() === '')
        errors.push({ field: 'idNumber', code: 'MANDATORY_FIELD_MISSING', message: 'idNumber is mandatory' });
      else if (
        typeof idType === 'string' &&
        (CDP_ID_TYPES as readonly string[]).includes(idType) &&
        !CDP_ID_NUMBER_PATTERNS[idType as CdpIdType].test(idNumber)
      ) {
        errors.push({ field: 'idNumber', code: 'INVALID_FIELD_VALUE', message: `not a valid ${idType} number` });
      }
    }
    if (errors.length > 0) return answer(200, now, CDP_RESPONSE_CODES.badRequest, CDP_MESSAGES.badRequest, { requestId, errors });
    ctx.idType = idType as string;
    ctx.idNumber = idNumber as string;
    const record = customers.find(idType as string, idNumber as string);
    if (!record || record.state === 'screening_hit' || record.state === 'blocked_id')
      return answer(200, now, CDP_RESPONSE_CODES.customerNotFound, CDP_MESSAGES.customerNotFound, { requestId });
    if (record.state === 'corrupt') return internalError(200, now, requestId);
    if (record.state === 'under_investigation')
      return answer(200, now, CDP_RESPONSE_CODES.complianceInvestigation, CDP_MESSAGES.complianceInvestigation, { requestId });
    if (record.state === 'blocked') return answer(200, now, CDP_RESPONSE_CODES.blocked, CDP_MESSAGES.blocked, { requestId });
    const customer = customers.view(record);
    ctx.customerId = customer.customerId;
    return customer.subscriptionStatus === 'PENDING'
      ? answer(200, now, CDP_RESPONSE_CODES.subscriptionPending, CDP_MESSAGES.subscriptionPending, { requestId, data: customer })
      : answer(200, now, CDP_RESPONSE_CODES.success, CDP_MESSAGES.customerFound, { requestId, data: customer });
  });

  endpoint('post', CDP_PATHS.onboarding, express.raw({ type: () => true, limit: '30mb' }), async (req, ctx) => {
    const now = state.now();
    const clientId = await caller(req, ctx);
    if (typeof clientId !== 'string') return clientId;
    const body = readJsonObject(req.body);
    if (!body)
      return answer(400, now, CDP_RESPONSE_CODES.badRequest, CDP_MESSAGES.badRequest, {
        errors: [{ field: '(body)', code: 'BAD_REQUEST', message: 'the body must be a JSON object' }],
      });
    const requestId = typeof body['requestId'] === 'string' ? body['requestId'] : null;
    ctx.requestId = requestId ?? undefined;
    const check = checkOnboardingRequest(body, now);
    if (!check.ok) return answer(400, now, check.responseCode, check.responseMessage, { requestId, errors: check.problems });
    const { idType, idNumber, fullName } = check.request;
    ctx.idType = idType;
    ctx.idNumber = idNumber;
    const decision = customers.onboard({ clientId, requestId: check.request.requestId, idType, idNumber, customerName: fullName });
    switch (decision.kind) {
      case 'created':
      case 'replayed':
        ctx.customerId = decision.customer.customerId;
        return answer(200, now, CDP_RESPONSE_CODES.success, CDP_MESSAGES.onboarded, { requestId, data: decision.customer });
      case 'already_onboarded':
        ctx.customerId = decision.customer.customerId;
        return answer(200, now, CDP_RESPONSE_CODES.alreadyOnboarded, CDP_MESSAGES.alreadyOnboarded, { requestId, data: decision.customer });
      case 'under_investigation':
        return answer(406, now, CDP_RESPONSE_CODES.complianceInvestigation, CDP_MESSAGES.complianceInvestigation, { requestId });
      case 'blocked':
        return answer(406, now, CDP_RESPONSE_CODES.blocked, CDP_MESSAGES.blocked, { requestId });
      case 'corrupt':
        return internalError(502, now, requestId);
      case 'request_id_reused':
        return answer(400, now, CDP_RESPONSE_CODES.invalidFieldValue, CDP_MESSAGES.invalidFieldValue, {
          requestId,
          errors: [{ field: 'requestId', code: 'INVALID_FIELD_VALUE', message: 'requestId was already used to onboard another customer' }],
        });
    }
  });

  endpoint(
    'get',
    CDP_PATHS.subscriptionStatus,
    (_req, _res, next) => next(),
    async (req, ctx) => {
      const now = state.now();
      const clientId = await caller(req, ctx);
      if (typeof clientId !== 'string') return clientId;
      const customerId = typeof req.query['customerId'] === 'string' ? req.query['customerId'].trim() : '';
      if (!customerId)
        return answer(200, now, CDP_RESPONSE_CODES.badRequest, CDP_MESSAGES.badRequest, {
          errors: [{ field: 'customerId', code: 'MANDATORY_FIELD_MISSING', message: 'customerId is mandatory' }],
        });
      ctx.customerId = customerId;
      const record = customers.byCustomerId(customerId);
      if (!record) return answer(200, now, CDP_RESPONSE_CODES.customerNotFound, CDP_MESSAGES.customerNotFound);
      const data = customers.subscription(record);
      if (data.subscriptionStatus === 'SUBSCRIBED') return answer(200, now, CDP_RESPONSE_CODES.success, CDP_MESSAGES.subscribed, { data });
      if (data.subscriptionStatus === 'PENDING') return answer(200, now, CDP_RESPONSE_CODES.subscriptionPending, CDP_MESSAGES.subscriptionPending, { data });
      return answer(200, now, CDP_RESPONSE_CODES.notSubscribed, CDP_MESSAGES.notSubscribed, { data });
    },
  );

  endpoint(
    'get',
    CDP_PATHS.masterData,
    (_req, _res, next) => next(),
    async (req, ctx) => {
      const clientId = await caller(req, ctx);
      if (typeof clientId !== 'string') return clientId;
      return answer(200, state.now(), CDP_RESPONSE_CODES.success, CDP_MESSAGES.masterData, { data: CDP_MASTER_DATA });
    },
  );

  return {
    router,
    releaseHung() {
      for (const res of hung) res.socket?.destroy();
      hung.clear();
    },
  };
}
