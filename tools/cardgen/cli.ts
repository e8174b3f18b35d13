import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CARD_KINDS, generateCardSet, parseList } from './card-set';
import { DATA_SPLITS, type DataSplit, type NidCardKind } from './card-types';
import { normaliseCardText } from './formats';
import { CARD_VARIANTS, type CardVariant } from './variants';

/**
 * `npm run cards -- --out dir [--count 20] [--variants clean,photo] [--kinds nid_smart,nid_old] [--split tuning] [--seed 1]`:
 * writes `<id>-front.<png|jpg>`, `<id>-back.<png|jpg>` and `truth.json` (printed and normalised text per card, and
 * the style each card was drawn in).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      count: { type: 'string', default: '20' },
      variants: { type: 'string', default: 'clean' },
      kinds: { type: 'string', default: CARD_KINDS.join(',') },
      split: { type: 'string', default: 'tuning' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (!values.out) throw new Error('--out <dir> is required');
  const out = path.resolve(values.out);
  mkdirSync(out, { recursive: true });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');
  const variants = parseList<CardVariant>(values.variants, CARD_VARIANTS, 'variant');
  const kinds = parseList<NidCardKind>(values.kinds, CARD_KINDS, 'kind');
  const [split] = parseList<DataSplit>(values.split, DATA_SPLITS, 'split');
  const started = performance.now();
  const entries = [];
  for await (const sample of generateCardSet({ count, kinds, variants, split, seed: Number(values.seed) })) {
    const ext = sample.format === 'png' ? 'png' : 'jpg';
    const files = { front: `${sample.id}-front.${ext}`, back: `${sample.id}-back.${ext}` };
    writeFileSync(path.join(out, files.front), sample.front);
    writeFileSync(path.join(out, files.back), sample.back);
    entries.push({
      id: sample.id,
      kind: sample.kind,
      variant: sample.variant,
      style: sample.style,
      nid10: sample.citizen.nid10,
      files,
      truth: sample.truth,
      normalised: { front: normaliseCardText(sample.truth.front), back: normaliseCardText(sample.truth.back) },
      machineReadable: sample.machineReadable,
    });
    process.stdout.write(`\r${entries.length} written`);
  }
  writeFileSync(path.join(out, 'truth.json'), `${JSON.stringify(entries, null, 2)}\n`);
  process.stdout.write(
    `\n${entries.length} cards (${count} x ${variants.length} variants) in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${out}\n`,
  );
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
