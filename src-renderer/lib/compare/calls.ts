/** How a contributor's number of calls changed, in words; nothing when it did not. Pure. */
import { plural } from '../plural';

export function callChange(aCount: number, bCount: number): string {
  if (aCount === bCount) return '';
  if (aCount === 0) return `added: ${plural(bCount, 'call')}`;
  if (bCount === 0) return `removed: ${plural(aCount, 'call')}`;
  return `${aCount.toLocaleString('en-US')} → ${plural(bCount, 'call')}`;
}
