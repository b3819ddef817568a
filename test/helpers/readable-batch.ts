/**
 * An EncodedBatch read back into plain values: two batches that store the same spans compare equal even when
 * their bodies differ in bytes (a value copied with an unknown field in it, keys numbered in another order).
 */
import type { EncodedBatch } from '../../src-main/store/encoded-batch';
import { ROW, ROW_BYTES } from '../../src-main/store/encoded-batch';
import { KeyDictionary, type KeyLookup } from '../../src-main/store/key-dictionary';
import { readResourceBody, readScopeBody, readSpanBody } from '../../src-main/store/span-body-codec';

export function readableBatch(batch: EncodedBatch, keys: KeyLookup) {
  const rows = Buffer.from(batch.rows.buffer, batch.rows.byteOffset, batch.rows.byteLength);
  const bodies = Buffer.from(batch.bodies.buffer, batch.bodies.byteOffset, batch.bodies.byteLength);
  const spans = [];
  for (let i = 0; i < batch.spanCount; i++) {
    const o = i * ROW_BYTES;
    const resource = batch.resources[rows.readUInt32LE(o + ROW.resource)];
    const peer = rows.readUInt32LE(o + ROW.peer);
    spans.push({
      traceId: batch.traceIds[rows.readUInt32LE(o + ROW.trace)],
      spanId: rows.toString('hex', o + ROW.spanId, o + ROW.spanId + 8),
      parentId: rows[o + ROW.hasParent] ? rows.toString('hex', o + ROW.parentId, o + ROW.parentId + 8) : '',
      kind: rows[o + ROW.kind],
      status: rows[o + ROW.status],
      hasEvents: rows[o + ROW.hasEvents],
      start: rows.readBigUInt64LE(o + ROW.start),
      duration: rows.readBigInt64LE(o + ROW.duration),
      name: batch.names[rows.readUInt32LE(o + ROW.name)],
      peer: peer === 0 ? '' : batch.peers[peer - 1],
      service: resource.service,
      resource: readResourceBody(Buffer.from(resource.body)),
      scope: readScopeBody(Buffer.from(batch.scopes[rows.readUInt32LE(o + ROW.scope)])),
      body: readSpanBody(bodies.subarray(rows.readUInt32LE(o + ROW.bodyStart), rows.readUInt32LE(o + ROW.bodyEnd)), keys),
    });
  }
  const hashes = batch.traceIds.map((traceId, i) => [traceId, [...batch.hashes.subarray(batch.hashOffsets[i], batch.hashOffsets[i + 1])].sort()]);
  return { spans, hashes };
}

/** A key dictionary that also reads ids back into keys, for the keys it gave ids to (batches and bodies read back). */
export class ReadableKeys extends KeyDictionary implements KeyLookup {
  private readonly names = new Map<number, string>();

  override idOf(key: string): number {
    const id = super.idOf(key);
    this.names.set(id, key);
    return id;
  }

  keyOf(id: number): string {
    const key = this.names.get(id);
    if (key === undefined) throw new Error(`attribute key id ${id} was not given by this dictionary`);
    return key;
  }
}
