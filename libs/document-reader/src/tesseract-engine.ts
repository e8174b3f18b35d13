import { dirname } from 'node:path';
import { createWorker, OEM, type RecognizeOptions } from 'tesseract.js';
import type { OcrLanguage } from './nid-layout';
import type { OcrEngine, OcrJob } from './ocr-pool';

/**
 * Each engine loads one language, so its models can come straight from that language's npm package folder: nothing
 * is fetched from a CDN and nothing is cached into the working directory.
 */
const languageFolder = (lang: OcrLanguage): string => dirname(require.resolve(`@tesseract.js-data/${lang}/4.0.0_best_int/${lang}.traineddata.gz`));

// tesseract.js sets any Tesseract variable given with a job and restores it afterwards; its typings only list its own options.
type JobOptions = Partial<RecognizeOptions> & { tessedit_pageseg_mode: string; tessedit_char_whitelist?: string; user_defined_dpi: string };

export async function createTesseractEngine(lang: OcrLanguage): Promise<OcrEngine> {
  const worker = await createWorker(lang, OEM.LSTM_ONLY, { langPath: languageFolder(lang), cacheMethod: 'none', gzip: true });
  return {
    async recognize(image: Buffer, job: OcrJob) {
      // Regions carry no resolution; without one Tesseract warns for every job and guesses 70 dpi.
      const options: JobOptions = { tessedit_pageseg_mode: String(job.psm), user_defined_dpi: '300' };
      if (job.whitelist) options.tessedit_char_whitelist = job.whitelist;
      const { data } = await worker.recognize(image, options, { text: true, blocks: true });
      const words = (data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines.flatMap((line) => line.words)));
      return { text: data.text, confidence: data.confidence, words: words.map((word) => ({ text: word.text, confidence: word.confidence })) };
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
