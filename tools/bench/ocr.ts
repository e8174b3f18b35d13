import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDocumentReader, type NidCardKind, type NidField } from '@ekyc/document-reader';
import { levenshtein } from '@ekyc/field-matching';
import { CARD_KINDS, generateCardSet, parseList, type CardSample } from '../cardgen/card-set';
import { normaliseFieldValue } from '../cardgen/formats';
import { CARD_VARIANTS, type CardVariant } from '../cardgen/variants';
import { REPO_ROOT } from '../lib/run-app-script';
import { ensureDatabase, generateSecrets, resolveDatabaseServer, resolveKafka } from '../stack/infra';
import { bootstrapTenant, migratePlatform, startPlatform } from '../stack/platform';

/**
 * `npm run bench:ocr -- [--count 50] [--variants clean,photo] [--kinds nid_smart,nid_old] [--seed 1]
 *   [--in-process-only | --service-only] [--ocr-workers 2] [--report file.json]`
 *
 * Renders synthetic NID cards (tools/cardgen), reads them with the document reader in this process (per-side
 * latency) and through the gateway's step-1 mutation on a freshly started platform (end-to-end latency), and
 * prints per-field exact-match and character error rates against the printed text, normalised as the
 * service reports values (dates YYYY-MM-DD, NID digits only, text NFC).
 */
const BASE_PORT = 4200;
const KAFKA_PORT = 19096;
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const FIELDS: readonly NidField[] = ['nameBn', 'nameEn', 'fatherName', 'motherName', 'dateOfBirth', 'nidNumber', 'address', 'bloodGroup', 'birthPlace', 'issueDate'];

interface CardRead {
  /** Values as reported (already normalised by the reader/service); null when nothing was read. */
  fields: Partial<Record<NidField, string | null>>;
  kind: string | null;
  frontMs?: number;
  backMs?: number;
  totalMs: number;
  error?: string;
}

interface Options {
  ocrWorkers: number;
}

const truthOf = (sample: CardSample): Partial<Record<NidField, string>> => {
  const out: Partial<Record<NidField, string>> = {};
  for (const [field, value] of Object.entries({ ...sample.truth.front, ...sample.truth.back }) as Array<[NidField, string]>) out[field] = normaliseFieldValue(field, value);
  return out;
};

/** (b) The reader in this process: per-side latency without the network, the queue or the database. */
async function readInProcess(samples: readonly CardSample[], options: Options): Promise<CardRead[]> {
  const started = Date.now();
  const reader = await createDocumentReader({ ocrWorkers: options.ocrWorkers });
  say(`document reader ready in ${Date.now() - started} ms (${options.ocrWorkers} OCR workers per language)`);
  const reads: CardRead[] = [];
  try {
    for (const sample of samples) {
      const t0 = performance.now();
      try {
        const result = await reader.readNidCard({ front: sample.front, back: sample.back, crop: true });
        const fields: Partial<Record<NidField, string | null>> = {};
        for (const field of FIELDS) fields[field] = result.fields[field]?.value ?? null;
        reads.push({ fields, kind: result.kind, frontMs: result.timings.frontMs, backMs: result.timings.backMs, totalMs: performance.now() - t0 });
      } catch (err) {
        reads.push({ fields: {}, kind: null, totalMs: performance.now() - t0, error: (err as Error).message });
      }
      if (reads.length % 10 === 0) say(`in-process: ${reads.length}/${samples.length}`);
    }
  } finally {
    await reader.close();
  }
  return reads;
}

const STEP1 = `mutation($input: SubmitIdDocumentInput!) {
  submitIdDocument(input: $input) {
    submission { id documentType reviewOcrData { name value confidence accepted } }
    errors { code field message }
  }
}`;

interface Step1Response {
  data?: {
    submitIdDocument?: {
      submission: { id: string; documentType: string | null; reviewOcrData: Array<{ name: string; value: string | null; confidence: number; accepted: boolean }> } | null;
      errors: Array<{ code: string; field: string | null; message: string }>;
    };
  };
  errors?: Array<{ message: string }>;
}

