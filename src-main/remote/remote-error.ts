/**
 * A remote backend that did not answer as asked, in a sentence a person can act on; `status` is what Spanscope's
 * API answers with (502: the backend failed, 504: it took too long), never the backend's own 401, which the page
 * would take for its own token being wrong.
 */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly status: 502 | 504 = 502,
  ) {
    super(message);
  }
}
