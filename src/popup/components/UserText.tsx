/**
 * Text chosen by other users (display names, device names, room names). Rendered as a text node
 * only, isolated with <bdi> so bidi controls cannot reorder what surrounds it.
 */
/** `cut`: the layout may cut it short (one line, ellipsis): the full text is then its title too. */
export function UserText({ text, fallback, class: className, cut }: { text: string | null | undefined; fallback: string; class?: string; cut?: boolean }) {
  const shown = text && text.trim() !== "" ? text : fallback;
  return <bdi class={className} dir="auto" title={cut ? shown : undefined}>{shown}</bdi>;
}
