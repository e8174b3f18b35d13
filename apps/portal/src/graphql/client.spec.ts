import { authorizationHeader, GraphQLRequestError, request } from './client';
import { ViewerDocument } from './generated';

const answer = (status: number, body: unknown) =>
  jest.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('request', () => {
  it('posts the printed operation with the credential and returns data', async () => {
    const viewer = { tenantId: 't', userId: 'u', roles: ['agent'], authKind: 'api_token' };
    const fetchImpl = answer(200, { data: { viewer } });
    await expect(request(ViewerDocument, {}, { credential: 'ekyc_abc', fetchImpl })).resolves.toEqual({ viewer });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.headers).toMatchObject({ authorization: 'Token ekyc_abc', 'content-type': 'application/json' });
    expect(JSON.parse(String(init.body))).toEqual({ query: expect.stringContaining('query Viewer'), variables: {} });
  });

  it('throws the GraphQL errors with their codes', async () => {
    const fetchImpl = answer(401, { errors: [{ message: 'API token is unknown or revoked', extensions: { code: 'INVALID_TOKEN' } }] });
    const err = await request(ViewerDocument, {}, { credential: 'ekyc_gone', fetchImpl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphQLRequestError);
    expect(err).toMatchObject({ status: 401, code: 'INVALID_TOKEN', message: 'INVALID_TOKEN: API token is unknown or revoked' });
  });

  it('names a network failure and an answer without JSON', async () => {
    const down = jest.fn(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(request(ViewerDocument, {}, { credential: 'ekyc_x', fetchImpl: down })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    const tooLarge = jest.fn(async () => new Response('<html>too large</html>', { status: 413 }));
    await expect(request(ViewerDocument, {}, { credential: 'ekyc_x', fetchImpl: tooLarge })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('authorizationHeader', () => {
  it('sends API tokens as Token and anything else as Bearer', () => {
    expect(authorizationHeader(' ekyc_abc ')).toBe('Token ekyc_abc');
    expect(authorizationHeader('eyJhbGciOi.x.y')).toBe('Bearer eyJhbGciOi.x.y');
  });
});
