import { generateKeyPairSync, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { parseSecureQr, parseXmlQr, qrSignatureStatus, qrSigningKeyOf, validAadhaarNumber, verhoeffValid } from './aadhaar';

/** What a Secure QR signs: its text fields, each ended by byte 255, then a stand-in photo. */
const signedBytes = (fields: string[]) =>
  Buffer.concat([...fields.map((f) => Buffer.concat([Buffer.from(f, 'utf8'), Buffer.from([255])])), Buffer.alloc(64, 7)]);
/** A Secure QR's digits: the signed bytes and a signature (a stand-in unless given), gzipped, as one decimal integer. */
const qrDigits = (data: Buffer, signature: Buffer = Buffer.alloc(256, 255)) =>
  BigInt(`0x${gzipSync(Buffer.concat([data, signature])).toString('hex')}`).toString(10);
const secureQr = (fields: string[]) => qrDigits(signedBytes(fields));

describe('Aadhaar', () => {
  it("checks the number's Verhoeff digit and its form", () => {
    expect(verhoeffValid('2363')).toBe(true);
    expect(validAadhaarNumber('499118665246')).toBe(true);
    expect(validAadhaarNumber('499118665245')).toBe(false);
    // Never 0 or 1 first.
    expect(validAadhaarNumber('123456789012')).toBe(false);
  });

  it('reads a V2 Secure QR: the last four digits, name, birth date, gender and the address once per place', () => {
    const digits = secureQr([
      'V2',
      '3',
      '524620190305150000123',
      'Anita Sharma',
      '26-12-1985',
      'F',
      'D/O Ramesh Sharma',
      'Pune',
      '',
      '12',
      '',
      '411001',
      'Pune',
      'Maharashtra',
      'MG Road',
      'Pune',
      'Pune',
      '4321',
    ]);
    expect(parseSecureQr(digits)).toEqual({
      kind: 'secure',
      number: null,
      last4: '5246',
      name: 'ANITA SHARMA',
      dateOfBirth: '1985-12-26',
      sex: 'F',
      address: '12, MG Road, Pune, Maharashtra, 411001',
      signed: { data: expect.any(Buffer), signature: Buffer.alloc(256, 255) },
    });
  });

  it('refuses what is not a Secure QR, and reads the older XML QR with the full number', () => {
    expect(parseSecureQr('12345')).toBeNull();
    expect(parseSecureQr('9'.repeat(200))).toBeNull();
    const xml =
      '<?xml version="1.0"?><PrintLetterBarcodeData uid="499118665246" name="Anita Sharma" gender="F" yob="1985" dob="26/12/1985" house="12" street="MG Road" vtc="Pune" dist="Pune" state="Maharashtra" pc="411001"/>';
    expect(parseXmlQr(xml)).toMatchObject({ kind: 'xml', number: '499118665246', last4: '5246', name: 'ANITA SHARMA', dateOfBirth: '1985-12-26', sex: 'F' });
  });

  it("verifies a Secure QR's SHA256withRSA signature with the configured keys, and tells a forged or altered one", () => {
    const uidai = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const fields = [
      'V2',
      '3',
      '524620190305150000123',
      'Anita Sharma',
      '26-12-1985',
      'F',
      '',
      'Pune',
      '',
      '12',
      '',
      '411001',
      'Pune',
      'Maharashtra',
      'MG Road',
      'Pune',
      'Pune',
      '4321',
    ];
    const signedQr = (privateKey: typeof uidai.privateKey, alter = false) => {
      const data = signedBytes(fields);
      const signature = sign('sha256', data, privateKey);
      if (alter) data.write('Anika', data.indexOf('Anita'));
      return parseSecureQr(qrDigits(data, signature))!;
    };
    const keys = [qrSigningKeyOf(Buffer.from(forger.publicKey.export({ type: 'spki', format: 'pem' }))), uidai.publicKey];
    expect(qrSignatureStatus(signedQr(uidai.privateKey), keys)).toBe('verified');
    expect(qrSignatureStatus(signedQr(uidai.privateKey), [keys[0]!])).toBe('invalid');
    expect(qrSignatureStatus(signedQr(forger.privateKey), [uidai.publicKey])).toBe('invalid');
    const altered = signedQr(uidai.privateKey, true);
    expect(altered.name).toBe('ANIKA SHARMA');
    expect(qrSignatureStatus(altered, keys)).toBe('invalid');
    expect(qrSignatureStatus(signedQr(uidai.privateKey), [])).toBe('not_checked');
    expect(qrSignatureStatus(parseXmlQr('<PrintLetterBarcodeData uid="499118665246" name="A"/>')!, keys)).toBe('not_checked');
  });
});
