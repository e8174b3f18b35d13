/**
 * What a Bangladesh NID card prints, in the generator's own words. Nothing here comes from the reader: the
 * generator knows the card kinds and fields from their public descriptions, and the reader must find them on its own.
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

/** The text printed for each field of one card side, exactly as printed. */
export type CardText = Partial<Record<NidField, string>>;

/**
 * Tuning data may be looked at while the reader is tuned; held-out data never is. The two share no font, no
 * layout family, no photo background and no person.
 */
export type DataSplit = 'tuning' | 'heldout';
export const DATA_SPLITS: readonly DataSplit[] = ['tuning', 'heldout'];
