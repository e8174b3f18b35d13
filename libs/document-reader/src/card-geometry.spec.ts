import {
  aspectRatio,
  fitLine,
  intersect,
  isConvex,
  landscapeCorners,
  orderCorners,
  polygonArea,
  refineQuad,
  rotateCorners180,
  type Point,
  type Quad,
} from './card-geometry';

const round = (quad: readonly Point[]) => quad.map((p) => [Math.round(p.x) || 0, Math.round(p.y) || 0]);

describe('card geometry', () => {
  const card: Quad = [
    { x: 100, y: 50 },
    { x: 420, y: 60 },
    { x: 410, y: 262 },
    { x: 95, y: 250 },
  ];

  it('orders corners clockwise from the top-left whatever order they come in', () => {
    const [tl, tr, br, bl] = card;
    for (const shuffled of [
      [br, tl, bl, tr],
      [bl, br, tr, tl],
      [tr, bl, tl, br],
    ])
      expect(orderCorners(shuffled)).toEqual(card);
  });

  it('orders the corners of a card turned by 45 degrees without ties', () => {
    const diamond = [
      { x: 200, y: 0 },
      { x: 400, y: 200 },
      { x: 200, y: 400 },
      { x: 0, y: 200 },
    ];
    const ordered = orderCorners([diamond[2], diamond[0], diamond[3], diamond[1]]);
    expect(new Set(ordered.map((p) => `${p.x},${p.y}`)).size).toBe(4);
    expect(isConvex(ordered)).toBe(true);
    expect(polygonArea(ordered)).toBe(80000);
  });

  it('refuses anything but four corners', () => {
    expect(() => orderCorners(card.slice(0, 3))).toThrow('4 corners');
  });

  it('turns a card photographed upright in portrait into landscape, and can turn it round', () => {
    const portrait = orderCorners([
      { x: 0, y: 0 },
      { x: 200, y: 0 },
      { x: 200, y: 317 },
      { x: 0, y: 317 },
    ]);
    const landscape = landscapeCorners(portrait);
    expect(round(landscape)).toEqual([
      [0, 317],
      [0, 0],
      [200, 0],
      [200, 317],
    ]);
    expect(aspectRatio(landscape)).toBeCloseTo(1.585, 2);
    expect(round(rotateCorners180(landscape))).toEqual([
      [200, 0],
      [200, 317],
      [0, 317],
      [0, 0],
    ]);
    expect(landscapeCorners(card)).toBe(card);
  });

  it('tells convex from concave quadrilaterals', () => {
    expect(isConvex(card)).toBe(true);
    expect(
      isConvex([
        { x: 0, y: 0 },
        { x: 100, y: 0 },
        { x: 20, y: 20 },
        { x: 0, y: 100 },
      ]),
    ).toBe(false);
  });

  it('fits lines and intersects them', () => {
    const line = fitLine([0, 1, 2, 3, 4].map((x) => ({ x, y: 2 * x + 1 })));
    expect(line).not.toBeNull();
    const vertical = fitLine([
      { x: 3, y: 0 },
      { x: 3, y: 10 },
    ]);
    const crossing = intersect(line!, vertical!);
    expect(crossing!.x).toBeCloseTo(3);
    expect(crossing!.y).toBeCloseTo(7);
    expect(intersect(line!, line!)).toBeNull();
  });

  it('moves corners cut off by rounding back to where the edges meet', () => {
    // The outline of a 400 x 250 card with 20 px rounded corners, and the inset quad a polygon fit gives for it.
    const outline: Point[] = [];
    for (let x = 20; x <= 380; x += 2) outline.push({ x, y: 0 }, { x, y: 250 });
    for (let y = 20; y <= 230; y += 2) outline.push({ x: 0, y }, { x: 400, y });
    const inset: Quad = [
      { x: 6, y: 6 },
      { x: 394, y: 6 },
      { x: 394, y: 244 },
      { x: 6, y: 244 },
    ];
    expect(round(refineQuad(inset, outline, 8))).toEqual([
      [0, 0],
      [400, 0],
      [400, 250],
      [0, 250],
    ]);
  });
});
