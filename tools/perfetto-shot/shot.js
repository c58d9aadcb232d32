#!/usr/bin/env node
// Usage: node shot.js TRACE.json OUT.png
// Serves ./perfetto_ui (see setup.sh) on 127.0.0.1, opens it in headless chromium, loads the trace
// through the UI's own "Open trace file" input, waits for its tracks and takes a screenshot.
// CHROMIUM names the browser (default: Debian's /usr/bin/chromium).
const { chromium } = require('playwright-core');
const http = require('http');
const fs = require('fs');
const path = require('path');

const [trace, out] = process.argv.slice(2).map((p) => path.resolve(p));
if (!trace || !out) {
  console.error('usage: node shot.js TRACE.json OUT.png');
  process.exit(2);
}
const root = path.join(__dirname, 'perfetto_ui');
const mime = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.woff2': 'font/woff2' };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(req.url.split('?')[0]);
  if (p.endsWith('/')) p += 'index.html';
  const f = path.join(root, path.normalize(p));
  if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'Content-Type': mime[path.extname(f)] || 'application/octet-stream' });
  fs.createReadStream(f).pipe(res);
});
server.listen(0, '127.0.0.1', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  let code = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.goto(`http://127.0.0.1:${server.address().port}/#!/viewer`);
    const input = page.locator('input.trace_file');
    await input.waitFor({ state: 'attached', timeout: 60000 });
    await input.setInputFiles(trace);
    await page.waitForFunction(() => document.body.innerText.includes('Oops, something went wrong')
      || (document.querySelectorAll('.pf-track__title').length > 0
        && !/Opening trace|Loading trace/i.test(document.body.innerText)), null, { timeout: 120000 });
    if (await page.evaluate(() => document.body.innerText.includes('Oops, something went wrong'))) {
      throw new Error('the Perfetto UI could not open the trace');
    }
    await page.waitForTimeout(1500); // let the canvases paint
    await page.screenshot({ path: out });
    console.log(`screenshot: ${out}`);
  } catch (e) {
    console.error(e.message);
    code = 1;
  } finally {
    await browser.close();
    server.close();
    process.exit(code);
  }
});
