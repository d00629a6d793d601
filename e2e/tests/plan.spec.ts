// 志愿表: a student adds 院校专业组 from 位次查询, orders them (buttons and keyboard, not drag
// only), chooses majors and 服从调剂, sees the checks react, replays the list against a past
// year, keeps drafts on the device, shares the list as a link (the fragment, no server) and
// prints it. The list never leaves the browser; the http project runs the tests whose groups
// come from the source (the rest is tagged @ui: drawn the same from either source).
import { test, expect, Page, registerIn } from "./fixtures";
import { readData, newAccount } from "./data";

// 福建 物理类 化学+生物 560: the journey of issue #27.
const RANK_URL = "/rank?province=%E7%A6%8F%E5%BB%BA&track=physics&subjects=chemistry%2Cbiology&score=560";

/** Adds the first group of a band on /rank; answers its title (厦门大学第02组). */
async function addFirst(page: Page, band: "rank-reach" | "rank-match" | "rank-safe"): Promise<string> {
  const button = page.locator(`section.${band}`).getByRole("button", { name: /^加入志愿表/ }).first();
  const title = ((await button.textContent()) ?? "").replace(/^\s*加入志愿表\s*[：:]?\s*/, "").trim();
  await button.click();
  return title;
}

/** A row's button: its verb and, for screen readers, the group it acts on. */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const named = (verb: string, title: string) => new RegExp(`^${verb}\\s*${escape(title)}$`);

/** The 志愿 headings of /plan, in list order. */
const rows = (page: Page) => page.getByRole("region", { name: "我的志愿" }).getByRole("heading", { level: 3 });

/** Three groups added from /rank in the order 保, 冲, 稳 (a 保 before a 冲 on purpose). */
async function threeGroups(page: Page): Promise<{ safe: string; reach: string; match: string }> {
  await page.goto(RANK_URL);
  await expect(page.getByRole("heading", { name: "查询结果" })).toBeVisible();
  const safe = await addFirst(page, "rank-safe");
  await expect(page.locator("section.rank-safe").getByRole("link", { name: /已在志愿表第1位/ }).first()).toBeVisible();
  const reach = await addFirst(page, "rank-reach");
  const match = await addFirst(page, "rank-match");
  await expect(page.getByRole("link", { name: /^志愿表\s*（3个专业组）$/ })).toBeVisible();
  return { safe, reach, match };
}

test("groups added on 位次查询 make a 志愿表 that is reordered, checked, replayed and kept after a reload", async ({ page }) => {
  const { safe, reach, match } = await threeGroups(page);
  // A group already in the list says so instead of offering itself again.
  await expect(page.getByRole("link", { name: /已在志愿表第2位/ })).toBeVisible();

  await page.getByRole("link", { name: /^志愿表\s*（3个专业组）$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "志愿表" })).toBeVisible();
  await expect(rows(page)).toHaveText([`第1个志愿：${safe}`, `第2个志愿：${reach}`, `第3个志愿：${match}`]);
  await expect(page.getByText("本科批：已填 3 / 40 个")).toBeVisible();
  // The checks: a 保 placed before a 冲, and too few groups.
  const checks = page.getByRole("region", { name: "检查结果" });
  await expect(checks.getByText(/第1个志愿（保）排在第2个志愿（冲）之前/)).toBeVisible();
  await expect(checks.getByText(/只填了3个专业组（最多可填40个）/)).toBeVisible();

  // Reorder with the buttons, then with the keyboard: the 保 goes to the end.
  await page.getByRole("button", { name: named("下移", safe) }).click();
  await expect(rows(page)).toHaveText([`第1个志愿：${reach}`, `第2个志愿：${safe}`, `第3个志愿：${match}`]);
  // Focus stays on the moved row's button, so Enter moves it again.
  await expect(page.getByRole("button", { name: named("下移", safe) })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(rows(page)).toHaveText([`第1个志愿：${reach}`, `第2个志愿：${match}`, `第3个志愿：${safe}`]);
  // A screen reader hears where it went.
  await expect(page.getByRole("status").filter({ hasText: /第3个/ })).toHaveCount(1);
  await expect(checks.getByText(/排在.*之前/)).toHaveCount(0);
  await expect(checks.getByText("冲 1 · 稳 1 · 保 1")).toBeVisible();

  // Majors, chosen in order from the group's plan (the picker stays open between choices), and
  // 服从调剂.
  const last = page.getByRole("region", { name: "我的志愿" }).getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(`^第3个志愿：\\s*${escape(safe)}$`) }) });
  await last.getByText(/^专业志愿：还没有选/).click();
  const choose = last.getByRole("button", { name: /^选择/ });
  const majorName = async () => ((await choose.first().textContent()) ?? "").replace(/^\s*选择\s*/, "").trim();
  const one = await majorName();
  await choose.first().click();
  await expect(last.getByText(`专业志愿（1/6）：${one}`)).toBeVisible();
  await expect(last.getByText(/第3个志愿还没有选专业/)).toHaveCount(0);
  const two = await majorName();
  await choose.first().click();
  const majors = `专业志愿（2/6）：${one}、${two}`;
  await expect(last.getByText(majors)).toBeVisible();
  await last.getByRole("checkbox", { name: "服从专业调剂" }).uncheck();
  await expect(last.getByRole("checkbox", { name: "服从专业调剂" })).not.toBeChecked();

  // Remove, then undo.
  await page.getByRole("button", { name: named("移除", match) }).click();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByText(`已移除 ${match}`)).toBeVisible();
  await page.getByRole("button", { name: "撤销" }).click();
  await expect(rows(page)).toHaveText([`第1个志愿：${reach}`, `第2个志愿：${match}`, `第3个志愿：${safe}`]);

  // 投档回放 against a past year.
  const replay = page.getByRole("region", { name: "投档回放" });
  await expect(replay.getByRole("status")).toContainText("按2025年的分数线");
  await replay.getByLabel("按哪一年的分数线回放").selectOption("2024");
  await expect(replay.getByRole("status")).toContainText(/按2024年的分数线、你的等位分 \d+ 回放：/);
  await expect(replay.getByRole("heading", { name: "平行志愿怎么投档" })).toBeVisible();

  // Kept on the device.
  await page.reload();
  await expect(rows(page)).toHaveText([`第1个志愿：${reach}`, `第2个志愿：${match}`, `第3个志愿：${safe}`]);
  await expect(last.getByText(majors)).toBeVisible();
  await expect(last.getByRole("checkbox", { name: "服从专业调剂" })).not.toBeChecked();
});

