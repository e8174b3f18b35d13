import type { SKRSContext2D } from '@napi-rs/canvas';
import { cssFont, REFERENCE_FONTS, type FontSet } from './fonts';

export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface FittedText {
  lines: string[];
  font: string;
  fontSize: number;
  x: number;
  baselines: number[];
  /** The inked area, for checking that nothing leaves the box. */
  ink: PixelBox;
}

export interface FitOptions {
  maxLines?: 1 | 2;
  weight?: number;
  /** The card's faces; the reference card's when absent. */
  fonts?: FontSet;
  /** Machine-readable lines: the monospaced face. */
  mono?: boolean;
  /** Font size as a share of one line's height. */
  heightRatio?: number;
  paddingX?: number;
}

interface Measured {
  /** Ink extents from the pen position: `left` to its left, `right` to its right. */
  left: number;
  right: number;
  width: number;
  ascent: number;
  descent: number;
}

function measure(ctx: SKRSContext2D, text: string): Measured {
  const m = ctx.measureText(text);
  const left = Math.max(0, m.actualBoundingBoxLeft);
  const right = Math.max(m.width, m.actualBoundingBoxRight);
  return { left, right, width: left + right, ascent: m.actualBoundingBoxAscent, descent: m.actualBoundingBoxDescent };
}

/** Splits at the space that best balances two lines. */
function splitInTwo(ctx: SKRSContext2D, text: string): string[] {
  const words = text.split(' ');
  let best: string[] = [text];
  let bestWidth = measure(ctx, text).width;
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    const width = Math.max(...lines.map((line) => measure(ctx, line).width));
    if (width < bestWidth) {
      best = lines;
      bestWidth = width;
    }
  }
  return best;
}

/**
 * Left-aligned, vertically centred text sized from the box height and shrunk until it fits the width;
 * a two-line box wraps only when one line would not fit at the starting size.
 */
export function fitText(ctx: SKRSContext2D, text: string, box: PixelBox, options: FitOptions = {}): FittedText {
  const maxLines = options.maxLines ?? 1;
  const fonts = options.fonts ?? REFERENCE_FONTS;
  const weight = options.weight ?? 400;
  const ratio = options.heightRatio ?? 0.62;
  const paddingX = options.paddingX ?? Math.round(box.height * 0.08);
  const available = box.width - 2 * paddingX;
  const slotHeight = box.height / maxLines;
  let size = slotHeight * ratio * (maxLines === 2 ? 1.05 : 1);
  for (let attempt = 0; attempt < 60; attempt++, size *= 0.96) {
    ctx.font = cssFont(fonts, text, size, weight, options.mono);
    let lines = [text];
    if (maxLines === 2 && measure(ctx, text).width > available) lines = splitInTwo(ctx, text);
    const measured = lines.map((line) => measure(ctx, line));
    const width = Math.max(...measured.map((m) => m.width));
    if (width > available) continue;
    const ascent = Math.max(...measured.map((m) => m.ascent));
    const descent = Math.max(...measured.map((m) => m.descent));
    const pitch = box.height / lines.length;
    const baselines = lines.map((_, i) => box.top + pitch * i + (pitch - (ascent + descent)) / 2 + ascent);
    const inkTop = (baselines[0] as number) - ascent;
    const inkBottom = (baselines[baselines.length - 1] as number) + descent;
    if (inkTop < box.top + 1 || inkBottom > box.top + box.height - 1) continue;
    const left = Math.max(...measured.map((m) => m.left));
    const x = box.left + paddingX + left;
    const right = x + Math.max(...measured.map((m) => m.right));
    return { lines, font: ctx.font, fontSize: size, x, baselines, ink: { left: x - left, top: inkTop, width: right - (x - left), height: inkBottom - inkTop } };
  }
  throw new Error(`"${text}" does not fit a ${box.width}x${box.height} box`);
}

export function drawFitted(ctx: SKRSContext2D, fitted: FittedText, color: string): void {
  ctx.font = fitted.font;
  ctx.fillStyle = color;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  fitted.lines.forEach((line, i) => ctx.fillText(line, fitted.x, fitted.baselines[i] as number));
}
