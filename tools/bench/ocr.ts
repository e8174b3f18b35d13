import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDocumentReader, type DocumentReader } from '@ekyc/document-reader';
// Apps have no path alias; the tag rules let tools depend on apps. The in-process run refuses by the service's own rule.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  summariseAadhaarRead,
  summariseDriversLicenceRead,
  summariseLatinDocumentRead,
  summariseMrzDocumentRead,
  summariseNidRead,
  summarisePassportRead,
  type ReadSummary,
} from '../../apps/identity-document/src/submission/document-read';
import { generateCardSet, generateForeignSet, generatePassportSet, parseList } from '../cardgen/card-set';
import { DATA_SPLITS, type DataSplit } from '../cardgen/card-types';
import { CARD_VARIANTS, type CardVariant } from '../cardgen/variants';
import type { ForeignTruth } from '../cardgen/render-foreign';
import { REPO_ROOT } from '../lib/run-app-script';
import { ensureDatabase, generateSecrets, resolveDatabaseServer, resolveKafka } from '../stack/infra';
import { bootstrapTenant, migratePlatform, startPlatform } from '../stack/platform';
import {
  addRead,
  cer,
  emptyGroup,
  exactRate,
  formatValue,
  meets,
  percentile,
  precision,
  TARGETS,
  type DocumentKind,
  type Expected,
  type GroupScore,
  type Observed,
} from './ocr/score';

/**
 * `npm run bench:ocr -- [--count 20] [--splits tuning,heldout]
 *   [--kinds nid_smart,nid_old,passport,drivers_license,drivers_license_front,id_card,residence_permit,visa]
 *   [--variants clean,scan,photo,shadow,cut,turned] [--seed 1] [--in-process-only | --service-only] [--ocr-workers 2]
 *   [--log-level warn] [--report file.json]`
 *
 * Renders documents with tools/cardgen in two splits that share no font, layout family, surface or person: `tuning`
 * (what the reader may be tuned on) and `heldout` (what it never is). Each is read in this process (the reader alone)
 * and through the running platform's public API: NID cards by the agent contract's step 1
 * (`POST /agent/customer-registration/?step=1&crop=1`, front and back), passports and the foreign documents of the
 * two-step contract (US driver's licences with and without their back, ID cards, residence permits, visas; a quarter as
 * many of each as NID cards) by `submitIdDocument` with their idType. Prints, per
 * split, kind and variant, the exact-match and character error rates, the share refused, the precision of the
 * fields marked accepted and the latency per document; then the issue's targets for both splits side by side.
 */
const BASE_PORT = 4200;
const KAFKA_PORT = 19096;
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const LABELLED: readonly DocumentKind[] = ['pancard', 'vehicle_registration', 'drivers_license_iso', 'universal'];
const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'nid_smart',
  'nid_old',
  'passport',
  'drivers_license',
  'drivers_license_front',
  'id_card',
  'residence_permit',
  'visa',
  'aadhaar',
  ...LABELLED,
];
const FOREIGN: ReadonlySet<DocumentKind> = new Set(['drivers_license', 'drivers_license_front', 'id_card', 'residence_permit', 'visa', 'aadhaar', ...LABELLED]);
/** The two-step contract's idType and issuing country a foreign document is sent with. */
const twoStepInput = (sample: Sample): { idType: string; issuingCountry: string } => {
  const state = sample.expected.fields['issuingState'] ?? 'USA';
  switch (sample.expected.kind) {
    case 'drivers_license':
    case 'drivers_license_front':
      return { idType: 'drivers_license', issuingCountry: 'USA' };
    case 'id_card':
      return { idType: 'government_id', issuingCountry: sample.country ?? state };
    case 'visa':
      return { idType: 'visa', issuingCountry: sample.country ?? state };
    case 'aadhaar':
      return { idType: 'aadhaar', issuingCountry: 'IND' };
    case 'pancard':
      return { idType: 'pancard', issuingCountry: 'IND' };
    case 'vehicle_registration':
      return { idType: 'vehicle_registration_certificate', issuingCountry: sample.country ?? state };
    case 'drivers_license_iso':
      return { idType: 'drivers_license', issuingCountry: sample.country ?? state };
    case 'universal':
      return { idType: 'universal', issuingCountry: sample.country ?? state };
    default:
      return { idType: 'residence_permit', issuingCountry: sample.country ?? state };
  }
};
const DEFAULT_VARIANTS = 'clean,scan,photo,shadow,cut,turned';

