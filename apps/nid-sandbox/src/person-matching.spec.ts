import { CONTRACT_VERIFY } from '@ekyc/testing';
import { loadCitizens, type Citizen } from './citizen-registry';
import { matchPerson, sentFields } from './person-matching';

const [sample] = loadCitizens() as [Citizen];

/** The contract's first sample request, verbatim. */
const contractVerify = CONTRACT_VERIFY;

describe('matchPerson', () => {
  it('matches the contract sample on every sent field, with the contract key spelling', () => {
    const match = matchPerson(contractVerify, sample);
    expect(match).toEqual({
      verified: true,
      nameEnMatched: true,
      fieldVerificationResult: {
        nameEn: true,
        name: true,
        dateOfBirth: true,
        ' father ': true,
        ' mother ': true,
        permanentAddress: true,
        presentAddress: true,
      },
    });
  });

  it('verifies only the fields sent with a value', () => {
    expect(sentFields({ nameEn: 'x', spouse: '  ', presentAddress: { division: '' } })).toEqual(['nameEn']);
    expect(Object.keys(matchPerson({ dateOfBirth: '1978-03-23' }, sample).fieldVerificationResult)).toEqual(['dateOfBirth']);
  });

  it('compares after normalisation: case, whitespace, NFC and date formats', () => {
    const match = matchPerson(
      {
        nameEn: '  ABDUS   salam ',
        name: 'আবদুস  সালাম',
        dateOfBirth: '23/03/1978',
        father: 'আবদুস\u00a0সাত্তার',
        presentAddress: { upozila: ' উত্তরা ' },
      },
      sample,
    );
    expect(match.verified).toBe(true);
    expect(matchPerson({ dateOfBirth: '23 March 1978' }, sample).verified).toBe(true);
  });

  it('reports a mismatch per field and whether the English name matched', () => {
    const match = matchPerson({ ...contractVerify, dateOfBirth: '1978-03-24', father: 'আবদুল করিম' }, sample);
    expect(match.verified).toBe(false);
    expect(match.nameEnMatched).toBe(true);
    expect(match.fieldVerificationResult).toMatchObject({ nameEn: true, dateOfBirth: false, ' father ': false, ' mother ': true });

    const osmani = matchPerson({ ...contractVerify, nameEn: 'Abdus Salam Osmani' }, sample);
    expect(osmani).toMatchObject({ verified: false, nameEnMatched: false });
  });

  it('treats an unparseable date and a spouse the registry lacks as mismatches', () => {
    expect(matchPerson({ dateOfBirth: 'soon' }, sample).verified).toBe(false);
    expect(matchPerson({ spouse: 'শাহানা পারভীন' }, sample).fieldVerificationResult).toEqual({ spouse: false });
  });

  it('matches an address when every sent part matches', () => {
    expect(matchPerson({ permanentAddress: { division: 'চট্টগ্রাম' } }, sample).verified).toBe(true);
    expect(matchPerson({ permanentAddress: { division: 'চট্টগ্রাম', district: 'ঢাকা' } }, sample).verified).toBe(false);
  });

  it('does not give a partial response when nameEn was not sent', () => {
    expect(matchPerson({ dateOfBirth: '1999-01-01' }, sample).nameEnMatched).toBe(false);
  });
});
