/**
 * TraceQL's structural operators between the spans two spansets selected. They return spans of the right side
 * (`{A} >> {B}`: the B spans below an A span); the negated forms the right-side spans the relation does not hold
 * for; the union forms (`&>>`) the spans of both sides that take part.
 */
import type { SpansetOp } from './ast';
import type { QuerySpan } from './query-trace';

export type StructuralOp = Exclude<SpansetOp, '&&' | '||'>;

type Relation = 'child' | 'parent' | 'descendant' | 'ancestor' | 'sibling';

const RELATIONS: Record<string, Relation> = { '>': 'child', '<': 'parent', '>>': 'descendant', '<<': 'ancestor', '~': 'sibling' };

export function structuralMatch(op: StructuralOp, lhs: QuerySpan[], rhs: QuerySpan[]): QuerySpan[] {
  const negated = op.startsWith('!');
  const union = op.startsWith('&');
  const relation = RELATIONS[negated || union ? op.slice(1) : op];
  const left = new Set(lhs);
  if (union) {
    const out = new Set<QuerySpan>();
    for (const b of rhs) {
      const partners = related(relation, b, left);
      if (partners.length === 0) continue;
      out.add(b);
      for (const a of partners) out.add(a);
    }
    return [...out];
  }
  return rhs.filter((b) => (related(relation, b, left, true).length > 0) !== negated);
}

/** The spans of `left` that `b` stands in `relation` to (b is their child, parent, …); `first` stops at one. */
function related(relation: Relation, b: QuerySpan, left: Set<QuerySpan>, first = false): QuerySpan[] {
  const found: QuerySpan[] = [];
  const take = (a: QuerySpan | undefined) => {
    if (a !== undefined && a !== b && left.has(a)) found.push(a);
    return first && found.length > 0;
  };
  switch (relation) {
    case 'child':
      take(b.parent);
      break;
    case 'descendant':
      for (let a = b.parent; a !== undefined; a = a.parent) if (take(a)) break;
      break;
    case 'parent':
      for (const a of b.children) if (take(a)) break;
      break;
    case 'ancestor': {
      const stack = [...b.children];
      while (stack.length > 0) {
        const a = stack.pop()!;
        if (take(a)) break;
        stack.push(...a.children);
      }
      break;
    }
    case 'sibling':
      for (const a of b.parent?.children ?? []) if (take(a)) break;
      break;
  }
  return found;
}
