import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** The phones agents carry, and an office screen. */
export const VIEWPORTS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/** Axe's impacts that fail the check; minor and moderate ones are reported by axe but do not. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface LayoutReport {
  /** Per viewport: how many pixels the page scrolls sideways, and the elements that reach past the right edge. */
  overflow: Array<{ viewport: string; pixels: number; culprits: string[] }>;
  /** Axe violations of serious or critical impact: rule, impact and the first offending elements. */
  violations: Array<{ rule: string; impact: string; targets: string[] }>;
  screenshots: string[];
}

/**
 * Browser code, kept as source (the e2e project has no DOM types): how far the page scrolls sideways, and the
 * innermost elements whose right edge passes the viewport's.
 */
const MEASURE_OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  const pixels = Math.max(0, document.documentElement.scrollWidth - width);
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.getAttribute('data-testid') ? '[data-testid=' + el.getAttribute('data-testid') + ']' : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const culprits = [];
  if (pixels > 0) {
    for (const el of document.body.querySelectorAll('*')) {
      if (el.getBoundingClientRect().right <= width + 1) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 1)) continue;
      culprits.push(describe(el) + ' (right ' + Math.round(el.getBoundingClientRect().right) + ')');
      if (culprits.length >= 8) break;
    }
  }
  return { pixels, culprits };
})()`;

const RUN_AXE = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ rule: v.id, impact: v.impact ?? 'unknown', targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`;

/**
 * Checks the page as it stands at a phone's and a desktop's width: no sideways scroll at either, and no serious or
 * critical axe violation; a full-page screenshot of each is written to `dir`. The page's own viewport is restored.
 */
export async function checkLayout(page: Page, dir: string, name: string): Promise<LayoutReport> {
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  const report: LayoutReport = { overflow: [], violations: [], screenshots: [] };
  try {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      // The bundled fonts loaded (a weight is fetched when first used: a screenshot taken before shows empty boxes), and
      // one frame for the layout to settle at the new width.
      await page.evaluate('document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))');
      const measured = (await page.evaluate(MEASURE_OVERFLOW)) as { pixels: number; culprits: string[] };
      report.overflow.push({ viewport: `${viewport.width}x${viewport.height}`, ...measured });
      const file = path.join(dir, `${name}-${viewport.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      report.screenshots.push(file);
      if (viewport.name === 'phone') {
        if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
        const violations = (await page.evaluate(RUN_AXE)) as LayoutReport['violations'];
        report.violations.push(...violations.filter((v) => FAILING_IMPACTS.has(v.impact)));
      }
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
  return report;
}

/**
 * Asserts the screen as it stands is usable at a phone's and a desktop's width: no sideways scroll, no serious or
 * critical axe violation. Returns the screenshots it wrote.
 */
export async function expectUsableLayout(page: Page, dir: string, name: string): Promise<string[]> {
  const report = await checkLayout(page, dir, name);
  const overflow = report.overflow.filter((o) => o.pixels > 0);
  expect({ screen: name, overflow, violations: report.violations }).toEqual({ screen: name, overflow: [], violations: [] });
  return report.screenshots;
}
