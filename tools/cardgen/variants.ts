import sharp from 'sharp';
import type { DataSplit } from './card-types';
import { createRng, seedOf, type Rng } from './prng';

/**
 * `clean`: the rendered card as is. `scan`: a flatbed scan (white bed, the card filling the frame, barely turned).
 * The rest are phone photos: `photo` on a surface, `angled` with more tilt and perspective, `blur`, `jpeg` (heavy
 * compression), `lighting` (dim or overexposed with glare), `shadow` (a hand's or phone's shadow across the card),
 * `cut` (the frame cuts off a margin of the card), `turned` (taken sideways or upside down: 90, 180 or 270 degrees).
 */
export type CardVariant = 'clean' | 'scan' | 'photo' | 'angled' | 'blur' | 'jpeg' | 'lighting' | 'shadow' | 'cut' | 'turned';
export const CARD_VARIANTS: readonly CardVariant[] = ['clean', 'scan', 'photo', 'angled', 'blur', 'jpeg', 'lighting', 'shadow', 'cut', 'turned'];
export type PhotoPreset = Exclude<CardVariant, 'clean'>;

export type BackgroundKind = 'wood' | 'desk' | 'cloth' | 'paper' | 'granite' | 'tile' | 'linen' | 'scanner';
/** Surfaces per data split: held-out photos are taken on surfaces the tuning set never shows. */
export const BACKGROUND_POOLS: Record<DataSplit, readonly BackgroundKind[]> = {
  tuning: ['wood', 'desk', 'cloth', 'paper'],
  heldout: ['granite', 'tile', 'linen'],
};
export const BACKGROUND_KINDS: readonly BackgroundKind[] = [...BACKGROUND_POOLS.tuning, ...BACKGROUND_POOLS.heldout, 'scanner'];

export interface Lighting {
  /** Overall exposure multiplier (1 = as printed). */
  brightness: number;
  /** How much darker the far side of the frame is, 0..1. */
  gradient: number;
  /** Peak strength of a specular highlight on the card, 0..1. */
  glare: number;
}

export interface PhotographOptions {
  seed: number;
  /** A named preset's settings for this seed; options given alongside it win. */
  preset?: PhotoPreset;
  /** Rotation in degrees, counter-clockwise; drawn from the seed when absent (±2-6). */
  angleDeg?: number;
  /** Keystone strength: the far edge is this much shorter than the near one (0-0.08 is realistic). */
  perspective?: number;
  blurSigma?: number;
  jpegQuality?: number;
  lighting?: Partial<Lighting>;
  background?: BackgroundKind;
  /** Where the background is drawn from when none is given: the tuning surfaces unless told. */
  split?: DataSplit;
  /** Strength (0-1) of a soft shadow cast across part of the card. */
  shadow?: number;
  /** Share of the card's width or height that the frame cuts off on one side (0-0.1). */
  cut?: number;
  /** Clockwise turn of the whole photo. */
  turn?: 0 | 90 | 180 | 270;
  /** Output width in pixels (1400-1800 when absent). */
  width?: number;
  /** Free space around the card's outline as a share of the frame (0.08-0.2 when absent). */
  margin?: number;
}

/** Output must stay under the API's upload limit. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

// Aliased once: inside Jest's sandbox every `Math.x` lookup in a pixel loop costs ~100 ns.
const { abs, ceil, cos, exp, floor, hypot, max, min, PI, round, sin, sqrt } = Math;

/** CR80 corner radius (3.18 mm of 85.6 mm) as a share of the card's width. */
const CORNER_RADIUS = 0.037;

