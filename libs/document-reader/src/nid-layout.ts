/**
 * The printed layout of Bangladesh national ID cards, as seen on a card cropped and deskewed to
 * `NID_CARD_SIZE` (CR80 proportions at about 300 dpi). The reader OCRs each value box with its own
 * language; the synthetic card generator (tools/cardgen) prints onto the same boxes. Boxes are
 * fractions of the card's width and height, so they hold at any scale.
 *
 * Printed formats both sides agree on:
 * - date of birth on the front: `23 Mar 1978` (English month abbreviation);
 * - issue date on the back: `12/05/2017` (dd/mm/yyyy, Latin digits);
 * - NID number: the 10-digit number on smart cards, the 17-digit (or legacy 13-digit) one on old cards;
 * - address: one Bengali text, up to two lines, `<upazila>, <district>, <division>` at its simplest;
 * - old-card back PDF417 payload: `<pin>{nid}</pin><name>{NAME IN ENGLISH}</name><DOB>{23 Mar 1978}</DOB>`
 *   followed by `<FP>…</FP><F>Right Index</F><TYPE>A</TYPE><V>2.0</V><ds>{hex signature}</ds>`;
 * - smart-card back MRZ: ICAO 9303 TD1 (3 x 30 characters), issuing state `BGD`, the 10-digit NID as
 *   document number (9 characters plus the overflow rule), date of birth, sex, expiry.
 */

export type NidCardKind = 'nid_old' | 'nid_smart';
export type CardSide = 'front' | 'back';
export type OcrLanguage = 'ben' | 'eng';

/** Fractions of the card's width (x, w) and height (y, h). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type NidField = 'nameBn' | 'nameEn' | 'fatherName' | 'motherName' | 'dateOfBirth' | 'nidNumber' | 'address' | 'bloodGroup' | 'birthPlace' | 'issueDate';

export interface FieldRegion {
  field: NidField;
  /** The printed label, left of the value. */
  label: string;
  labelBox: Box;
  /** Where the value is printed: the only area the reader OCRs for this field. */
  valueBox: Box;
  lang: OcrLanguage;
  /** Lines of text the value may take. */
  lines: 1 | 2;
}

export interface SideLayout {
  /** Fixed text printed on every card of this kind and side (header, notices). */
  headerLines: string[];
  fields: FieldRegion[];
  photo?: Box;
  signature?: Box;
  barcode?: Box;
  mrz?: Box;
}

export const NID_CARD_SIZE = { width: 1012, height: 638 } as const;

const row = (field: NidField, label: string, lang: OcrLanguage, y: number, labelX: number, valueX: number, valueW: number, h = 0.085, lines: 1 | 2 = 1): FieldRegion => ({
  field,
  label,
  labelBox: { x: labelX, y, w: valueX - labelX, h },
  valueBox: { x: valueX, y, w: valueW, h },
  lang,
  lines,
});

const GOVERNMENT_BN = 'গণপ্রজাতন্ত্রী বাংলাদেশ সরকার';
const GOVERNMENT_EN = "Government of the People's Republic of Bangladesh";
const PROPERTY_NOTICE = 'এই কার্ডটি গণপ্রজাতন্ত্রী বাংলাদেশ সরকারের সম্পত্তি। কার্ডটি পাওয়া গেলে নিকটস্থ পোস্ট অফিসে জমা দিন।';

export const NID_LAYOUTS: Record<NidCardKind, Record<CardSide, SideLayout>> = {
  nid_smart: {
    front: {
      headerLines: [GOVERNMENT_BN, GOVERNMENT_EN, 'National ID Card / জাতীয় পরিচয় পত্র'],
      photo: { x: 0.03, y: 0.25, w: 0.22, h: 0.5 },
      signature: { x: 0.03, y: 0.78, w: 0.22, h: 0.1 },
      fields: [
        row('nameBn', 'নাম:', 'ben', 0.24, 0.28, 0.4, 0.57),
        row('nameEn', 'Name:', 'eng', 0.335, 0.28, 0.4, 0.57),
        row('fatherName', 'পিতা:', 'ben', 0.43, 0.28, 0.4, 0.57),
        row('motherName', 'মাতা:', 'ben', 0.525, 0.28, 0.4, 0.57),
        row('dateOfBirth', 'Date of Birth:', 'eng', 0.63, 0.28, 0.5, 0.35),
        row('nidNumber', 'ID NO:', 'eng', 0.74, 0.28, 0.4, 0.45, 0.1),
      ],
    },
    back: {
      headerLines: [PROPERTY_NOTICE],
      fields: [
        row('address', 'ঠিকানা:', 'ben', 0.2, 0.03, 0.15, 0.82, 0.17, 2),
        row('bloodGroup', 'রক্তের গ্রুপ / Blood Group:', 'eng', 0.4, 0.03, 0.36, 0.12),
        row('birthPlace', 'জন্মস্থান:', 'ben', 0.4, 0.5, 0.64, 0.33),
        row('issueDate', 'প্রদানের তারিখ:', 'eng', 0.5, 0.03, 0.25, 0.3),
      ],
      mrz: { x: 0.03, y: 0.66, w: 0.94, h: 0.3 },
    },
  },
  nid_old: {
    front: {
      headerLines: [GOVERNMENT_BN, 'জাতীয় পরিচয় পত্র / National ID Card'],
      photo: { x: 0.04, y: 0.24, w: 0.22, h: 0.52 },
      signature: { x: 0.04, y: 0.79, w: 0.22, h: 0.1 },
      fields: [
        row('nameBn', 'নাম:', 'ben', 0.22, 0.3, 0.42, 0.55),
        row('nameEn', 'Name:', 'eng', 0.32, 0.3, 0.42, 0.55),
        row('fatherName', 'পিতা:', 'ben', 0.42, 0.3, 0.42, 0.55),
        row('motherName', 'মাতা:', 'ben', 0.52, 0.3, 0.42, 0.55),
        row('dateOfBirth', 'Date of Birth:', 'eng', 0.64, 0.3, 0.52, 0.35),
        row('nidNumber', 'NID No.', 'eng', 0.78, 0.3, 0.45, 0.5, 0.1),
      ],
    },
    back: {
      headerLines: [PROPERTY_NOTICE],
      fields: [
        row('address', 'ঠিকানা:', 'ben', 0.12, 0.03, 0.15, 0.82, 0.17, 2),
        row('bloodGroup', 'রক্তের গ্রুপ / Blood Group:', 'eng', 0.33, 0.03, 0.36, 0.12),
        row('issueDate', 'প্রদানের তারিখ:', 'eng', 0.43, 0.03, 0.25, 0.3),
      ],
      barcode: { x: 0.05, y: 0.56, w: 0.9, h: 0.38 },
    },
  },
};

/** A box in pixels of an image of the given size. */
export function boxToPixels(box: Box, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const left = Math.max(0, Math.round(box.x * width));
  const top = Math.max(0, Math.round(box.y * height));
  return { left, top, width: Math.min(width - left, Math.round(box.w * width)), height: Math.min(height - top, Math.round(box.h * height)) };
}

/** The text printed in each value box of one card (the generator's ground truth, the reader's result). */
export type NidCardText = Partial<Record<NidField, string>>;