test("drafts: a second 方案 is made, renamed and left, the first is still there", { tag: ["@any-viewport", "@ui"] }, async ({ page }) => {
  const { safe } = await threeGroups(page);
  await page.goto("/plan");
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole("button", { name: "复制", exact: true }).click();
  await expect(page.getByLabel("当前方案")).toContainText("方案一（3个");
  await page.getByRole("button", { name: "重命名" }).click();
  await page.getByLabel("方案名称").fill("只冲不保");
  await page.getByRole("button", { name: "保存名称" }).click();
  await page.getByRole("button", { name: named("移除", safe) }).click();
  await expect(rows(page)).toHaveCount(2);
  await page.getByRole("button", { name: "新建方案" }).click();
  await expect(page.getByText("这个方案还没有志愿。")).toBeVisible();
  // Back to the first: untouched by the copy's edits.
  const select = page.getByLabel("当前方案");
  const firstId = await select.locator("option", { hasText: "方案一（3个" }).getAttribute("value");
  await select.selectOption(firstId!);
  await expect(rows(page)).toHaveCount(3);
  await page.reload();
  await expect(page.getByLabel("当前方案").locator("option", { hasText: "只冲不保（2个" })).toHaveCount(1);
});

test("a share link carries the list in its fragment and opens in another browser", { tag: ["@any-viewport", "@ui"] }, async ({ page, browser, baseURL }) => {
  const { safe, reach, match } = await threeGroups(page);
  await page.goto("/plan");
  await page.getByRole("button", { name: "显示链接和二维码" }).click();
  const link = await page.getByLabel("分享链接（志愿表就在链接里，不经过服务器）").inputValue();
  expect(link).toMatch(/\/plan#/);
  await expect(page.getByRole("img", { name: "志愿表分享链接的二维码" })).toBeVisible();

  // A fresh browser: nothing stored, no server involved.
  const other = await browser.newContext({ baseURL });
  const visitor = await other.newPage();
  await visitor.goto(link);
  await expect(visitor.getByRole("heading", { level: 1, name: "志愿表（分享）" })).toBeVisible();
  await expect(visitor.getByRole("heading", { level: 3 })).toHaveText([safe, reach, match]);
  await visitor.getByRole("button", { name: "保存为我的方案" }).click();
  await expect(visitor.getByRole("heading", { level: 1, name: "志愿表" })).toBeVisible();
  await expect(rows(visitor)).toHaveText([`第1个志愿：${safe}`, `第2个志愿：${reach}`, `第3个志愿：${match}`]);
  await other.close();
});

test("a tampered share link opens with a message and keeps what is valid", { tag: ["@any-viewport", "@ui"] }, async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/plan#garbage<script>alert(1)</script>");
  await expect(page.getByText("链接中的志愿表无法识别（可能不完整或来自其他版本），未导入")).toBeVisible();
  await expect(page.getByRole("link", { name: "打开我的志愿表" })).toBeVisible();

  // A real link with one row changed to a group the data does not know.
  await threeGroups(page);
  await page.goto("/plan");
  await page.getByRole("button", { name: "显示链接和二维码" }).click();
  const link = await page.getByLabel("分享链接（志愿表就在链接里，不经过服务器）").inputValue();
  const fragment = link.split("#")[1];
  const tampered = fragment.replace(/\.u\.(\d+)-/, ".u.99999-");
  expect(tampered).not.toBe(fragment);
  await page.goto(`/plan#${tampered}`);
  await expect(page.getByRole("heading", { level: 1, name: "志愿表（分享）" })).toBeVisible();
  await expect(page.getByText("链接中有些内容无法使用，已略过：")).toBeVisible();
  await expect(page.getByRole("heading", { level: 3 })).toHaveCount(2);
  expect(errors).toEqual([]);
});