/** Smooth value noise in 0..1 with the given cell size, summed over a few octaves. */
function valueNoise(width: number, height: number, cellX: number, cellY: number, octaves: number, rng: Rng): Float32Array {
  const out = new Float32Array(width * height);
  let amplitude = 1;
  let total = 0;
  for (let o = 0; o < octaves; o++) {
    const cx = max(1, cellX / 2 ** o);
    const cy = max(1, cellY / 2 ** o);
    const gw = ceil(width / cx) + 2;
    const gh = ceil(height / cy) + 2;
    const grid = new Float32Array(gw * gh);
    for (let i = 0; i < grid.length; i++) grid[i] = rng.next();
    for (let y = 0; y < height; y++) {
      const fy = y / cy;
      const iy = floor(fy);
      const ty = fy - iy;
      const sy = ty * ty * (3 - 2 * ty);
      for (let x = 0; x < width; x++) {
        const fx = x / cx;
        const ix = floor(fx);
        const tx = fx - ix;
        const sx = tx * tx * (3 - 2 * tx);
        const a = grid[iy * gw + ix] as number;
        const b = grid[iy * gw + ix + 1] as number;
        const c = grid[(iy + 1) * gw + ix] as number;
        const d = grid[(iy + 1) * gw + ix + 1] as number;
        out[y * width + x] = (out[y * width + x] as number) + amplitude * (a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy);
      }
    }
    total += amplitude;
    amplitude *= 0.5;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / total;
  return out;
}

/** The surface under the card, drawn at half size (it is out of focus anyway) and scaled up natively. */
async function makeBackground(kind: BackgroundKind, fullWidth: number, fullHeight: number, rng: Rng): Promise<Buffer> {
  const width = ceil(fullWidth / 2);
  const height = ceil(fullHeight / 2);
  const rgb = Buffer.alloc(width * height * 3);
  const fine = valueNoise(width, height, 2, 2, 1, rng);
  let shadeAt: (x: number, y: number, i: number) => number;
  let tone: readonly [number, number, number];
  if (kind === 'wood') {
    tone = rng.pick([
      [120, 78, 45],
      [92, 60, 38],
      [150, 105, 65],
    ] as const);
    // Grain lines run along one axis: noise stretched along it bends them gently and draws fibres.
    const vertical = rng.next() < 0.5;
    const along = (long: number, short: number): [number, number] => (vertical ? [short, long] : [long, short]);
    const warp = valueNoise(width, height, ...along(260, 110), 3, rng);
    const streak = valueNoise(width, height, ...along(160, 2), 2, rng);
    const rings = rng.range(0.05, 0.09);
    shadeAt = (x, y, i) => {
      const grain = 0.5 + 0.5 * sin((vertical ? x : y) * rings + (warp[i] as number) * 7);
      return 0.72 + 0.2 * grain * grain + 0.16 * ((streak[i] as number) - 0.5) + 0.08 * ((fine[i] as number) - 0.5);
    };
  } else if (kind === 'desk') {
    tone = rng.pick([
      [62, 64, 70],
      [45, 47, 52],
      [88, 84, 78],
    ] as const);
    const mottle = valueNoise(width, height, 90, 90, 4, rng);
    shadeAt = (_x, _y, i) => 0.8 + 0.35 * ((mottle[i] as number) - 0.5) + 0.25 * ((fine[i] as number) - 0.5);
  } else if (kind === 'paper' || kind === 'scanner') {
    // A light sheet: a bright, barely textured surface that a pale card stands out from by its edge only.
    tone =
      kind === 'scanner'
        ? [250, 250, 248]
        : rng.pick([
            [236, 233, 226],
            [244, 242, 238],
            [226, 228, 230],
          ] as const);
    const mottle = valueNoise(width, height, 120, 120, 3, rng);
    const grain = kind === 'scanner' ? 0.01 : 0.06;
    shadeAt = (_x, _y, i) => 0.97 + grain * ((mottle[i] as number) - 0.5) + grain * 0.6 * ((fine[i] as number) - 0.5);
  } else if (kind === 'granite') {
    tone = rng.pick([
      [150, 148, 145],
      [110, 108, 112],
      [190, 184, 176],
    ] as const);
    const speck = valueNoise(width, height, 3, 3, 2, rng);
    const cloud = valueNoise(width, height, 70, 70, 3, rng);
    shadeAt = (_x, _y, i) => {
      const s = speck[i] as number;
      return 0.85 + 0.25 * ((cloud[i] as number) - 0.5) + (s > 0.72 ? -0.35 : s < 0.25 ? 0.18 : 0);
    };
  } else if (kind === 'tile') {
    tone = rng.pick([
      [214, 205, 188],
      [200, 204, 206],
      [180, 160, 140],
    ] as const);
    const size = rng.range(90, 160);
    const grout = rng.range(3, 6);
    const mottle = valueNoise(width, height, 50, 50, 3, rng);
    shadeAt = (x, y, i) => {
      const inGrout = x % size < grout || y % size < grout;
      return (inGrout ? 0.6 : 0.96) + 0.12 * ((mottle[i] as number) - 0.5);
    };
  } else if (kind === 'linen') {
    tone = rng.pick([
      [222, 214, 196],
      [200, 210, 222],
      [232, 222, 214],
    ] as const);
    const folds = valueNoise(width, height, 200, 140, 3, rng);
    const pitch = rng.range(2.5, 3.5);
    shadeAt = (x, y, i) =>
      0.86 + 0.22 * ((folds[i] as number) - 0.5) + 0.08 * (abs(sin((x / pitch) * PI)) - abs(sin((y / pitch) * PI))) + 0.06 * ((fine[i] as number) - 0.5);
  } else {
    tone = rng.pick([
      [38, 52, 96],
      [96, 34, 44],
      [34, 78, 58],
      [70, 70, 74],
    ] as const);
    const folds = valueNoise(width, height, 160, 110, 3, rng);
    const pitch = rng.range(3, 4.5);
    shadeAt = (x, y, i) => {
      const weave = abs(sin((x / pitch) * PI)) * 0.5 + abs(sin((y / pitch) * PI)) * 0.5;
      return 0.7 + 0.5 * ((folds[i] as number) - 0.5) + 0.18 * weave + 0.12 * ((fine[i] as number) - 0.5);
    };
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const shade = shadeAt(x, y, i);
      rgb[i * 3] = min(255, tone[0] * shade);
      rgb[i * 3 + 1] = min(255, tone[1] * shade);
      rgb[i * 3 + 2] = min(255, tone[2] * shade);
    }
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(fullWidth, fullHeight, { fit: 'fill' })
    .raw()
    .toBuffer();
}

type Point = readonly [number, number];

/** The projective map taking the four `from` points to the four `to` points, as 8 coefficients. */
export function homography(from: readonly Point[], to: readonly Point[]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as Point;
    const [u, v] = to[i] as Point;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (abs((a[r] as number[])[col] as number) > abs((a[pivot] as number[])[col] as number)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = a[col] as number[];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const f = (row[col] as number) / (p[col] as number);
      for (let c = col; c < 9; c++) row[c] = (row[c] as number) - f * (p[c] as number);
    }
  }
  return a.map((row, r) => (row[8] as number) / (row[r] as number));
}

