// The route manifest for the build scripts: src/routes.json, which a host test keeps equal to
// the table in src/routes.rs (the one place a route is written). Paths here are below the
// site's base, without the leading slash: `` is the home page, `schools/12` a school.
import { readFileSync } from "node:fs";

const manifest = JSON.parse(readFileSync(new URL("../src/routes.json", import.meta.url), "utf8"));

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `/schools/:id` -> `schools/[^/]+`: the pattern as a regex source, below the base. */
export const patternSource = (pattern) =>
  pattern
    .slice(1)
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : escape(segment)))
    .join("/");

/** Every route: `{ path, group, prerendered, reads_query, source }` (`source`: [`patternSource`]). */
export const ROUTES = manifest.routes.map((route) => ({ ...route, source: patternSource(route.path) }));

/** The main navigation, in its order: `{ path, label }` (src/routes.rs NAV). */
export const NAV = manifest.nav;

/** The shell's navigation links (index.html), relative to the site's `<base href>`: `./` for
 *  the home page, `schools` for /schools. */
export const navLinks = () =>
  NAV.map(({ path, label }) => `<a href="${path === "/" ? "./" : path.slice(1)}">${label}</a>`).join("");

/** The route that `rel` (a path below the base, no query) opens, or undefined. */
export const routeOf = (rel) => ROUTES.find((route) => new RegExp(`^${route.source}$`).test(rel));

/** `[[group, regex source]]`: for each split group, one regex for the paths of its pages (a
 *  trailing slash allowed, as the router allows it). Pages in the main module have none. */
export function groupPatterns() {
  const groups = new Map();
  for (const { group, source } of ROUTES) {
    if (group) groups.set(group, [...(groups.get(group) ?? []), source]);
  }
  return [...groups].map(([group, sources]) => [group, `^(?:${sources.join("|")})/?$`]);
}

/** The first segments of the pages rendered ahead of time (`schools`, `articles`): what a
 *  new run of prerender.mjs clears first (`schools/`, `schools.html`…). */
export const renderedRoots = () =>
  [...new Set(ROUTES.filter((r) => r.prerendered && r.path !== "/").map((r) => r.path.split("/")[1]))];

/** The route's path below the base with its `:name` segments replaced by `params`, in order. */
export function fill(route, ...params) {
  let next = 0;
  return route.path
    .slice(1)
    .split("/")
    .map((segment) => (segment.startsWith(":") ? encodeURIComponent(String(params[next++])) : segment))
    .join("/");
}
