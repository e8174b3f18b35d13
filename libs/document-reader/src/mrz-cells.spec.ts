import { applyFillerCells, fillerCells } from './mrz-cells';
import type { GrayImage } from './text-lines';

/** An ink mask of a monospaced line: `<` cells get a chevron in the middle band, others a full-height bar. */
function line(text: string, cell = 20, height = 30): GrayImage {
  const width = text.length * cell;
  const data = Buffer.alloc(width * height);
  [...text].forEach((char, i) => {
    for (let y = 0; y < height; y++) {
      for (let x = i * cell + 4; x < (i + 1) * cell - 4; x++) {
        const filler = char === '<';
        const inChevron = filler && y > height * 0.3 && y < height * 0.7 && Math.abs(y - height / 2) <= (x - i * cell) / 2;
        if (inChevron || (!filler && (x === i * cell + 5 || y === 2 || y === height - 3))) data[y * width + x] = 255;
      }
    }
  });
  return { data, width, height };
}

describe('filler cells', () => {
  it('tells the `<` cells of a monospaced line by their shape', () => {
    const ink = line('AB<<C<D');
    expect(fillerCells(ink, { x: 0, y: 0, w: ink.width, h: ink.height }, 7)).toEqual([false, false, true, true, false, true, false]);
  });

  it('sets back only the letters a `<` is misread as', () => {
    const cells = [false, false, true, true, true, true];
    expect(applyFillerCells('ABKL7C', cells)).toBe('AB<<7<');
    expect(applyFillerCells('ABKL', cells)).toBe('ABKL');
  });
});
