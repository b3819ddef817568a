/**
 * When the core cannot start because a port is taken: which flag to change, so the window can say so and offer
 * a free port instead of failing silently. Reads the message `PortInUseError` writes.
 */
const PORT_IN_USE = /^port (\d+) is already in use; choose another with (--[a-z-]+) N/;

export function portConflict(message: string): { port: number; flag: string } | undefined {
  const match = PORT_IN_USE.exec(message);
  return match ? { port: Number(match[1]), flag: match[2] } : undefined;
}

/** The serve arguments with that port set to 0 ("pick a free one"). */
export function withFreePort(serveArgs: readonly string[], flag: string): string[] {
  const args = [...serveArgs];
  const at = args.indexOf(flag);
  if (at >= 0 && at + 1 < args.length) args[at + 1] = '0';
  else args.push(flag, '0');
  return args;
}