interface Sample {
  expected: Expected;
  /** Issuing country of a foreign document. */
  country?: string;
  front: Buffer;
  back?: Buffer;
  format: 'png' | 'jpeg';
}

async function render(
  splits: readonly DataSplit[],
  kinds: readonly DocumentKind[],
  variants: readonly CardVariant[],
  count: number,
  seed: number,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const nidKinds = kinds.filter((k): k is 'nid_smart' | 'nid_old' => k === 'nid_smart' || k === 'nid_old');
  for (const split of splits) {
    if (nidKinds.length > 0) {
      for await (const s of generateCardSet({ count, kinds: nidKinds, variants, split, seed })) {
        samples.push({
          expected: { id: s.id, split, kind: s.kind, variant: s.variant, fields: { ...s.truth.front, ...s.truth.back } as Record<string, string> },
          front: s.front,
          back: s.back,
          format: s.format,
        });
      }
    }
    const foreign = kinds.filter((k) => FOREIGN.has(k));
    if (foreign.length > 0) {
      const rendered = foreign.map((k) => (k === 'drivers_license_front' ? 'drivers_license' : k)) as Array<
        Exclude<DocumentKind, 'nid_smart' | 'nid_old' | 'passport' | 'drivers_license_front'>
      >;
      for await (const s of generateForeignSet({ count: Math.max(1, Math.round(count / 4)), kinds: [...new Set(rendered)], variants, split, seed })) {
        const t = s.truth;
        const fields: Record<string, string> = expectedForeignFields(s.kind, t);
        const sample = (kind: DocumentKind, back: Buffer | undefined): Sample => ({
          expected: { id: s.id.replace(s.kind, kind), split, kind, variant: s.variant, fields: { ...fields } },
          front: s.front,
          back,
          format: s.format,
          country: s.kind === 'drivers_license' ? 'USA' : t.issuingState,
        });
        if (foreign.includes(s.kind)) samples.push(sample(s.kind, s.back));
        if (s.kind === 'drivers_license' && foreign.includes('drivers_license_front')) {
          const front = sample('drivers_license_front', undefined);
          // Without the back, the jurisdiction is not read: the state's name is printed, not its code.
          delete front.expected.fields['issuingState'];
          samples.push(front);
        }
      }
    }
    if (kinds.includes('passport')) {
      for await (const s of generatePassportSet({ count: Math.max(1, Math.round(count / 2)), variants, split, seed })) {
        const t = s.truth;
        const fields = {
          documentNumber: t.documentNumber,
          surname: t.surname,
          givenNames: t.givenNames,
          dateOfBirth: t.dateOfBirth,
          expiryDate: t.expiryDate,
          nationality: t.nationality,
          sex: t.sex,
        };
        samples.push({ expected: { id: s.id, split, kind: 'passport', variant: s.variant, fields }, front: s.image, format: s.format });
      }
    }
    say(`rendered the ${split} set`);
  }
  return samples;
}

