import type { CV } from '@techstark/opencv-js';
import sharp from 'sharp';
import { orderCorners, type Point } from './card-geometry';
import { findCard, paintOutSurface, warpQuad } from './find-card';
import { decodeImage, type RgbImage } from './image-input';
import { loadOpenCv } from './opencv';
import { CARD_HEIGHT, CARD_WIDTH, drawTestCard, photographTestCard } from './test-fixtures';

const ASPECT = CARD_WIDTH / CARD_HEIGHT;
const NID_CARD_SIZE = { width: CARD_WIDTH, height: CARD_HEIGHT };

const toRgb = async (image: sharp.Sharp): Promise<RgbImage> => {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
};

async function rgb(bytes: Buffer): Promise<RgbImage> {
  const decoded = await decodeImage(bytes, 'test');
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

/** Where photographTestCard puts the corners of a 1012 x 638 card turned clockwise by `angle` degrees. */
function expectedCorners(angle: number): Point[] {
  const { width, height } = NID_CARD_SIZE;
  const t = (angle * Math.PI) / 180;
  const boundsW = Math.abs(width * Math.cos(t)) + Math.abs(height * Math.sin(t));
  const boundsH = Math.abs(width * Math.sin(t)) + Math.abs(height * Math.cos(t));
  const cx = 120 + boundsW / 2;
  const cy = 100 + boundsH / 2;
  return [
    [-width / 2, -height / 2],
    [width / 2, -height / 2],
    [width / 2, height / 2],
    [-width / 2, height / 2],
  ].map(([x, y]) => ({ x: cx + x * Math.cos(t) - y * Math.sin(t), y: cy + x * Math.sin(t) + y * Math.cos(t) }));
}

type Darkness = (x: number, y: number) => number;
const CHECKS: Darkness = (x, y) => ((x % 64 < 32 ? 1 : 0) + (y % 64 < 32 ? 1 : 0)) * 60;
const SMALL_PRINT: Darkness = (x, y) => (y % 14 < 7 && (x * 7 + Math.floor(y / 14) * 13) % 23 < 15 ? 150 : 0);

/** The card turned by 9 degrees on a patterned surface, 120 px from its left and 100 from its top; `keepWidth` cuts the photo's right off. */
async function onSurface(card: Buffer, darkness: Darkness, keepWidth?: number): Promise<Buffer> {
  const rotated = await sharp(card)
    .rotate(9, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer({ resolveWithObject: true });
  const width = rotated.info.width + 240;
  const height = rotated.info.height + 200;
  const pattern = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const level = 235 - darkness(x, y);
      pattern.set([level, Math.max(0, level - 90), Math.max(0, level - 90)], (y * width + x) * 3);
    }
  }
  const photo = await sharp(pattern, { raw: { width, height, channels: 3 } })
    .composite([{ input: rotated.data, left: 120, top: 100 }])
    .png()
    .toBuffer();
  return sharp(photo)
    .extract({ left: 0, top: 0, width: keepWidth ?? width, height })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const furthest = (found: Point[], expected: Point[]) => {
  const ordered = orderCorners(expected);
  const got = orderCorners(found);
  return Math.max(...got.map((p, i) => Math.hypot(p.x - ordered[i].x, p.y - ordered[i].y)));
};

/** A card with a portrait, a name and an NID. */
const drawNameCard = () =>
  drawTestCard({
    rows: [
      { label: 'Name:', value: 'MD ABDUL KARIM' },
      { label: 'ID NO:', value: '5090424675' },
    ],
    photo: true,
  });

let cv: CV;
let card: Buffer;
beforeAll(async () => {
  cv = await loadOpenCv();
  card = await drawNameCard();
});

describe('findCard', () => {
  it.each([0, 9, -14])('finds the corners of a card turned by %i degrees within a few pixels', async (angle) => {
    const quad = await findCard(cv, await rgb(await photographTestCard(card, angle)), { aspect: ASPECT });
    expect(quad).not.toBeNull();
    expect(furthest(quad!, expectedCorners(angle))).toBeLessThan(4);
  });

  it('warps the found card back to the upright card', async () => {
    const photo = await rgb(await photographTestCard(card, 9));
    const quad = await findCard(cv, photo, { aspect: ASPECT });
    const warped = warpQuad(cv, photo, quad!, NID_CARD_SIZE.width, NID_CARD_SIZE.height);
    expect([warped.width, warped.height, warped.data.length]).toEqual([1012, 638, 1012 * 638 * 3]);
    const original = await sharp(card).removeAlpha().raw().toBuffer();
    let difference = 0;
    for (let i = 0; i < original.length; i++) difference += Math.abs(original[i] - warped.data[i]);
    expect(difference / original.length).toBeLessThan(12);
  });

  it('returns a portrait card as landscape, its long edge on top', async () => {
    const quad = await findCard(cv, await rgb(await photographTestCard(card, 90)), { aspect: ASPECT });
    const [tl, tr, , bl] = quad!;
    expect(Math.hypot(tr.x - tl.x, tr.y - tl.y)).toBeGreaterThan(Math.hypot(bl.x - tl.x, bl.y - tl.y) * 1.4);
  });

  it('finds a pale card on a pale surface, whose edge is a faint but steady step of colour', async () => {
    // Paper #eef6ee on #e5eae5: about nine levels apart, less than the step a dark desk makes.
    const quad = await findCard(cv, await rgb(await photographTestCard(card, 9, '#e5eae5')), { aspect: ASPECT });
    expect(quad).not.toBeNull();
    expect(furthest(quad!, expectedCorners(9))).toBeLessThan(6);
  });

  it.each([
    ['checked cloth', CHECKS],
    ['small print', SMALL_PRINT],
  ])("finds a card on %s, whose pattern breaks its outline into the pattern's own edges", async (_surface, darkness) => {
    const quad = await findCard(cv, await rgb(await onSurface(card, darkness)), { aspect: ASPECT, surfaces: ['patterned'] });
    expect(quad).not.toBeNull();
    expect(furthest(quad!, expectedCorners(9))).toBeLessThan(6);
  });

  it('takes no outline from print on a flat scan: the whole image is the card', async () => {
    await expect(findCard(cv, await rgb(card), { aspect: ASPECT })).resolves.toBeNull();
  });

  it('finds nothing on a photo without a card', async () => {
    const desk = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a3f47' } })
      .jpeg()
      .toBuffer();
    await expect(findCard(cv, await rgb(desk), { aspect: ASPECT })).resolves.toBeNull();
  });
});

describe('paintOutSurface', () => {
  // The frame cuts off the card's right side: no outline, and the surface's rows of print look like text.
  const cutOnPrint = async () => rgb(await onSurface(card, SMALL_PRINT, 120 + 900));

  it("keeps the card's region of the photo and paints the print around it out", async () => {
    const photo = await cutOnPrint();
    const surface = await paintOutSurface(cv, photo);
    expect(surface).not.toBeNull();
    const { region, slant } = surface!;
    // Its long side slants as the card was turned: 9 degrees clockwise.
    expect(Math.abs(slant - 9)).toBeLessThan(2);
    const painted = await toRgb(sharp(surface!.image.data, { raw: { width: photo.width, height: photo.height, channels: 3 } }).extract(region));
    // The card turned by 9 degrees spans about 1150 x 790 px; the frame keeps 900 px of its width, of the photo's 1020 x 990.
    expect(painted!.width).toBeGreaterThan(850);
    expect(painted!.height).toBeGreaterThan(700);
    expect(painted!.height).toBeLessThan(880);
    const at = (x: number, y: number) => [...painted!.data.subarray((y * painted!.width + x) * 3, (y * painted!.width + x) * 3 + 3)].join(',');
    // The corners beside the turned card, print and paper alike, take one colour.
    const { width, height } = painted!;
    expect(new Set([at(5, height - 5), at(20, height - 30), at(width - 5, 5), at(width - 30, 20)]).size).toBe(1);
  });

  it('leaves a plain surface alone', async () => {
    await expect(paintOutSurface(cv, await rgb(await photographTestCard(card, 9)))).resolves.toBeNull();
  });
});
