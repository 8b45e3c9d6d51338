// html-load.mjs FILE.html... -- load flame-graph HTML pages in Debian's
// headless Chromium and print, per page, one JSON line: milliseconds from
// navigation to the first complete drawing (firstDraw) and until every frame
// can be zoomed into (ready), and the viewer's load phases (marks).
// Used by testdata/tools/html-bench.py; needs `npm ci` here.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const browser = await chromium.launch({
	executablePath: process.env.FLAMEKIT_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
	for (const file of process.argv.slice(2)) {
		const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
		const errors = [];
		page.on('pageerror', e => errors.push(String(e)));
		await page.goto(pathToFileURL(file).href, { timeout: 300000 });
		await page.waitForFunction(() => window.fkViewer && window.fkViewer.ready > 0, null,
		    { timeout: 300000, polling: 50 });
		const v = await page.evaluate(() => window.fkViewer);
		console.log(JSON.stringify({ file, firstDraw: Math.round(v.firstDraw),
			ready: Math.round(v.ready), marks: v.marks, errors: errors.concat(v.errors) }));
		await page.close();
	}
} finally {
	await browser.close();
}
