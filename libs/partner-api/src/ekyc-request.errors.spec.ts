import { EKYC_REQUEST_ERRORS, problem, restErrorOf } from './ekyc-request.errors';

describe('EKYC_REQUEST_ERRORS', () => {
  it("keeps the contract's statuses and messages word for word", () => {
    expect(EKYC_REQUEST_ERRORS.EKYC_CONTACT_TAKEN).toEqual({ status: 409, message: '(email, phone) already taken', contract: true });
    expect(EKYC_REQUEST_ERRORS.DOCUMENT_NOT_FOUND).toEqual({
      status: 400,
      message: 'There is no document identification data with the provided id!',
      contract: true,
    });
  });

  it('gives every code an HTTP error status and a message', () => {
    for (const { status, message } of Object.values(EKYC_REQUEST_ERRORS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(message.length).toBeGreaterThan(0);
    }
  });
});

describe('restErrorOf', () => {
  it('answers with the first problem, as the contract words it', () => {
    const taken = problem('EKYC_CONTACT_TAKEN', 'input.email', 'this email is already used by an open eKYC request');
    const missing = problem('DOCUMENT_NOT_FOUND', 'input.documentIdentificationId');
    expect(restErrorOf([taken, missing])).toEqual({
      status: 409,
      body: { error: '(email, phone) already taken', code: 'EKYC_CONTACT_TAKEN', field: 'input.email' },
    });
    expect(restErrorOf([missing], (f) => f?.replace(/^input\./, '') ?? null)).toEqual({
      status: 400,
      body: { error: 'There is no document identification data with the provided id!', code: 'DOCUMENT_NOT_FOUND', field: 'documentIdentificationId' },
    });
  });

  it('is null without problems and 400 for a code it does not know', () => {
    expect(restErrorOf([])).toBeNull();
    expect(restErrorOf([{ code: 'INVALID_CURSOR', message: 'bad cursor', field: 'after' }])).toEqual({
      status: 400,
      body: { error: 'bad cursor', code: 'INVALID_CURSOR', field: 'after' },
    });
  });
});
