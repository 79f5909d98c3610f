/** NIO_PYTHON if set, else /usr/bin/python3, else python3 on the PATH: the first that imports nio and olm. */
export function locateNioPython(): { path: string } | { error: string };
