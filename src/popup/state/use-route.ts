/** The current route, following the URL hash (so Back in a tab and deep links both work). */
import { useCallback, useEffect, useState } from "preact/hooks";
import { formatRoute, parseRoute, type Route } from "../route.ts";

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  const go = useCallback((next: Route) => {
    location.hash = formatRoute(next);
  }, []);
  return [route, go];
}
