import { createTransport } from 'nodemailer';
import { startSmtpSink, type RunningSmtpSink, type SinkMessage } from './smtp-sink';

let sink: RunningSmtpSink;

const transport = () =>
  createTransport({ url: sink.smtpUrl, ignoreTLS: true, connectionTimeout: 2_000, greetingTimeout: 2_000, socketTimeout: 2_000 } as never);

const list = async (query = ''): Promise<SinkMessage[]> => (await (await fetch(`${sink.httpUrl}/messages${query}`)).json()) as SinkMessage[];

beforeAll(async () => {
  sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, maxMessages: 3 });
});

afterAll(async () => {
  await sink?.stop();
});

beforeEach(async () => {
  await fetch(`${sink.httpUrl}/messages`, { method: 'DELETE' });
});

describe('smtp-sink', () => {
  it('keeps a plain-text mail and lists it over HTTP, filtered by recipient', async () => {
    await transport().sendMail({
      from: 'eKYC <no-reply@ekyc.local>',
      to: 'Someone@Example.com',
      subject: 'Your code',
      text: 'Your code is 123456.\nIt expires soon.',
    });
    await transport().sendMail({ from: 'no-reply@ekyc.local', to: 'other@example.com', subject: 'Other', text: 'x' });
    const mine = await list('?to=someone@example.com');
    expect(mine).toEqual([
      {
        id: expect.any(String),
        from: 'no-reply@ekyc.local',
        to: ['Someone@example.com'],
        subject: 'Your code',
        text: 'Your code is 123456.\nIt expires soon.',
        receivedAt: expect.any(String),
      },
    ]);
    expect((await list()).map((m) => m.subject)).toEqual(['Other', 'Your code']);
  });

  it('decodes non-ASCII subjects and quoted-printable or base64 bodies', async () => {
    const text = `আপনার কোড ৬৫৪৩২১ ${'long line '.repeat(20)}`;
    await transport().sendMail({ from: 'a@ekyc.local', to: 'qp@example.com', subject: 'কোড — code', text, textEncoding: 'quoted-printable' });
    await transport().sendMail({ from: 'a@ekyc.local', to: 'b64@example.com', subject: 'base64', text, textEncoding: 'base64' });
    await transport().sendMail({ from: 'a@ekyc.local', to: 'alt@example.com', subject: 'alt', text: 'plain part', html: '<p>html part</p>' });
    expect((await list('?to=qp@example.com'))[0]).toMatchObject({ subject: 'কোড — code', text });
    expect((await list('?to=b64@example.com'))[0]).toMatchObject({ text });
    expect((await list('?to=alt@example.com'))[0]).toMatchObject({ text: 'plain part' });
  });

  it('keeps only the newest messages beyond its bound, and DELETE empties it', async () => {
    for (const n of [1, 2, 3, 4]) await transport().sendMail({ from: 'a@ekyc.local', to: 'n@example.com', subject: `n${n}`, text: 'x' });
    expect((await list()).map((m) => m.subject)).toEqual(['n4', 'n3', 'n2']);
    expect((await fetch(`${sink.httpUrl}/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(await list()).toEqual([]);
  });

  it('refuses the next messages with a temporary failure when told to, then accepts again', async () => {
    const res = await fetch(`${sink.httpUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failNext: 1 }),
    });
    expect(res.status).toBe(204);
    await expect(transport().sendMail({ from: 'a@ekyc.local', to: 'f@example.com', subject: 's', text: 'x' })).rejects.toMatchObject({ responseCode: 451 });
    await transport().sendMail({ from: 'a@ekyc.local', to: 'f@example.com', subject: 's', text: 'x' });
    expect(sink.messages('f@example.com')).toHaveLength(1);
  });
});
