import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Where deliveries may go: a public https URL, unless the deployment allows http or private networks (development, tests). */
export interface TargetPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Loopback, private, link-local (cloud metadata), carrier-grade NAT, unspecified and unique-local ranges. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return PRIVATE.check(address, 'ipv4');
}

export type TargetCheck = { ok: true; url: URL } | { ok: false; code: 'WEBHOOK_URL_INVALID' | 'WEBHOOK_URL_INSECURE' | 'WEBHOOK_URL_PRIVATE'; message: string };

/** Checks a URL a partner registers; the host's addresses are checked again at every connection (`guardedLookup`). */
export function checkWebhookUrl(raw: string, policy: TargetPolicy): TargetCheck {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, code: 'WEBHOOK_URL_INVALID', message: `at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  // The URL parser would silently drop tabs and line breaks and trim spaces: what is stored must be what was meant.
  if (/[\s\p{Cc}]/u.test(raw))
    return { ok: false, code: 'WEBHOOK_URL_INVALID', message: 'spaces, tabs and line breaks are not allowed in a URL; percent-encode them' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'WEBHOOK_URL_INVALID', message: 'not an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, code: 'WEBHOOK_URL_INVALID', message: 'only http(s) URLs receive webhooks' };
  if (url.username || url.password)
    return { ok: false, code: 'WEBHOOK_URL_INVALID', message: 'credentials in the URL are not allowed; verify the signature instead' };
  if (url.hash) return { ok: false, code: 'WEBHOOK_URL_INVALID', message: 'a URL fragment is never sent; remove it' };
  if (url.protocol === 'http:' && !policy.allowHttp) return { ok: false, code: 'WEBHOOK_URL_INSECURE', message: 'webhooks are delivered over https only' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivateNetworks && (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))) {
    return { ok: false, code: 'WEBHOOK_URL_PRIVATE', message: 'webhooks are not delivered to private, loopback or link-local addresses' };
  }
  return { ok: true, url };
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A DNS lookup for the delivery agent that refuses private addresses, so a public name that resolves
 * (or is rebound) to an internal address is refused when connecting, not only when registered.
 */
export function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const refused = list.find((a) => isPrivateAddress(a.address));
    if (refused) {
      const error = Object.assign(new Error(`${hostname} resolves to the private address ${refused.address}`), { code: 'WEBHOOK_URL_PRIVATE' });
      return callback(error, []);
    }
    const first = list[0];
    if ((options as LookupAllOptions).all) return callback(null, list);
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
