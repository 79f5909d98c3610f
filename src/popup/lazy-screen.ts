/**
 * A screen whose code loads when it is first shown, so the popup opens with only what the overview
 * needs (build.mjs budgets the JavaScript the popup loads at open). Loading a chunk from the extension's
 * own files takes a millisecond or two; until then the screen is empty.
 */
import { h, type ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { S } from "./strings.ts";

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return function LazyScreen(props: P) {
    const [failure, setFailure] = useState<string | null>(null);
    const [, setReady] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let shown = true;
      loading ??= load();
      loading.then(
        (component) => {
          loaded = component;
          if (shown) setReady(true);
        },
        (error: unknown) => {
          loading = undefined;
          if (shown) setFailure(error instanceof Error ? error.message : String(error));
        },
      );
      return () => {
        shown = false;
      };
    }, []);
    if (loaded) return h(loaded, props);
    return failure === null ? null : h("p", { class: "action-error", role: "alert" }, S.errors.screenNotLoaded(failure));
  };
}
