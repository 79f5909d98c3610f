/** The current route, following the URL hash (so Back in a tab and deep links both work). */
import { useCallback, useEffect, useState } from "preact/hooks";
import { formatRoute, parseRoute, type Route } from "../route.ts";

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () =>
      setRoute((current) => {
        const next = parseRoute(location.hash);
        return formatRoute(next) === formatRoute(current) ? current : next;
      });
    addEventListener("hashchange", follow);
    // The hash may have changed between the first render and this effect (a link opened the popup,
    // a script set it): no hashchange will come for that, so read it once now.
    follow();
    return () => removeEventListener("hashchange", follow);
  }, []);
  const go = useCallback((next: Route) => {
    location.hash = formatRoute(next);
  }, []);
  return [route, go];
}
