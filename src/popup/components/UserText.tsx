/**
 * Text chosen by other users (display names, device names, room names). Rendered as a text node
 * only, isolated with <bdi> so bidi controls cannot reorder what surrounds it.
 */
export function UserText({ text, fallback, class: className }: { text: string | null | undefined; fallback: string; class?: string }) {
  const shown = text && text.trim() !== "" ? text : fallback;
  return <bdi class={className} dir="auto">{shown}</bdi>;
}
