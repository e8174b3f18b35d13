import { bn } from './bn';
import { en } from './en';
import { codePhrase, createI18n, errorMessage, initialLanguage, localDigits, localDuration, splitReason } from './index';

/** Every leaf of a catalogue, as `a.b.c` → text. */
function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of leaves(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the portal in Bengali and English', () => {
  it('has every message in both languages, none empty, with the same placeholders', () => {
    const english = leaves(en);
    const bengali = leaves(bn);
    expect([...bengali.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect({ key, en: text.trim() !== '', bn: (bengali.get(key) ?? '').trim() !== '' }).toEqual({ key, en: true, bn: true });
      expect({ key, placeholders: placeholders(bengali.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it("speaks the API's errors in the chosen language, naming the field by its label", () => {
    const i18n = createI18n('bn');
    expect(errorMessage(i18n, 'REQUIRED', 'input.nomineeRelation', 'nomineeRelation is required')).toBe('নমিনির সাথে সম্পর্ক দেওয়া আবশ্যক।');
    expect(errorMessage(i18n, 'REQUIRED', 'input.applicant.presentAddress.district', 'x')).toBe('জেলা দেওয়া আবশ্যক।');
    // A code the portal has no message for: the API's own words.
    expect(errorMessage(i18n, 'SOMETHING_NEW', null, 'the service said so')).toBe('the service said so');
    const english = createI18n('en');
    expect([english.t('analyst.found', { count: 1 }), english.t('analyst.found', { count: 3 })]).toEqual(['1 application', '3 applications']);
    expect(errorMessage(english, 'REQUIRED', 'input.nomineeRelation', 'x')).toBe('Nominee relation is required.');
  });

  it('writes Bengali digits in Bengali, and starts in the language chosen before or the browser asks for', () => {
    expect(localDigits('৩ বারের মধ্যে 2, 87%', 'bn')).toBe('৩ বারের মধ্যে ২, ৮৭%');
    expect(localDigits('try 2 of 3', 'en')).toBe('try 2 of 3');
    expect(initialLanguage({ getItem: () => 'bn' }, ['en-US'])).toBe('bn');
    expect(initialLanguage({ getItem: () => null }, ['bn-BD', 'en'])).toBe('bn');
    expect(initialLanguage({ getItem: () => 'xx' }, ['en-GB'])).toBe('en');
  });

  it('says reason codes in words, keeping their detail, and durations in the language with its digits', () => {
    expect(splitReason('NID_MISMATCH: father, mother')).toEqual({ code: 'NID_MISMATCH', detail: 'father, mother' });
    expect(splitReason('NID_NOT_FOUND')).toEqual({ code: 'NID_NOT_FOUND', detail: null });
    const bengali = createI18n('bn');
    expect(codePhrase(bengali, 'reasons', 'NID_MISMATCH')).toBe('নির্বাচন কমিশনের তথ্যের সাথে মেলেনি');
    expect(codePhrase(bengali, 'reconciliation', 'BILL')).toBe('বিলের অঙ্ক মেলেনি');
    expect(codePhrase(bengali, 'reasons', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect([localDuration(bengali, 185), localDuration(bengali, null)]).toEqual(['৩ মিনিট ৫ সেকেন্ড', '—']);
    expect([2.4, 185, 7440].map((s) => localDuration(createI18n('en'), s))).toEqual(['2 s', '3 min 5 s', '2 h 4 min']);
  });
});
