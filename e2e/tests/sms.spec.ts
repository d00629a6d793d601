// 手机验证码登录 end to end against the reference server (the http project starts it with
// --sms-outbox SMS_OUTBOX; the codes are read from there instead of a phone).
// Fixtures mode lists the method as unavailable (account.spec.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, expect, Page } from "./fixtures";
import { httpMode, newAccount } from "./data";
import { SMS_OUTBOX } from "../playwright.config";

const outbox = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..", SMS_OUTBOX);

/** The codes the server has sent to `phone`, oldest first. */
function codesFor(phone: string): string[] {
  let text = "";
  try {
    text = readFileSync(outbox, "utf8");
  } catch {}
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((l) => l.phone === phone)
    .map((l) => l.code);
}

async function lastCode(phone: string, count = 1): Promise<string> {
  await expect.poll(() => codesFor(phone).length, { message: `codes sent to ${phone}` }).toBe(count);
  return codesFor(phone).at(-1)!;
}

const dialog = (page: Page) => page.getByRole("dialog");
const form = (page: Page) => dialog(page).getByRole("form", { name: "手机验证码登录" });

async function openSms(page: Page) {
  await page.goto("/");
  await page.getByRole("banner").getByRole("button", { name: "登录" }).click();
  const toggle = dialog(page).getByRole("region", { name: "其他登录方式" }).getByRole("button", { name: /手机验证码/ });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(form(page)).toBeVisible();
}

test.beforeEach(({}, info) => {
  test.skip(!httpMode(info), "手机验证码 needs the reference server");
});

test("a new phone signs up by code; 获取验证码 counts down and a double click sends one code", async ({ page }) => {
  const { phone } = newAccount("sms");
  await openSms(page);
  await form(page).getByLabel("手机号").fill(phone);
  // Every request for a code this page makes (a second one could only start at the click).
  let requested = 0;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/auth/sms/code")) requested++;
  });
  const send = form(page).getByRole("button", { name: /获取验证码|发送中|重新获取/ });
  await send.dblclick();
  await expect(form(page).getByText("验证码已发送，5分钟内有效")).toBeVisible();
  await expect(send).toBeDisabled();
  await expect(send).toHaveText(/^(60|59|58)秒后重新获取$/);
  await expect(send).toHaveText(/^(5\d)秒后重新获取$/);
  const code = await lastCode(phone);
  // Exactly one request and one code for the double click.
  expect(requested).toBe(1);
  expect(codesFor(phone)).toHaveLength(1);
  await expect(form(page).getByLabel("验证码")).toBeFocused();

  const wrong = code === "000000" ? "111111" : "000000";
  await form(page).getByLabel("验证码").fill(wrong);
  await form(page).getByRole("button", { name: "验证码登录" }).click();
  await expect(form(page).getByText("验证码错误，还可尝试4次")).toBeVisible();
  await expect(form(page).getByLabel("验证码")).toHaveAttribute("aria-invalid", "true");

  await form(page).getByLabel("验证码").fill(code);
  await form(page).getByRole("button", { name: "验证码登录" }).click();
  const name = `用户${phone.slice(-4)}`;
  await expect(page.getByRole("banner").getByText(name)).toBeVisible();
  await expect(page.getByText(`登录成功，欢迎你，${name}`)).toBeVisible();
  await expect(dialog(page)).toBeHidden();
  // Signed in for real: a reload asks the server.
  await page.reload();
  await expect(page.getByRole("banner").getByText(name)).toBeVisible();
});

test("malformed phones and codes get messages at the field, nothing is sent", async ({ page }) => {
  const { phone } = newAccount("sms");
  await openSms(page);
  await form(page).getByRole("button", { name: "获取验证码" }).click();
  await expect(form(page).getByText("请输入手机号")).toBeVisible();
  await form(page).getByLabel("手机号").fill("12345");
  await form(page).getByRole("button", { name: "获取验证码" }).click();
  await expect(form(page).getByText("请输入正确的11位手机号")).toBeVisible();
  await expect(form(page).getByLabel("手机号")).toBeFocused();
  await form(page).getByLabel("手机号").fill(phone);
  await form(page).getByLabel("验证码").fill("12a");
  await form(page).getByRole("button", { name: "验证码登录" }).click();
  await expect(form(page).getByText("请输入6位数字验证码")).toBeVisible();
  expect(codesFor(phone)).toHaveLength(0);
});

test("five wrong codes use the code up; the right one is then refused", async ({ page }) => {
  const { phone } = newAccount("sms");
  await openSms(page);
  await form(page).getByLabel("手机号").fill(phone);
  await form(page).getByRole("button", { name: "获取验证码" }).click();
  const code = await lastCode(phone);
  const wrong = code === "000000" ? "111111" : "000000";
  const submit = form(page).getByRole("button", { name: "验证码登录" });
  for (const left of [4, 3, 2, 1]) {
    await form(page).getByLabel("验证码").fill(wrong);
    await submit.click();
    await expect(form(page).getByText(`验证码错误，还可尝试${left}次`)).toBeVisible();
  }
  await form(page).getByLabel("验证码").fill(wrong);
  await submit.click();
  await expect(form(page).getByText("验证码错误次数过多，请重新获取")).toBeVisible();
  await form(page).getByLabel("验证码").fill(code);
  await submit.click();
  await expect(form(page).getByText("验证码已失效，请重新获取")).toBeVisible();
  await expect(page.getByRole("banner").getByRole("button", { name: "登录" })).toBeVisible();
});
