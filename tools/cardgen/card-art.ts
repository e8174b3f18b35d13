import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Rng } from './prng';
import type { PixelBox } from './text-fit';

export interface Palette {
  paperTop: string;
  paperBottom: string;
  guillocheA: string;
  guillocheB: string;
}

export function drawPaper(ctx: SKRSContext2D, width: number, height: number, palette: Palette): void {
  const paper = ctx.createLinearGradient(0, 0, width * 0.3, height);
  paper.addColorStop(0, palette.paperTop);
  paper.addColorStop(1, palette.paperBottom);
  ctx.fillStyle = paper;
  ctx.fillRect(0, 0, width, height);
}

/** Interlaced sine bands and a rosette in pale ink, like the security print behind the text. */
export function drawGuilloche(ctx: SKRSContext2D, area: PixelBox, palette: Palette, rng: Rng): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.width, area.height);
  ctx.clip();
  ctx.lineWidth = 1;
  const bands = 5;
  for (let band = 0; band < bands; band++) {
    const centre = area.top + ((band + 0.5) / bands) * area.height;
    const amplitude = area.height / bands / 2.2;
    const wavelength = rng.range(140, 220);
    for (let strand = 0; strand < 7; strand++) {
      ctx.strokeStyle = strand % 2 === 0 ? palette.guillocheA : palette.guillocheB;
      ctx.beginPath();
      const phase = (strand / 7) * Math.PI * 2;
      for (let x = area.left; x <= area.left + area.width; x += 3) {
        const t = (x / wavelength) * Math.PI * 2;
        const y = centre + amplitude * Math.sin(t + phase) * Math.cos(t / 3.1 + phase / 2);
        if (x === area.left) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
    }
  }
  const cx = area.left + area.width * rng.range(0.55, 0.7);
  const cy = area.top + area.height * 0.5;
  const radius = Math.min(area.width, area.height) * 0.42;
  ctx.strokeStyle = palette.guillocheA;
  for (let ring = 0; ring < 3; ring++) {
    ctx.beginPath();
    const r0 = radius * (0.55 + ring * 0.18);
    for (let step = 0; step <= 720; step++) {
      const a = (step / 720) * Math.PI * 2;
      const r = r0 + radius * 0.12 * Math.sin(a * (18 + ring * 6));
      const x = cx + r * Math.cos(a);
      const y = cy + r * Math.sin(a);
      if (step === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  ctx.restore();
}

/** A round government seal: gold ring, green field, red sun. */
export function drawEmblem(ctx: SKRSContext2D, cx: number, cy: number, radius: number): void {
  ctx.save();
  ctx.fillStyle = '#d4a72c';
  ctx.beginPath();
  ctx.arc(cx, cy, radius, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(cx, cy, radius * 0.88, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#006a4e';
  ctx.beginPath();
  ctx.arc(cx, cy, radius * 0.8, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#f42a41';
  ctx.beginPath();
  ctx.arc(cx, cy, radius * 0.42, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#d4a72c';
  ctx.lineWidth = Math.max(1, radius * 0.05);
  for (let i = 0; i < 16; i++) {
    const a = (i / 16) * Math.PI * 2;
    ctx.beginPath();
    ctx.moveTo(cx + Math.cos(a) * radius * 0.5, cy + Math.sin(a) * radius * 0.5);
    ctx.lineTo(cx + Math.cos(a) * radius * 0.74, cy + Math.sin(a) * radius * 0.74);
    ctx.stroke();
  }
  ctx.restore();
}

/** The national flag: bottle green with the red disc set towards the hoist. */
export function drawFlag(ctx: SKRSContext2D, box: PixelBox): void {
  ctx.save();
  ctx.fillStyle = '#006a4e';
  ctx.fillRect(box.left, box.top, box.width, box.height);
  ctx.fillStyle = '#f42a41';
  ctx.beginPath();
  ctx.arc(box.left + box.width * 0.45, box.top + box.height / 2, box.height * 0.3, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = 'rgba(255,255,255,0.8)';
  ctx.lineWidth = 1.5;
  ctx.strokeRect(box.left, box.top, box.width, box.height);
  ctx.restore();
}

export function drawChip(ctx: SKRSContext2D, box: PixelBox): void {
  ctx.save();
  const gold = ctx.createLinearGradient(box.left, box.top, box.left + box.width, box.top + box.height);
  gold.addColorStop(0, '#f3dc8a');
  gold.addColorStop(0.5, '#c9a13b');
  gold.addColorStop(1, '#eccf6e');
  ctx.fillStyle = gold;
  ctx.beginPath();
  ctx.roundRect(box.left, box.top, box.width, box.height, box.height * 0.16);
  ctx.fill();
  ctx.strokeStyle = '#8a6a1c';
  ctx.lineWidth = 1.5;
  ctx.stroke();
  const midX = box.left + box.width / 2;
  const midY = box.top + box.height / 2;
  ctx.beginPath();
  ctx.moveTo(box.left, box.top + box.height / 3);
  ctx.lineTo(box.left + box.width, box.top + box.height / 3);
  ctx.moveTo(box.left, box.top + (2 * box.height) / 3);
  ctx.lineTo(box.left + box.width, box.top + (2 * box.height) / 3);
  ctx.moveTo(midX, box.top);
  ctx.lineTo(midX, box.top + box.height / 3);
  ctx.moveTo(midX, box.top + (2 * box.height) / 3);
  ctx.lineTo(midX, box.top + box.height);
  ctx.stroke();
  ctx.beginPath();
  ctx.roundRect(midX - box.width * 0.18, midY - box.height * 0.16, box.width * 0.36, box.height * 0.32, 4);
  ctx.stroke();
  ctx.restore();
}

/** A handwritten-looking scribble: a looping pen path left to right, then a flourish underneath. */
export function drawSignature(ctx: SKRSContext2D, box: PixelBox, rng: Rng, color = '#1b2a6b'): void {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = Math.max(1.6, box.height * 0.04);
  const left = box.left + box.width * 0.08;
  const span = box.width * 0.84;
  const mid = box.top + box.height * 0.5;
  const amp = box.height * 0.38;
  ctx.beginPath();
  const steps = 160;
  const loops = rng.int(4, 7);
  const phase = rng.range(0, Math.PI * 2);
  const wobble = rng.range(0.6, 1.4);
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    // A forward drift plus a circular pen motion draws loops, as cursive letters do.
    const angle = t * loops * Math.PI * 2 + phase;
    const x = left + t * span + Math.cos(angle) * span * 0.035 * wobble;
    const envelope = 0.55 + 0.45 * Math.sin(t * Math.PI * rng.range(0.9, 1.1));
    const y = mid - Math.sin(angle) * amp * envelope * (0.7 + 0.3 * Math.sin(t * 7 + phase));
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(left + span * rng.range(0.0, 0.25), mid + amp * 0.95);
  ctx.quadraticCurveTo(left + span * 0.55, mid + amp * rng.range(1.1, 1.4), left + span * rng.range(0.85, 1), mid + amp * rng.range(0.4, 0.8));
  ctx.stroke();
  ctx.restore();
}
