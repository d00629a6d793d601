// node --test scripts/: the build scripts read the route manifest (src/routes.rs, as
// src/routes.json) the way the app's router matches it. Which routes there are, and which are
// rendered ahead of time, is the manifest's to say (and routes.rs's host tests'); here every
// route of it, whatever they are, is checked against the readers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fill, groupPatterns, NAV, navLinks, renderedRoots, routeOf, ROUTES } from "./routes.mjs";

/** A path of `route` below the base, its `:name` segments filled with `1`. */
const sample = (route) => fill(route, ...route.path.split("/").filter((s) => s.startsWith(":")).map(() => 1));

test("each route's paths open that route, and only its group's preload pattern matches them", () => {
  const groups = new Map(groupPatterns().map(([group, source]) => [group, new RegExp(source)]));
  assert.ok(ROUTES.length > 0);
  for (const route of ROUTES) {
    const rel = sample(route);
    assert.equal(routeOf(rel)?.path, route.path, rel);
    // Exactly the groups of its route match it (the preload script takes the first match).
    const matching = [...groups].filter(([, regex]) => regex.test(rel)).map(([group]) => group);
    assert.deepEqual(matching, route.group ? [route.group] : [], rel);
    if (route.group) assert.ok(groups.get(route.group).test(`${rel}/`), `${rel}/`);
    // A parameter is one segment, never empty, and nothing follows a route's last segment.
    if (route.path.includes(":")) assert.equal(routeOf(rel.replace(/1(\/|$)/, "$1")), undefined, `${rel} emptied`);
    assert.equal(routeOf(`${rel}/unknown`)?.path === route.path, false, `${rel}/unknown`);
  }
  assert.equal(routeOf("no-such-page"), undefined);
});

test("the pages rendered ahead of time, their files, and filling a pattern", () => {
  const rendered = ROUTES.filter((r) => r.prerendered);
  // What prerender.mjs clears before a run: the first segment of every rendered page but home.
  assert.deepEqual(
    renderedRoots(),
    [...new Set(rendered.filter((r) => r.path !== "/").map((r) => r.path.split("/")[1]))],
  );
  for (const route of ROUTES.filter((r) => r.reads_query)) assert.ok(route.prerendered, route.path);
  assert.equal(fill({ path: "/schools/:id" }, 12), "schools/12");
  assert.equal(fill({ path: "/tags/:tag" }, "a/b"), "tags/a%2Fb");
  assert.equal(fill({ path: "/" }, 1), "");
});

test("the shell's nav links are the manifest's nav entries, relative to the base", () => {
  const links = [...navLinks().matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
  assert.equal(links.length, NAV.length);
  for (const [i, { path, label }] of NAV.entries()) {
    assert.ok(routeOf(path.slice(1)), `${path} is a route`);
    assert.deepEqual(links[i], [path === "/" ? "./" : path.slice(1), label]);
  }
});
