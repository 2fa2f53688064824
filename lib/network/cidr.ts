/**
 * IP address ranges as NetworkPolicy `ipBlock`s state them: CIDRs, and a CIDR minus its exceptions. IPv4 and
 * IPv6 alike; addresses are bigints so both fit.
 */

export interface Cidr {
  readonly v6: boolean;
  readonly base: bigint;
  readonly prefix: number;
}

/** A CIDR (`10.0.0.0/8`, `fd00::/8`, or one address), or undefined when it is not one. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, bits] = text.trim().split('/');
  const v6 = addr.includes(':');
  const width = v6 ? 128 : 32;
  const prefix = bits === undefined ? width : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  let value = 0n;
  if (v6) {
    const [head, tail] = addr.split('::');
    const groups = (s: string | undefined) => (s ? s.split(':') : []);
    const h = groups(head);
    const t = groups(tail);
    const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    if (all.length !== 8 || all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    for (const g of all) value = (value << 16n) | BigInt(parseInt(g, 16));
  } else {
    const octets = addr.split('.').map(Number);
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return undefined;
    for (const o of octets) value = (value << 8n) | BigInt(o);
  }
  return { v6, base: value & mask(width, prefix), prefix };
}

const mask = (width: number, prefix: number) => ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);

/** Is `inner` inside `outer`? */
export function covers(outer: Cidr, inner: Cidr): boolean {
  if (outer.v6 !== inner.v6 || outer.prefix > inner.prefix) return false;
  return (inner.base & mask(outer.v6 ? 128 : 32, outer.prefix)) === outer.base;
}

/** Addresses `start`..`end` inclusive, of one family. */
export interface AddressRange {
  readonly v6: boolean;
  readonly start: bigint;
  readonly end: bigint;
}

export function cidrRange(c: Cidr): AddressRange {
  const width = c.v6 ? 128 : 32;
  return { v6: c.v6, start: c.base, end: c.base + (1n << BigInt(width - c.prefix)) - 1n };
}

/** The addresses of `cidr` that are in none of `except` (an ipBlock); unparsable CIDRs cover nothing. */
export function blockRanges(cidr: string, except: readonly string[] = []): AddressRange[] {
  const outer = parseCidr(cidr);
  if (!outer) return [];
  const cuts = except.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  return subtract([cidrRange(outer)], cuts.map(cidrRange));
}

/** `ranges` without any address of `cuts`. */
export function subtract(ranges: readonly AddressRange[], cuts: readonly AddressRange[]): AddressRange[] {
  let result = [...ranges];
  for (const cut of cuts) {
    result = result.flatMap((r) => {
      if (r.v6 !== cut.v6 || cut.end < r.start || cut.start > r.end) return [r];
      const left = cut.start > r.start ? [{ v6: r.v6, start: r.start, end: cut.start - 1n }] : [];
      const right = cut.end < r.end ? [{ v6: r.v6, start: cut.end + 1n, end: r.end }] : [];
      return [...left, ...right];
    });
  }
  return result;
}

/** Do the two sets of ranges share an address? */
export function overlaps(a: readonly AddressRange[], b: readonly AddressRange[]): boolean {
  return a.some((x) => b.some((y) => x.v6 === y.v6 && x.start <= y.end && y.start <= x.end));
}
