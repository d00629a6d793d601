import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const width of [360, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.goto("http://127.0.0.1:4173/schools/1");
  await page.getByRole("button", { name: "关注江西机电职业技术学院" }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/shots/dialog-${width}.png` });
  await page.getByRole("tab", { name: "注册" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "注册" }).last().click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/dialog-reg-${width}.png` });
  await page.keyboard.press("Escape");
  await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
  await page.getByLabel("账号", { exact: true }).fill("demo");
  await page.getByLabel("密码", { exact: true }).first().fill("gaokao2024");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/shots/signedin-${width}.png` });
}
await browser.close();
