export declare const BROWSERS: Record<
  "chromium" | "firefox",
  { variable: string; fallback: string; debianPackage: string }
>;
export declare function locateBrowser(name: "chromium" | "firefox"): { path: string } | { error: string };
export declare function findChromium(): string;
export declare function findFirefox(): string;
