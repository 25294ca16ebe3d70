import { chromium } from 'playwright-core';
import { startStaticServer } from './src/static-server.js';
const server = await startStaticServer({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
for (const path of ['echocue/index.html#/contacts/listcontacttypes', 'echocue/getting-started.html', 'index.html']) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/${path}`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(2500);
  console.log(path, await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, bw: document.body.scrollWidth, iw: window.innerWidth })));
  const fixed = await page.evaluate(() => [...document.querySelectorAll('body *')].filter(e => ['fixed','sticky'].includes(getComputedStyle(e).position)).map(e => { const r = e.getBoundingClientRect(); return `${e.tagName}.${String(e.className).slice(0,60)} ${getComputedStyle(e).position} ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)} z=${getComputedStyle(e).zIndex}`; }));
  console.log(fixed.join('\n'));
  await page.screenshot({ path: `/tmp/cx/m-${path.split('/')[0].replace('.html','')}-${path.includes('getting') ? 'gs' : 'x'}.png` });
  await page.close();
}
await browser.close(); await server.close();
