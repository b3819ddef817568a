/** The add-remote dialog's credential choice as the one header to send. Pure. */

export type AuthChoice =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'header'; name: string; value: string };

export function authHeaders(choice: AuthChoice): Record<string, string> {
  if (choice.kind === 'bearer') return { Authorization: `Bearer ${choice.token.trim()}` };
  if (choice.kind === 'basic') return { Authorization: `Basic ${base64(`${choice.user}:${choice.password}`)}` };
  if (choice.kind === 'header') return { [choice.name.trim()]: choice.value };
  return {};
}

/** What is missing before the choice can be sent, as a sentence; undefined when nothing is. */
export function authProblem(choice: AuthChoice): string | undefined {
  if (choice.kind === 'bearer' && choice.token.trim() === '') return 'Enter the token.';
  if (choice.kind === 'basic' && choice.user === '') return 'Enter the user name.';
  if (choice.kind === 'header' && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(choice.name.trim())) return 'Enter a header name (letters, digits and - only).';
  return undefined;
}

/** Base64 of the UTF-8 bytes, as RFC 7617 asks for user names and passwords beyond ASCII. */
function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}
