export { NID_FIELDS, NID_SIDE_FIELDS, type CardSide, type NidCardKind, type NidField } from './nid-fields';
export { NID_LABELS } from './labels';
export { createDocumentReader, type DocumentReaderOptions } from './document-reader';
export { inspectImage, type ImageCheck, type ImageError, type ImageErrorCode, type ImageInfo, type ImageLimits } from './image-input';
export { parseNidBarcodePayload } from './barcode-payload';
export { qrSigningKeyOf } from './aadhaar';
export type { LatinDocumentField, LatinDocumentKind, LatinDocumentReadResult } from './types';
export type {
  AadhaarField,
  AadhaarReadResult,
  BarcodePayload,
  DocumentReader,
  DriversLicenceField,
  DriversLicenceReadResult,
  MrzDocumentKind,
  MrzDocumentReadResult,
  NidReadResult,
  PassportField,
  PassportReadResult,
  ReadField,
  ReaderLog,
  ReadNidCardInput,
  ReadProblem,
} from './types';
export type { OcrEngine, OcrEngineFactory, OcrJob, OcrLanguage, OcrText } from './ocr-pool';
