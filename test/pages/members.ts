/**
 * Test pages that render a member list with the markup Element Web renders, written here from the
 * rendered DOM in Element Web's own test snapshots (element-hq/element-web `MemberTileView.test.tsx.snap`,
 * `UserInfoHeaderVerificationView.test.tsx.snap`; matrix-react-sdk's for the legacy list); no Element code.
 */

/** One row of a test member list. */
export interface PageMember {
  /** Absent for a 3pid (email) invite, which has no Matrix user ID anywhere. */
  userId?: string;
  displayName: string;
  membership?: "join" | "invite";
  /** "Owner", "Admin", "Moderator" or "Invited", as Element labels power and membership. */
  label?: string;
  /** Element's own shield; absent means "normal" (no icon). */
  e2e?: "verified" | "warning";
  /** Element adds the user ID under the name when two members share a display name. */
  disambiguate?: boolean;
}

/** The room ID → members map a page renders, one room at a time, chosen by the URL hash. */
export type PageRooms = Record<string, PageMember[]>;

/** The room ID or alias in `#/room/<ref>` (pages resolve aliases through their own map). */
export function roomInHash(hash: string): string | null {
  const match = /^#\/room\/([^/?]+)/.exec(hash);
  return match ? decodeURIComponent(match[1]!) : null;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The avatar's letter: Element shows the first letter of the name (skipping a leading "@"). */
export function initial(name: string): string {
  return (name.replace(/^[@#!+]/, "")[0] ?? "?").toUpperCase();
}

export function avatarColour(userId: string): string {
  let sum = 0;
  for (const char of userId) sum += char.charCodeAt(0);
  return String((sum % 6) + 1);
}
