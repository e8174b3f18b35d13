import { maskNid, seesFullNid } from './nid-mask';

describe('maskNid', () => {
  it('keeps the last four digits and the length of 10 and 17 digit numbers', () => {
    expect(maskNid('5090424675')).toBe('******4675');
    expect(maskNid('19782699501359687')).toBe('*************9687');
  });

  it('hides short values entirely', () => {
    expect(maskNid('1234')).toBe('****');
    expect(maskNid('')).toBe('');
  });
});

describe('seesFullNid', () => {
  it('shows the number to agents and partner admins, not to analysts or platform admins alone', () => {
    expect(seesFullNid(['agent'])).toBe(true);
    expect(seesFullNid(['partner_admin'])).toBe(true);
    expect(seesFullNid(['analyst'])).toBe(false);
    expect(seesFullNid(['platform_admin'])).toBe(false);
    expect(seesFullNid(['analyst', 'partner_admin'])).toBe(true);
  });
});
