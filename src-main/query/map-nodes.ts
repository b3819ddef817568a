/** Service-map node ids from the store's references: service ids (positive) and peer ids (negative). */
import type { MapNode } from '../model/api';
import { splitPeerLabel } from '../store/peer-attributes';
import type { StoreReader } from '../store/store-reader';

export type NodeName = Pick<MapNode, 'id' | 'name' | 'type'>;

/** A namer for one query: the peers table is read once. */
export function mapNodeNamer(reader: StoreReader): (ref: number) => NodeName {
  const peers = new Map(reader.peers().map(([id, label]) => [id, splitPeerLabel(label)]));
  return (ref) => {
    const peer = ref < 0 ? peers.get(-ref) : undefined;
    const name = peer ? peer.name : reader.serviceName(ref);
    const type = peer ? peer.type : 'service';
    return { id: `${type}:${name}`, name, type };
  };
}
