import { describe, expect, it } from 'vitest';
import { parseApdu, responseApdu } from './apdu.js';
import { Ctap1Error, StatusWord, statusWordName } from './status.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const HDR = [0x00, 0x02, 0x03, 0x04];

function wrongLength(apdu: Uint8Array): Ctap1Error {
  try {
    parseApdu(apdu);
  } catch (e) {
    expect(e).toBeInstanceOf(Ctap1Error);
    expect((e as Ctap1Error).sw).toBe(StatusWord.SW_WRONG_LENGTH);
    expect((e as Ctap1Error).code).toBe('SW_WRONG_LENGTH');
    return e as Ctap1Error;
  }
  throw new Error(`expected SW_WRONG_LENGTH for ${Buffer.from(apdu).toString('hex')}`);
}

describe('parseApdu (ISO 7816-4 cases, U2F Raw Message Formats request framing)', () => {
  it('case 1: header only', () => {
    expect(parseApdu(bytes(...HDR))).toEqual({ cla: 0, ins: 2, p1: 3, p2: 4, data: new Uint8Array(0), le: undefined, extended: false });
  });

  it('case 2S: Le only, 00 meaning 256', () => {
    expect(parseApdu(bytes(...HDR, 0x10)).le).toBe(16);
    expect(parseApdu(bytes(...HDR, 0x00)).le).toBe(256);
  });

  it('case 3S and 4S: one-byte Lc, data, optional one-byte Le', () => {
    const s3 = parseApdu(bytes(...HDR, 3, 9, 8, 7));
    expect([...s3.data]).toEqual([9, 8, 7]);
    expect(s3.le).toBeUndefined();
    expect(s3.extended).toBe(false);
    const s4 = parseApdu(bytes(...HDR, 2, 9, 8, 0x00));
    expect([...s4.data]).toEqual([9, 8]);
    expect(s4.le).toBe(256);
  });

  it('case 2E: 00 Le1 Le2, 0000 meaning 65536', () => {
    expect(parseApdu(bytes(...HDR, 0, 0x01, 0x00))).toMatchObject({ data: new Uint8Array(0), le: 256, extended: true });
    expect(parseApdu(bytes(...HDR, 0, 0, 0)).le).toBe(65536);
  });

  it('cases 3E and 4E: 00 Lc1 Lc2, data, optional Le1 Le2 (a 300-byte body)', () => {
    const data = Array.from({ length: 300 }, (_, i) => i & 0xff);
    const e3 = parseApdu(bytes(...HDR, 0, 0x01, 0x2c, ...data));
    expect([...e3.data]).toEqual(data);
    expect(e3.le).toBeUndefined();
    const e4 = parseApdu(bytes(...HDR, 0, 0x01, 0x2c, ...data, 0x00, 0x00));
    expect(e4.data.length).toBe(300);
    expect(e4).toMatchObject({ le: 65536, extended: true });
  });

  it("accepts an extended Lc of zero followed by Le, as python-fido2 sends U2F_VERSION", () => {
    // python-fido2 0.9.1 Ctap1.send_apdu: struct.pack('>BBBBBH', cla, ins, p1, p2, 0, len(data)) + data + b'\0\0'
    expect(parseApdu(bytes(0, 3, 0, 0, 0, 0, 0, 0, 0))).toMatchObject({ ins: 3, data: new Uint8Array(0), le: 65536, extended: true });
  });

  it('copies the data out of the request buffer', () => {
    const raw = bytes(...HDR, 1, 0x55);
    const { data } = parseApdu(raw);
    raw[5] = 0;
    expect(data[0]).toBe(0x55);
  });

  it('SW_WRONG_LENGTH: shorter than a header, truncated or overlong bodies, bad extended fields', () => {
    expect(wrongLength(bytes(0, 1, 2)).message).toContain('at least CLA INS P1 P2');
    expect(wrongLength(bytes(...HDR, 3, 1, 2)).message).toContain('short Lc announces 3');
    expect(wrongLength(bytes(...HDR, 1, 1, 2, 3)).message).toContain('short Lc announces 1');
    expect(wrongLength(bytes(...HDR, 0, 1)).message).toContain('truncated');
    expect(wrongLength(bytes(...HDR, 0, 0, 4, 1, 2)).message).toContain('extended Lc announces 4');
    expect(wrongLength(bytes(...HDR, 0, 0, 2, 1, 2, 3)).message).toContain('extended Lc announces 2');
    expect(wrongLength(bytes(...HDR, 0, 0, 0, 1)).message).toContain('extended Lc of zero');
  });
});

describe('responseApdu and status words', () => {
  it('appends SW1 SW2 to the data', () => {
    expect([...responseApdu(bytes(1, 2), 0x9000)]).toEqual([1, 2, 0x90, 0x00]);
    expect([...responseApdu(new Uint8Array(0), StatusWord.SW_WRONG_DATA)]).toEqual([0x6a, 0x80]);
  });

  it('names status words, keeping unknown ones', () => {
    expect(statusWordName(0x6985)).toBe('SW_CONDITIONS_NOT_SATISFIED');
    expect(statusWordName(0x6a86)).toBe('SW_0x6a86');
    expect(new Ctap1Error(0x6d00, 'x').message).toBe('SW_INS_NOT_SUPPORTED: x');
  });
});
