/** A search parameter that cannot be used; the message names it and says what would do. */
export class QueryError extends Error {}