/** What a foreign document's read should say, in the service's field names, by what each kind prints. */
function expectedForeignFields(kind: DocumentKind, t: ForeignTruth): Record<string, string> {
  switch (kind) {
    case 'aadhaar':
      return { documentNumber: t.documentNumber, nameEn: t.fullName ?? '', dateOfBirth: t.dateOfBirth, sex: t.sex, address: t.address ?? '' };
    case 'pancard':
      return { documentNumber: t.documentNumber, nameEn: t.fullName ?? '', fatherName: t.fatherName ?? '', dateOfBirth: t.dateOfBirth };
    case 'vehicle_registration':
      return { documentNumber: t.documentNumber, nameEn: t.fullName ?? '', issueDate: t.issueDate ?? '', expiryDate: t.expiryDate ?? '' };
    case 'drivers_license_iso':
      return {
        documentNumber: t.documentNumber,
        surname: t.surname,
        givenNames: t.givenNames,
        dateOfBirth: t.dateOfBirth,
        issueDate: t.issueDate ?? '',
        expiryDate: t.expiryDate ?? '',
      };
    case 'universal': {
      // Read by its zone when it has one (which names no issue date); by its labels otherwise.
      const fields: Record<string, string> = {
        documentNumber: t.documentNumber,
        surname: t.surname,
        givenNames: t.givenNames,
        dateOfBirth: t.dateOfBirth,
        expiryDate: t.expiryDate ?? '',
        sex: t.sex,
      };
      if (t.nationality) fields['nationality'] = t.nationality;
      return fields;
    }
    default: {
      const fields: Record<string, string> = {
        documentNumber: t.documentNumber,
        surname: t.surname,
        givenNames: t.givenNames,
        dateOfBirth: t.dateOfBirth,
        expiryDate: t.expiryDate ?? '',
        sex: t.sex,
      };
      if (t.issueDate && kind === 'drivers_license') fields['issueDate'] = t.issueDate;
      if (t.nationality) fields['nationality'] = t.nationality;
      // A licence's jurisdiction is the state; the others' issuing state stands in the zone.
      fields['issuingState'] = t.issuingState;
      return fields;
    }
  }
}

/** One document read as the identity-document service reads it for its idType, summarised by the service's rule. */
async function readOne(reader: DocumentReader, sample: Sample): Promise<ReadSummary> {
  const { kind } = sample.expected;
  if (kind === 'passport') return summarisePassportRead(await reader.readPassport({ image: sample.front, crop: true }));
  if (kind === 'drivers_license' || kind === 'drivers_license_front') {
    return summariseDriversLicenceRead(
      await reader.readDriversLicence({ front: sample.front, back: sample.back, crop: true, issuingCountry: 'USA' }),
      sample.back !== undefined,
    );
  }
  if (kind === 'aadhaar') return summariseAadhaarRead(await reader.readAadhaar({ front: sample.front, back: sample.back, crop: true }));
  if (kind === 'pancard' || kind === 'vehicle_registration' || kind === 'drivers_license_iso' || kind === 'universal') {
    const documentType = kind === 'drivers_license_iso' ? 'drivers_license' : kind;
    const result = await reader.readLatinDocument({ kind: documentType, front: sample.front, back: sample.back, crop: true, issuingCountry: sample.country });
    return summariseLatinDocumentRead(result, documentType);
  }
  if (kind === 'id_card' || kind === 'residence_permit' || kind === 'visa') {
    return summariseMrzDocumentRead(
      await reader.readMrzDocument({ kind: kind === 'visa' ? 'visa' : 'id_card', front: sample.front, back: sample.back, crop: true }),
      kind,
    );
  }
  return summariseNidRead(await reader.readNidCard({ front: sample.front, back: sample.back, crop: true }), sample.back !== undefined);
}

