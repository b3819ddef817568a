/**
 * What a client or producer span calls when no span of the callee is in the trace: a node of the service map
 * typed from the span's attributes, the first present of `db.system` (a database), `messaging.system`
 * (messaging), `server.address`, `peer.service`, `net.peer.name` (external; messaging when a producer span
 * names it, as Zipkin's Kafka instrumentation does with the broker).
 */
import type { Attributes } from '../model/span';

const PEER_KEYS: readonly [key: string, type: PeerType][] = [
  ['db.system', 'database'],
  ['messaging.system', 'messaging'],
  ['server.address', 'external'],
  ['peer.service', 'external'],
  ['net.peer.name', 'external'],
];

export type PeerType = 'database' | 'messaging' | 'external';

/** SPAN_KINDS indexes of the kinds that call out. */
export const CLIENT_KIND = 3;
export const PRODUCER_KIND = 4;
export const callsOut = (kind: number) => kind === CLIENT_KIND || kind === PRODUCER_KIND;

/** 1 for the most telling key, up to 5; 0 for a key that names no peer. Lower wins. */
export function peerRank(key: string): number {
  return PEER_KEYS.findIndex(([k]) => k === key) + 1;
}

/** A peer as one string, "type\0name": how batches carry it and the peers table is keyed. */
export function peerLabel(rank: number, name: string, kind: number): string {
  const type = kind === PRODUCER_KIND && PEER_KEYS[rank - 1][1] === 'external' ? 'messaging' : PEER_KEYS[rank - 1][1];
  return `${type}\u0000${name}`;
}

export function splitPeerLabel(label: string): { type: PeerType; name: string } {
  const at = label.indexOf('\u0000');
  return { type: label.slice(0, at) as PeerType, name: label.slice(at + 1) };
}

/** The peer label of a span's attributes ('' when none names one). */
export function peerOfAttributes(attributes: Attributes, kind: number): string {
  for (let rank = 1; rank <= PEER_KEYS.length; rank++) {
    const value = attributes[PEER_KEYS[rank - 1][0]];
    if (typeof value === 'string' && value !== '') return peerLabel(rank, value, kind);
  }
  return '';
}
