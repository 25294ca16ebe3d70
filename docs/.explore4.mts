import { chromium } from 'playwright-core';
import { startStaticServer } from './src/static-server.js';
const server = await startStaticServer({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
await page.goto(`${server.url}/echocue/index.html#/contacts/listcontacttypes`, { waitUntil: 'networkidle' });
await page.waitForTimeout(2500);
const sec = page.locator(`[data-section-id="/contacts/listcontacttypes"]`);
const pre = sec.locator('pre').first();
console.log(await pre.evaluate((el) => { let e = el; const out = []; for (let i = 0; i < 4 && e; i++) { out.push(e.tagName + '.' + e.className + ' ' + JSON.stringify(getComputedStyle(e).padding)); e = e.parentElement; } return out.join('\n'); }));
const info = await pre.evaluate((el) => {
  let anc = el.parentElement; let copy = null;
  while (anc && !(copy = anc.querySelector('[data-testid="copy-button"]'))) anc = anc.parentElement;
  const path = []; let e = copy; while (e && e !== anc) { path.push(e.tagName + '.' + e.className.split(' ').filter(c => !c.startsWith('sc-')).join('.') + ' pos=' + getComputedStyle(e).position); e = e.parentElement; }
  const pp = []; e = el; while (e && e !== anc) { pp.push(e.tagName + '.' + (e.className || '').split(' ').filter(c => !c.startsWith('sc-')).join('.') + ' ' + e.getAttribute('data-component-name')); e = e.parentElement; }
  const r1 = copy.getBoundingClientRect(); const r2 = el.getBoundingClientRect();
  return { anc: anc.tagName + ' ' + anc.className + ' ' + anc.getAttribute('data-component-name'), path, pp, copy: [r1.x, r1.y, r1.width, r1.height], pre: [r2.x, r2.y, r2.width, r2.height], firstLine: el.textContent.split('\n')[0] };
});
console.log(JSON.stringify(info, null, 1));
await browser.close(); await server.close();
