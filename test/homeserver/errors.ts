// A Matrix error response: HTTP status, errcode and a human message (plus extra fields for UIA).

export class MatrixError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** A first User-Interactive Auth challenge carries only flows, params and session (errcode ""). */
  toBody(): Record<string, unknown> {
    return this.errcode === "" ? { ...this.extra } : { errcode: this.errcode, error: this.message, ...this.extra };
  }
}

export const badJson = (message: string) => new MatrixError(400, "M_BAD_JSON", message);
export const missingParam = (message: string) => new MatrixError(400, "M_MISSING_PARAM", message);
export const invalidParam = (message: string) => new MatrixError(400, "M_INVALID_PARAM", message);
export const forbidden = (message: string) => new MatrixError(403, "M_FORBIDDEN", message);
export const notFound = (message: string) => new MatrixError(404, "M_NOT_FOUND", message);
