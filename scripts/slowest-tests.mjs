// The ten slowest end-to-end tests of the last run, from Playwright's JSON report
// (e2e/playwright.config.ts writes target/e2e-report.json): what to look at first when the
// suite grows slow (issue #24).
//   node scripts/slowest-tests.mjs [report.json] [count]
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "target/e2e-report.json";
const count = Number(process.argv[3] ?? 10);
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`slowest-tests: cannot read ${file}: ${error.message}`);
  process.exit(1);
}

const runs = [];
const walk = (suite, titles) => {
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) {
      for (const result of test.results ?? []) {
        runs.push({ ms: result.duration ?? 0, project: test.projectName, title: [...titles, spec.title].join(" › ") });
      }
    }
  }
  for (const child of suite.suites ?? []) walk(child, [...titles, child.title].filter(Boolean));
};
for (const suite of report.suites ?? []) walk(suite, [suite.title]);

runs.sort((a, b) => b.ms - a.ms);
console.log(`the ${Math.min(count, runs.length)} slowest of ${runs.length} test runs:`);
for (const run of runs.slice(0, count)) {
  console.log(`  ${(run.ms / 1000).toFixed(1).padStart(6)} s  [${run.project}] ${run.title}`);
}
