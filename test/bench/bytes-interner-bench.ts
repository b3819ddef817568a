/**
 * Issue 13, defect 4: what a name or key lookup costs in the packer's hot path, for the seeded interner with bounded
 * buckets (bytes-interner.ts) against the Map keyed by the bytes' latin1 text, the other structure without chains
 * that the issue suggests. Run alone: `npx tsx test/bench/bytes-interner-bench.ts`.
 */
import { BytesInterner } from '../../src-main/store/bytes-interner';

const KEYS = ['http.method', 'http.route', 'http.status_code', 'net.peer.name', 'user.id', 'db.system', 'db.statement', 'service.name', 'rpc.method', 'messaging.system'];
const LOOKUPS = 2_000_000;

/** The keys laid in one buffer as a request holds them, with their offsets. */
const buf = Buffer.from(KEYS.join('|'));
const ranges: [number, number][] = [];
for (let at = 0, i = 0; i < KEYS.length; at += KEYS[i].length + 1, i++) ranges.push([at, at + KEYS[i].length]);

/** The best of seven rounds: the machine is shared, and the best is the least disturbed. */
function time(label: string, lookup: (start: number, end: number) => unknown): void {
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const t = process.hrtime.bigint();
    for (let n = 0; n < LOOKUPS; n++) {
      const [start, end] = ranges[n % ranges.length];
      lookup(start, end);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t) / LOOKUPS);
  }
  console.log(`${label}: ${best.toFixed(1)} ns a lookup`);
}

const interner = new BytesInterner((text) => ({ text }), 4 << 20);
time('BytesInterner, seeded, at most 4 candidates', (s, e) => interner.get(buf, s, e));
const byText = new Map<string, { text: string }>();
time('Map keyed by latin1Slice', (s, e) => {
  const text = buf.latin1Slice(s, e);
  let value = byText.get(text);
  if (value === undefined) byText.set(text, (value = { text: buf.toString('utf8', s, e) }));
  return value;
});

// V8 hashes at most the first 16,383 characters' worth of a long string by its content (longer ones by length):
// equal-length long keys then share one chain of a Map, which is why text keys would not end the scans.
const long = Array.from({ length: 2_000 }, (_, i) => 'x'.repeat(20_000) + String(i).padStart(6, '0'));
const longMap = new Map(long.map((k, i) => [k, i]));
let t = process.hrtime.bigint();
for (const k of long) longMap.get(k);
console.log(`Map.get of 2,000 equal-length 20,006-character keys: ${(Number(process.hrtime.bigint() - t) / long.length / 1000).toFixed(1)} µs a lookup`);
const short = long.map((k) => k.slice(-12));
const shortMap = new Map(short.map((k, i) => [k, i]));
t = process.hrtime.bigint();
for (const k of short) shortMap.get(k);
console.log(`Map.get of 2,000 12-character keys: ${(Number(process.hrtime.bigint() - t) / short.length / 1000).toFixed(3)} µs a lookup`);
