// Notices a page issuing the same request far above a sane rate (an infinite-scroll
// handler refetching on every scroll event): a sliding window of sent requests per route,
// and episodes that open once when a route goes over the limit and close when it calms down.

export interface RunawayLimits {
  /** More requests of one route than this within `windowMs` is a runaway. */
  maxRequests: number;
  windowMs: number;
  /** Refuse the requests over the limit instead of only reporting them. */
  throttle: boolean;
}

export interface RunawayVerdict {
  /** This request is over the limit. */
  runaway: boolean;
  /** This request opened a new episode: the one moment to report it. */
  episodeStarted: boolean;
  /** Refuse this request (throttling is on and it is over the limit). */
  throttled: boolean;
  /** Requests of the route within the window ending now, this one included. */
  count: number;
  ratePerS: number;
  /** Time of the oldest request within the window. */
  sinceMs: number;
}

export interface RunawayEpisode {
  key: string;
  startMs: number;
  endMs: number;
  /** Requests attempted during the episode, throttled ones included. */
  count: number;
  throttled: number;
}

export interface RunawayDetector {
  record(key: string, nowMs: number): RunawayVerdict;
  /**
   * Closes the episodes whose route has fallen to half the limit or less (all of them when
   * `all`, as when the page is hidden) and returns them; forgets routes gone quiet.
   */
  endEpisodes(nowMs: number, all?: boolean): RunawayEpisode[];
}

interface RouteWindow {
  /** Times of the requests sent within the window, oldest first. */
  sent: number[];
  episode?: RunawayEpisode;
}

export function createRunawayDetector(limits: RunawayLimits): RunawayDetector {
  const routes = new Map<string, RouteWindow>();
  const trim = (route: RouteWindow, nowMs: number) => {
    while (route.sent.length && route.sent[0] <= nowMs - limits.windowMs) route.sent.shift();
  };

  return {
    record(key, nowMs) {
      let route = routes.get(key);
      if (!route) routes.set(key, (route = { sent: [] }));
      trim(route, nowMs);
      const count = route.sent.length + 1;
      const runaway = count > limits.maxRequests;
      const throttled = runaway && limits.throttle;
      // Throttled requests are not sent, so they do not use up the window: the route keeps
      // working at the limit's rate instead of being cut off.
      if (!throttled) route.sent.push(nowMs);
      const episodeStarted = runaway && !route.episode;
      if (episodeStarted) route.episode = { key, startMs: route.sent[0], endMs: nowMs, count: count - 1, throttled: 0 };
      if (route.episode) {
        route.episode.count++;
        route.episode.endMs = nowMs;
        if (throttled) route.episode.throttled++;
      }
      return { runaway, episodeStarted, throttled, count, ratePerS: count / (limits.windowMs / 1000), sinceMs: route.sent[0] ?? nowMs };
    },

    endEpisodes(nowMs, all = false) {
      const ended: RunawayEpisode[] = [];
      for (const [key, route] of routes) {
        trim(route, nowMs);
        if (route.episode && (all || route.sent.length <= limits.maxRequests / 2)) {
          ended.push(route.episode);
          route.episode = undefined;
        }
        if (!route.sent.length && !route.episode) routes.delete(key);
      }
      return ended;
    },
  };
}
