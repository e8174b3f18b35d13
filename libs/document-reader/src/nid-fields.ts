/**
 * What a Bangladesh national ID card carries, by kind and side, as its public description gives it. Where on the
 * card each field is printed is deliberately not here: the reader finds fields by their labels and their content.
 *
 * Printed formats:
 * - date of birth on the front: `23 Mar 1978` (English month abbreviation);
 * - issue date on the back: `12/05/2017` (dd/mm/yyyy, Latin or Bengali digits);
 * - NID number: the 10-digit number on smart cards, the 17-digit (or legacy 13-digit) one on old cards, possibly
 *   printed in groups;
 * - address: one Bengali text over one to three lines;
 * - old-card back PDF417 payload: `<pin>{nid}</pin><name>{NAME IN ENGLISH}</name><DOB>{23 Mar 1978}</DOB>…`;
 * - smart-card back MRZ: ICAO 9303 TD1 (3 x 30 characters), issuing state `BGD`, the 10-digit NID as document
 *   number (9 characters plus the overflow rule), date of birth, sex, expiry and the name.
 */
export type NidCardKind = 'nid_old' | 'nid_smart';
export type CardSide = 'front' | 'back';
export type NidField = 'nameBn' | 'nameEn' | 'fatherName' | 'motherName' | 'dateOfBirth' | 'nidNumber' | 'address' | 'bloodGroup' | 'birthPlace' | 'issueDate';

export const NID_FIELDS: readonly NidField[] = [
  'nameBn',
  'nameEn',
  'fatherName',
  'motherName',
  'dateOfBirth',
  'nidNumber',
  'address',
  'bloodGroup',
  'birthPlace',
  'issueDate',
];

/** The fields each side of each kind prints. */
export const NID_SIDE_FIELDS: Record<NidCardKind, Record<CardSide, readonly NidField[]>> = {
  nid_smart: {
    front: ['nameBn', 'nameEn', 'fatherName', 'motherName', 'dateOfBirth', 'nidNumber'],
    back: ['address', 'bloodGroup', 'birthPlace', 'issueDate'],
  },
  nid_old: {
    front: ['nameBn', 'nameEn', 'fatherName', 'motherName', 'dateOfBirth', 'nidNumber'],
    back: ['address', 'bloodGroup', 'issueDate'],
  },
};

export const sideOf = (field: NidField): CardSide => (NID_SIDE_FIELDS.nid_smart.front.includes(field) ? 'front' : 'back');
