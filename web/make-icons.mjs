// Makes the app's PNG icons from web/icons/icon.svg (the project's own drawing: bars rising in the palette's
// accent red on white, with "CS"). Run it after changing the SVG, then commit the PNGs:
//   node web/make-icons.mjs
// It rasterises the SVG in Debian's Chromium through playwright-core (nothing is downloaded):
// icon-192.png, icon-512.png, and icon-maskable-512.png (the drawing at 70 % on a full white square, so that
// the launcher's circle or squircle mask never cuts it: the safe zone is the centre circle of 80 %).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'icons');
const svg = await readFile(join(dir, 'icon.svg'), 'utf8');
const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  for (const [name, size, scale, background] of [
    ['icon-192.png', 192, 1, 'transparent'],
    ['icon-512.png', 512, 1, 'transparent'],
    ['icon-maskable-512.png', 512, 0.7, '#ffffff'],
  ]) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const inner = Math.round(size * scale);
    await page.setContent(
      `<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${background}">` +
        `<img src="${src}" width="${inner}" height="${inner}"></body>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: join(dir, name), omitBackground: background === 'transparent' });
    await page.close();
    console.log(`wrote web/icons/${name}`);
  }
} finally {
  await browser.close();
}
