import type { Located, Node, ParsedQuery } from './ast';
import { TraceQLError } from './errors';
import { childrenOf } from './walk';

/**
 * How deep a tree may nest. Validation and printing recurse once or twice per level; this keeps them far
 * from the stack's end while leaving room for long generated chains (`.a = 1 || .a = 2 || …`).
 */
export const MAX_DEPTH = 1000;

/** Throws at the deepest node when the tree nests deeper than MAX_DEPTH; walks without recursion. */
export function checkDepth(query: ParsedQuery): void {
  const stack: Array<[Node, number]> = [[query, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) throw tooDeep(query.source, node);
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
}

export function tooDeep(source: string, at: Located): TraceQLError {
  return new TraceQLError(`the query nests too deeply to read (at most ${MAX_DEPTH} levels); split it or use fewer parentheses and operators`, source, at.from, at.to);
}
