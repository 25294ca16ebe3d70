import { chromium } from 'playwright-core';
import { startStaticServer } from './src/static-server.js';
const server = await startStaticServer({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
await page.goto(`${server.url}/echocue/index.html`, { waitUntil: 'networkidle' });
await page.waitForTimeout(2000);
console.log(await page.evaluate(() => [...document.querySelectorAll('button')].filter(e => getComputedStyle(e).position === 'fixed').map(e => e.outerHTML.slice(0, 300) + ' PARENT ' + e.parentElement?.outerHTML.slice(0, 200))));
await browser.close(); await server.close();