interface Drawn {
  angleDeg: number;
  perspective: number;
  tiltAxis: number;
  blurSigma: number;
  jpegQuality: number;
  lighting: Lighting;
  background: BackgroundKind;
  width: number;
  marginX: number;
  offsetX: number;
  offsetY: number;
  lightAngle: number;
  glareX: number;
  glareY: number;
  warmth: number;
  shadowAngle: number;
  shadowOffset: number;
  cutSide: number;
}

function draw(options: PhotographOptions, rng: Rng): Drawn {
  // Every value is drawn whether or not it is overridden, so one option never shifts the others.
  const drawn: Drawn = {
    angleDeg: rng.sign() * rng.range(2, 6),
    perspective: rng.range(0.01, 0.03),
    tiltAxis: rng.range(0, PI * 2),
    blurSigma: rng.range(0.4, 0.8),
    jpegQuality: rng.int(84, 92),
    lighting: { brightness: rng.range(0.94, 1.05), gradient: rng.range(0.05, 0.15), glare: rng.range(0, 0.06) },
    background: rng.pick(BACKGROUND_POOLS[options.split ?? 'tuning']),
    width: rng.int(1400, 1800),
    marginX: rng.range(0.08, 0.2),
    offsetX: rng.range(-0.3, 0.3),
    offsetY: rng.range(-0.3, 0.3),
    lightAngle: rng.range(0, PI * 2),
    glareX: rng.range(0.2, 0.8),
    glareY: rng.range(0.2, 0.8),
    warmth: rng.range(-0.04, 0.06),
    shadowAngle: rng.range(0, PI * 2),
    shadowOffset: rng.range(-0.15, 0.25),
    cutSide: rng.int(0, 3),
  };
  return {
    ...drawn,
    angleDeg: options.angleDeg ?? drawn.angleDeg,
    perspective: options.perspective ?? drawn.perspective,
    blurSigma: options.blurSigma ?? drawn.blurSigma,
    jpegQuality: options.jpegQuality ?? drawn.jpegQuality,
    lighting: { ...drawn.lighting, ...options.lighting },
    background: options.background ?? drawn.background,
    width: options.width ?? drawn.width,
    marginX: options.margin ?? drawn.marginX,
  };
}

