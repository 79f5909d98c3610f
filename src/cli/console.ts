/**
 * The command line's standard error: notes and warnings always; a progress line and prompts only
 * when it is a terminal. Standard output is the report's alone.
 */
export interface Console {
  /** A note or warning, one line. */
  note(line: string): void;
  /** Where a prompt is shown (no newline added). */
  prompt(text: string): void;
  /** Replaces the progress line (terminal only); null clears it. */
  progress(text: string | null): void;
  /** Standard input when it is a terminal we may prompt on. */
  terminal: NodeJS.ReadStream | null;
}

export function processConsole(): Console {
  const err = process.stderr;
  let shown = false;
  const clear = (): void => {
    if (shown) err.write("\r\u001b[K");
    shown = false;
  };
  return {
    note(line) {
      clear();
      err.write(line + "\n");
    },
    prompt(text) {
      clear();
      err.write(text);
    },
    progress(text) {
      if (!err.isTTY) return;
      clear();
      if (text === null) return;
      // A terminal of unknown width (0 columns) gets 80.
      err.write(text.slice(0, Math.max(10, (err.columns || 80) - 1)));
      shown = true;
    },
    terminal: process.stdin.isTTY ? process.stdin : null,
  };
}
