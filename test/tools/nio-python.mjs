// Where the independent Matrix client (matrix-nio with libolm) can run: a Python that imports both.
// Debian's python3-matrix-nio and python3-olm install into /usr/bin/python3 only, so that comes first.
import { spawnSync } from "node:child_process";

/** @returns {{ path: string } | { error: string }} NIO_PYTHON if set, else /usr/bin/python3, else python3 on the PATH. */
export function locateNioPython() {
  const candidates = process.env.NIO_PYTHON ? [process.env.NIO_PYTHON] : ["/usr/bin/python3", "python3"];
  for (const candidate of candidates) {
    if (spawnSync(candidate, ["-c", "import nio, olm"], { stdio: "ignore" }).status === 0) return { path: candidate };
  }
  return {
    error:
      `No Python here can import matrix-nio with olm (tried ${candidates.join(", ")}). Install Debian's packages: ` +
      "apt-get install -y python3-matrix-nio python3-olm (or set NIO_PYTHON to a python3 that has both).",
  };
}