test("the printed 志愿草表 has the codes, the profile and the disclaimer, and nothing else", { tag: ["@any-viewport", "@ui"] }, async ({ page }) => {
  const { safe } = await threeGroups(page);
  await page.goto("/plan");
  await expect(rows(page)).toHaveCount(3);
  await page.emulateMedia({ media: "print" });
  const sheet = page.getByRole("region", { name: "志愿草表（打印用）" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole("columnheader")).toHaveText(["序号", "院校代码", "院校名称", "专业组代码", "选科要求", "专业志愿（专业代码 名称）", "服从调剂", "参考"]);
  await expect(sheet.getByRole("row")).toHaveCount(4);
  await expect(sheet.getByText(/考生信息：福建 · 物理类 · 再选 化学\+生物 · 560分/)).toBeVisible();
  await expect(sheet.getByText(/仅供参考，不是录取承诺/)).toBeVisible();
  // The rule of the list's own batch, not every batch of the province.
  await expect(sheet.getByText(/福建本科批最多填报\d+个院校专业组/)).toBeVisible();
  await expect(sheet.getByText(/专科批/)).toHaveCount(0);
  await expect(sheet.getByRole("cell", { name: safe.replace(/第\d+组$/, "") }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "我的志愿" })).toBeHidden();
  await expect(page.getByRole("banner")).toBeHidden();
});

test("groups are added from a school's 分数线 and 招生计划 pages and from 院校对比", { tag: "@any-viewport" }, async ({ page }) => {
  const index = readData("groups/fujian/physics.json");
  const withGroups = index.schools.filter((s: any) => index.groups.some((g: any) => g.school === s.id && g.batch === "undergraduate"));
  const [one, two] = withGroups;
  await page.goto(RANK_URL); // the profile: 福建 物理类 化学+生物 560
  await expect(page.getByRole("heading", { name: "查询结果" })).toBeVisible();
  const added: string[] = [];
  const addFrom = async (url: string) => {
    await page.goto(url);
    const region = page.getByRole("region", { name: "院校专业组（福建物理类）" });
    await expect(region.getByText(/按你的位次 18,312 标出冲、稳、保/)).toBeVisible();
    const add = region.getByRole("button", { name: /^加入志愿表/ }).first();
    added.push(((await add.textContent()) ?? "").replace(/^\s*加入志愿表\s*[：:]?\s*/, "").trim());
    await add.click();
    await expect(region.getByRole("link", { name: new RegExp(`已在志愿表第${added.length}位`) })).toBeVisible();
    return region;
  };
  const scores = await addFrom(`/schools/${one.id}/scores?province=%E7%A6%8F%E5%BB%BA&track=physics`);
  await expect(scores.getByRole("listitem").filter({ hasText: /选科要求/ })).toHaveCount(index.groups.filter((g: any) => g.school === one.id).length);
  await addFrom(`/schools/${one.id}/plans?province=%E7%A6%8F%E5%BB%BA&track=physics`);
  await addFrom(`/compare?ids=${two.id},${one.id}`);
  await page.goto("/plan");
  await expect(rows(page)).toHaveText(added.map((t, i) => `第${i + 1}个志愿：${t}`));
});

