import type { MatrixClient } from "matrix-js-sdk";
import type { CryptoApi } from "matrix-js-sdk/lib/crypto-api/index.js";
import { VerificationError } from "./errors.ts";

/** The client's CryptoApi; a client without end-to-end encryption cannot run any of these flows. */
export function requireCrypto(client: MatrixClient): CryptoApi {
  const crypto = client.getCrypto();
  if (!crypto) throw new VerificationError("wrong-step", "Encryption is not running in this session.");
  return crypto;
}
