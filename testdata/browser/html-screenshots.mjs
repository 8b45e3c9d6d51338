// html-screenshots.mjs PAGE.html DARK.html OUTDIR -- the README's pictures
// of the HTML viewer: each view of PAGE (flame graph with hover, zoomed,
// search, callers/callees of "burn", top table) and DARK's flame graph, as
// OUTDIR/html-*.png.  Needs `npm ci` here.  Regenerate with:
//   build/cmd/flame-collapse testdata/perf/demo.perf.txt > demo.folded
//   build/cmd/flame-graph -o demo.html demo.folded
//   build/cmd/flame-graph --theme dark -o demo-dark.html demo.folded
//   node testdata/browser/html-screenshots.mjs demo.html demo-dark.html share
import { chromium } from 'playwright-core';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [page1, page2, out] = process.argv.slice(2);
const browser = await chromium.launch({
	executablePath: process.env.FLAMEKIT_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const shot = (page, name) => page.screenshot({ path: path.join(out, `html-${name}.png`) });
async function open(file, hash = '') {
	const page = await browser.newPage({ viewport: { width: 1000, height: 330 } });
	await page.goto(pathToFileURL(file).href + hash);
	await page.waitForFunction(() => window.fkViewer && window.fkViewer.ready > 0);
	return page;
}
const frame = async (page, name) =>
	(await page.evaluate(() => window.fkViewer.drawn())).find(f => f.name === name);
try {
	let page = await open(page1);
	const f = await frame(page, 'fetch_data');
	await page.mouse.move(f.x + f.w / 2, f.y);
	await shot(page, 'flame');
	await page.mouse.click(f.x + f.w / 2, f.y);
	await page.mouse.move(0, 0);
	await shot(page, 'zoomed');
	await page.locator('#fk-reset').click();
	await page.locator('#fk-search').fill('parse|encode');
	await shot(page, 'search');
	await page.close();
	page = await open(page1, '#view=sandwich&sel=burn');
	await shot(page, 'sandwich');
	await page.close();
	page = await open(page1, '#view=table&sort=total');
	await shot(page, 'table');
	await page.close();
	page = await open(page2);
	await shot(page, 'dark');
	await page.close();
} finally {
	await browser.close();
}
