/**
 * The one place the session's `getSecretStorageKey` callback is answered.
 *
 * A flow that already has the key from the user (recovery-key restore, set-up) lends it to the
 * broker for exactly the duration of its operation (`withKey`); afterwards the bytes are wiped.
 * When the SDK needs the key at any other time, the broker opens a prompt that the popup answers
 * (`answerPrompt`) or declines; an unanswered prompt expires. The SDK often needs the key several
 * times in a row (one secret after another), so an answered key is kept in memory for a short while
 * (`answeredKeyTtlMs`), then wiped. The key is never written anywhere.
 */
import type { CryptoCallbacks } from "matrix-js-sdk/lib/crypto-api/index.js";
import type { SecretStorageKeyDescription } from "matrix-js-sdk/lib/secret-storage.js";
import { VerificationError } from "./errors.ts";
import { checkedKey, keyMatches } from "./recovery-key.ts";

export interface KeyPrompt {
  id: string;
  /** The secret the SDK wants to read or write, e.g. `m.cross_signing.master`. */
  secretName: string;
  since: number;
}

interface HeldKey {
  keyId: string | null;
  key: Uint8Array<ArrayBuffer>;
}

interface OpenPrompt extends KeyPrompt {
  keys: Record<string, SecretStorageKeyDescription>;
  resolve: (answer: [string, Uint8Array<ArrayBuffer>] | null) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface BrokerOptions {
  /** How long a prompt waits for the user before the SDK is told there is no key. */
  promptTimeoutMs?: number;
  /** How long a key the user gave in a prompt stays usable for the SDK's follow-up requests. */
  answeredKeyTtlMs?: number;
  /** Told whenever a prompt opens (e.g. to raise a notification). */
  onPrompt?: (prompt: KeyPrompt) => void;
}

export class SecretStorageKeyBroker {
  private held: HeldKey | null = null;
  private open: OpenPrompt | null = null;
  private answered: { keyId: string; key: Uint8Array<ArrayBuffer>; timer: ReturnType<typeof setTimeout> } | null = null;
  private nextPromptId = 1;

  constructor(private readonly options: BrokerOptions = {}) {}

  /** Pass these to `createClient({ cryptoCallbacks })`. */
  readonly cryptoCallbacks: CryptoCallbacks = {
    getSecretStorageKey: ({ keys }, name) => this.getKey(keys, name),
    cacheSecretStorageKey: (keyId, _info, key) => {
      // bootstrapSecretStorage tells us the ID of the key a set-up flow lent us.
      if (this.held && sameBytes(this.held.key, key)) this.held.keyId = keyId;
    },
  };

  /** Lends `key` to the SDK while `operation` runs, then wipes it. `keyId` null = learn it from the SDK. */
  async withKey<T>(key: Uint8Array<ArrayBuffer>, keyId: string | null, operation: () => Promise<T>): Promise<T> {
    if (this.held) throw new VerificationError("wrong-step", "Another recovery operation is still running.");
    this.held = { keyId, key };
    try {
      return await operation();
    } finally {
      key.fill(0);
      this.held = null;
    }
  }

  /** The prompt waiting for the user, if any (without the key descriptions: the popup needs none). */
  get prompt(): KeyPrompt | null {
    if (!this.open) return null;
    const { id, secretName, since } = this.open;
    return { id, secretName, since };
  }

  /** Checks the user's answer against the requested key; a wrong one is refused and the prompt stays open. */
  async answerPrompt(id: string, input: string): Promise<void> {
    const open = this.requireOpen(id);
    let lastError: unknown = null;
    for (const [keyId, description] of Object.entries(open.keys)) {
      try {
        const key = await checkedKey(input, description);
        this.remember(keyId, key);
        this.close(open, [keyId, key.slice()]);
        return;
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError ?? new VerificationError("wrong-recovery-key", "That recovery key does not match this account.");
  }

  /** Wipes a key kept from a prompt (also done by itself after `answeredKeyTtlMs`). */
  forgetAnsweredKey(): void {
    if (!this.answered) return;
    clearTimeout(this.answered.timer);
    this.answered.key.fill(0);
    this.answered = null;
  }

  private remember(keyId: string, key: Uint8Array<ArrayBuffer>): void {
    this.forgetAnsweredKey();
    const timer = setTimeout(() => this.forgetAnsweredKey(), this.options.answeredKeyTtlMs ?? 60_000);
    this.answered = { keyId, key, timer };
  }

  declinePrompt(id: string): void {
    this.close(this.requireOpen(id), null);
  }

  private requireOpen(id: string): OpenPrompt {
    if (!this.open || this.open.id !== id)
      throw new VerificationError("unknown-flow", "That request for the recovery key is no longer open.");
    return this.open;
  }

  private close(open: OpenPrompt, answer: [string, Uint8Array<ArrayBuffer>] | null): void {
    clearTimeout(open.timer);
    if (this.open === open) this.open = null;
    open.resolve(answer);
  }

  private async getKey(
    keys: Record<string, SecretStorageKeyDescription>,
    secretName: string,
  ): Promise<[string, Uint8Array<ArrayBuffer>] | null> {
    const held = this.held;
    if (held) {
      if (held.keyId !== null && keys[held.keyId]) return [held.keyId, held.key.slice()];
      for (const [keyId, description] of Object.entries(keys)) {
        if (await keyMatches(held.key, description)) {
          held.keyId = keyId;
          return [keyId, held.key.slice()];
        }
      }
      // The lent key does not open what the SDK asks for: do not prompt behind the flow's back.
      return null;
    }
    if (this.answered && keys[this.answered.keyId]) return [this.answered.keyId, this.answered.key.slice()];
    if (this.open) return null; // one prompt at a time; the SDK treats null as "no key"
    return new Promise((resolve) => {
      const id = `key-${this.nextPromptId++}`;
      const timer = setTimeout(() => {
        if (this.open?.id === id) this.close(this.open, null);
      }, this.options.promptTimeoutMs ?? 5 * 60_000);
      this.open = { id, secretName, since: Date.now(), keys, resolve, timer };
      this.options.onPrompt?.(this.prompt!);
    });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
