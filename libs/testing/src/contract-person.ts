/**
 * The person of the NID partner contract's sample verification requests (shared/seeds/nid-partner-service-api.txt):
 * the `verify` object of its first sample, verbatim, stray spaces included. The sandbox registers the same person.
 */
export const CONTRACT_VERIFY = {
  nameEn: 'Abdus Salam',
  name: 'আবদুস সালাম',
  dateOfBirth: ' 1978-03-23',
  father: 'আবদুস সাত্তার',
  mother: 'উম্মে হাবীবা',
  spouse: '',
  permanentAddress: { division: 'চট্টগ্রাম', district: 'চট্টগ্রাম', upozila: ' ববায়ালখালী' },
  presentAddress: { division: 'ঢাকা', district: 'ঢাকা', upozila: 'উত্তরা' },
} as const;

/** The contract's NIDs of that person: the first sample's 10 digits, the second's 17. */
export const CONTRACT_NID10 = '5090424675';
export const CONTRACT_NID17 = '19722699501359687';

/** The same person as an agent enters them in `submitApplication`'s `applicant` (the required fields). */
export const CONTRACT_APPLICANT = {
  nidNumber: CONTRACT_NID10,
  nameEn: 'Abdus Salam',
  nameBn: 'আবদুস সালাম',
  dateOfBirth: '1978-03-23',
  fatherName: 'আবদুস সাত্তার',
  motherName: 'উম্মে হাবীবা',
} as const;
