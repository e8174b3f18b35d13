import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { createKeepAliveFetcher, DEADLINE_HEADER } from './signed-context.data-source';

describe('createKeepAliveFetcher', () => {
  let server: http.Server;
  let url: string;
  const keepAlive = createKeepAliveFetcher(60_000);

  beforeAll(async () => {
    // Answers /fast at once and never answers /stalled.
    server = http.createServer((req, res) => {
      if (req.url === '/fast') res.end('{"data":{}}');
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await keepAlive.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const call = (path: string, deadline: number) =>
    keepAlive.fetcher(`${url}${path}`, { method: 'POST', headers: { [DEADLINE_HEADER]: String(deadline) } } as never);

  it('cancels a subgraph call that runs past the request deadline, with DEADLINE_EXCEEDED', async () => {
    const err = await call('/stalled', Date.now() + 150).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GraphQLError);
    expect((err as GraphQLError).extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
  });

  it('does not start a call once the deadline has passed, and lets one within it through', async () => {
    await expect(call('/fast', Date.now() - 1)).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    const res = await call('/fast', Date.now() + 5_000);
    expect(res.status).toBe(200);
  });
});
