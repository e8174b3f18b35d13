import { maskMobile, maskName, maskNid, seesPii } from './pii-mask';

describe('PII masking', () => {
  it('keeps the last four NID digits and the length', () => {
    expect(maskNid('19816745063963839')).toBe('*************3839');
    expect(maskNid('1234567890')).toBe('******7890');
    expect(maskNid('123')).toBe('***');
  });

  it('keeps the first letter of each word of a name, in either script', () => {
    expect(maskName('MD RAHIM UDDIN')).toBe('M* R**** U****');
    expect(maskName('Ayesha  Siddiqua')).toBe('A*****  S*******');
    expect(maskName('রহিম')).not.toContain('হিম');
    expect(maskName('A')).toBe('A*');
  });

  it('keeps the operator prefix and the last two digits of a mobile number', () => {
    expect(maskMobile('01712345678')).toBe('017******78');
    expect(maskMobile('+8801712345678')).toBe('+88017******78');
    expect(maskMobile('12')).toBe('**');
  });

  it('shows PII in full to agents, partner admins, reviewers and those granted pii_reader only', () => {
    expect(seesPii(['agent'])).toBe(true);
    expect(seesPii(['reviewer'])).toBe(true);
    expect(seesPii(['analyst'])).toBe(false);
    expect(seesPii(['platform_admin'])).toBe(false);
    expect(seesPii(['analyst', 'partner_admin'])).toBe(true);
    // The tenant's grant.
    expect(seesPii(['analyst', 'pii_reader'])).toBe(true);
  });
});
