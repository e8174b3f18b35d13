import { clampPageSize, PAGE_SIZE } from './pagination';

describe('clampPageSize', () => {
  it.each([
    [null, 20],
    [undefined, 20],
    [0, 1],
    [-5, 1],
    [1, 1],
    [50, 50],
    [100, 100],
    [101, 100],
    [1000, 100],
    [7.9, 7],
    [Number.POSITIVE_INFINITY, 100],
  ])('clamps %p to %p', (first, expected) => {
    expect(clampPageSize(first)).toBe(expected);
  });

  it('defaults to the documented page size and caps at the documented maximum', () => {
    expect(PAGE_SIZE).toEqual({ default: 20, max: 100 });
  });
});
