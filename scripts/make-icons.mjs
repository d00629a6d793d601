// Renders the app icons (PNG, for the web app manifest and home screens) from one SVG design,
// in Debian's Chromium. Run once after changing the design: node scripts/make-icons.mjs
import { chromium } from "playwright-core";
import { launchOptions } from "../e2e/chromium.mjs";

const svg = (size, maskable) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="${maskable ? 0 : 14}" fill="#1d4e89"/>
  <text x="32" y="${maskable ? 42 : 44}" font-size="${maskable ? 26 : 34}" text-anchor="middle" fill="#fff" font-weight="700"
    font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif">海</text></svg>`;

const browser = await chromium.launch(launchOptions);
const page = await browser.newPage();
for (const [name, size, maskable] of [["icon-192.png", 192, false], ["icon-512.png", 512, false], ["maskable-512.png", 512, true], ["apple-touch-icon.png", 180, true]]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0">${svg(size, maskable)}</body>`);
  await page.screenshot({ path: `public/icons/${name}`, omitBackground: true });
}
await browser.close();
