/**
 * Where a member tile carries its Matrix user ID. The avatar's `title` is the one reliable place;
 * the profile's title ("Name (@user:server)") is the fallback. Display names are chosen by other
 * users and are never read for an ID: "@bob:example.org" is a valid display name for Mallory.
 */
import { isUserId } from "../protocol/guards.ts";

export const AVATAR_SELECTOR = ".mx_BaseAvatar[title]";
export const PROFILE_SELECTOR = ".mx_DisambiguatedProfile[title]";

/** The user ID appended by Element at the very end of a profile title: "… (@user:server)". */
export function userIdFromProfileTitle(title: string): string | null {
  if (!title.endsWith(")")) return null;
  // The ID is the last " (@…)" group; an ID holds no spaces, so a name containing " (@" cannot shift it.
  const start = title.lastIndexOf(" (@");
  if (start < 0) return null;
  const candidate = title.slice(start + 2, -1);
  return isUserId(candidate) ? candidate : null;
}

/** The user ID a member tile shows, or null (3pid invites, unknown markup). */
export function userIdOfTile(tile: Element): string | null {
  const avatarTitle = tile.querySelector(AVATAR_SELECTOR)?.getAttribute("title");
  if (avatarTitle != null && isUserId(avatarTitle)) return avatarTitle;
  const profileTitle = tile.querySelector(PROFILE_SELECTOR)?.getAttribute("title");
  return profileTitle != null ? userIdFromProfileTitle(profileTitle) : null;
}
