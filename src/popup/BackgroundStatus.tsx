/** Shows whether the background answers and what started in it. */
import { useEffect, useState } from "preact/hooks";
import type { BackgroundInfo } from "../protocol/messages.ts";
import type { Result } from "../protocol/result.ts";
import { send } from "./send.ts";
import { S } from "./strings.ts";

const yesNo = (ready: boolean) => (ready ? S.backgroundStatus.ready : S.backgroundStatus.failed);

export function BackgroundStatus() {
  const [answer, setAnswer] = useState<Result<BackgroundInfo> | null>(null);
  useEffect(() => {
    void send("ping", {}).then(setAnswer);
  }, []);

  return (
    <section data-state={answer === null ? "waiting" : answer.ok ? "answered" : "error"} id="background-status">
      <h1>{S.appName}</h1>
      {answer === null && <p>{S.backgroundStatus.waking}</p>}
      {answer?.ok === false && <p role="alert">{answer.error.message}</p>}
      {answer?.ok === true && (
        <dl>
          <dt>{S.backgroundStatus.crypto}</dt>
          <dd data-field="crypto">{yesNo(answer.value.cryptoWasmReady)}</dd>
          <dt>{S.backgroundStatus.storage}</dt>
          <dd data-field="storage">{yesNo(answer.value.storageReady)}</dd>
          <dt>{S.backgroundStatus.starts}</dt>
          <dd data-field="boot-count">{answer.value.bootCount}</dd>
        </dl>
      )}
    </section>
  );
}