test("on a desktop a row is dragged by its handle to another place", { tag: "@ui" }, async ({ page }, info) => {
  test.skip(info.project.name !== "desktop", "a mouse (the handle is not drawn on phones, which use 上移/下移)");
  const { safe, reach, match } = await threeGroups(page);
  await page.goto("/plan");
  await expect(rows(page)).toHaveText([`第1个志愿：${safe}`, `第2个志愿：${reach}`, `第3个志愿：${match}`]);
  const row = (title: string) =>
    page.getByRole("region", { name: "我的志愿" }).getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(`${escape(title)}$`) }) });
  // A tall window: the whole list in view (a drag with the mouse does not scroll the page here).
  await page.setViewportSize({ width: 1280, height: 1800 });
  /** Drags a row's handle with the mouse and drops it on another row. */
  const drag = async (from: string, to: string) => {
    await row(from).locator(".drag-handle").hover();
    await page.mouse.down();
    const box = (await row(to).locator(".plan-row-head").boundingBox())!;
    // Two moves over the target: browsers send `dragover` from the second (Playwright's note).
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height / 2);
    await expect(row(to)).toHaveClass(/drag-over/);
    await page.mouse.up();
  };
  // The 保 dropped on the row below takes its place.
  await drag(safe, reach);
  await expect(rows(page)).toHaveText([`第1个志愿：${reach}`, `第2个志愿：${safe}`, `第3个志愿：${match}`]);
  await expect(page.locator(".drag-over")).toHaveCount(0);
  // The 稳 dropped on the row above goes before it: the 保 is last.
  await drag(match, safe);
  await expect(rows(page)).toHaveText([`第1个志愿：${reach}`, `第2个志愿：${match}`, `第3个志愿：${safe}`]);
  await page.reload();
  await expect(rows(page)).toHaveText([`第1个志愿：${reach}`, `第2个志愿：${match}`, `第3个志愿：${safe}`]);
});

test("stepping through the drafts with the keys switches once, on Enter", { tag: ["@any-viewport", "@ui"] }, async ({ page }) => {
  await threeGroups(page);
  await page.goto("/plan");
  await page.getByRole("button", { name: "新建方案" }).click();
  await page.getByRole("button", { name: "新建方案" }).click();
  const select = page.getByLabel("当前方案");
  await expect(select.locator("option:checked")).toHaveText(/^方案三（0个/);
  const active = () => page.evaluate(() => JSON.parse(localStorage.getItem("haixia.plans.v1") ?? "{}").active);
  const third = await active();
  const first = await select.locator("option", { hasText: "方案一（3个" }).getAttribute("value");
  await select.focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(select).toHaveValue(first!);
  // Passing 方案二 on the way switched nothing.
  expect(await active()).toBe(third);
  await expect(page.getByText("这个方案还没有志愿。")).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(rows(page)).toHaveCount(3);
  expect(await active()).toBe(first);
});

// ---- signed in over http: the drafts follow the account ----

const draftOptions = (page: Page) => page.getByLabel("当前方案").locator("option");

test("a draft made on one device is there after signing in on another, and a same-named one on that device is kept beside it", { tag: "@server" }, async ({ browser, baseURL }) => {
  // The laptop: a group added, then an account; the draft goes to the account.
  const laptop = await browser.newContext({ baseURL });
  const a = await laptop.newPage();
  await a.goto(RANK_URL);
  const safe = await addFirst(a, "rank-safe");
  await a.goto("/plan");
  await expect(rows(a)).toHaveText([`第1个志愿：${safe}`]);
  const account = newAccount("plan_");
  await registerIn(a, account);
  await expect(a.getByText("已保存到账号，在其他设备登录即可看到")).toBeVisible();

  // The phone, signed out: its own 方案一 of another group, kept on the device.
  const phone = await browser.newContext({ baseURL });
  const b = await phone.newPage();
  await b.goto(RANK_URL);
  const reach = await addFirst(b, "rank-reach");
  await b.goto("/plan");
  await expect(b.getByText("志愿表保存在本机；登录后同步到账号，换设备也能看到")).toBeVisible();
  await b.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await b.getByLabel("账号", { exact: true }).fill(account.phone);
  await b.getByLabel("密码", { exact: true }).first().fill("gaokao2025");
  await b.keyboard.press("Enter");
  await expect(b.getByRole("banner").getByText(account.username)).toBeVisible();
  // Both drafts, neither lost; the phone's renamed and still shown.
  await expect(b.getByText("本机的“方案一”与账号中的方案同名，已改名为“方案一（本机）”")).toBeVisible();
  await expect(b.getByText("已保存到账号，在其他设备登录即可看到")).toBeVisible();
  await expect(draftOptions(b)).toHaveText([/^方案一（1个/, /^方案一（本机）（1个/]);
  await expect(rows(b)).toHaveText([`第1个志愿：${reach}`]);
  const laptopDraft = await draftOptions(b).first().getAttribute("value");
  await b.getByLabel("当前方案").selectOption(laptopDraft!);
  await expect(rows(b)).toHaveText([`第1个志愿：${safe}`]);

  // Back on the laptop: the phone's draft is there too.
  await a.reload();
  await expect(draftOptions(a)).toHaveText([/^方案一（1个/, /^方案一（本机）（1个/]);
  // Signing out of a shared computer leaves no list behind; signing in brings it back.
  await expect(a.getByText("已保存到账号，在其他设备登录即可看到")).toBeVisible();
  await a.getByRole("banner").getByRole("button", { name: "退出" }).click();
  await expect(a.getByText("已退出登录")).toBeVisible();
  await expect(rows(a)).toHaveCount(0);
  expect(await a.evaluate(() => Object.keys(localStorage).filter((k) => (localStorage.getItem(k) ?? "").includes("方案一（本机）")))).toEqual([]);
  await a.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await a.getByLabel("账号", { exact: true }).fill(account.phone);
  await a.getByLabel("密码", { exact: true }).first().fill("gaokao2025");
  await a.keyboard.press("Enter");
  await expect(draftOptions(a)).toHaveText([/^方案一（1个/, /^方案一（本机）（1个/]);
  await laptop.close();
  await phone.close();
});

