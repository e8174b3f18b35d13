import { nidLoginResponse } from './nid-partner-service';

describe('NID partner service envelope', () => {
  it('parses the login response exactly as the contract shows it', () => {
    const sample = {
      status: 'OK',
      statusCode: 'SUCCESS',
      success: { data: { username: 'demo_user', access_token: 'eyJ0eXAi.a.b', refresh_token: 'eyJ0eXAi.c.d' } },
    };
    const parsed = nidLoginResponse.parse(sample);
    expect(parsed.statusCode === 'SUCCESS' && parsed.success.data.access_token).toBe('eyJ0eXAi.a.b');
  });

  it('parses the documented error shape, with and without a message', () => {
    expect(nidLoginResponse.safeParse({ status: 'FORBIDDEN', statusCode: 'ERROR', error: { field: 'SLA is not Assigned' } }).success).toBe(true);
    const badRequest = {
      status: 'BAD_REQUEST',
      statusCode: 'ERROR',
      error: { field: 'verify', message: 'Please provide person information for verification' },
    };
    expect(nidLoginResponse.safeParse(badRequest).success).toBe(true);
  });

  it('rejects a success without tokens and an unknown statusCode', () => {
    expect(nidLoginResponse.safeParse({ status: 'OK', statusCode: 'SUCCESS', success: { data: { username: 'x' } } }).success).toBe(false);
    expect(nidLoginResponse.safeParse({ status: 'OK', statusCode: 'MAYBE', error: { field: 'x' } }).success).toBe(false);
    expect(nidLoginResponse.safeParse({ status: 'OK', statusCode: 'ERROR', error: 'x' }).success).toBe(false);
  });
});
