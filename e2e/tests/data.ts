// Facts of the bundled fixtures, read from the built site so tests never hard-code ids.
import { readFileSync } from "node:fs";
import path from "node:path";

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist/data");
const read = (file: string) => JSON.parse(readFileSync(path.join(dist, file), "utf8"));

export const searchIndex = read("search.json");
export const seedSchool = searchIndex.schools.find((s: any) => s.name === "江西机电职业技术学院");
export const seedArticle = searchIndex.articles.find((a: any) => a.title.includes("产教融合共同体正式成立"));
export const SEED_TITLE = "江西机电职业技术学院——重磅!全国汽车装备制造行业产教融合共同体正式成立";
export const PREV_TITLE = "团体一等奖!江西机电职业技术学院在“徕卡杯”第十二届全国大学生金相技能大赛中再创佳绩";
export const NEXT_TITLE = "江西机电职业技术学院——喜报!我校学子在2023年江西省大学生机械设计大赛(慧鱼组)竞赛中斩获佳绩";
export const readData = read;

import type { TestInfo } from "@playwright/test";

/** Whether this run talks to the reference server (the "http" project) instead of fixtures. */
export const httpMode = (info: TestInfo) => info.project.name === "http";

/** A username and phone number no other test (or earlier run) has used. */
export function newAccount(prefix: string) {
  const digits = Math.floor(Math.random() * 1e8).toString().padStart(8, "0");
  return { username: `${prefix}${digits.slice(0, 6)}`, phone: `139${digits}` };
}

/** A school other than the seed school, picked by position, so tests that count followers
 *  in parallel never count the same school. */
export const schoolAt = (n: number) => searchIndex.schools.filter((s: any) => s.id !== seedSchool.id)[n];

/** Every page of the site, by name: screenshots.spec.ts takes each, targets.spec.ts checks each. */
export const EVERY_PAGE: [string, string][] = [
  ["home", "/"],
  ["schools", "/schools?level=vocational"],
  ["school", `/schools/${seedSchool.id}`],
  ["school-news", `/schools/${seedSchool.id}/articles`],
  ["school-scores", `/schools/${seedSchool.id}/scores`],
  ["school-plans", `/schools/${seedSchool.id}/plans`],
  ["school-majors", `/schools/${seedSchool.id}/majors`],
  ["article", `/articles/${seedArticle.id}`],
  ["tag", "/tags/" + encodeURIComponent("产教融合")],
  ["search", "/search?q=" + encodeURIComponent("机电")],
  ["rank", "/rank?province=" + encodeURIComponent("福建") + "&track=physics&subjects=chemistry%2Cbiology&score=560"],
  ["compare", `/compare?ids=${seedSchool.id},2,3`],
  ["not-found", "/no-such-page"],
];
