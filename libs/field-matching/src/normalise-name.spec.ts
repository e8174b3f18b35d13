import { normaliseName } from './index';

describe('normaliseName', () => {
  it.each([
    ['Md. Abdus Salam', 'mohammad abdus salam'],
    ['MOHAMMAD ABDUS SALAM', 'mohammad abdus salam'],
    ['Md.Abdus Salam', 'mohammad abdus salam'],
    ['  abdus   salam  ', 'abdus salam'],
    ["Abdus-Salam O'Neil", 'abdus salam o neil'],
    ['Rahim Ud-Din', 'rahim uddin'],
    ['Rahim Uddeen', 'rahim uddin'],
    ['Sk. Mujibur Rahman', 'sheikh mujibur rahman'],
    ['Sheikh Mujibur Rahman', 'sheikh mujibur rahman'],
    ['Mst. Rahima Khatoon', 'mosammat rahima khatun'],
    ['Kamal Hussain', 'kamal hossain'],
    ['Rahmán', 'rahman'],
  ])('normalises English %j to %j', (raw, expected) => {
    expect(normaliseName(raw)).toBe(expected);
  });

  it.each(['md', 'Md.', 'MD', 'mohd', 'Mohammad', 'Mohammed', 'Muhammad', 'Muhammed', 'Mohamad'])('unifies %j as "mohammad"', (prefix) => {
    expect(normaliseName(`${prefix} Karim`)).toBe('mohammad karim');
  });

  it.each(['Mr.', 'Mrs', 'Ms.', 'Miss', 'Dr.', 'Late', 'Alhaj'])('drops the title %j', (title) => {
    expect(normaliseName(`${title} Abdus Salam`)).toBe('abdus salam');
  });

  it('keeps Abdul, Abdus and Abdur as different words', () => {
    expect(new Set(['Abdul Karim', 'Abdus Karim', 'Abdur Karim'].map(normaliseName)).size).toBe(3);
  });

  it.each(['মোঃ করিম', 'মো: করিম', 'মো. করিম', 'মোহাম্মদ করিম', 'মুহাম্মদ করিম', 'মোহাম্মাদ করিম', 'মোঃকরিম'])('unifies %j as মোহাম্মদ করিম', (raw) => {
    expect(normaliseName(raw)).toBe('মোহাম্মদ করিম');
  });

  it.each(['মৃত আবদুস সালাম', 'জনাব আবদুস সালাম', 'ডাঃ আবদুস সালাম', 'ডা. আবদুস সালাম', 'মিসেস আবদুস সালাম'])('drops the Bengali title in %j', (raw) => {
    expect(normaliseName(raw)).toBe('আবদুস সালাম');
  });

  it.each([
    ['a danda', 'আবদুস সালাম।'],
    ['a dash', 'আবদুস-সালাম'],
    ['a zero-width joiner and a double space', 'আবদুস\u200D  সালাম'],
    ['a ZWNJ', 'আব\u200Cদুস সালাম'],
    ['হসন্ত + দ spelling', 'আব্দুস সালাম'],
  ])('reads a Bengali name with %s as the plain spelling', (_label, raw) => {
    expect(normaliseName(raw)).toBe(normaliseName('আবদুস সালাম'));
  });

  it('treats য় with a separate nukta (NFD) and precomposed য় as the same name', () => {
    const decomposed = 'রা\u09AF\u09BCহান';
    const precomposed = 'রা\u09DFহান';
    expect(decomposed).not.toBe(precomposed);
    expect(normaliseName(decomposed)).toBe(normaliseName(precomposed));
  });

  it('keeps Sheikh/শেখ, which is part of the name', () => {
    expect(normaliseName('শেখ মুজিবুর রহমান')).toBe('শেখ মুজিবুর রহমান');
  });
});
