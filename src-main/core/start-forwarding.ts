/** `--forward` at start: the forwarder with its queue beside the database, and the check that it does not name this server. */
import { networkInterfaces } from 'node:os';
import { createSourceFolder } from '../archives/source-folders';
import { ForwardTargetError } from '../forward/forward-target';
import { Forwarder } from '../forward/forwarder';
import { selfForwardError } from '../forward/self-forward';
import type { BoundPorts } from './core-config';
import type { CoreOptions } from './core-options';

/** The queue's folder: beside the database file. */
export function forwardQueueFolder(dbPath: string): string {
  return `${dbPath}.forward`;
}

export function startForwarding(options: CoreOptions): { forwarder: Forwarder; notes: string[] } | undefined {
  if (!options.forward) return undefined;
  // A database in memory keeps nothing past its run, so neither does its queue: a temporary folder, removed at close
  // (or, after a crash, at a later start with the opened files' leftovers).
  const temporary = options.dbPath === ':memory:';
  const folder = temporary ? createSourceFolder() : forwardQueueFolder(options.dbPath);
  return Forwarder.start({ target: options.forward, folder, temporary, maxQueueBytes: options.forwardQueueBytes });
}

/** Throws the sentence when the upstream is this server's own receiver (checked once its ports are bound). */
export function refuseSelfForward(options: CoreOptions, ports: BoundPorts): void {
  if (!options.forward) return;
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address.toLowerCase()));
  const error = selfForwardError(options.forward, options.host, ports, addresses);
  if (error) throw new ForwardTargetError(error);
}
