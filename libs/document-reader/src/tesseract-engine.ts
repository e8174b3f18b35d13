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
      const { data } = await worker.recognize(image, options, { text: true, blocks: true });
      const lines = (data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));
      const words: OcrWord[] = lines.flatMap((line, index) =>
        line.words.map((word) => ({ text: word.text, confidence: word.confidence, line: index, box: { x0: word.bbox.x0, y0: word.bbox.y0, x1: word.bbox.x1, y1: word.bbox.y1 } })),
      );
      return { text: data.text, confidence: data.confidence, words };
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