/**
 * A phone photo of a card: laid on a desk, wood or cloth with a soft shadow, rotated and tilted, lit
 * unevenly, slightly blurred and saved as JPEG. The same card and seed always give the same bytes.
 */
export async function photographCard(cardPng: Buffer, photoOptions: PhotographOptions): Promise<Buffer> {
  const { preset, ...given } = photoOptions;
  const options: PhotographOptions = preset ? { ...variantOptions(preset, given.seed), ...stripUndefined(given) } : given;
  const rng = createRng(seedOf('photo', options.seed));
  const p = draw(options, rng);
  const card = await sharp(cardPng).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const cw = card.info.width;
  const ch = card.info.height;
  const src = card.data;

  // Corners in card-centred units, keystoned along a random axis, then rotated.
  const theta = (-p.angleDeg * PI) / 180;
  const ax = cos(p.tiltAxis);
  const ay = sin(p.tiltAxis);
  const cardCorners: Point[] = [
    [0, 0],
    [cw, 0],
    [cw, ch],
    [0, ch],
  ];
  const shaped = cardCorners.map(([u, v]): Point => {
    const x = u - cw / 2;
    const y = v - ch / 2;
    const along = (x / (cw / 2)) * ax + (y / (ch / 2)) * ay;
    const k = 1 + p.perspective * along;
    const px = x * k;
    const py = y * k;
    return [px * cos(theta) - py * sin(theta), px * sin(theta) + py * cos(theta)];
  });
  const xs = shaped.map(([x]) => x);
  const ys = shaped.map(([, y]) => y);
  const spanX = max(...xs) - min(...xs);
  const spanY = max(...ys) - min(...ys);
  const width = round(p.width);
  const scale = (width * (1 - 2 * p.marginX)) / spanX;
  // A 3:2 frame unless that would leave the card's top and bottom margins outside 8-20%.
  const natural = (width / 1.5 - spanY * scale) / (2 * (width / 1.5));
  const marginY = options.margin ?? min(0.2, max(0.08, natural));
  const height = round((spanY * scale) / (1 - 2 * marginY));
  const centreX = width / 2 - ((max(...xs) + min(...xs)) / 2) * scale + p.offsetX * p.marginX * width;
  const centreY = height / 2 - ((max(...ys) + min(...ys)) / 2) * scale + p.offsetY * marginY * height;
  const quad = shaped.map(([x, y]): Point => [centreX + x * scale, centreY + y * scale]);
  const toCard = homography(quad, cardCorners);

  const background = await makeBackground(p.background, width, height, rng);
  const cardRgb = new Float32Array(width * height * 3);
  const alpha = new Float32Array(width * height);
  const radius = CORNER_RADIUS * cw;
  const minX = max(0, floor(min(...quad.map(([x]) => x))) - 2);
  const maxX = min(width - 1, ceil(max(...quad.map(([x]) => x))) + 2);
  const minY = max(0, floor(min(...quad.map(([, y]) => y))) - 2);
  const maxY = min(height - 1, ceil(max(...quad.map(([, y]) => y))) + 2);
  const [h0, h1, h2, h3, h4, h5, h6, h7] = toCard as [number, number, number, number, number, number, number, number];
  const halfW = cw / 2;
  const halfH = ch / 2;
  for (let y = minY; y <= maxY; y++) {
    const py = y + 0.5;
    for (let x = minX; x <= maxX; x++) {
      const pxl = x + 0.5;
      const w = h6 * pxl + h7 * py + 1;
      const u = (h0 * pxl + h1 * py + h2) / w;
      const v = (h3 * pxl + h4 * py + h5) / w;
      // Signed distance to the rounded outline, in card pixels (positive inside).
      const qx = abs(u - halfW) - (halfW - radius);
      const qy = abs(v - halfH) - (halfH - radius);
      const ox = qx > 0 ? qx : 0;
      const oy = qy > 0 ? qy : 0;
      const inside = radius - (sqrt(ox * ox + oy * oy) + min(qx > qy ? qx : qy, 0));
      const coverage = inside * scale + 0.5;
      if (coverage <= 0) continue;
      const fu = min(cw - 1.001, max(0, u - 0.5));
      const fv = min(ch - 1.001, max(0, v - 0.5));
      const iu = fu | 0;
      const iv = fv | 0;
      const tu = fu - iu;
      const tv = fv - iv;
      const w00 = (1 - tu) * (1 - tv);
      const w10 = tu * (1 - tv);
      const w01 = (1 - tu) * tv;
      const w11 = tu * tv;
      const i00 = (iv * cw + iu) * 3;
      const i01 = i00 + cw * 3;
      const o = (y * width + x) * 3;
      cardRgb[o] = (src[i00] as number) * w00 + (src[i00 + 3] as number) * w10 + (src[i01] as number) * w01 + (src[i01 + 3] as number) * w11;
      cardRgb[o + 1] = (src[i00 + 1] as number) * w00 + (src[i00 + 4] as number) * w10 + (src[i01 + 1] as number) * w01 + (src[i01 + 4] as number) * w11;
      cardRgb[o + 2] = (src[i00 + 2] as number) * w00 + (src[i00 + 5] as number) * w10 + (src[i01 + 2] as number) * w01 + (src[i01 + 5] as number) * w11;
      alpha[y * width + x] = coverage > 1 ? 1 : coverage;
    }
  }

  // A soft shadow below and to one side of the card, blurred at a quarter of the size (a wide blur is slow).
  const shadowShiftX = round(width * 0.008);
  const shadowShiftY = round(width * 0.011);
  const mask = Buffer.alloc(width * height);
  for (let y = shadowShiftY; y < height; y++) {
    const row = y * width;
    const from = (y - shadowShiftY) * width - shadowShiftX;
    for (let x = shadowShiftX; x < width; x++) mask[row + x] = (alpha[from + x] as number) * 255;
  }
  const small = await sharp(mask, { raw: { width, height, channels: 1 } })
    .resize(round(width / 4), round(height / 4), { fit: 'fill' })
    .blur(max(0.5, width * 0.0025))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const shadow = await sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: 1 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();

  const { brightness, gradient, glare } = p.lighting;
  const diagonal = hypot(width, height) / 2;
  const lx = cos(p.lightAngle) / diagonal;
  const ly = sin(p.lightAngle) / diagonal;
  const glareX = centreX + (p.glareX - 0.5) * cw * scale * 0.8;
  const glareY = centreY + (p.glareY - 0.5) * ch * scale * 0.8;
  const glareSpread = 2 * (ch * scale * 0.35) ** 2;
  const glarePeak = glare * 255;
  const warmR = 1 + p.warmth;
  const warmB = 1 - p.warmth;
  const bg = background;
  // A cast shadow (a hand or the phone between the light and the card): a half-plane with a soft edge.
  const cast = options.shadow ?? 0;
  const sx = cos(p.shadowAngle) / (cw * scale);
  const sy = sin(p.shadowAngle) / (cw * scale);
  const castAt = (x: number, y: number): number => {
    if (cast <= 0) return 1;
    const d = (x - centreX) * sx + (y - centreY) * sy - p.shadowOffset;
    const t = d <= -0.04 ? 0 : d >= 0.04 ? 1 : (d + 0.04) / 0.08;
    return 1 - cast * t * t * (3 - 2 * t);
  };
  // Clamped, so over- and under-exposed values saturate instead of wrapping.
  const out = new Uint8ClampedArray(width * height * 3);
  let noiseState = (seedOf('noise', options.seed) | 1) >>> 0;
  for (let y = 0; y < height; y++) {
    const dy2 = (y - glareY) ** 2;
    const alongY = (y - height / 2) * ly;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const o = i * 3;
      const a = alpha[i] as number;
      const rest = 1 - a;
      const shade = (1 - 0.55 * ((shadow[i] as number) / 255) * rest) * rest;
      const light = brightness * (1 - gradient * (((x - width / 2) * lx + alongY + 1) / 2)) * castAt(x, y);
      const sheen = a > 0 && glarePeak > 0 ? glarePeak * a * exp(-((x - glareX) ** 2 + dy2) / glareSpread) : 0;
      noiseState ^= noiseState << 13;
      noiseState ^= noiseState >>> 17;
      noiseState ^= noiseState << 5;
      const noise = (((noiseState >>> 0) & 0xff) / 255 - 0.5) * 7 + sheen;
      out[o] = ((bg[o] as number) * shade + (cardRgb[o] as number) * a) * light * warmR + noise;
      out[o + 1] = ((bg[o + 1] as number) * shade + (cardRgb[o + 1] as number) * a) * light + noise;
      out[o + 2] = ((bg[o + 2] as number) * shade + (cardRgb[o + 2] as number) * a) * light * warmB + noise;
    }
  }

  // The frame cuts off part of the card on one side: keep from (or up to) a line that far inside the card.
  let region = { left: 0, top: 0, width, height };
  const cut = options.cut ?? 0;
  if (cut > 0) {
    const cardW = maxX - minX;
    const cardH = maxY - minY;
    if (p.cutSide === 0) region = { ...region, left: round(minX + cut * cardW), width: width - round(minX + cut * cardW) };
    else if (p.cutSide === 1) region = { ...region, width: round(maxX - cut * cardW) };
    else if (p.cutSide === 2) region = { ...region, top: round(minY + cut * cardH), height: height - round(minY + cut * cardH) };
    else region = { ...region, height: round(maxY - cut * cardH) };
  }
  for (let quality = p.jpegQuality; ; quality -= 8) {
    let image = sharp(Buffer.from(out.buffer), { raw: { width, height, channels: 3 } });
    if (p.blurSigma >= 0.3) image = image.blur(p.blurSigma);
    const framed = await image.extract(region).raw().toBuffer({ resolveWithObject: true });
    const jpeg = await sharp(framed.data, { raw: framed.info })
      .rotate(options.turn ?? 0)
      .jpeg({ quality: max(20, quality) })
      .toBuffer();
    if (jpeg.length < MAX_PHOTO_BYTES || quality <= 20) return jpeg;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The photo settings of a named preset for one seed (`clean` has none: the card is used as rendered). */
export function variantOptions(variant: PhotoPreset, seed: number): PhotographOptions {
  const rng = createRng(seedOf('variant', variant, seed));
  const tilt = (min: number, max: number) => rng.sign() * rng.range(min, max);
  switch (variant) {
    case 'photo':
      return { seed, angleDeg: tilt(2, 6), perspective: rng.range(0.01, 0.03) };
    case 'angled':
      return { seed, angleDeg: tilt(8, 15), perspective: rng.range(0.03, 0.06) };
    case 'blur':
      return { seed, angleDeg: tilt(1, 4), perspective: rng.range(0.01, 0.02), blurSigma: rng.range(1.6, 2.4) };
    case 'jpeg':
      return { seed, angleDeg: tilt(1, 4), perspective: rng.range(0.01, 0.02), jpegQuality: rng.int(35, 50) };
    case 'scan':
      return {
        seed,
        angleDeg: tilt(0, 1.5),
        perspective: 0,
        margin: rng.range(0.01, 0.05),
        background: 'scanner',
        blurSigma: rng.range(0.2, 0.5),
        lighting: { brightness: 1.02, gradient: 0.02, glare: 0 },
      };
    case 'shadow':
      return { seed, angleDeg: tilt(1, 5), perspective: rng.range(0.01, 0.03), shadow: rng.range(0.25, 0.45) };
    case 'cut':
      return { seed, angleDeg: tilt(0, 4), perspective: rng.range(0.01, 0.02), cut: rng.range(0.02, 0.06) };
    case 'turned':
      return { seed, angleDeg: tilt(1, 5), perspective: rng.range(0.01, 0.03), turn: rng.pick([90, 180, 270] as const) };
    case 'lighting': {
      const dim = rng.next() < 0.6;
      return {
        seed,
        angleDeg: tilt(1, 5),
        perspective: rng.range(0.01, 0.03),
        lighting: { brightness: dim ? rng.range(0.62, 0.78) : rng.range(1.12, 1.22), gradient: rng.range(0.3, 0.5), glare: rng.range(0.18, 0.32) },
      };
    }
  }
}

export interface VariantImage {
  image: Buffer;
  format: 'png' | 'jpeg';
}

/**
 * One side of a card as a named preset shows it: `clean` is the rendered PNG unchanged, every other preset a JPEG
 * photo on a surface of the split's.
 */
export async function renderVariant(cardPng: Buffer, variant: CardVariant, seed: number, split: DataSplit = 'tuning'): Promise<VariantImage> {
  if (variant === 'clean') return { image: cardPng, format: 'png' };
  return { image: await photographCard(cardPng, { split, ...variantOptions(variant, seed) }), format: 'jpeg' };
}
