export { NID_CARD_SIZE, NID_LAYOUTS, boxToPixels, type Box, type CardSide, type FieldRegion, type NidCardKind, type NidCardText, type NidField, type OcrLanguage, type SideLayout } from './nid-layout';
export { createDocumentReader, type DocumentReaderOptions } from './document-reader';
export { inspectImage, type ImageCheck, type ImageError, type ImageErrorCode, type ImageInfo, type ImageLimits } from './image-input';
export { parseNidBarcodePayload } from './barcode-payload';
export type { BarcodePayload, DocumentReader, NidReadResult, PassportField, PassportReadResult, ReadField, ReaderLog, ReadNidCardInput, ReadProblem } from './types';
export type { OcrEngine, OcrEngineFactory, OcrJob, OcrText } from './ocr-pool';
