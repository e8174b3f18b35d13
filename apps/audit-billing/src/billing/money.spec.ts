import { formatMinor, parsePrice, timesCount, vendorAmountToMinor } from './money';

describe('parsePrice', () => {
  it('reads decimal BDT into exact poisha', () => {
    expect(parsePrice('2')).toEqual({ ok: true, minor: 200n });
    expect(parsePrice('2.5')).toEqual({ ok: true, minor: 250n });
    expect(parsePrice(' 2.05 ')).toEqual({ ok: true, minor: 205n });
    expect(parsePrice('0.10')).toEqual({ ok: true, minor: 10n });
    expect(parsePrice('9999999.99')).toEqual({ ok: true, minor: 999_999_999n });
  });

  it('refuses what is not a plain amount with at most two decimals', () => {
    for (const bad of ['', '-1', '1.234', '1e3', '1,5', 'abc', '.5', '10000000', '2.']) expect(parsePrice(bad).ok).toBe(false);
  });
});

describe('formatMinor', () => {
  it('writes two decimals', () => {
    expect(formatMinor(0n)).toBe('0.00');
    expect(formatMinor(5n)).toBe('0.05');
    expect(formatMinor(34_400n)).toBe('344.00');
    expect(formatMinor(-250n)).toBe('-2.50');
    expect(formatMinor(900_719_925_474_099_300n)).toBe('9007199254740993.00');
  });
});

describe('vendorAmountToMinor', () => {
  it("reads the vendor's JSON numbers once, to the poisha", () => {
    expect(vendorAmountToMinor(344.0)).toBe(34_400n);
    expect(vendorAmountToMinor(24)).toBe(2_400n);
    expect(vendorAmountToMinor(0.1 + 0.2)).toBe(30n);
  });
});

describe('timesCount', () => {
  it('multiplies in integers, beyond the float range', () => {
    expect(timesCount(172, 200n)).toBe(34_400n);
    expect(timesCount(3, 3_333_333_333_333_333n)).toBe(9_999_999_999_999_999n);
  });
});
