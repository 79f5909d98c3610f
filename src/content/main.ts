/**
 * The content script's entry. For now it marks the page it runs on and checks that the background
 * answers it; the member-list badges build on this.
 */
import { send } from "../protocol/client.ts";

/** `data-matrix-trust-auditor` on <html>: "loaded", then "connected" or "unreachable". */
const root = document.documentElement;
root.dataset.matrixTrustAuditor = "loaded";
void send("ping", {}).then((answer) => {
  root.dataset.matrixTrustAuditor = answer.ok ? "connected" : "unreachable";
});
