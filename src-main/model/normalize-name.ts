/**
 * A span name with the parts that vary from request to request replaced, so `GET /users/42` and `GET /users/7`,
 * or two queries on different order ids, are the same operation when traces are aligned.
 */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX_ID = /\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi;
const NUMBER = /\d+(\.\d+)?/g;

export function normalizeName(name: string): string {
  return name.replace(UUID, '{uuid}').replace(HEX_ID, '{id}').replace(NUMBER, '{n}');
}
