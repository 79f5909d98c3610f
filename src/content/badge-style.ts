/** The badge's style sheets, inside its closed shadow root: Element's CSS cannot reach it, nor it Element. */

/** What every badge needs: kept small, as a thousand badges each resolve it. */
export const BADGE_CSS = `
:host { all: initial; display: inline-flex; align-items: center; margin-inline: 4px; vertical-align: middle; }
button { all: unset; display: inline-flex; align-items: center; justify-content: center; width: 20px;
  height: 20px; border-radius: 50%; cursor: pointer; }
button:focus-visible { outline: 2px solid #0467dd; outline-offset: 1px; }
button:hover { background: rgba(27, 29, 34, 0.08); }
.shield { stroke-width: 1.2; stroke-linejoin: round; }
.outline { fill: none; stroke: currentColor; }
.mark { fill: none; stroke: #fff; stroke-width: 1.7; stroke-linecap: round; stroke-linejoin: round; }
[data-level="ok"] { color: #007a61; }
[data-level="neutral"] { color: #7e8794; }
[data-level="notice"] { color: #656d77; }
[data-level="warning"] { color: #c55a00; }
[data-level="critical"] { color: #d51928; }
.shield:not(.outline) { fill: currentColor; stroke: currentColor; }
`;

/** The inline detail's, added to a badge's root when it is first opened. */
export const DETAIL_CSS = `
[popover] { box-sizing: border-box; margin: 0; padding: 10px 12px; max-width: 280px; border: 1px solid #cdd3da; border-radius: 8px;
  background: #fff; color: #1b1d22; box-shadow: 0 4px 16px rgba(27, 29, 34, 0.18);
  font: 13px/1.4 Inter, "Twemoji", "Apple Color Emoji", "Segoe UI Emoji", Arial, Helvetica, sans-serif; }
.who { font-weight: 600; overflow-wrap: anywhere; margin-bottom: 4px; }
ul { margin: 0; padding-inline-start: 18px; }
.hint { margin-top: 6px; color: #656d77; font-size: 12px; }
@media (prefers-color-scheme: dark) {
  [popover] { background: #1b1d22; color: #ebeef2; border-color: #3c4045; }
  .hint { color: #a3acb8; }
}
`;
