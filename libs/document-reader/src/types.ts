import type { NidCardKind, NidField } from './nid-fields';

export interface ReaderLog {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface ReadField {
  /** Normalised value (dates YYYY-MM-DD, NID digits only, text NFC), or null when nothing usable was read. */
  value: string | null;
  /** What OCR, the barcode or the MRZ gave before normalisation. */
  raw: string;
  /** 0-100. */
  confidence: number;
  /** The value validates for its field and its confidence passed the field's threshold. */
  accepted: boolean;
  source: 'ocr' | 'barcode' | 'mrz';
}

export interface ReadProblem<Side extends 'front' | 'back' = 'front' | 'back'> {
  code: string;
  side: Side;
  message: string;
}

export interface BarcodePayload {
  nidNumber: string;
  nameEn: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

export interface NidReadResult {
  kind: NidCardKind;
  fields: Record<NidField, ReadField>;
  /** JPEG of the cropped and deskewed card side (or of the whole input, resized, when crop is false); empty when the input was not a usable image. */
  front: Buffer;
  back: Buffer | null;
  /** JPEG of the face photo box of the front. */
  photo: Buffer | null;
  barcode: { found: boolean; payload?: BarcodePayload; agrees?: Partial<Record<NidField, boolean>> };
  problems: ReadProblem[];
  timings: { frontMs: number; backMs: number };
}

export type PassportField =
  'documentNumber' | 'surname' | 'givenNames' | 'nationality' | 'issuingState' | 'dateOfBirth' | 'sex' | 'expiryDate' | 'personalNumber';

export interface PassportReadResult {
  fields: Record<PassportField, ReadField>;
  mrz: { found: boolean; valid: boolean; lines: string[]; failedChecks: string[] };
  image: Buffer;
  photo: Buffer | null;
  problems: ReadProblem<'front'>[];
  timings: { frontMs: number };
}

/** Documents read by their machine-readable zone: passports (TD3), visas (MRV-A, MRV-B), ID cards and residence permits (TD1, TD2). */
export type MrzDocumentKind = 'passport' | 'visa' | 'id_card';

export interface MrzDocumentReadResult {
  kind: MrzDocumentKind;
  fields: Record<PassportField, ReadField>;
  mrz: {
    found: boolean;
    valid: boolean;
    format: 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB' | null;
    /** The side the zone was read on. */
    side: 'front' | 'back' | null;
    lines: string[];
    failedChecks: string[];
  };
  /** JPEG of the front as found and deskewed; empty when it was not a usable image. */
  image: Buffer;
  back: Buffer | null;
  photo: Buffer | null;
  problems: ReadProblem[];
  timings: { frontMs: number };
}

export type DriversLicenceField = 'documentNumber' | 'surname' | 'givenNames' | 'dateOfBirth' | 'expiryDate' | 'issueDate' | 'sex' | 'issuingState' | 'address';

export interface DriversLicenceReadResult {
  fields: Record<DriversLicenceField, ReadField>;
  /** The AAMVA PDF417 of the back: preferred over the front when decoded; `agrees` compares what the front printed. */
  barcode: { found: boolean; country: string | null; version: string | null; agrees: Partial<Record<DriversLicenceField, boolean>> };
  front: Buffer;
  back: Buffer | null;
  photo: Buffer | null;
  problems: ReadProblem[];
  timings: { frontMs: number };
}

export type AadhaarField = 'documentNumber' | 'nameEn' | 'dateOfBirth' | 'sex' | 'address';

/** Documents read by their printed Latin labels alone: no zone, barcode or QR to check them against. */
export type LatinDocumentKind = 'pancard' | 'vehicle_registration' | 'drivers_license' | 'universal';
export type LatinDocumentField =
  'documentNumber' | 'surname' | 'givenNames' | 'fullName' | 'fatherName' | 'nationality' | 'dateOfBirth' | 'expiryDate' | 'issueDate' | 'sex';

export interface LatinDocumentReadResult {
  kind: LatinDocumentKind;
  fields: Record<LatinDocumentField, ReadField>;
  /** How the fields were found: a machine-readable zone (universal documents that have one) or the printed labels. */
  source: 'mrz' | 'labels';
  /** Labels found on the front. */
  labels: number;
  front: Buffer;
  back: Buffer | null;
  photo: Buffer | null;
  problems: ReadProblem[];
  timings: { frontMs: number };
}

export interface AadhaarReadResult {
  fields: Record<AadhaarField, ReadField>;
  /** The Secure QR (or the older XML QR), preferred over the print. signature: the Secure QR's, checked against the configured UIDAI keys (`not_checked` without any, or for the unsigned XML QR). */
  qr: { found: boolean; kind: 'secure' | 'xml' | null; signature: 'verified' | 'invalid' | 'not_checked' | null };
  front: Buffer;
  back: Buffer | null;
  photo: Buffer | null;
  problems: ReadProblem[];
  timings: { frontMs: number };
}

export interface ReadNidCardInput {
  front: Buffer;
  back?: Buffer;
  /** Find the card in a photo and deskew it; false when the image already is the card, upright. */
  crop: boolean;
  kind?: NidCardKind;
}

export interface DocumentReader {
  readNidCard(input: ReadNidCardInput): Promise<NidReadResult>;
  readPassport(input: { image: Buffer; crop: boolean }): Promise<PassportReadResult>;
  /** Any document with a machine-readable zone; an ID card's zone is looked for on the back first. */
  /** A US or Canadian driver's licence: the back's AAMVA PDF417 when sent and decodable, the front's labelled fields otherwise. */
  readDriversLicence(input: { front: Buffer; back?: Buffer; crop: boolean; issuingCountry?: string }): Promise<DriversLicenceReadResult>;
  /** An Indian Aadhaar card or e-Aadhaar letter: its QR code, and the printed number (Verhoeff-checked). */
  readAadhaar(input: { front: Buffer; back?: Buffer; crop: boolean }): Promise<AadhaarReadResult>;
  readMrzDocument(input: { kind: MrzDocumentKind; front: Buffer; back?: Buffer; crop: boolean }): Promise<MrzDocumentReadResult>;
  /**
   * A document read by its printed labels: an Indian PAN card, a vehicle registration certificate, a licence from
   * outside the US and Canada (ISO 18013 numbered fields), or any document (`universal`: its zone when it has one).
   */
  readLatinDocument(input: { kind: LatinDocumentKind; front: Buffer; back?: Buffer; crop: boolean; issuingCountry?: string }): Promise<LatinDocumentReadResult>;
  close(): Promise<void>;
}
