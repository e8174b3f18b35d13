import sharp from 'sharp';
import { loadCardCitizens } from './citizen';
import { renderNidCard } from './render-card';
import { BACKGROUND_POOLS, CARD_VARIANTS, homography, MAX_PHOTO_BYTES, photographCard, renderVariant, variantOptions } from './variants';

let card: Buffer;
beforeAll(async () => {
  card = (await renderNidCard(loadCardCitizens()[0]!, { kind: 'nid_smart', side: 'front' })).image;
});

/** Mean absolute difference per channel after scaling both to the same small size. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const small = (img: Buffer) => sharp(img).resize(64, 40, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const [x, y] = await Promise.all([small(a), small(b)]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs((x[i] as number) - (y[i] as number));
  return sum / x.length;
}

describe('homography', () => {
  it('maps the four given points onto their targets', () => {
    const from = [
      [0, 0],
      [100, 0],
      [100, 60],
      [0, 60],
    ] as const;
    const to = [
      [10, 5],
      [120, 12],
      [115, 80],
      [4, 70],
    ] as const;
    const h = homography(from, to);
    from.forEach(([x, y], i) => {
      const w = h[6]! * x + h[7]! * y + 1;
      expect((h[0]! * x + h[1]! * y + h[2]!) / w).toBeCloseTo(to[i]![0], 6);
      expect((h[3]! * x + h[4]! * y + h[5]!) / w).toBeCloseTo(to[i]![1], 6);
    });
  });
});

describe('photographCard', () => {
  it('keeps the clean variant as the rendered PNG', async () => {
    expect(await renderVariant(card, 'clean', 1)).toEqual({ image: card, format: 'png' });
  });

  it.each(CARD_VARIANTS.filter((v) => v !== 'clean'))('makes a %s photo: a JPEG of up to 1800 px under 2 MB that differs from the card', async (variant) => {
    const { image, format } = await renderVariant(card, variant, 3);
    expect(format).toBe('jpeg');
    const meta = await sharp(image).metadata();
    expect(meta.format).toBe('jpeg');
    // Turned photos are portrait; cut ones lose a strip of the frame.
    const long = Math.max(meta.width!, meta.height!);
    expect(long).toBeGreaterThanOrEqual(variant === 'cut' ? 900 : 1400);
    expect(long).toBeLessThanOrEqual(1800);
    expect(image.length).toBeLessThan(MAX_PHOTO_BYTES);
    expect(await difference(image, card)).toBeGreaterThan(10);
  });

  it('gives the same bytes for the same seed and different photos for different seeds', async () => {
    const options = variantOptions('angled', 5);
    expect(Math.abs(options.angleDeg!)).toBeGreaterThanOrEqual(8);
    expect(Math.abs(options.angleDeg!)).toBeLessThanOrEqual(15);
    const [a, b, c] = await Promise.all([
      photographCard(card, options),
      photographCard(card, { ...options }),
      photographCard(card, variantOptions('angled', 6)),
    ]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(await photographCard(card, { seed: 5, preset: 'angled' })).toEqual(a);
  });

  it('turns a photo a quarter, cuts off a margin, and casts a shadow when asked', async () => {
    const plain = { seed: 9, angleDeg: 0, perspective: 0, margin: 0.12, lighting: { brightness: 1, gradient: 0, glare: 0 } };
    const base = await sharp(await photographCard(card, plain)).metadata();
    const turned = await sharp(await photographCard(card, { ...plain, turn: 90 })).metadata();
    expect([turned.width, turned.height]).toEqual([base.height, base.width]);
    const cut = await sharp(await photographCard(card, { ...plain, cut: 0.05 })).metadata();
    expect(cut.width! * cut.height!).toBeLessThan(base.width! * base.height!);
    const shadowed = await photographCard(card, { ...plain, shadow: 0.5 });
    expect(await difference(shadowed, await photographCard(card, plain))).toBeGreaterThan(3);
  });

  it('draws held-out photos on surfaces the tuning set never uses', () => {
    expect(BACKGROUND_POOLS.tuning.filter((b) => BACKGROUND_POOLS.heldout.includes(b))).toEqual([]);
  });

  it('leaves the card on a darker background with a margin all round', async () => {
    const photo = await photographCard(card, { seed: 9, angleDeg: 0, perspective: 0, margin: 0.12, lighting: { brightness: 1, gradient: 0, glare: 0 } });
    const { data, info } = await sharp(photo).greyscale().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[Math.round(y) * info.width + Math.round(x)] as number;
    const edge = [
      at(info.width * 0.03, info.height / 2),
      at(info.width * 0.97, info.height / 2),
      at(info.width / 2, info.height * 0.03),
      at(info.width / 2, info.height * 0.97),
    ];
    expect(Math.max(...edge)).toBeLessThan(at(info.width * 0.5, info.height * 0.8));
    expect(info.width).toBeGreaterThanOrEqual(1400);
  });
});
