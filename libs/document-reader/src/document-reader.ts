import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createMrzParser, type MrzParser } from './mrz-parser';
import { createNidCardReader } from './nid-reader';
import { createOcrPool, type OcrEngineFactory } from './ocr-pool';
import { loadOpenCv } from './opencv';
import { createAadhaarReader } from './aadhaar-reader';
import { createDriversLicenceReader } from './drivers-licence-reader';
import { createLatinDocumentReader } from './latin-document-reader';
import { createMrzDocumentReader } from './mrz-document-reader';
import { createPdf417Decoder } from './pdf417';
import { createQrDecoder } from './qr-code';
import { createTesseractEngine } from './tesseract-engine';
import type { DocumentReader, ReaderLog } from './types';

export interface DocumentReaderOptions {
  /** Tesseract workers for each of the Bengali and the English model; default min(2, cores). One reads lines of both scripts each way round. */
  ocrWorkers?: number;
  log?: ReaderLog;
  /** Replaces Tesseract, for tests of the pool and the pipeline around it. */
  createOcrEngine?: OcrEngineFactory;
  createMrzParser?: () => MrzParser;
  /** Public keys of UIDAI's Secure QR signing certificates; without them Aadhaar QR signatures are not checked. */
  aadhaarQrSigningKeys?: readonly KeyObject[];
}

/**
 * Loads everything a read needs once (OCR workers per language, opencv, zxing, the MRZ parser) so that each read
 * only queues work on warm engines. Call `close()` to end the worker threads.
 */
export async function createDocumentReader(options: DocumentReaderOptions = {}): Promise<DocumentReader> {
  const workersPerLanguage = options.ocrWorkers ?? Math.min(2, availableParallelism());
  const started = Date.now();
  const mrz = (options.createMrzParser ?? createMrzParser)();
  const [pooled, cvLoaded, pdf417Loaded] = await Promise.allSettled([
    createOcrPool({
      workersPerLanguage,
      languages: ['ben', 'eng', 'ben+eng', 'eng+ben'],
      workers: { 'ben+eng': 1, 'eng+ben': 1 },
      createEngine: options.createOcrEngine ?? createTesseractEngine,
    }),
    loadOpenCv(),
    createPdf417Decoder(),
  ]);
  if (pooled.status === 'rejected' || cvLoaded.status === 'rejected' || pdf417Loaded.status === 'rejected') {
    // Worker threads that did start would keep the process alive.
    await Promise.allSettled([pooled.status === 'fulfilled' ? pooled.value.close() : null, mrz.close()]);
    const failed = [pooled, cvLoaded, pdf417Loaded].find((result): result is PromiseRejectedResult => result.status === 'rejected');
    throw failed?.reason;
  }
  const [pool, cv, pdf417] = [pooled.value, cvLoaded.value, pdf417Loaded.value];
  options.log?.info({ workersPerLanguage, ms: Date.now() - started }, 'document reader ready');
  const readNidCard = createNidCardReader({ cv, pool, pdf417, log: options.log });
  const { readPassport, readMrzDocument } = createMrzDocumentReader({ cv, pool, mrz, log: options.log });
  let closed = false;
  return {
    readNidCard,
    readPassport,
    readMrzDocument,
    readDriversLicence: createDriversLicenceReader({ cv, pool, pdf417, log: options.log }),
    readLatinDocument: createLatinDocumentReader({ cv, pool, readMrzDocument, log: options.log }),
    readAadhaar: createAadhaarReader({ cv, pool, qr: await createQrDecoder(), qrSigningKeys: options.aadhaarQrSigningKeys, log: options.log }),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pool.close(), mrz.close()]);
    },
  };
}
