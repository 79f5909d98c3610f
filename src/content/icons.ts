/**
 * The badge's own icons (16 px, drawn for this extension): a shield, so they read as "trust" yet
 * differ in shape from Element's round shield and verified seal next to them.
 */
import type { BadgeLevel } from "./words.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
const SHIELD = "M8 1 2.5 3.2v4.1c0 3.5 2.3 6.4 5.5 7.7 3.2-1.3 5.5-4.2 5.5-7.7V3.2z";

/** Marks drawn on the shield, per level: a check, an exclamation mark, or an "i". */
const MARK: Record<BadgeLevel, string> = {
  ok: "m5.2 8.1 1.9 1.9 3.7-3.8",
  neutral: "",
  notice: "M8 7.2v3.6M8 5.1v.1",
  warning: "M8 4.6v4.1M8 10.9v.1",
  critical: "M8 4.6v4.1M8 10.9v.1",
};

export function createIcon(level: BadgeLevel): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  const shield = document.createElementNS(SVG_NS, "path");
  shield.setAttribute("d", SHIELD);
  shield.setAttribute("class", level === "neutral" ? "shield outline" : "shield");
  svg.append(shield);
  if (MARK[level]) {
    const mark = document.createElementNS(SVG_NS, "path");
    mark.setAttribute("d", MARK[level]);
    mark.setAttribute("class", "mark");
    svg.append(mark);
  }
  return svg;
}
