import { describe, expect, it } from 'vitest';
import { BLOOM_BYTES, bloomAdd, bloomMayHave, fingerprintsMayHave, packFingerprints, unpackFingerprints, fingerprint } from '../../src-main/store/attribute-bloom';
import { attributeHash } from '../../src-main/store/attribute-hash';

describe('attribute index pieces', () => {
  it('a Bloom filter never forgets a hash it was given and rarely claims one it was not', () => {
    const bloom = new Uint8Array(BLOOM_BYTES);
    const added = Array.from({ length: 15_000 }, (_, i) => attributeHash('user.id', `user-${i}`));
    for (const h of added) bloomAdd(bloom, h);
    expect(added.every((h) => bloomMayHave(bloom, h))).toBe(true);
    const absent = Array.from({ length: 10_000 }, (_, i) => attributeHash('user.id', `other-${i}`));
    const falsePositives = absent.filter((h) => bloomMayHave(bloom, h)).length;
    expect(falsePositives / absent.length).toBeLessThan(0.05);
  });

  it('says whether adding changed the filter, so unchanged filters are not rewritten', () => {
    const bloom = new Uint8Array(BLOOM_BYTES);
    expect(bloomAdd(bloom, 12345)).toBe(true);
    expect(bloomAdd(bloom, 12345)).toBe(false);
  });

  it('finds every fingerprint it packed', () => {
    const hashes = [attributeHash('a', '1'), attributeHash('b', 'x'), -1, 0, 2 ** 31 - 1];
    const packed = packFingerprints(new Set(hashes.map(fingerprint)));
    expect(hashes.every((h) => fingerprintsMayHave(packed, h))).toBe(true);
    expect(unpackFingerprints(packed)).toEqual(new Set(hashes.map(fingerprint)));
    expect(fingerprintsMayHave(packFingerprints(new Set()), hashes[0])).toBe(false);
  });
});