/** The reader in this process, refusing by the service's own rule: latency without HTTP, queues or the database. */
async function readInProcess(samples: readonly Sample[], ocrWorkers: number): Promise<Observed[]> {
  const reader: DocumentReader = await createDocumentReader({ ocrWorkers });
  const out: Observed[] = [];
  try {
    // One warm-up read: the first one pays for the engines' first allocations.
    if (samples[0]) await reader.readNidCard({ front: samples[0].front, back: samples[0].back, crop: true });
    for (const sample of samples) {
      const t0 = performance.now();
      try {
        const summary = await readOne(reader, sample);
        out.push({
          fields: Object.fromEntries(summary.fields.map((f) => [f.name, { value: f.value, accepted: f.accepted }])),
          refused: summary.retry !== null,
          refusal: summary.retry?.code,
          ms: performance.now() - t0,
        });
      } catch (err) {
        out.push({ fields: {}, refused: true, ms: performance.now() - t0, error: (err as Error).message });
      }
      if (out.length % 20 === 0) say(`in process: ${out.length}/${samples.length}`);
    }
  } finally {
    await reader.close();
  }
  return out;
}

const SUBMISSION_FIELDS = `query($id: ID!) { submission(id: $id) { reviewOcrData { name value accepted } } }`;
const STEP1 = `mutation($input: SubmitIdDocumentInput!) { submitIdDocument(input: $input) {
  submission { id retry { code } reviewOcrData { name value accepted } } errors { code message } } }`;

interface Graph<T> {
  data?: T;
  errors?: Array<{ message: string }>;
}

/** Through the public API of a freshly started platform: what a partner's request sees, end to end. */
async function readThroughService(samples: readonly Sample[], ocrWorkers: number, logLevel: string): Promise<Observed[]> {
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
      logLevel,
      nodeEnv: 'production',
      logDir: path.join(REPO_ROOT, '.data', 'logs', 'bench-ocr'),
      serviceEnv: { OCR_WORKERS: String(ocrWorkers) },
    });
    const origin = new URL(platform.gatewayUrl).origin;
    const auth = { authorization: `Token ${boot.tokens.agent}` };
    const graph = async <T>(query: string, variables: object): Promise<Graph<T>> => {
      const res = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as Graph<T>;
    };
    const fieldsOf = (read: Array<{ name: string; value: string | null; accepted: boolean }>) =>
      Object.fromEntries(read.map((f) => [f.name, { value: f.value, accepted: f.accepted }]));
    const out: Observed[] = [];
    const step1 = async (sample: Sample) => {
      const type = sample.format === 'png' ? 'image/png' : 'image/jpeg';
      const form = new FormData();
      form.append('id_front', new Blob([sample.front], { type }), `front.${sample.format}`);
      if (sample.back) form.append('id_back', new Blob([sample.back], { type }), `back.${sample.format}`);
      return fetch(`${origin}/agent/customer-registration/?step=1&crop=1`, { method: 'POST', headers: auth, body: form });
    };
    try {
      // One warm-up request, not counted: the first read pays for the engines' first allocations.
      const warm = samples.find((s) => s.expected.kind === 'nid_smart' || s.expected.kind === 'nid_old');
      if (warm) await (await step1(warm)).arrayBuffer();
      for (const sample of samples) {
        const t0 = performance.now();
        try {
          if (sample.expected.kind === 'passport' || FOREIGN.has(sample.expected.kind)) {
            const input = {
              ...(sample.expected.kind === 'passport' ? { issuingCountry: 'BGD', idType: 'passport' } : twoStepInput(sample)),
              email: 'bench@example.com',
              idImage: sample.front.toString('base64'),
              ...(sample.back ? { idBackImage: sample.back.toString('base64') } : {}),
              crop: true,
            };
            const body = await graph<{
              submitIdDocument: {
                submission: { retry: { code: string } | null; reviewOcrData: Array<{ name: string; value: string | null; accepted: boolean }> } | null;
                errors: Array<{ code: string }>;
              };
            }>(STEP1, { input });
            const ms = performance.now() - t0;
            const submission = body.data?.submitIdDocument.submission;
            if (!submission) out.push({ fields: {}, refused: true, refusal: body.data?.submitIdDocument.errors[0]?.code ?? body.errors?.[0]?.message, ms });
            else out.push({ fields: fieldsOf(submission.reviewOcrData), refused: submission.retry !== null, refusal: submission.retry?.code, ms });
          } else {
            const res = await step1(sample);
            const body = (await res.json()) as { status: string; code?: string; data?: { id_front_name: string } };
            const ms = performance.now() - t0;
            if (res.status !== 200 || !body.data) {
              out.push({
                fields: {},
                refused: true,
                refusal: body.code ?? `HTTP ${res.status}`,
                ms,
                error: res.status >= 500 ? `HTTP ${res.status}` : undefined,
              });
            } else {
              // The contract's step 1 answer has no acceptance flags: the same submission, asked through the graph, has.
              const id = body.data.id_front_name.replace(/-front\.jpg$/, '');
              const read = await graph<{ submission: { reviewOcrData: Array<{ name: string; value: string | null; accepted: boolean }> } }>(SUBMISSION_FIELDS, {
                id,
              });
              out.push({ fields: fieldsOf(read.data?.submission.reviewOcrData ?? []), refused: false, ms });
            }
          }
        } catch (err) {
          out.push({ fields: {}, refused: true, ms: performance.now() - t0, error: (err as Error).message });
        }
        if (out.length % 20 === 0) say(`service: ${out.length}/${samples.length}`);
      }
    } finally {
      await platform.stop();
    }
    return out;
  } finally {
    await kafka.stop();
    await db.stop();
  }
}

