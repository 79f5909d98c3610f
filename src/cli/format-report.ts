/**
 * The command line prints reports through the renderer it shares with the popup's export
 * (src/core/report-text.ts), in the product's one vocabulary (src/core/words.ts).
 */
export { plainText as plain, reportToMarkdown as formatMarkdown, reportToText as formatTable } from "../core/report-text.ts";
