import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createFaceEngine } from '@ekyc/face-engine';
import { closeEyes, loadTestFace, openMouth, turnHead, waitFor, type Point } from '@ekyc/testing';
import { REPO_ROOT } from '@ekyc/tools/lib/run-app-script';
import { loadCardCitizens, photographedCard, type CardCitizen } from './cards';
import { expectUsableLayout as checkScreen } from './page-checks';
import { e2eContext, graphql, nidSandbox, tokenAuth } from './support';

// OCR of both card sides, the NID check, three face comparisons and seven liveness frames on a 2-core machine.
jest.setTimeout(300_000);

const ctx = e2eContext();
const { portal } = ctx.tenants;
const gw = ctx.gatewayUrl;
const portalUrl = gw.replace(/\/graphql$/, '/portal/');
const SHOTS = path.join(REPO_ROOT, '.data', 'screenshots', 'portal');

interface UserError {
  code: string;
  field: string | null;
}

/** The applicant's face: the test face of @ekyc/testing is the NID sandbox's face 21, so the card and the EC show it too. */
const FACE_ID = 21;
const POSES = ['straight', 'turn_left', 'turn_right', 'blink', 'open_mouth'] as const;
type Pose = (typeof POSES)[number];

/**
 * The fake camera, run in the page before its scripts: getUserMedia answers with a canvas stream that draws, many times
 * a second, the image of the pose the page prompts for (its `data-liveness-prompt` element), the straight face otherwise.
 * Browser code, kept as source: the repo's TypeScript has no DOM types outside the portal.
 */
const FAKE_CAMERA = `(images) => {
  const loaded = {};
  for (const [pose, url] of Object.entries(images)) {
    const img = new Image();
    img.src = url;
    loaded[pose] = img;
  }
  const fake = async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 300;
    canvas.height = 360;
    const context = canvas.getContext('2d');
    const draw = () => {
      const pose = document.querySelector('[data-liveness-prompt]')?.getAttribute('data-liveness-prompt') ?? 'straight';
      const img = loaded[pose] ?? loaded.straight;
      if (img && img.complete) context.drawImage(img, 0, 0, canvas.width, canvas.height);
    };
    draw();
    setInterval(draw, 30);
    return canvas.captureStream(30);
  };
  if (!navigator.mediaDevices) Object.defineProperty(navigator, 'mediaDevices', { value: {}, configurable: true });
  Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: fake, configurable: true });
}`;

let browser: Browser;
let page: Page;
let citizen: CardCitizen;
let cardDir: string;
let shot = 0;
const shots: string[] = [];

async function screenshot(name: string): Promise<void> {
  const file = path.join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(path.relative(REPO_ROOT, file));
}

/**
 * The screen as it stands, at a phone's width (360 x 740) and a desktop's (1280 x 800): no sideways scroll, no serious
 * or critical accessibility violation (axe-core); a screenshot of each width.
 */
async function expectUsableLayout(name: string, on: Page = page): Promise<void> {
  const written = await checkScreen(on, path.join(SHOTS, 'layout'), name);
  shots.push(...written.map((file) => path.relative(REPO_ROOT, file)));
}

async function signIn(token: string): Promise<void> {
  await page.goto(portalUrl);
  await page.fill('input[name="token"]', token);
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('[data-testid="viewer"]');
}

/** The agent REST API's verification log (GET /agent/get-verification-log/), with the credentials given. */
async function restLog(headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${gw.replace(/\/graphql$/, '')}/agent/get-verification-log/?status=all&page=1&per_page=1`, { headers });
  return { status: res.status, body: await res.json() };
}

const dataUrl = (jpeg: Buffer) => `data:image/jpeg;base64,${jpeg.toString('base64')}`;
const dhakaToday = () => new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 10);
const dhakaDaysAgo = (n: number) => new Date(Date.now() + 6 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const citizens = loadCardCitizens();
  citizen = citizens.find((c) => c.faceId % 22 === FACE_ID)!;

  // Its own NID sandbox account, so the vendor bill and the reconciliation hold this tenant's calls only.
  const username = `portal_${randomUUID().slice(0, 8)}`;
  await nidSandbox('POST', '/users', { username, password: 'portal-pass-1', partnerId: 93, partnerName: 'Portal Bank', slaAssigned: true });
  const nid = await graphql<{ configureNidCredentials: { errors: UserError[] } }>(
    gw,
    'mutation($input: ConfigureNidCredentialsInput!) { configureNidCredentials(input: $input) { errors { code field } } }',
    {
      variables: { input: { username, password: 'portal-pass-1' } },
      headers: tokenAuth(portal.tokens.partnerAdmin),
    },
  );
  expect(nid.data?.configureNidCredentials.errors).toEqual([]);

  // The card, photographed on a desk, as the agent would upload it.
  cardDir = mkdtempSync(path.join(os.tmpdir(), 'portal-cards-'));
  const { front, back } = await photographedCard(citizen, 'nid_smart', 51);
  writeFileSync(path.join(cardDir, 'front.jpg'), front);
  writeFileSync(path.join(cardDir, 'back.jpg'), back);
  writeFileSync(path.join(cardDir, 'notes.txt'), 'not an image, just notes about the customer\n');

  // What the camera shows for each prompt: the face straight on, and each gesture made from it with its landmarks.
  const photo = await loadTestFace();
  const engine = await createFaceEngine();
  let landmarks: Point[];
  try {
    const neutral = await engine.analyse(photo);
    if (!neutral.ok) throw new Error(`the test face is not usable: ${neutral.code}`);
    landmarks = neutral.face.landmarks;
  } finally {
    await engine.close();
  }
  const images: Record<Pose, Buffer> = {
    straight: photo,
    turn_left: await turnHead(photo, landmarks, 'left'),
    turn_right: await turnHead(photo, landmarks, 'right'),
    blink: await closeEyes(photo, landmarks),
    open_mouth: await openMouth(photo, landmarks),
  };

  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: `(${FAKE_CAMERA})(${JSON.stringify(Object.fromEntries(POSES.map((p) => [p, dataUrl(images[p])])))});` });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await browser?.close();
  if (cardDir) rmSync(cardDir, { recursive: true, force: true });
  if (shots.length > 0) process.stdout.write(`portal screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
});

