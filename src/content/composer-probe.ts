/**
 * Reads what the composer banners show on a page, as a person would see them: laid out with a size,
 * drawn, each button reached by a click at its centre (hit-testing), and their words from the closed
 * shadow roots. For the test build's probe only (test-probe.ts); the shipped build leaves it out.
 */
import { BANNER_TAG, composerBannerOf, type ComposerBannerView } from "./composer-banner-view.ts";

export interface RenderedBanner {
  level: string;
  title: string;
  rows: string[];
  /** The identity line, the hold question and an error line, as shown. */
  lines: string[];
  /** Each button a click at its centre reaches: its words and that centre in the viewport. */
  buttons: { label: string; x: number; y: number }[];
  holding: boolean;
}

/** One entry per banner on the page that the browser lays out and draws. */
export function probeComposerBanners(doc: Document = document): RenderedBanner[] {
  return [...doc.querySelectorAll(BANNER_TAG)].flatMap((host) => {
    const view = composerBannerOf(host);
    return view && rendered(view) ? [inspect(view)] : [];
  });
}

function rendered({ host, box }: ComposerBannerView): boolean {
  const rect = host.getBoundingClientRect();
  return host.isConnected && rect.width > 0 && rect.height > 0 && box.checkVisibility();
}

function inspect({ root, box }: ComposerBannerView): RenderedBanner {
  const textOf = (selector: string) => [...box.querySelectorAll<HTMLElement>(selector)].map((n) => n.innerText.trim());
  return {
    level: box.dataset.level ?? "",
    title: textOf("h2")[0] ?? "",
    rows: textOf("li"),
    lines: textOf(".identities, .hold, .error"),
    buttons: [...box.querySelectorAll("button")].flatMap((b) => {
      const r = b.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return [];
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      return root.elementFromPoint(x, y)?.closest("button") === b ? [{ label: b.textContent ?? "", x, y }] : [];
    }),
    holding: box.querySelector(".hold") !== null,
  };
}
