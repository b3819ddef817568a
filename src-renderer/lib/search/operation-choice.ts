/** An operation choice is a name and a span kind: the SERVER `GET` and the CLIENT `GET` are two choices. */
import type { Operation } from '../../../src-main/model/api';
import type { SpanKind } from '../../../src-main/model/span';

/** The choice's value: `KIND NAME` (a kind has no space, so the first space splits them). */
export function operationValue(op: Operation): string {
  return `${op.kind} ${op.name}`;
}

export function operationOfValue(value: string): { name: string; kind: SpanKind | '' } {
  const space = value.indexOf(' ');
  return space < 0 ? { name: value, kind: '' } : { name: value.slice(space + 1), kind: value.slice(0, space) as SpanKind };
}

/** `server`, `client`…: the kind as the list shows it after the name. */
export function kindWord(kind: SpanKind): string {
  return kind === 'UNSPECIFIED' ? 'unspecified kind' : kind.toLowerCase();
}

/** `GET · server`; a name that only one kind has is still labelled, so the list reads the same everywhere. */
export function operationLabel(op: Operation): string {
  return `${op.name} · ${kindWord(op.kind)}`;
}
