/** An icon for each span kind, beside the operation's name: work received, work sent, messages, in-process. */
import ArrowDownToLine from '@lucide/svelte/icons/arrow-down-to-line';
import ArrowUpRight from '@lucide/svelte/icons/arrow-up-right';
import CircleDot from '@lucide/svelte/icons/circle-dot';
import Inbox from '@lucide/svelte/icons/inbox';
import Send from '@lucide/svelte/icons/send';
import type { SpanKind } from '../../../src-main/model/span';
import type { ChoiceItem } from '../../lib/choice-item';

export const KIND_ICONS: Record<SpanKind, NonNullable<ChoiceItem['icon']>> = {
  SERVER: ArrowDownToLine,
  CLIENT: ArrowUpRight,
  PRODUCER: Send,
  CONSUMER: Inbox,
  INTERNAL: CircleDot,
  UNSPECIFIED: CircleDot,
};
