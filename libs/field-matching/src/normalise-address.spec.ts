import { normaliseAddress, type Address } from './index';

// Source literals may hold precomposed ড় or য়, which canonical text keeps decomposed.
const nfc = (address: Record<string, string>): Address => Object.fromEntries(Object.entries(address).map(([part, text]) => [part, text.normalize('NFC')]));

describe('normaliseAddress', () => {
  it.each([
    [
      'English kind words',
      { division: 'Dhaka Division', district: 'Dhaka District', upozila: 'Uttara Thana' },
      { division: 'dhaka', district: 'dhaka', upozila: 'uttara' },
    ],
    [
      'Bengali kind words',
      { division: 'ঢাকা বিভাগ', district: 'ঢাকা জেলা', upozila: 'সাভার উপজেলা' },
      { division: 'ঢাকা', district: 'ঢাকা', upozila: 'সাভার' },
    ],
    ['থানা', { upozila: 'মিরপুর থানা' }, { upozila: 'মিরপুর' }],
    ['upazila spelt three ways', { upozila: 'Savar Upazila' }, { upozila: 'savar' }],
    ['punctuation in a line', { line: '22/1, Islampur Road, Khulna.' }, { line: '22 1 islampur road khulna' }],
    ['Bengali digits in a line', { line: 'বাড়ী ৩, মোহাম্মদপুর' }, { line: 'বাড়ী 3 মোহাম্মদপুর' }],
    [
      'pre-2018 spellings of renamed places',
      { division: 'Chittagong', district: 'Comilla', upozila: 'Bogra Sadar' },
      { division: 'chattogram', district: 'cumilla', upozila: 'bogura sadar' },
    ],
  ])('normalises %s', (_label, address, expected) => {
    expect(normaliseAddress(address)).toEqual(nfc(expected));
  });

  it('trims a leading space and reads precomposed য় and য + nukta alike', () => {
    const fromContract = normaliseAddress({ upozila: ' ববা\u09DFালখালী' });
    expect(fromContract).toEqual(normaliseAddress({ upozila: 'ববা\u09AF\u09BCালখালী' }));
    expect(fromContract.upozila?.startsWith('ব')).toBe(true);
  });

  it('keeps null parts null and leaves absent parts absent', () => {
    const normalised = normaliseAddress({ division: 'Dhaka', district: null });
    expect(normalised).toEqual({ division: 'dhaka', district: null });
    expect(normalised).not.toHaveProperty('upozila');
  });
});
