// node --test scripts/: the build scripts read the route manifest (src/routes.rs, as
// src/routes.json) the way the app's router matches it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fill, groupPatterns, renderedRoots, routeOf, ROUTES } from "./routes.mjs";

test("each path below the base opens its route, and its group's preload pattern matches it", () => {
  const groups = new Map(groupPatterns().map(([group, source]) => [group, new RegExp(source)]));
  const opens = {
    "": "/",
    schools: "/schools",
    "schools/1": "/schools/:id",
    "schools/1/articles": "/schools/:id/articles",
    "schools/1/scores": "/schools/:id/scores",
    "articles/93": "/articles/:id",
    "tags/%E9%AB%98%E8%80%83": "/tags/:tag",
    search: "/search",
    rank: "/rank",
    plan: "/plan",
    compare: "/compare",
    me: "/me",
  };
  for (const [rel, pattern] of Object.entries(opens)) {
    const route = routeOf(rel);
    assert.equal(route?.path, pattern, rel);
    // Exactly the groups of its route match it (the preload script takes the first match).
    const matching = [...groups].filter(([, regex]) => regex.test(rel)).map(([group]) => group);
    assert.deepEqual(matching, route.group ? [route.group] : [], rel);
    if (route.group) assert.ok(groups.get(route.group).test(`${rel}/`), `${rel}/`);
  }
  for (const rel of ["schools/", "schools/1/unknown", "articles", "tags", "x"]) assert.equal(routeOf(rel), undefined, rel);
});

test("the pages rendered ahead of time, those that read the query, and their files", () => {
  assert.deepEqual(ROUTES.filter((r) => r.prerendered).map((r) => r.path), [
    "/",
    "/schools",
    "/schools/:id",
    "/schools/:id/scores",
    "/articles/:id",
    "/rank",
  ]);
  assert.deepEqual(ROUTES.filter((r) => r.reads_query).map((r) => r.path), ["/schools", "/schools/:id/scores", "/rank"]);
  assert.deepEqual(renderedRoots(), ["schools", "articles", "rank"]);
  assert.equal(fill(routeOf("schools/1"), 12), "schools/12");
  assert.equal(fill(routeOf("tags/x"), "a/b"), "tags/a%2Fb");
  assert.equal(fill(routeOf(""), 1), "");
});
