/**
 * Checks run inside a test page (each function travels as source text, so it uses only its argument).
 * They read the badge host's mirror attributes; the badge's own drawing is in a closed shadow root.
 */

export interface TileReport {
  /** The user ID in the tile's avatar title, or null (3pid invite, ellipsis). */
  tileUser: string | null;
  /** Badges shown on this tile: their user ID and verdict. */
  badges: { userId: string; verdict: string; label: string }[];
}

/** Every member tile on the page, with the badges it shows. */
export function readTiles(): TileReport[] {
  return [...document.querySelectorAll(".mx_MemberTileView, .mx_EntityTile")].map((tile) => ({
    tileUser: tile.querySelector(".mx_BaseAvatar[title]")?.getAttribute("title") ?? null,
    badges: [...tile.querySelectorAll<HTMLElement>("matrix-trust-badge")]
      .filter((host) => !host.hidden)
      .map((host) => ({ userId: host.dataset.userId ?? "", verdict: host.dataset.verdict ?? "", label: host.dataset.label ?? "" })),
  }));
}

/**
 * Scrolls the virtualized list to `top` (rendered at once), lets the mutation observer run (it is a
 * microtask), and reports every tile: what a user would see before any answer from the background.
 */
export async function scrollAndRead(top: number): Promise<TileReport[]> {
  window.elementLike.scrollTo(top);
  await Promise.resolve();
  return [...document.querySelectorAll(".mx_MemberTileView, .mx_EntityTile")].map((tile) => ({
    tileUser: tile.querySelector(".mx_BaseAvatar[title]")?.getAttribute("title") ?? null,
    badges: [...tile.querySelectorAll<HTMLElement>("matrix-trust-badge")]
      .filter((host) => !host.hidden)
      .map((host) => ({ userId: host.dataset.userId ?? "", verdict: host.dataset.verdict ?? "", label: host.dataset.label ?? "" })),
  }));
}

/** Tiles showing a badge for anyone but the user in their avatar, or more than one badge. */
export function wrongBadges(tiles: TileReport[]): string[] {
  const problems: string[] = [];
  for (const t of tiles) {
    if (t.badges.length > 1) problems.push(`${t.tileUser} has ${t.badges.length} badges`);
    for (const b of t.badges) if (b.userId !== t.tileUser) problems.push(`tile of ${t.tileUser} shows the badge of ${b.userId}`);
  }
  return problems;
}
