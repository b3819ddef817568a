import type { Node } from './ast';

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  switch (node.type) {
    case 'query':
      return [node.pipeline, ...(node.metrics ? [node.metrics] : []), ...node.secondStages, ...node.hints];
    case 'pipeline':
      return node.stages;
    case 'spansetFilter':
      return node.expression ? [node.expression] : [];
    case 'spansetOperation':
    case 'scalarFilter':
    case 'scalarOperation':
    case 'binary':
      return [node.lhs, node.rhs];
    case 'unary':
      return [node.operand];
    case 'aggregate':
      return node.field ? [node.field] : [];
    case 'groupBy':
      return [node.expression];
    case 'select':
      return node.fields;
    case 'metricsAggregate':
      return [...(node.field ? [node.field] : []), ...node.by];
    case 'compare':
      return [node.filter];
    case 'hint':
      return [node.value];
    case 'coalesce':
    case 'static':
    case 'intrinsic':
    case 'attribute':
    case 'topk':
    case 'bottomk':
      return [];
  }
}

/** Every node under `root` (itself included), depth first in source order. */
export function* allNodes(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
