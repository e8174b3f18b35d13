import { canonicalText, detectScript } from './index';

describe('canonicalText', () => {
  it.each([
    ['Bengali digits', '১৯৮০/১০/০১', '1980/10/01'],
    ['mixed Bengali and ASCII digits', '৫০৯০424675', '5090424675'],
    ['leading and trailing spaces', '  ববায়ালখালী ', 'ববায়ালখালী'],
    ['NBSP and runs of whitespace', 'Abdus\u00A0\u00A0Salam\t\n', 'Abdus Salam'],
    ['a zero-width joiner inside a word, and a double space', 'আব\u200Dদুস  সালাম', 'আবদুস সালাম'],
    ['a soft hyphen', 'Asadu\u00ADzzaman', 'Asaduzzaman'],
    ['ো written as ে + া', '\u09AE\u09C7\u09BE', '\u09AE\u09CB'],
    ['legacy khanda ta (ta + hasanta + ZWJ)', '\u0989\u09A4\u09CD\u200D\u09B8', '\u0989\u09CE\u09B8'],
  ])('canonicalises %s', (_label, raw, expected) => {
    expect(canonicalText(raw)).toBe(expected);
  });

  it.each([
    ['U+200B zero-width space', '\u200B'],
    ['U+200C ZWNJ', '\u200C'],
    ['U+200D ZWJ', '\u200D'],
    ['U+FEFF byte-order mark', '\uFEFF'],
    ['U+2060 word joiner', '\u2060'],
  ])('strips %s', (_label, invisible) => {
    expect(canonicalText(`${invisible}সা${invisible}লাম${invisible}`)).toBe('সালাম');
  });

  it('maps precomposed য় (U+09DF) and য + nukta to the same text', () => {
    const precomposed = canonicalText('ববা\u09DFালখালী');
    const decomposed = canonicalText('ববা\u09AF\u09BCালখালী');
    expect(precomposed).toBe(decomposed);
    // U+09DF is a composition exclusion, so NFC keeps the two-code-point form.
    expect(precomposed).toContain('\u09AF\u09BC');
  });

  it('returns an empty string for whitespace and invisible characters only', () => {
    expect(canonicalText(' \u00A0\u200B\uFEFF ')).toBe('');
  });
});

describe('detectScript', () => {
  it.each([
    ['আবদুস সালাম', 'bengali'],
    ['Abdus Salam', 'latin'],
    ['মোঃ Abdus', 'bengali'],
    ['José', 'latin'],
    ['1234', 'other'],
  ] as const)('%s is %s', (text, script) => {
    expect(detectScript(text)).toBe(script);
  });
});