describe('agent portal and analyst dashboard in headless Chromium', () => {
  let applicationId: string;
  let failedId: string;

  it('is served by the gateway under /portal/ with a content security policy', async () => {
    const res = await fetch(portalUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toMatch(/<script type="module" crossorigin src="\/portal\/assets\/[^"]+\.js"><\/script>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('refuses a bad token with the API code', async () => {
    await page.goto(portalUrl);
    await page.fill('input[name="token"]', 'ekyc_not-a-real-token');
    await page.click('button:has-text("Sign in")');
    await expect(page.locator('[data-error-code="INVALID_TOKEN"]').textContent()).resolves.toContain('INVALID_TOKEN');
    await screenshot('sign-in-refused');
    await expectUsableLayout('sign-in-refused');
  });

  it('shows the API error code and field when the agent uploads a file that is not an image', async () => {
    await signIn(portal.tokens.agent);
    await expect(page.getAttribute('[data-testid="viewer"]', 'data-roles')).resolves.toBe('agent');
    await page.setInputFiles('input[name="idImage"]', path.join(cardDir, 'notes.txt'));
    await page.setInputFiles('input[name="idBackImage"]', path.join(cardDir, 'back.jpg'));
    await page.click('button:has-text("Read the card")');
    const error = page.locator('[data-error-field="input.idImage"]');
    await error.waitFor();
    expect(await error.getAttribute('data-error-code')).toBe('UNSUPPORTED_IMAGE_TYPE');
    expect(await error.textContent()).toContain('input.idImage');
    await screenshot('agent-not-an-image');
    await expectUsableLayout('agent-card-step');
  });

  it('runs the whole agent flow to a passed decision: card, review, selfie, liveness, decision', async () => {
    await page.setInputFiles('input[name="idImage"]', path.join(cardDir, 'front.jpg'));
    await page.setInputFiles('input[name="idBackImage"]', path.join(cardDir, 'back.jpg'));
    await screenshot('agent-card-chosen');
    await page.click('button:has-text("Read the card")');
    await page.waitForSelector('[data-testid="review-form"]', { timeout: 90_000 });
    // The reader's values are in the form: the NID number and date of birth as printed.
    expect(await page.inputValue('input[name="applicant.nidNumber"]')).toBe(citizen.nid10);
    expect(await page.inputValue('input[name="applicant.dateOfBirth"]')).toBe(citizen.dateOfBirth);
    await screenshot('agent-review-as-read');
    await expectUsableLayout('agent-review');

    // The agent checks each field against the customer and corrects what differs; the English name is typed anew.
    const asRead = await page.inputValue('input[name="applicant.nameEn"]');
    await page.fill('input[name="applicant.nameEn"]', '');
    await page.type('input[name="applicant.nameEn"]', citizen.nameEn);
    const fields: Record<string, string> = {
      'applicant.nameBn': citizen.name,
      'applicant.fatherName': citizen.father,
      'applicant.motherName': citizen.mother,
      'applicant.presentAddress.division': citizen.presentAddress.division,
      'applicant.presentAddress.district': citizen.presentAddress.district,
      'applicant.presentAddress.upazila': citizen.presentAddress.upozila,
      'applicant.permanentAddress.division': citizen.permanentAddress.division,
      'applicant.permanentAddress.district': citizen.permanentAddress.district,
      'applicant.permanentAddress.upazila': citizen.permanentAddress.upozila,
      mobileNumber: `018${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      profession: 'Teacher',
      nominee: 'Ambia Khatun',
      nomineeRelation: 'Mother',
    };
    for (const [name, value] of Object.entries(fields)) await page.fill(`input[name="${name}"]`, value);
    await page.selectOption('select[name="gender"]', citizen.gender);
    process.stdout.write(`English name read as "${asRead}", confirmed as "${citizen.nameEn}"\n`);
    await screenshot('agent-review-corrected');
    await page.click('button:has-text("Fields are correct")');

    // The selfie comes from the camera: the same face as on the card and at the EC.
    await page.waitForSelector('button:has-text("Take selfie"):enabled');
    await page.click('button:has-text("Take selfie")');
    await page.waitForSelector('img[data-testid="selfie"]');
    await screenshot('agent-selfie');
    await expectUsableLayout('agent-selfie');
    await page.click('button:has-text("Submit for verification")');
    await page.waitForSelector('[data-testid="liveness-step"]');
    applicationId = (await page.textContent('[data-testid="application-id"]'))!.trim();
    expect(applicationId).toMatch(/^[0-9a-f-]{36}$/);

    // Liveness: the page prompts each challenge; the fake camera performs it.
    await page.click('button:has-text("Start the liveness check")');
    await page.waitForSelector('[data-liveness-prompt]');
    await screenshot('agent-liveness-prompt');
    await page.waitForSelector('[data-liveness-status]', { timeout: 90_000 });
    const liveness = await page.getAttribute('[data-liveness-status]', 'data-liveness-status');
    if (liveness !== 'passed') await screenshot('agent-liveness-failed');
    expect({ liveness, text: await page.textContent('[data-liveness-status]') }).toEqual({ liveness: 'passed', text: expect.any(String) });

    // The decision arrives: the NID check, then the face match.
    await page.waitForSelector('[data-testid="decision-status"][data-status="passed"]', { timeout: 120_000 });
    await page.waitForSelector('[data-testid="field-scores"]', { timeout: 30_000 });
    const pairs = await page.$$eval('[data-testid="face-matches"] tr[data-pair]', (rows) =>
      rows.map((r) => [r.getAttribute('data-pair'), r.getAttribute('data-decision')]),
    );
    expect(Object.fromEntries(pairs)).toEqual({ card_ec: 'match', selfie_ec: 'match', selfie_card: 'match' });
    expect(await page.textContent('[data-testid="field-scores"] tr[data-field="nidNumber"]')).toContain(citizen.nid10);
    await screenshot('agent-decision-passed');
    await expectUsableLayout('agent-decision');
  });

  it("lists the application in the agent's verification log, as submitted", async () => {
    await page.click('button[data-view="log"]');
    const row = page.locator(`[data-testid="verification-log"] tr[data-application-id="${applicationId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('passed');
    expect(await row.textContent()).toContain(citizen.nameEn);
    expect(await page.textContent('[data-testid="log-total"]')).toBe('1 verification');
    await screenshot('agent-verification-log');
    await expectUsableLayout('agent-verification-log');
  });

  it('shows the analyst the charts of the date range and the audit trail of the application', async () => {
    // A second applicant, submitted through the API by the partner admin, whom the EC does not confirm.
    const other = loadCardCitizens().find((c) => c.faceId % 22 !== FACE_ID && c.nid10 !== citizen.nid10)!;
    const created = await graphql<{ createApplication: { application: { id: string } } }>(
      gw,
      'mutation($m: String!) { createApplication(input: { mobileNumber: $m }) { application { id } } }',
      {
        variables: { m: '01712345678' },
        headers: tokenAuth(portal.tokens.partnerAdmin),
      },
    );
    failedId = created.data!.createApplication.application.id;
    const submitted = await graphql<{ submitApplication: { errors: UserError[] } }>(
      gw,
      'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { errors { code field } } }',
      {
        variables: {
          i: {
            applicationId: failedId,
            documentType: 'nid_smart',
            applicant: {
              nidNumber: other.nid10,
              nameEn: other.nameEn,
              nameBn: other.name,
              dateOfBirth: other.dateOfBirth,
              fatherName: 'আবুল কাশেম মিয়া',
              motherName: other.mother,
            },
            selfie: (await loadTestFace()).toString('base64'),
          },
        },
        headers: tokenAuth(portal.tokens.partnerAdmin),
      },
    );
    expect(submitted.data?.submitApplication.errors).toEqual([]);
    await waitFor(
      async () => {
        const log = await graphql<{ verificationLog: { edges: Array<{ node: { applicationId: string; status: string } }> } }>(
          gw,
          '{ verificationLog(status: all) { edges { node { applicationId status } } } }',
          {
            headers: tokenAuth(portal.tokens.analyst),
          },
        );
        const statuses = new Map(log.data?.verificationLog.edges.map((e) => [e.node.applicationId, e.node.status]));
        return statuses.get(failedId) === 'failed' && statuses.get(applicationId) === 'passed';
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'both decisions in the verification log' },
    );

    await page.click('button:has-text("Sign out")');
    // The browser's clock just before midnight in Asia/Dhaka, where the day the dashboard asks for could slip.
    await page.clock.setFixedTime(new Date(`${dhakaToday()}T23:59:30+06:00`));
    // The default week's answer is held back until after the analyst asked for another range: it must not replace it.
    const [startDate, endDate] = [dhakaDaysAgo(2), dhakaToday()];
    type Sent = { query?: string; variables?: { startDate?: string } } | null;
    const dashboardFrom = (day: string) => (body: Sent) => Boolean(body?.query?.includes('query Dashboard') && body.variables?.startDate === day);
    const [isWeek, isChosen] = [dashboardFrom(dhakaDaysAgo(6)), dashboardFrom(startDate)];
    const chosenAnswered = page.waitForResponse((response) => isChosen(response.request().postDataJSON() as Sent), { timeout: 30_000 });
    await page.route('**/graphql', async (route) => {
      if (isWeek(route.request().postDataJSON() as Sent)) await chosenAnswered;
      await route.continue();
    });
    const weekAnswered = page.waitForResponse((response) => isWeek(response.request().postDataJSON() as Sent), { timeout: 30_000 });
    await signIn(portal.tokens.analyst);
    await expect(page.getAttribute('[data-testid="viewer"]', 'data-roles')).resolves.toBe('analyst');
    await page.fill('input[name="startDate"]', startDate);
    await page.fill('input[name="endDate"]', endDate);
    await page.click('[data-testid="date-range"] button:has-text("Show")');
    await page.waitForSelector(`[data-testid="dashboard"][data-range="${startDate}..${endDate}"][data-loading="false"] [data-kpi="total"]`);
    await weekAnswered;
    await page.unroute('**/graphql');
    await expect(page.getAttribute('[data-testid="dashboard"]', 'data-range')).resolves.toBe(`${startDate}..${endDate}`);
    await screenshot('analyst-dashboard');
    await expectUsableLayout('analyst-dashboard');

    const kpi = (name: string) => page.textContent(`[data-kpi="${name}"] .value`);
    expect(await kpi('total')).toBe('2');
    expect(await kpi('pass-rate')).toBe('50%');
    expect(await kpi('time-to-decision')).toMatch(/^\d+ (s|min \d+ s)$/);

    // Per day: three days on the axis, today's bar stacked of one passed and one failed.
    const perDay = page.locator('[data-chart="per-day"]');
    expect(await perDay.locator('.recharts-xAxis .recharts-cartesian-axis-tick').count()).toBe(3);
    expect((await perDay.locator('.recharts-legend-item-text').allTextContents()).sort()).toEqual(['failed', 'invalid', 'passed', 'pending']);
    expect(await perDay.locator('.bar-passed .recharts-rectangle').count()).toBe(1);
    expect(await perDay.locator('.bar-failed .recharts-rectangle').count()).toBe(1);
    expect(await perDay.locator('.bar-pending .recharts-rectangle').count()).toBe(0);
    // Pass rate: a slice each for passed and failed.
    expect(await page.locator('[data-chart="pass-rate"] .recharts-pie-sector').count()).toBe(2);
    // Failure reasons: one NID mismatch, drawn as one bar.
    expect(
      await page
        .locator('[data-chart="failure-reasons"] li[data-reason]')
        .evaluateAll((items) => items.map((i) => [i.getAttribute('data-reason'), i.getAttribute('data-count')])),
    ).toEqual([['NID_MISMATCH', '1']]);
    expect(await page.locator('[data-chart="failure-reasons"] .recharts-bar-rectangle').count()).toBe(1);
    // The reason in words, its code beside it.
    expect(await page.textContent('[data-chart="failure-reasons"] li[data-reason="NID_MISMATCH"]')).toBe(
      'Details differ from the Election Commission record NID_MISMATCH: 1',
    );
    // Billing: both verifications, and two NID calls of the tenant's own account.
    const calls = async (provider: string) =>
      (
        await page
          .locator(`[data-testid="billing-lines"] tr[data-provider="${provider}"]`)
          .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-calls'))))
      ).reduce((a, b) => a + b, 0);
    expect(await calls('verification')).toBe(2);
    expect(await calls('nid')).toBe(2);
    // The verification lines are per submitting user: shown by name (bootstrap users have their email as name), not id.
    await page.waitForSelector('[data-testid="billing-lines"] tr[data-provider="verification"][data-account="agent@portal-bank.local"]');
    const accounts = await page
      .locator('[data-testid="billing-lines"] tr[data-provider="verification"]')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-account'), r.textContent]));
    expect(accounts.map(([account]) => account).sort()).toEqual(['admin@portal-bank.local', 'agent@portal-bank.local']);
    for (const [, text] of accounts) expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await page.locator('[data-chart="billing"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await page.waitForSelector('[data-chart="reconciliation"]');

    // The audit trail of the browser's application, oldest first.
    await page.fill('input[name="applicationId"]', applicationId);
    await page.click('button:has-text("Open its audit trail")');
    const trail = page.locator(`[data-testid="audit-trail"][data-application-id="${applicationId}"]`);
    await trail.locator('tr[data-event-type]').first().waitFor();
    const types = await trail.locator('tr[data-event-type]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-type')));
    expect(types[0]).toBe('application.created');
    expect(types).toEqual(
      expect.arrayContaining([
        'application.submitted',
        'nid.verification.completed',
        'biometric.match.completed',
        'biometric.liveness.completed',
        'verification.completed',
      ]),
    );
    await screenshot('analyst-audit-trail');
    await expectUsableLayout('analyst-audit-trail');

    // The applications: found by the exact mobile number (shown masked to the analyst), by status, and the chain verified.
    await page.click('button[data-view="applications"]');
    await page.fill('input[name="searchMobile"]', '017-1234 5678');
    await page.click('[data-testid="application-search"] button[type="submit"]');
    // The answer to this search, not the list shown before it.
    await page.waitForSelector(`[data-testid="application-results"][data-filter-mobile="017-1234 5678"] tr[data-application-id="${failedId}"]`);
    expect(await page.locator('[data-testid="application-results"] tr[data-application-id]').count()).toBe(1);
    expect(await page.textContent(`tr[data-application-id="${failedId}"]`)).toContain('017******78');
    await page.fill('input[name="searchMobile"]', '');
    await page.selectOption('select[name="searchStatus"]', 'passed');
    await page.click('[data-testid="application-search"] button[type="submit"]');
    await page.waitForSelector(
      `[data-testid="application-results"][data-filter-status="passed"] tr[data-application-id="${applicationId}"][data-status="passed"]`,
    );
    expect(await page.locator(`[data-testid="application-results"] tr[data-application-id="${failedId}"]`).count()).toBe(0);
    await page.click('[data-testid="verify-chain"]');
    await page.waitForSelector('[data-testid="chain-result"][data-ok="true"]');
    await page.click(`tr[data-application-id="${applicationId}"] button.link`);
    await page.locator(`[data-testid="audit-trail"][data-application-id="${applicationId}"] tr[data-event-type]`).first().waitFor();
    // An analyst may not see the applicant's photos: said so, and nothing is asked for.
    expect(await page.textContent('[data-testid="application-photos"][data-allowed="false"]')).toBe(
      'Photos are not available for your role: reviewers and partner admins see them.',
    );
    // The API refuses them to the analyst all the same.
    const photos = await graphql(gw, 'query($id: ID!) { application(id: $id) { id images { selfie } } }', {
      variables: { id: applicationId },
      headers: tokenAuth(portal.tokens.analyst),
    });
    expect(photos.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    await screenshot('analyst-applications');
    await expectUsableLayout('analyst-applications');
  });

  it('lets the partner admin invite a user, issue them a key shown once, and revoke it or disable them: refused on the next request', async () => {
    await page.click('button:has-text("Sign out")');
    await signIn(portal.tokens.partnerAdmin);
    // Names, not ids, in the header.
    await page.waitForSelector('[data-testid="viewer"]:has-text("Portal Bank")');
    await page.click('button[data-view="access"]');
    await page.waitForSelector('[data-testid="access-admin"] [data-testid="users"]');

    // An email that is not one is refused with its code and field.
    const email = `agent.${randomUUID().slice(0, 8)}@portal-bank.test`;
    await page.fill('input[name="inviteEmail"]', 'not-an-email@');
    await page.evaluate('document.querySelector(\'[data-testid="invite-user"]\').noValidate = true');
    await page.click('[data-testid="invite-user"] button[type="submit"]');
    await page.locator('[data-error-code="INVALID_EMAIL"][data-error-field="input.email"]').waitFor();

    await page.fill('input[name="inviteEmail"]', email);
    await page.fill('input[name="inviteName"]', 'Nasrin Sultana');
    await page.click('[data-testid="invite-user"] button[type="submit"]');
    const person = page.locator(`[data-testid="users"] li[data-user-email="${email}"]`);
    await person.waitFor().catch(async (err: Error) => {
      await screenshot('admin-invite-missing');
      throw err;
    });
    expect(await person.getAttribute('data-active')).toBe('true');

    // A key for the new agent: shown once, and it works at once.
    const userId = (
      await graphql<{ users: { edges: Array<{ node: { id: string; email: string } }> } }>(
        gw,
        'query($s: String) { users(search: $s) { edges { node { id email } } } }',
        { variables: { s: email }, headers: tokenAuth(portal.tokens.partnerAdmin) },
      )
    ).data!.users.edges[0]!.node.id;
    await page.selectOption('select[name="keyUser"]', userId);
    await page.fill('input[name="keyLabel"]', 'branch 7 tablet');
    await page.click('[data-testid="create-key"] button[type="submit"]');
    const token = (await page.textContent('[data-testid="new-key-value"]'))!.trim();
    expect(token).toMatch(/^ekyc_/);
    const asAgent = () => graphql<{ viewer: { roles: string[] } }>(gw, '{ viewer { roles } }', { headers: tokenAuth(token) });
    expect((await asAgent()).data?.viewer.roles).toEqual(['agent']);
    expect(await restLog({ authorization: `Token ${token}` })).toMatchObject({ status: 200 });
    await screenshot('admin-users-and-keys');
    await expectUsableLayout('admin-users-and-keys');

    // Revoked in the portal: refused on the next request.
    await page.click('[data-testid="new-key"] button');
    const keyRow = page.locator('[data-testid="api-keys"] tr[data-key-label="branch 7 tablet"]');
    await keyRow.locator('button[data-action="revoke"]').click();
    await page.waitForSelector('[data-testid="api-keys"] tr[data-key-label="branch 7 tablet"][data-status="revoked"]');
    expect(await asAgent()).toMatchObject({ status: 401, errors: [{ extensions: { code: 'INVALID_TOKEN' } }] });
    // The partner REST API refuses it on the next request too, in its own envelope.
    expect(await restLog({ authorization: `Token ${token}` })).toMatchObject({
      status: 401,
      body: { status: 'error', code: 'INVALID_TOKEN', field: 'Authorization' },
    });
    expect(await restLog({ 'x-api-key': token })).toMatchObject({ status: 401, body: { code: 'INVALID_TOKEN' } });

    // A second key, then the user disabled: refused on the next request too.
    await page.selectOption('select[name="keyUser"]', userId);
    await page.fill('input[name="keyLabel"]', 'branch 7 phone');
    await page.click('[data-testid="create-key"] button[type="submit"]');
    const second = (await page.textContent('[data-testid="new-key-value"]'))!.trim();
    expect((await graphql<{ viewer: { roles: string[] } }>(gw, '{ viewer { roles } }', { headers: tokenAuth(second) })).data?.viewer.roles).toEqual(['agent']);
    await person.locator('button[data-action="disable"]').click();
    await page.waitForSelector(`[data-testid="users"] li[data-user-email="${email}"][data-active="false"]`);
    expect(await graphql(gw, '{ viewer { roles } }', { headers: tokenAuth(second) })).toMatchObject({
      status: 401,
      errors: [{ extensions: { code: 'INVALID_TOKEN' } }],
    });

    // Every change is on record, newest first.
    const actions = await page
      .locator('[data-testid="access-changes"] li[data-action]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-action')));
    expect(actions.slice(0, 5)).toEqual(['user.disabled', 'api_key.created', 'api_key.revoked', 'api_key.created', 'user.invited']);
  });

  it('runs the agent flow in Bengali on a phone: labels, required fields checked before the selfie, errors in Bengali', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'bn-BD' });
    await context.addInitScript({ content: `(${FAKE_CAMERA})({});` });
    const phone = await context.newPage();
    phone.setDefaultTimeout(30_000);
    const check = (name: string) => expectUsableLayout(name, phone);
    try {
      // The browser asks for Bengali: the portal starts in it.
      await phone.goto(portalUrl);
      await expect(phone.getAttribute('html', 'lang')).resolves.toBe('bn');
      await phone.fill('input[name="token"]', portal.tokens.agent);
      await phone.click('button:has-text("সাইন ইন")');
      await phone.waitForSelector('[data-testid="viewer"]');
      expect(await phone.textContent('button[data-view="verify"]')).toBe('নতুন যাচাই');
      await check('bn-agent-card-step');

      // Without the back: the problem in Bengali, naming the field by its Bengali label.
      await phone.setInputFiles('input[name="idImage"]', path.join(cardDir, 'front.jpg'));
      await phone.click('button:has-text("কার্ড পড়ুন")');
      await expect(phone.textContent('[data-error-field="input.idBackImage"]')).resolves.toContain('কার্ডের পেছনের দিক দেওয়া আবশ্যক।');

      await phone.setInputFiles('input[name="idBackImage"]', path.join(cardDir, 'back.jpg'));
      await phone.click('button:has-text("কার্ড পড়ুন")');
      await phone.waitForSelector('[data-testid="review-form"]', { timeout: 90_000 });
      expect(await phone.inputValue('input[name="applicant.nidNumber"]')).toBe(citizen.nid10);
      expect(await phone.textContent('[data-testid="review-form"] legend')).toBe('আবেদনকারী');
      // The address read from the card is already in its boxes.
      expect(await phone.inputValue('input[name="applicant.presentAddress.district"]')).not.toBe('');
      await check('bn-agent-review');

      // Required fields are checked before the selfie: nothing is asked after the camera.
      await phone.click('button:has-text("তথ্য সঠিক: সেলফি তুলুন")');
      const missing = await phone.locator('[data-testid="problems"] li').evaluateAll((items) => items.map((i) => i.getAttribute('data-error-field')));
      expect(missing).toEqual(expect.arrayContaining(['input.mobileNumber', 'input.gender', 'input.profession', 'input.nominee', 'input.nomineeRelation']));
      await expect(phone.textContent('[data-error-field="input.nomineeRelation"]')).resolves.toContain('নমিনির সাথে সম্পর্ক দেওয়া আবশ্যক।');
      expect(await phone.locator('[data-testid="selfie-step"]').count()).toBe(0);
      await check('bn-agent-review-problems');

      await phone.fill('input[name="mobileNumber"]', '0181234567');
      await phone.selectOption('select[name="gender"]', citizen.gender);
      await phone.fill('input[name="profession"]', 'শিক্ষক');
      await phone.fill('input[name="nominee"]', 'আম্বিয়া খাতুন');
      await phone.fill('input[name="nomineeRelation"]', 'মা');
      if ((await phone.inputValue('input[name="applicant.nameBn"]')) === '') await phone.fill('input[name="applicant.nameBn"]', citizen.name);
      if ((await phone.inputValue('input[name="applicant.nameEn"]')) === '') await phone.fill('input[name="applicant.nameEn"]', citizen.nameEn);
      if ((await phone.inputValue('input[name="applicant.dateOfBirth"]')) === '') await phone.fill('input[name="applicant.dateOfBirth"]', citizen.dateOfBirth);
      for (const part of ['division', 'district', 'upazila'] as const) {
        if ((await phone.inputValue(`input[name="applicant.presentAddress.${part}"]`)) === '')
          await phone.fill(`input[name="applicant.presentAddress.${part}"]`, citizen.presentAddress[part === 'upazila' ? 'upozila' : part]);
      }
      // Ten digits: not a mobile number, said in Bengali.
      await phone.click('button:has-text("তথ্য সঠিক: সেলফি তুলুন")');
      await expect(phone.textContent('[data-error-field="input.mobileNumber"]')).resolves.toContain('১১ অঙ্কের বাংলাদেশি মোবাইল নম্বর');
      await phone.fill('input[name="mobileNumber"]', '01812345678');
      await phone.click('button:has-text("তথ্য সঠিক: সেলফি তুলুন")');
      await phone.waitForSelector('[data-testid="selfie-step"]');
      expect(await phone.textContent('[data-testid="selfie-step"] button')).toBe('সেলফি তুলুন');
      await check('bn-agent-selfie');

      // The agent's log in Bengali, counts in Bengali digits.
      await phone.click('button[data-view="log"]');
      await phone.waitForSelector('[data-testid="log-total"]');
      expect(await phone.textContent('[data-testid="verification-log"] h2')).toBe('যাচাইয়ের তালিকা');
      expect(await phone.textContent('[data-testid="log-total"]')).toMatch(/^[০-৯]+টি যাচাই$/);
      await check('bn-agent-log');
    } finally {
      await context.close();
    }
  });

  it("signs a person in through the bank's identity provider (OIDC, PKCE) into a session cookie; signing out or being disabled ends it", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const phone = await context.newPage();
    phone.setDefaultTimeout(30_000);
    try {
      await phone.goto(portalUrl);
      await phone.click('[data-testid="oidc-sign-in"]');
      // The provider's own page (tools/idp-sandbox): the reviewer's work email, any password.
      await phone.waitForSelector('input[name="email"]');
      expect(new URL(phone.url()).port).not.toBe(new URL(portalUrl).port);
      await phone.fill('input[name="email"]', 'reviewer@portal-bank.local');
      await phone.fill('input[name="password"]', 'any password at all');
      await phone.click('button[type="submit"]');
      await phone.waitForSelector('[data-testid="viewer"]:has-text("Portal Bank")');
      expect(await phone.getAttribute('[data-testid="viewer"]', 'data-roles')).toBe('reviewer');
      await phone.waitForSelector('[data-testid="review-queue"]');
      // The cookie is HttpOnly and SameSite=Lax; the page holds no token.
      const cookie = (await context.cookies()).find((c) => c.name === 'ekyc_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      expect(await phone.evaluate('JSON.parse(sessionStorage.getItem("ekyc-portal-session")).credential')).toBeNull();
      const asBrowser = () =>
        phone.evaluate(
          `fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { roles authKind } }' }) }).then(async (r) => ({ status: r.status, body: await r.json() }))`,
        );
      expect(await asBrowser()).toMatchObject({ status: 200, body: { data: { viewer: { roles: ['reviewer'], authKind: 'session' } } } });

      // Signing out ends the session at the gateway: the old cookie, replayed, is refused.
      await phone.click('button:has-text("Sign out")');
      await phone.waitForSelector('[data-testid="oidc-sign-in"]');
      const replayed = await graphql(gw, '{ viewer { roles } }', { headers: { cookie: `ekyc_session=${cookie!.value}` } });
      expect(replayed).toMatchObject({ status: 401, errors: [{ extensions: { code: 'INVALID_TOKEN' } }] });
      expect(await restLog({ cookie: `ekyc_session=${cookie!.value}` })).toMatchObject({ status: 401, body: { code: 'INVALID_TOKEN' } });

      // Signed in again (the provider remembers the person: no password this time), then disabled by the partner
      // admin: refused on the next request.
      await phone.click('[data-testid="oidc-sign-in"]');
      await phone.waitForSelector('[data-testid="review-queue"]');
      const admin = tokenAuth(portal.tokens.partnerAdmin);
      const reviewer = (
        await graphql<{ users: { edges: Array<{ node: { id: string } }> } }>(gw, '{ users(search: "reviewer@portal-bank.local") { edges { node { id } } } }', {
          headers: admin,
        })
      ).data!.users.edges[0]!.node.id;
      expect(
        (
          await graphql<{ disableUser: { errors: unknown[] } }>(gw, 'mutation($id: ID!) { disableUser(id: $id) { errors { code } } }', {
            variables: { id: reviewer },
            headers: admin,
          })
        ).data?.disableUser.errors,
      ).toEqual([]);
      try {
        expect(await asBrowser()).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'INVALID_TOKEN' } }] } });
      } finally {
        await graphql(gw, 'mutation($id: ID!) { enableUser(id: $id) { errors { code } } }', { variables: { id: reviewer }, headers: admin });
      }

      // An email that is no user of the platform comes back to the portal with its reason (a new browser for the provider).
      await phone.goto(portalUrl);
      await phone.evaluate('sessionStorage.clear()');
      await context.clearCookies();
      const hops: string[] = [];
      phone.on('response', (r) => hops.push(`${r.status()} ${r.url().slice(0, 90)} -> ${r.headers()['location'] ?? ''}`));
      await phone.goto(`${gw.replace(/\/graphql$/, '')}/auth/oidc/login`);
      await phone.fill('input[name="email"]', 'stranger@elsewhere.test');
      await phone.fill('input[name="password"]', 'x');
      await phone.click('button[type="submit"]');
      await phone.waitForSelector('[data-testid="problems"] [data-error-code="NOT_A_USER"]').catch(async (err: Error) => {
        throw new Error(`${err.message}\nat ${phone.url()}:\n${(await phone.locator('body').innerText()).slice(0, 600)}\n${hops.join('\n')}`);
      });
      expect(phone.url()).toBe(portalUrl);
    } finally {
      await context.close();
    }
  });
  it("takes a person's roles from the identity provider's groups at sign-in; the session works on the REST API as on /graphql; the dashboard and queue in Bengali", async () => {
    // Invited as an agent; the provider's directory has supervisors in ekyc-reviewers and ekyc-analysts.
    const admin = tokenAuth(portal.tokens.partnerAdmin);
    const invite = (email: string) =>
      graphql<{ inviteUser: { user: { id: string } | null; errors: UserError[] } }>(
        gw,
        'mutation($i: InviteUserInput!) { inviteUser(input: $i) { user { id } errors { code field } } }',
        {
          variables: { i: { email, roles: ['agent'] } },
          headers: admin,
        },
      );
    const supervisor = await invite('supervisor@portal-bank.local');
    expect(supervisor.data?.inviteUser.errors).toEqual([]);
    const supervisorId = supervisor.data!.inviteUser.user!.id;
    const outsider = `temp.${randomUUID().slice(0, 8)}@portal-bank.local`;
    expect((await invite(outsider)).data?.inviteUser.errors).toEqual([]);

    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const phone = await context.newPage();
    phone.setDefaultTimeout(30_000);
    const check = (name: string) => expectUsableLayout(name, phone);
    try {
      await phone.goto(portalUrl);
      await phone.click('[data-testid="oidc-sign-in"]');
      await phone.fill('input[name="email"]', 'supervisor@portal-bank.local');
      await phone.fill('input[name="password"]', 'any password');
      await phone.click('button[type="submit"]');
      await phone.waitForSelector('[data-testid="viewer"]:has-text("Portal Bank")');
      expect(await phone.getAttribute('[data-testid="viewer"]', 'data-roles')).toBe('analyst reviewer');
      // On record, with the groups it came from; the user is an agent no more.
      const changes = await graphql<{ accessChanges: { edges: Array<{ node: { action: string; targetId: string; detail: string } }> } }>(
        gw,
        '{ accessChanges(first: 5) { edges { node { action targetId detail } } } }',
        { headers: admin },
      );
      const synced = changes.data!.accessChanges.edges.map((e) => e.node).find((c) => c.targetId === supervisorId && c.action === 'user.roles_synced');
      expect(JSON.parse(synced!.detail)).toEqual({
        roles: { from: ['agent'], to: ['analyst', 'reviewer'] },
        source: 'oidc',
        claim: 'groups',
        groups: ['ekyc-reviewers', 'ekyc-analysts'],
      });

      // The session cookie is a credential on the partner REST API as on /graphql: the page's own call, and the cookie
      // sent by another client.
      const cookie = (await context.cookies()).find((c) => c.name === 'ekyc_session')!;
      const fromPage = await phone.evaluate(`fetch('/agent/get-verification-log/?status=all&page=1&per_page=1').then((r) => r.status)`);
      expect(fromPage).toBe(200);
      expect(await restLog({ cookie: `ekyc_session=${cookie.value}` })).toMatchObject({ status: 200 });

      // The dashboard in Bengali: words, and digits in Bengali.
      await phone.selectOption('select[name="language"]', 'bn');
      await phone.waitForSelector('[data-testid="dashboard"][data-loading="false"] [data-kpi="total"]');
      expect(await phone.textContent('[data-kpi="total"] .label')).toBe('যাচাই');
      expect(await phone.textContent('[data-kpi="total"] .value')).toMatch(/^[০-৯]+$/);
      expect(await phone.textContent('[data-chart="per-day"] figcaption')).toBe('দিনে দিনে যাচাই, অবস্থা অনুযায়ী');
      await check('bn-analyst-dashboard');
      // The application page, with its photos for a reviewer.
      await phone.click('button[data-view="applications"]');
      await phone.fill('input[name="searchNid"]', citizen.nid10);
      await phone.click('[data-testid="application-search"] button[type="submit"]');
      await phone.click(`[data-testid="application-results"] tr[data-application-id="${applicationId}"] button.link`);
      await phone.waitForSelector('[data-testid="application-photos"][data-loaded="true"] [data-photo="selfie"] img');
      expect(await phone.locator('[data-testid="application-photos"] [data-photo="front"] img').count()).toBe(1);
      expect(await phone.textContent('[data-testid="application-photos"] h3')).toBe('ছবি');
      await check('bn-application-page');
      await phone.click('button[data-view="reviews"]');
      await phone.waitForSelector('[data-testid="review-queue"] h2');
      expect(await phone.textContent('[data-testid="review-queue"] h2')).toBe('পর্যালোচনার সারি');
      await check('bn-review-queue');

      // A person whose groups give no role here is refused, with the reason, at the portal.
      await context.clearCookies();
      await phone.evaluate('sessionStorage.clear()');
      await phone.goto(`${gw.replace(/\/graphql$/, '')}/auth/oidc/login`);
      await phone.fill('input[name="email"]', outsider);
      await phone.fill('input[name="password"]', 'x');
      await phone.click('button[type="submit"]');
      await phone.waitForSelector('[data-testid="problems"] [data-error-code="NO_ROLE_FROM_PROVIDER"]');
    } finally {
      await context.close();
    }
  });
});