test("a save the server refuses says so and keeps the draft on the device", { tag: "@server" }, async ({ page }) => {
  await page.goto(RANK_URL);
  const safe = await addFirst(page, "rank-safe");
  await page.goto("/plan");
  await page.route("**/api/me/plans", (route) =>
    route.request().method() === "PUT"
      ? route.fulfill({ status: 500, contentType: "application/json", body: '{"code":"internal","message":"服务器出错了"}' })
      : route.continue(),
  );
  await registerIn(page, newAccount("plan_"));
  const alert = page.getByRole("alert").filter({ hasText: "志愿表未能保存到账号" });
  await expect(alert).toContainText("服务器出错了（HTTP 500）");
  await expect(alert).toContainText("已保存在本机");
  await expect(rows(page)).toHaveText([`第1个志愿：${safe}`]);
  // The server answers again: 重试 saves it.
  await page.unroute("**/api/me/plans");
  await alert.getByRole("button", { name: "重试" }).click();
  await expect(page.getByText("已保存到账号，在其他设备登录即可看到")).toBeVisible();
  const kept = await page.evaluate(async () => (await fetch("/api/me/plans", { credentials: "include" })).json());
  expect(kept.drafts.drafts.map((d: any) => d.list.rows.length)).toEqual([1]);
});

test("a save on its way to the account never holds up the next page", { tag: "@server" }, async ({ page }) => {
  // Requests may take two minutes here, so a page read that waited for the save would not show.
  await page.route("**/config.json", async (route) => {
    const config = await (await route.fetch()).json();
    await route.fulfill({ json: { ...config, timeout_ms: 120_000 } });
  });
  await page.goto(RANK_URL);
  const safe = await addFirst(page, "rank-safe");
  await page.goto("/plan");
  // The account's save never answers while this test looks.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/me/plans", async (route) => {
    if (route.request().method() !== "PUT") return route.continue();
    await held;
    await route.continue().catch(() => {});
  });
  await registerIn(page, newAccount("plan_"));
  await expect(page.getByText("正在保存到账号…")).toBeVisible();
  // Shown, not announced: the status region keeps where the drafts last settled (a save
  // follows every edit; a screen reader would hear 正在保存 and 已保存 each time).
  await expect(page.getByRole("status").filter({ hasText: "志愿表保存在本机" })).toHaveCount(1);
  await expect(page.getByRole("status").filter({ hasText: "正在保存" })).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "志愿表保存在本机" })).toHaveClass(/visually-hidden/);
  await expect(rows(page)).toHaveText([`第1个志愿：${safe}`]);
  // A page not read before in this visit.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "院校库" }).click();
  await expect(page.getByRole("heading", { name: /^共\d+所院校$/ })).toBeVisible();
  release();
  await page.goBack();
  const saved = page.getByRole("status").filter({ hasText: "已保存到账号，在其他设备登录即可看到" });
  await expect(saved).toBeVisible();
  await expect(saved).not.toHaveClass(/visually-hidden/);
  await expect(page.getByText("正在保存到账号…")).toBeHidden();
});
