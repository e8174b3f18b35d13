/**
 * One Tesseract model (`ben`, `eng`) or both read together, each word in whichever fits it best; the first is tried
 * first, so the likelier script goes first (`ben+eng`, `eng+ben`).
 */
export type OcrLanguage = 'ben' | 'eng' | 'ben+eng' | 'eng+ben';

export interface OcrJob {
  /** Tesseract page segmentation mode: 7 for one line of text, 6 for a block of lines. */
  psm: 6 | 7;
  whitelist?: string;
}

export interface OcrWord {
  text: string;
  confidence: number;
  /** Which line of the image the word is on, counted from 0, when the engine reports it. */
  line?: number;
  /** In pixels of the image given to the engine, when the engine reports it. */
  box?: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrText {
  text: string;
  /** 0-100, Tesseract's mean word confidence. */
  confidence: number;
  /** Words in reading order, when the engine reports them. */
  words?: OcrWord[];
}

export interface OcrEngine {
  recognize(image: Buffer, job: OcrJob): Promise<OcrText>;
  terminate(): Promise<void>;
}

export type OcrEngineFactory = (lang: OcrLanguage) => Promise<OcrEngine>;

export interface OcrPool {
  recognize(lang: OcrLanguage, image: Buffer, job: OcrJob): Promise<OcrText>;
  /** Engines per language, for logs and tests. */
  readonly size: Record<OcrLanguage, number>;
  close(): Promise<void>;
}

export class OcrPoolClosedError extends Error {
  readonly code = 'OCR_POOL_CLOSED';
}

interface Lane {
  idle: OcrEngine[];
  waiting: ((engine: OcrEngine) => void)[];
  all: OcrEngine[];
}

/**
 * A fixed set of warm engines per language, created once: loading a Tesseract model takes ~0.5 s, a field
 * region ~25 ms. Jobs wait for a free engine of their language in arrival order.
 */
export async function createOcrPool(options: {
  workersPerLanguage: number;
  languages: readonly OcrLanguage[];
  createEngine: OcrEngineFactory;
  /** Fewer engines for some languages (a fallback model needs one). */
  workers?: Partial<Record<OcrLanguage, number>>;
}): Promise<OcrPool> {
  const countOf = (lang: OcrLanguage) => Math.max(1, Math.floor(options.workers?.[lang] ?? options.workersPerLanguage));
  const lanes = new Map<OcrLanguage, Lane>();
  const created = await Promise.allSettled(
    options.languages.flatMap((lang) => Array.from({ length: countOf(lang) }, async () => ({ lang, engine: await options.createEngine(lang) }))),
  );
  const engines = created.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = created.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await Promise.allSettled(engines.map(({ engine }) => engine.terminate()));
    throw failure.reason;
  }
  for (const lang of options.languages) lanes.set(lang, { idle: [], waiting: [], all: [] });
  for (const { lang, engine } of engines) {
    const lane = lanes.get(lang);
    lane?.idle.push(engine);
    lane?.all.push(engine);
  }
  let closed = false;

  const acquire = (lane: Lane): Promise<OcrEngine> => {
    const engine = lane.idle.pop();
    if (engine) return Promise.resolve(engine);
    return new Promise((resolve) => lane.waiting.push(resolve));
  };
  const release = (lane: Lane, engine: OcrEngine): void => {
    const next = lane.waiting.shift();
    if (next) next(engine);
    else lane.idle.push(engine);
  };

  return {
    size: Object.fromEntries(options.languages.map((lang) => [lang, lanes.get(lang)?.all.length ?? 0])) as Record<OcrLanguage, number>,
    async recognize(lang, image, job) {
      if (closed) throw new OcrPoolClosedError('the OCR pool is closed');
      const lane = lanes.get(lang);
      if (!lane) throw new Error(`the OCR pool has no ${lang} engines`);
      const engine = await acquire(lane);
      try {
        if (closed) throw new OcrPoolClosedError('the OCR pool is closed');
        return await engine.recognize(image, job);
      } finally {
        release(lane, engine);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...lanes.values()].flatMap((lane) => lane.all.map((engine) => engine.terminate())));
    },
  };
}
