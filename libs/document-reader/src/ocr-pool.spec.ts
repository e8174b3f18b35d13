import { createOcrPool, type OcrEngine, type OcrLanguage } from './ocr-pool';

/** Engines that answer after a tick and record how many jobs each language runs at once. */
function fakeEngines() {
  const created: OcrLanguage[] = [];
  const terminated: OcrLanguage[] = [];
  const busy: Record<OcrLanguage, number> = { ben: 0, eng: 0, 'ben+eng': 0, 'eng+ben': 0 };
  const peak: Record<OcrLanguage, number> = { ben: 0, eng: 0, 'ben+eng': 0, 'eng+ben': 0 };
  const served = new Map<OcrEngine, number>();
  const createEngine = async (lang: OcrLanguage): Promise<OcrEngine> => {
    created.push(lang);
    const engine: OcrEngine = {
      async recognize(image) {
        busy[lang]++;
        peak[lang] = Math.max(peak[lang], busy[lang]);
        served.set(engine, (served.get(engine) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 2));
        busy[lang]--;
        return { text: `${lang}:${image.toString()}`, confidence: 90 };
      },
      async terminate() {
        terminated.push(lang);
      },
    };
    return engine;
  };
  return { createEngine, created, terminated, peak, served };
}

describe('createOcrPool', () => {
  it('creates its engines once and reuses them for every job', async () => {
    const fake = fakeEngines();
    const pool = await createOcrPool({ workersPerLanguage: 2, languages: ['ben', 'eng'], createEngine: fake.createEngine });
    expect(fake.created.sort()).toEqual(['ben', 'ben', 'eng', 'eng']);

    const jobs = Array.from({ length: 30 }, (_, i) => pool.recognize(i % 3 === 0 ? 'ben' : 'eng', Buffer.from(String(i)), { psm: 7 }));
    const results = await Promise.all(jobs);

    expect(fake.created).toHaveLength(4);
    expect(results[3]).toEqual({ text: 'ben:3', confidence: 90 });
    expect(results[4]).toEqual({ text: 'eng:4', confidence: 90 });
    expect([...fake.served.values()].reduce((a, b) => a + b, 0)).toBe(30);
    expect([...fake.served.values()].every((jobsServed) => jobsServed > 1)).toBe(true);
    expect(pool.size).toEqual({ ben: 2, eng: 2 });
    await pool.close();
  });

  it('never runs more jobs of a language at once than it has engines for it', async () => {
    const fake = fakeEngines();
    const pool = await createOcrPool({ workersPerLanguage: 2, languages: ['ben', 'eng'], createEngine: fake.createEngine });
    await Promise.all(Array.from({ length: 20 }, (_, i) => pool.recognize(i % 2 ? 'ben' : 'eng', Buffer.from('x'), { psm: 7 })));
    expect(fake.peak).toMatchObject({ ben: 2, eng: 2 });
    await pool.close();
  });

  it('terminates every engine on close and refuses jobs afterwards', async () => {
    const fake = fakeEngines();
    const pool = await createOcrPool({ workersPerLanguage: 1, languages: ['ben', 'eng'], createEngine: fake.createEngine });
    await pool.close();
    expect(fake.terminated.sort()).toEqual(['ben', 'eng']);
    await expect(pool.recognize('eng', Buffer.from('x'), { psm: 7 })).rejects.toMatchObject({ code: 'OCR_POOL_CLOSED' });
  });

  it('terminates the engines it did create when another fails to start', async () => {
    const fake = fakeEngines();
    const createEngine = (lang: OcrLanguage) => (lang === 'ben' ? Promise.reject(new Error('no ben model')) : fake.createEngine(lang));
    await expect(createOcrPool({ workersPerLanguage: 1, languages: ['ben', 'eng'], createEngine })).rejects.toThrow('no ben model');
    expect(fake.terminated).toEqual(['eng']);
  });
});
