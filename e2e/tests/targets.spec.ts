// On a phone, every control can be hit with a finger and every table shows that it has more
// columns than fit: checked on every page (and the sign-in dialog) at 360 px.
//  - Every interactive element is at least 44×44 CSS px; a link inside running text (a
//    sentence, a breadcrumb) at least 24 px, as WCAG 2.2's target size allows for inline text.
//  - A table wider than its box sits in a box that scrolls sideways and says so in words
//    (components::admission::TableBox); none is cut off by the page's edge.
import { test, expect, Page } from "./fixtures";
import { EVERY_PAGE, seedSchool } from "./data";

test.beforeEach(async ({}, info) => test.skip(info.project.name !== "phone", "a finger's targets: the phone viewport"));

/** The controls smaller than a finger: `what: w×h` for each. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const INTERACTIVE =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"], [tabindex]:not([tabindex="-1"])';
    const blocks = new Set(["block", "flex", "grid", "list-item", "table-cell", "table-caption"]);
    // Text of the block around `el` that is not in a control: a link among it is inline text.
    const inRunningText = (el: Element) => {
      if (getComputedStyle(el).display !== "inline") return false;
      let block = el.parentElement;
      while (block && !blocks.has(getComputedStyle(block).display)) block = block.parentElement;
      if (!block) return false;
      const copy = block.cloneNode(true) as Element;
      copy.querySelectorAll(INTERACTIVE).forEach((c) => c.remove());
      return (copy.textContent ?? "").replace(/\s+/g, "").length >= 2;
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll(INTERACTIVE)) {
      // A radio or checkbox is hit through its label.
      const target = (el as HTMLInputElement).type === "radio" || (el as HTMLInputElement).type === "checkbox" ? el.closest("label") ?? el : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered
      if (getComputedStyle(target).visibility === "hidden") continue;
      if (box.bottom + scrollY <= 0 || box.right <= 0) continue; // shown on focus only (the skip link)
      if (el.closest(".visually-hidden")) continue;
      const least = el.tagName === "A" && inRunningText(el) ? 24 : 44;
      if (box.width < least - 0.5 || box.height < least - 0.5) {
        const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 20);
        out.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""} "${name}": ${Math.round(box.width)}×${Math.round(box.height)} (< ${least})`);
      }
    }
    return out;
  });
}

/** Tables that hide columns without saying so. */
async function hiddenColumns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const page = document.documentElement.clientWidth;
    for (const table of document.querySelectorAll("table")) {
      const name = (table.querySelector("caption")?.textContent ?? table.className).trim().slice(0, 30);
      const width = table.getBoundingClientRect().width;
      let box = table.parentElement;
      while (box && !["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
      if (!box || box === document.body || box === document.documentElement) {
        if (table.getBoundingClientRect().right > page + 1) out.push(`${name}: wider than the page`);
        continue;
      }
      if (width <= box.clientWidth + 1) continue;
      const cue = box.closest(".table-frame")?.querySelector(".table-cue");
      const shown = cue && (cue as HTMLElement).offsetParent !== null && cue.getBoundingClientRect().height > 0;
      if (!shown || !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
        out.push(`${name}: ${Math.round(width)} px in a ${box.clientWidth} px box with no cue`);
      }
    }
    return out;
  });
}

async function settled(page: Page) {
  await expect(page.locator("main h1").first()).toBeVisible();
  await expect(page.locator(".skeleton")).toHaveCount(0);
}

for (const [name, path] of EVERY_PAGE) {
  test(`every control on ${name} is a finger wide, and no table hides a column unsaid`, async ({ page }) => {
    await page.goto(path);
    await settled(page);
    expect(await smallTargets(page)).toEqual([]);
    expect(await hiddenColumns(page)).toEqual([]);
  });
}

test("the sign-in dialog's controls are a finger wide", async ({ page }) => {
  await page.goto(`/schools/${seedSchool.id}`);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByLabel("账号", { exact: true })).toBeFocused();
  expect(await smallTargets(page)).toEqual([]);
});

test("the compare tray's controls are a finger wide", async ({ page }) => {
  await page.goto("/schools?level=undergraduate");
  const add = page.getByRole("button", { name: /^加入对比/ });
  for (let i = 0; i < 2; i++) await add.nth(i).click();
  await expect(page.getByRole("region", { name: "院校对比" })).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
});
