import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { createWorker, OEM, type RecognizeOptions } from 'tesseract.js';
import type { OcrEngine, OcrJob, OcrLanguage, OcrWord } from './ocr-pool';

const MODEL = (lang: 'ben' | 'eng') => require.resolve(`@tesseract.js-data/${lang}/4.0.0_best_int/${lang}.traineddata.gz`);

let modelFolder: string | null = null;

/**
 * tesseract.js reads every language of a worker from one folder, and each model ships in its own npm package: a
 * folder of links to the installed files (copies where links are not allowed) is made once per machine user.
 * Nothing is fetched from a CDN and nothing is cached into the working directory.
 */
function languageFolder(): string {
  if (modelFolder) return modelFolder;
  const folder = path.join(tmpdir(), `ekyc-tessdata-4.0.0_best_int-${userInfo().uid}`);
  mkdirSync(folder, { recursive: true });
  for (const lang of ['ben', 'eng'] as const) {
    const target = path.join(folder, `${lang}.traineddata.gz`);
    if (existsSync(target)) continue;
    try {
      symlinkSync(MODEL(lang), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') copyFileSync(MODEL(lang), target);
    }
  }
  modelFolder = folder;
  return folder;
}

// tesseract.js sets any Tesseract variable given with a job and restores it afterwards; its typings only list its own options.
type JobOptions = Partial<RecognizeOptions> & { tessedit_pageseg_mode: string; tessedit_char_whitelist?: string; user_defined_dpi: string };

export async function createTesseractEngine(lang: OcrLanguage): Promise<OcrEngine> {
  const worker = await createWorker(lang.split('+'), OEM.LSTM_ONLY, { langPath: languageFolder(), cacheMethod: 'none', gzip: true });
  return {
    async recognize(image: Buffer, job: OcrJob) {
      // Regions carry no resolution; without one Tesseract warns for every job and guesses 70 dpi.
      const options: JobOptions = { tessedit_pageseg_mode: String(job.psm), user_defined_dpi: '300' };
      if (job.whitelist) options.tessedit_char_whitelist = job.whitelist;
      // TSV, not the block tree: words with their boxes and confidences are all the reader needs, and the tree of
      // every symbol and its alternatives costs a seventh of each line's time to build and pass back.
      const { data } = await worker.recognize(image, options, { tsv: true });
      const words = wordsOfTsv(data.tsv ?? '');
      const confidence = words.length === 0 ? 0 : words.reduce((sum, w) => sum + w.confidence, 0) / words.length;
      // Lines of text as Tesseract found them, one per line; words of a line separated by spaces.
      const text = words.map((w, i) => (i === 0 ? w.text : `${w.line === words[i - 1].line ? ' ' : '\n'}${w.text}`)).join('');
      return { text, confidence, words };
    },
    async terminate() {
      await worker.terminate();
    },
  };
}

/** Word rows (level 5) of Tesseract's TSV: `level page block par line word left top width height conf text`. */
export function wordsOfTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  let line = -1;
  let lastKey = '';
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells[0] !== '5' || cells.length < 12) continue;
    const text = cells.slice(11).join('\t').trim();
    if (text === '') continue;
    const key = `${cells[2]}.${cells[3]}.${cells[4]}`;
    if (key !== lastKey) [line, lastKey] = [line + 1, key];
    const [left, top, width, height, confidence] = cells.slice(6, 11).map(Number);
    words.push({ text, confidence: Math.max(0, confidence), line, box: { x0: left, y0: top, x1: left + width, y1: top + height } });
  }
  return words;
}