const FIELD_ORDER = [
  'nidNumber',
  'dateOfBirth',
  'nameEn',
  'nameBn',
  'fatherName',
  'motherName',
  'address',
  'bloodGroup',
  'birthPlace',
  'issueDate',
  'documentNumber',
  'surname',
  'givenNames',
  'expiryDate',
  'nationality',
  'sex',
];
const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)}%`);

function group(samples: readonly Sample[], reads: readonly Observed[], key: (e: Expected) => string): Map<string, GroupScore> {
  const groups = new Map<string, GroupScore>();
  samples.forEach((sample, i) => {
    const k = key(sample.expected);
    const g = groups.get(k) ?? emptyGroup();
    addRead(g, sample.expected, reads[i] as Observed);
    groups.set(k, g);
  });
  return groups;
}

/** One table per split and kind: a column per variant and one for all of them; exact / CER per field, then the rest. */
function printTables(label: string, samples: readonly Sample[], reads: readonly Observed[]): void {
  const out: string[] = [`\n## ${label}`];
  const splits = [...new Set(samples.map((s) => s.expected.split))];
  const kinds = [...new Set(samples.map((s) => s.expected.kind))];
  for (const split of splits) {
    for (const kind of kinds) {
      const picked = samples.map((s, i) => [s, reads[i] as Observed] as const).filter(([s]) => s.expected.split === split && s.expected.kind === kind);
      if (picked.length === 0) continue;
      const byVariant = group(
        picked.map(([s]) => s),
        picked.map(([, r]) => r),
        (e) => e.variant,
      );
      byVariant.set(
        'all',
        group(
          picked.map(([s]) => s),
          picked.map(([, r]) => r),
          () => 'all',
        ).get('all') as GroupScore,
      );
      const columns = [...byVariant.keys()];
      const cell = 15;
      out.push('', `### ${split} · ${kind} (${picked.length} documents)`, `${'exact / CER'.padEnd(16)}${columns.map((c) => c.padStart(cell)).join('')}`);
      const fields = FIELD_ORDER.filter((f) => picked.some(([s]) => f in s.expected.fields));
      for (const field of fields)
        out.push(
          `${field.padEnd(16)}${columns
            .map((c) => {
              const g = byVariant.get(c) as GroupScore;
              return `${pct(exactRate(g, field))}/${pct(cer(g, field))}`.padStart(cell);
            })
            .join('')}`,
        );
      const row = (name: string, value: (g: GroupScore) => string) =>
        out.push(`${name.padEnd(16)}${columns.map((c) => value(byVariant.get(c) as GroupScore).padStart(cell)).join('')}`);
      row('refused', (g) => `${g.refused}/${g.cards}`);
      row('accepted prec.', (g) => pct(precision(g)));
      row('errors (5xx)', (g) => String(g.errors));
      row('p50 / p95 ms', (g) => `${Math.round(percentile(g.ms, 50))}/${Math.round(percentile(g.ms, 95))}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The issue's targets for NID cards (front and back), both splits side by side; the held-out column is the one that counts. */
function printTargets(label: string, samples: readonly Sample[], reads: readonly Observed[]): void {
  const cards = samples.map((s, i) => [s, reads[i] as Observed] as const).filter(([s]) => s.expected.kind === 'nid_smart' || s.expected.kind === 'nid_old');
  const bySplit = group(
    cards.map(([s]) => s),
    cards.map(([, r]) => r),
    (e) => e.split,
  );
  const splits = DATA_SPLITS.filter((s) => bySplit.has(s));
  const out = [
    '',
    `### targets, NID cards (${label}): ${splits.map((s) => `${s} ${bySplit.get(s)?.cards ?? 0}`).join(', ')}`,
    `${'metric'.padEnd(22)}${'target'.padStart(12)}${splits.map((s) => s.padStart(18)).join('')}`,
  ];
  for (const t of TARGETS) {
    const cells = splits.map((s) => {
      const value = t.value(bySplit.get(s) as GroupScore);
      const ok = meets(t, value);
      return `${formatValue(value, t.format)} ${ok === null ? ' ' : ok ? '✓' : '✗'}`.padStart(18);
    });
    out.push(`${t.name.padEnd(22)}${`${t.kind === 'min' ? '>=' : '<='} ${formatValue(t.target, t.format)}`.padStart(12)}${cells.join('')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '20' },
      splits: { type: 'string', default: DATA_SPLITS.join(',') },
      kinds: { type: 'string', default: DOCUMENT_KINDS.join(',') },
      variants: { type: 'string', default: DEFAULT_VARIANTS },
      seed: { type: 'string', default: '1' },
      'in-process-only': { type: 'boolean', default: false },
      'service-only': { type: 'boolean', default: false },
      'ocr-workers': { type: 'string', default: '2' },
      'log-level': { type: 'string', default: 'warn' },
      report: { type: 'string' },
    },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');
  const splits = parseList<DataSplit>(values.splits, DATA_SPLITS, 'split');
  const kinds = parseList<DocumentKind>(values.kinds, DOCUMENT_KINDS, 'kind');
  const variants = parseList<CardVariant>(values.variants, CARD_VARIANTS, 'variant');
  const ocrWorkers = Number(values['ocr-workers']);

  const started = performance.now();
  const samples = await render(splits, kinds, variants, count, Number(values.seed));
  say(`rendered ${samples.length} documents in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const runs: Array<{ label: string; reads: Observed[] }> = [];
  if (!values['service-only'])
    runs.push({ label: 'in process (the reader alone; refusals by the service rule)', reads: await readInProcess(samples, ocrWorkers) });
  if (!values['in-process-only'])
    runs.push({
      label: 'through the public API (agent step 1 with crop=1; passports by submitIdDocument)',
      reads: await readThroughService(samples, ocrWorkers, values['log-level'] as string),
    });
  for (const run of runs) {
    printTables(run.label, samples, run.reads);
    printTargets(run.label, samples, run.reads);
  }
  if (values.report) {
    const report = samples.map((sample, i) => ({ ...sample.expected, reads: Object.fromEntries(runs.map((run) => [run.label, run.reads[i]])) }));
    writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
    say(`per-document results written to ${values.report}`);
  }
  if (runs.some((run) => run.reads.some((read) => read.error))) process.exitCode = 1;
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
