import { parseAddressText, parseGender } from './applicant-text';

describe('parseAddressText', () => {
  it('takes the last three parts as upazila, district and division, as the card prints them', () => {
    expect(parseAddressText('কুমারখালী, কুষ্টিয়া, খুলনা')).toEqual({ ok: true, value: { upazila: 'কুমারখালী', district: 'কুষ্টিয়া', division: 'খুলনা' } });
    // The house and road before them are the address line: kept, not dropped.
    expect(parseAddressText('বাসা ১২, রোড ৩,  কুমারখালী ,কুষ্টিয়া,\nখুলনা ')).toEqual({
      ok: true,
      value: { line: 'বাসা ১২, রোড ৩', upazila: 'কুমারখালী', district: 'কুষ্টিয়া', division: 'খুলনা' },
    });
  });

  it("reads the agent contract's sample address, whatever the EC makes of it", () => {
    expect(parseAddressText('22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা')).toEqual({
      ok: true,
      value: { upazila: '22/1', district: 'ইসলামপুর রোড', division: 'খুলনা সিটি করপোরেশন দোলখেলা' },
    });
  });

  it('refuses text with fewer than three parts, saying what it needs', () => {
    for (const text of ['', 'ঢাকা', 'মোহাম্মদপুর, ঢাকা', ' , , ঢাকা']) {
      const parsed = parseAddressText(text);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(/upazila, district, division/);
    }
  });
});

describe('parseGender', () => {
  it("maps the contract's Male and the graph's enum values, in any case", () => {
    expect(parseGender('Male')).toBe('male');
    expect(parseGender(' FEMALE ')).toBe('female');
    expect(parseGender('third_gender')).toBe('third_gender');
    expect(parseGender('Third gender')).toBe('third_gender');
    expect(parseGender('third-gender')).toBe('third_gender');
  });

  it('maps Bengali words in either encoding of their letters', () => {
    expect(parseGender('পুরুষ')).toBe('male');
    expect(parseGender('মহিলা')).toBe('female');
    expect(parseGender('হিজ\u09DCা')).toBe('third_gender');
    expect(parseGender('হিজ\u09A1\u09BCা')).toBe('third_gender');
  });

  it('is null for anything else', () => {
    expect(parseGender('')).toBeNull();
    expect(parseGender('unknown')).toBeNull();
  });
});
