/**
 * Just enough MIME to read what the platform sends: headers (folded, RFC 2047 encoded words), a
 * text/plain body or the first text/plain part of a multipart message, 7bit/8bit/quoted-printable/base64.
 */

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  text: string;
}

function splitHeadAndBody(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // The first occurrence wins, as for Subject and Content-Type nothing else makes sense.
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

export function decodeQuotedPrintable(text: string): Buffer {
  const softBreaksRemoved = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < softBreaksRemoved.length; i++) {
    const ch = softBreaksRemoved[i] as string;
    const hex = softBreaksRemoved.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** `=?utf-8?Q?...?=` and `=?utf-8?B?...?=` words, with the whitespace between adjacent words dropped. */
export function decodeEncodedWords(value: string): string {
  return value.replace(/(\?=)\s+(=\?)/g, '$1$2').replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, charset: string, encoding: string, data: string) => {
    const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
    return decodeCharset(bytes, charset);
  });
}

function parameter(headerValue: string | undefined, name: string): string | undefined {
  if (!headerValue) return undefined;
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(headerValue);
  return match ? (match[1] ?? match[2]) : undefined;
}

function decodeBody(body: string, headers: Map<string, string>): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = parameter(headers.get('content-type'), 'charset');
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(body);
  else bytes = Buffer.from(body, 'utf8');
  return decodeCharset(bytes, charset).replace(/\r\n/g, '\n');
}

function textOf(headers: Map<string, string>, body: string, depth: number): string | null {
  const contentType = headers.get('content-type') ?? 'text/plain';
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType.startsWith('multipart/') && depth < 5) {
    const boundary = parameter(contentType, 'boundary');
    if (!boundary) return null;
    const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
    for (const part of parts) {
      if (!part.trim()) continue;
      const { head, body: partBody } = splitHeadAndBody(part);
      const text = textOf(parseHeaders(head), partBody, depth + 1);
      if (text !== null) return text;
    }
    return null;
  }
  return mediaType === 'text/plain' ? decodeBody(body, headers) : null;
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHeadAndBody(raw);
  const headers = parseHeaders(head);
  return { headers, subject: decodeEncodedWords(headers.get('subject') ?? ''), text: (textOf(headers, body, 0) ?? '').replace(/\n$/, '') };
}