/** (a) Through the gateway's step-1 mutation on a freshly started platform: end-to-end latency per card. */
async function readThroughService(samples: readonly CardSample[], options: Options): Promise<CardRead[]> {
  const db = await resolveDatabaseServer(process.env, say);
  const kafkaDir = path.join(REPO_ROOT, '.data', 'kafka-bench');
  rmSync(kafkaDir, { recursive: true, force: true });
  const kafka = await resolveKafka(process.env, say, { port: KAFKA_PORT, dataDir: kafkaDir });
  try {
    const databaseUrl = await ensureDatabase(db, 'ekyc_bench', { fresh: true });
    await migratePlatform(databaseUrl, () => undefined);
    const boot = await bootstrapTenant(databaseUrl);
    const platform = await startPlatform({
      databaseUrl,
      kafkaBrokers: kafka.brokers,
      secrets: generateSecrets(),
      basePort: BASE_PORT,
      logLevel: 'warn',
      nodeEnv: 'production',
      logDir: path.join(REPO_ROOT, '.data', 'logs', 'bench-ocr'),
      serviceEnv: { OCR_WORKERS: String(options.ocrWorkers) },
    });
    const reads: CardRead[] = [];
    try {
      for (const sample of samples) {
        const input = { issuingCountry: 'BGD', idType: 'government_id', email: 'bench@example.com', idImage: sample.front.toString('base64'), idBackImage: sample.back.toString('base64'), crop: true };
        const t0 = performance.now();
        try {
          const res = await fetch(platform.gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Token ${boot.tokens.agent}` },
            body: JSON.stringify({ query: STEP1, variables: { input } }),
          });
          const body = (await res.json()) as Step1Response;
          const totalMs = performance.now() - t0;
          const payload = body.data?.submitIdDocument;
          const problems = [...(body.errors ?? []).map((e) => e.message), ...(payload?.errors ?? []).map((e) => `${e.code}: ${e.message}`)];
          if (!payload?.submission || problems.length > 0) {
            reads.push({ fields: {}, kind: null, totalMs, error: problems.join('; ') || `HTTP ${res.status}` });
          } else {
            const fields: Partial<Record<NidField, string | null>> = {};
            for (const f of payload.submission.reviewOcrData) if ((FIELDS as readonly string[]).includes(f.name)) fields[f.name as NidField] = f.value;
            reads.push({ fields, kind: payload.submission.documentType, totalMs });
          }
        } catch (err) {
          reads.push({ fields: {}, kind: null, totalMs: performance.now() - t0, error: (err as Error).message });
        }
        if (reads.length % 10 === 0) say(`service: ${reads.length}/${samples.length}`);
      }
    } finally {
      await platform.stop();
    }
    return reads;
  } finally {
    await kafka.stop();
    await db.stop();
  }
}

interface FieldScore {
  cards: number;
  exact: number;
  distance: number;
  length: number;
}

interface VariantScore {
  cards: number;
  nidAndDob: number;
  kindRight: number;
  errors: number;
  fields: Map<NidField, FieldScore>;
  frontMs: number[];
  backMs: number[];
  totalMs: number[];
}

function emptyScore(): VariantScore {
  return { cards: 0, nidAndDob: 0, kindRight: 0, errors: 0, fields: new Map(), frontMs: [], backMs: [], totalMs: [] };
}

function addRead(score: VariantScore, sample: CardSample, read: CardRead): void {
  const truth = truthOf(sample);
  score.cards++;
  if (read.error) score.errors++;
  if (read.kind === sample.kind) score.kindRight++;
  const exact = (field: NidField) => {
    const value = read.fields[field];
    return value != null && normaliseFieldValue(field, value) === truth[field];
  };
  if (exact('nidNumber') && exact('dateOfBirth')) score.nidAndDob++;
  for (const field of FIELDS) {
    // Scored only where the card prints the field (old cards have no birth place).
    const expected = truth[field];
    if (expected === undefined) continue;
    const value = read.fields[field];
    const got = value == null ? '' : normaliseFieldValue(field, value);
    const s = score.fields.get(field) ?? { cards: 0, exact: 0, distance: 0, length: 0 };
    s.cards++;
    if (got === expected) s.exact++;
    s.distance += levenshtein(got, expected);
    s.length += [...expected].length;
    score.fields.set(field, s);
  }
  if (read.frontMs !== undefined) score.frontMs.push(read.frontMs);
  if (read.backMs !== undefined) score.backMs.push(read.backMs);
  score.totalMs.push(read.totalMs);
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

const pct = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`);
const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : `${Math.round(value)}`);

function scoreAll(samples: readonly CardSample[], reads: readonly CardRead[]): { byVariant: Map<CardVariant, VariantScore>; overall: VariantScore } {
  const byVariant = new Map<CardVariant, VariantScore>();
  const overall = emptyScore();
  samples.forEach((sample, i) => {
    const read = reads[i] as CardRead;
    const score = byVariant.get(sample.variant) ?? emptyScore();
    addRead(score, sample, read);
    addRead(overall, sample, read);
    byVariant.set(sample.variant, score);
  });
  return { byVariant, overall };
}

function printReport(label: string, samples: readonly CardSample[], reads: readonly CardRead[], perSide: boolean): VariantScore {
  const { byVariant, overall } = scoreAll(samples, reads);
  const variants = [...byVariant.keys()];
  const out: string[] = [`\n## ${label}: ${samples.length} cards`, ''];
  const cell = 16;
  out.push(`${'exact / CER'.padEnd(14)}${variants.map((v) => v.padStart(cell)).join('')}`);
  for (const field of FIELDS) {
    const cells = variants.map((v) => {
      const s = byVariant.get(v)?.fields.get(field);
      return (s ? `${pct(s.exact, s.cards)} / ${pct(s.distance, s.length)}` : '-').padStart(cell);
    });
    out.push(`${field.padEnd(14)}${cells.join('')}`);
  }
  const row = (name: string, value: (s: VariantScore) => string) => out.push(`${name.padEnd(14)}${variants.map((v) => value(byVariant.get(v) as VariantScore).padStart(cell)).join('')}`);
  row('NID+DOB/card', (s) => pct(s.nidAndDob, s.cards));
  row('kind right', (s) => pct(s.kindRight, s.cards));
  row('errors', (s) => String(s.errors));
  if (perSide) {
    row('front p50/p95', (s) => `${ms(percentile(s.frontMs, 50))}/${ms(percentile(s.frontMs, 95))} ms`);
    row('back p50/p95', (s) => `${ms(percentile(s.backMs, 50))}/${ms(percentile(s.backMs, 95))} ms`);
  }
  row('card p50/p95', (s) => `${ms(percentile(s.totalMs, 50))}/${ms(percentile(s.totalMs, 95))} ms`);
  const nid = overall.fields.get('nidNumber');
  const dob = overall.fields.get('dateOfBirth');
  const nameBn = overall.fields.get('nameBn');
  out.push(
    '',
    `NID number exact: ${nid ? pct(nid.exact, nid.cards) : 'n/a'} (target >= 98%)`,
    `DOB exact: ${dob ? pct(dob.exact, dob.cards) : 'n/a'} (target >= 98%)`,
    `Bengali name CER: ${nameBn ? pct(nameBn.distance, nameBn.length) : 'n/a'} (target <= 3%)`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return overall;
}

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '50' },
      variants: { type: 'string', default: 'clean,photo' },
      kinds: { type: 'string', default: CARD_KINDS.join(',') },
      seed: { type: 'string', default: '1' },
      'in-process-only': { type: 'boolean', default: false },
      'service-only': { type: 'boolean', default: false },
      'ocr-workers': { type: 'string', default: '2' },
      report: { type: 'string' },
    },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');
  const variants = parseList<CardVariant>(values.variants, CARD_VARIANTS, 'variant');
  const kinds = parseList<NidCardKind>(values.kinds, CARD_KINDS, 'kind');
  const options: Options = { ocrWorkers: Number(values['ocr-workers']) };

  const renderStarted = performance.now();
  const samples: CardSample[] = [];
  for await (const sample of generateCardSet({ count, kinds, variants, seed: Number(values.seed) })) samples.push(sample);
  say(`rendered ${count} cards x ${variants.length} variants (front and back) in ${((performance.now() - renderStarted) / 1000).toFixed(1)} s`);

  const runs: Array<{ label: string; reads: CardRead[] }> = [];
  if (!values['service-only']) {
    const reads = await readInProcess(samples, options);
    runs.push({ label: 'in-process reader', reads });
    printReport('in-process reader (latency per card side and per card)', samples, reads, true);
  }
  if (!values['in-process-only']) {
    const reads = await readThroughService(samples, options);
    runs.push({ label: 'service', reads });
    printReport('through the gateway: submitIdDocument (latency per card, end to end)', samples, reads, false);
  }
  if (values.report) {
    const report = samples.map((sample, i) => ({
      id: sample.id,
      kind: sample.kind,
      variant: sample.variant,
      truth: truthOf(sample),
      printed: { ...sample.truth.front, ...sample.truth.back },
      reads: Object.fromEntries(runs.map((run) => [run.label, run.reads[i]])),
    }));
    writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
    say(`per-card results written to ${values.report}`);
  }
  const failed = runs.some((run) => run.reads.some((read) => read.error));
  if (failed) process.exitCode = 1;
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
