// html.test.mjs -- flame-graph --format=html (the canvas viewer) in a real browser.
//
// Writes small profiles with the built flame-graph, opens them in Debian's
// headless Chromium (playwright-core) and checks what the viewer shows:
// no errors and no network, hover details, zoom into a frame narrower than
// a pixel, the callers/callees view, the table, search, URL state and keys.
// Screenshots of each view go to FLAMEKIT_OUT_DIR.
//
// Run by testdata/browser/run.sh (the meson test "browser-html"), which sets
//   FLAMEKIT_CMD_DIR   the build's cmd/ directory
//   FLAMEKIT_OUT_DIR   where the pages and screenshots go
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CMD = process.env.FLAMEKIT_CMD_DIR;
const OUT = process.env.FLAMEKIT_OUT_DIR;
const CHROMIUM = process.env.FLAMEKIT_CHROMIUM || '/usr/bin/chromium';
if (!CMD || !OUT)
	throw new Error('set FLAMEKIT_CMD_DIR and FLAMEKIT_OUT_DIR');

// A profile with a frame far narrower than a pixel ("tiny", 3 of 1,000,003
// samples) whose children only zooming shows, and a function called from
// two places and recursively ("shared": 4 + 2 + 1 = 7 samples).
const HOSTILE = '</script><script>alert(1)</script>';
const FOLDED = [
	'main;big;work 1000000',
	'main;tiny;leaf_one 2',
	'main;tiny;leaf_two 1',
	'main;a;shared;x 4',
	'main;b;shared;y 2',
	'main;b;shared;shared;z 1',
	`main;${HOSTILE};<!--x 5`,
	'main;u\u2028v\u2029w 1',
	'',
].join('\n');
const TOTAL = 1000000 + 2 + 1 + 4 + 2 + 1 + 5 + 1;

let browser;
const pages = {};

function render(name, input, args = []) {
	const file = path.join(OUT, name + '.html');
	execFileSync(path.join(CMD, 'flame-graph'), [...args, '-o', file], { input });
	return pathToFileURL(file).href;
}

async function open(url, { loads = true } = {}) {
	const context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
	const page = await context.newPage();
	page.setDefaultTimeout(15000);
	const errors = [], requests = [], dialogs = [];
	page.on('pageerror', e => errors.push(String(e)));
	page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
	page.on('request', r => requests.push(r.url()));
	page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
	await page.goto(url);
	// A page that cannot load says why in fkViewer.errors instead.
	await page.waitForFunction(loads ? () => window.fkViewer && window.fkViewer.ready > 0
	    : () => window.fkViewer && window.fkViewer.errors.length > 0);
	return { context, page, errors, requests, dialogs };
}

const drawn = (page, view = 'flame') => page.evaluate(v => window.fkViewer.drawn(v), view);
const find = (frames, name) => frames.find(f => f.name === name);
const shot = (page, name) => page.screenshot({ path: path.join(OUT, name + '.png'), fullPage: true });

before(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	pages.main = render('html-main', FOLDED, ['--title', HOSTILE]);
	// A folded name with bytes that are not UTF-8.
	pages.bad = render('html-bad-utf8', Buffer.concat([Buffer.from('main;bad'),
		Buffer.from([0xff, 0xfe, 0xc0, 0x80]), Buffer.from(' 3\nmain;ok 1\n')]));
	pages.dark = render('html-dark', FOLDED, ['--theme', 'dark', '--inverted']);
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
	if (browser)
		await browser.close();
});

test('loads without errors, dialogs or network; hostile names stay text', async () => {
	const { context, page, errors, requests, dialogs } = await open(pages.main);
	assert.deepEqual(errors, []);
	assert.deepEqual(await page.evaluate(() => window.fkViewer.errors), []);
	assert.deepEqual(dialogs, []);
	assert.deepEqual(requests, [pages.main], 'the page loads nothing else');
	assert.equal(await page.locator('#fk-title').textContent(), HOSTILE);
	assert.equal(await page.title(), HOSTILE);
	// Ours: the profile's head, its node table and the viewer.
	assert.equal(await page.locator('script').count(), 3, 'no script was injected');
	assert.equal(await page.locator('script#fk-nodes').count(), 1);
	const names = (await drawn(page)).map(f => f.name);
	assert.ok(names.includes('main') && names.includes('big') && names.includes('work'));
	await shot(page, 'html-flame');
	// The names the drawing cannot label are in the table, as text.
	await page.locator('#fk-tab-table').click();
	const cells = await page.locator('#fk-table tbody td:last-child').allTextContents();
	assert.ok(cells.includes(HOSTILE), cells.join('|'));
	assert.ok(cells.includes('<!--x'));
	assert.ok(cells.includes('u\u2028v\u2029w'));
	await context.close();
});

test('invalid UTF-8 names are shown with replacement characters', async () => {
	const { context, page, errors } = await open(pages.bad);
	assert.deepEqual(errors, []);
	const names = (await drawn(page)).map(f => f.name);
	assert.ok(names.some(n => n.startsWith('bad') && n.includes('\ufffd')), names.join('|'));
	await context.close();
});

test('hover shows name, count, percentages and self', async () => {
	const { context, page } = await open(pages.main);
	const work = find(await drawn(page), 'work');
	await page.mouse.move(work.x + work.w / 2, work.y);
	const details = await page.locator('#fk-details').textContent();
	assert.equal(details, `Function: work (1,000,000 samples, ${(100 * 1000000 / TOTAL).toFixed(2)}% of all; self 1,000,000)`);
	assert.ok(await page.locator('#fk-tip').isVisible());
	const main = find(await drawn(page), 'main');
	await page.mouse.move(main.x + 5, main.y);
	assert.match(await page.locator('#fk-details').textContent(), /main \(1,000,016 samples, 100\.00% of all; self 0\)/);
	await context.close();
});

test('keyboard reaches a frame narrower than a pixel; Enter zooms and shows its children', async () => {
	const { context, page } = await open(pages.main);
	const before = await drawn(page);
	assert.equal(find(before, 'tiny'), undefined, 'tiny is not drawn at full width');
	await page.locator('#fk-canvas').focus();
	// all -> main -> its first child, then along the siblings to "tiny".
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowUp');
	for (let k = 0; k < 10; k++) {
		const d = await page.locator('#fk-details').textContent();
		if (d.startsWith('Function: tiny '))
			break;
		await page.keyboard.press('ArrowRight');
	}
	assert.match(await page.locator('#fk-details').textContent(), /^Function: tiny \(3 samples/);
	await page.keyboard.press('Enter');
	const after = await drawn(page);
	const tiny = find(after, 'tiny'), one = find(after, 'leaf_one'), two = find(after, 'leaf_two');
	assert.ok(tiny && one && two, after.map(f => f.name).join('|'));
	assert.ok(Math.abs(tiny.w - 1180) < 30, `tiny spans the width (${tiny.w})`);
	assert.ok(Math.abs(one.w / tiny.w - 2 / 3) < 0.01);
	assert.equal(find(after, 'big'), undefined);
	// Hover in the zoom: percentages of the whole and of the zoomed frame.
	await page.mouse.move(one.x + one.w / 2, one.y);
	assert.match(await page.locator('#fk-details').textContent(),
	    /leaf_one \(2 samples, 0\.00% of all, 66\.67% of the zoomed frame; self 2\)/);
	const crumbs = await page.locator('#fk-crumbs button').allTextContents();
	assert.deepEqual(crumbs, ['all', 'main', 'tiny']);
	assert.match(page.url(), /#zoom=\d+/);
	await shot(page, 'html-zoomed');
	// ArrowDown goes to the parent; Escape resets the zoom.
	await page.locator('#fk-canvas').focus();
	await page.keyboard.press('ArrowDown');
	assert.match(await page.locator('#fk-details').textContent(), /^Function: main /);
	await page.keyboard.press('Escape');
	assert.deepEqual(await page.locator('#fk-crumbs button').allTextContents(), ['all']);
	assert.ok(find(await drawn(page), 'big'));
	await context.close();
});

test('clicking a frame zooms; a breadcrumb zooms back out', async () => {
	const { context, page } = await open(pages.main);
	const big = find(await drawn(page), 'big');
	await page.mouse.click(big.x + big.w / 2, big.y);
	assert.deepEqual(await page.locator('#fk-crumbs button').allTextContents(), ['all', 'main', 'big']);
	await page.locator('#fk-crumbs button', { hasText: 'main' }).click();
	assert.deepEqual(await page.locator('#fk-crumbs button').allTextContents(), ['all', 'main']);
	await page.locator('#fk-reset').click();
	assert.deepEqual(await page.locator('#fk-crumbs button').allTextContents(), ['all']);
	await context.close();
});

test('sandwich: callers and callees total the function once, recursion included', async () => {
	const { context, page } = await open(pages.main + '#view=sandwich&sel=shared');
	assert.equal(await page.locator('#fk-view-sandwich').isVisible(), true);
	assert.match(await page.locator('#fk-sw-title').textContent(), /^shared: 7 samples/);
	assert.deepEqual(await page.evaluate(() => window.fkViewer.sandwich), { callers: 7, callees: 7 });
	const callers = await drawn(page, 'callers'), callees = await drawn(page, 'callees');
	const root = callers.filter(f => f.depth === 0);
	assert.equal(root.length, 1);
	assert.equal(root[0].name, 'shared');
	assert.deepEqual(callers.filter(f => f.depth === 1).map(f => [f.name, f.total]).sort(),
	    [['a', 4], ['b', 3]], 'the inner, recursive call is not a caller of its own');
	assert.deepEqual(callees.filter(f => f.depth === 1).map(f => [f.name, f.total]).sort(),
	    [['shared', 1], ['x', 4], ['y', 2]]);
	await shot(page, 'html-sandwich');
	await context.close();
});

test('table: sort, filter, and a click selects the function', async () => {
	const { context, page } = await open(pages.main + '#view=table');
	const rows = page.locator('#fk-table tbody tr');
	assert.equal(await rows.first().locator('td').last().textContent(), 'work', 'by self first');
	await page.locator('#fk-table th button[data-sort="total"]').click();
	assert.equal(await page.locator('#fk-table th[aria-sort="descending"]').textContent(), 'Total');
	assert.equal(await rows.first().locator('td').last().textContent(), 'main');
	await page.locator('#fk-table th button[data-sort="name"]').click();
	assert.equal(await page.locator('#fk-table th[aria-sort="ascending"]').textContent(), 'Function');
	await shot(page, 'html-table');
	await page.locator('#fk-filter').fill('SHAR');
	assert.equal(await rows.count(), 1);
	const cells = await rows.first().locator('td').allTextContents();
	assert.match(cells[1], /^7 \(/, 'total of a recursive function counts it once');
	assert.match(cells[0], /^0 \(/, 'every sample of "shared" is in a callee');
	await rows.first().click();
	assert.equal(await page.locator('#fk-view-sandwich').isVisible(), true);
	assert.match(page.url(), /sel=shared/);
	await context.close();
});

test('search: regex, case toggle, matched share without double counting', async () => {
	const { context, page } = await open(pages.main);
	await page.keyboard.press('/');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'fk-search');
	// "shared" nests in itself: its 7 samples count once.
	await page.keyboard.type('^sha');
	const pct = (100 * 7 / TOTAL).toFixed(2);
	assert.equal(await page.locator('#fk-matched').textContent(), `Matched: ${pct}%`);
	await page.locator('#fk-search').fill('^WORK$');
	assert.equal(await page.locator('#fk-matched').textContent(), 'Matched: 0.00%');
	await page.locator('#fk-case').click();
	assert.equal(await page.locator('#fk-case').getAttribute('aria-pressed'), 'true');
	assert.equal(await page.locator('#fk-matched').textContent(),
	    `Matched: ${(100 * 1000000 / TOTAL).toFixed(2)}%`);
	assert.match(page.url(), /q=%5EWORK%24/);
	assert.match(page.url(), /ci=1/);
	await page.locator('#fk-search').fill('(');
	assert.equal(await page.locator('#fk-search').getAttribute('aria-invalid'), 'true');
	await page.locator('#fk-search').fill('work');
	await shot(page, 'html-search');
	// The match is drawn in the search colour.
	const work = find(await drawn(page), 'work');
	const px = await page.evaluate(([x, y]) => {
		const c = document.getElementById('fk-canvas'), r = c.getBoundingClientRect();
		const d = window.devicePixelRatio;
		return Array.from(c.getContext('2d').getImageData(Math.round((x - r.left) * d),
		    Math.round((y - r.top - window.scrollY) * d), 1, 1).data.slice(0, 3));
	}, [work.x + work.w / 2, work.y]);
	assert.deepEqual(px, [230, 0, 230]);
	await context.close();
});

test('the URL fragment restores view, zoom, selection and search', async () => {
	let { context, page } = await open(pages.main);
	const big = find(await drawn(page), 'big');
	await page.mouse.click(big.x + big.w / 2, big.y);
	await page.locator('#fk-search').fill('wor');
	const url = await page.evaluate(() => location.href);
	assert.match(url, /q=wor/);
	await context.close();
	({ context, page } = await open(url));
	assert.deepEqual(await page.locator('#fk-crumbs button').allTextContents(), ['all', 'main', 'big']);
	assert.equal(await page.locator('#fk-search').inputValue(), 'wor');
	const st = await page.evaluate(() => window.fkViewer.state());
	assert.equal(st.sel, 'big');
	assert.equal(st.q, 'wor');
	assert.equal(find(await drawn(page), 'tiny'), undefined);
	await context.close();
});

test('ARIA: tabs, canvas label, live details', async () => {
	const { context, page } = await open(pages.main);
	assert.equal(await page.locator('[role=tablist] [role=tab]').count(), 3);
	assert.equal(await page.locator('#fk-tab-flame').getAttribute('aria-selected'), 'true');
	assert.match(await page.locator('#fk-canvas').getAttribute('aria-label'), /Arrow keys/);
	assert.equal(await page.locator('#fk-details').getAttribute('aria-live'), 'polite');
	assert.equal(await page.locator('#fk-canvas').getAttribute('tabindex'), '0');
	await context.close();
});

test('dark theme and --inverted: root at the top', async () => {
	const { context, page, errors } = await open(pages.dark);
	assert.deepEqual(errors, []);
	assert.equal(await page.evaluate(() => document.body.className), 'dark');
	const f = await drawn(page);
	assert.ok(find(f, 'all').y < find(f, 'main').y);
	await shot(page, 'html-dark');
	await context.close();
});

test('a large profile draws its overview first, then zooms into any frame', async () => {
	// 110,000 frames of one sample beside one of 10^8: none is in the overview.
	const lines = ['main;big 100000000'];
	for (let k = 0; k < 110000; k++)
		lines.push(`main;n${k} 1`);
	const url = render('html-large', lines.join('\n') + '\n');
	// Frames: all, main, big, then n0 (index 3): n0 < n1 < n10 in byte order.
	const { context, page, errors } = await open(url + '#zoom=3');
	assert.deepEqual(errors, []);
	assert.equal(await page.locator('script#fk-overview').count(), 1);
	const marks = (await page.evaluate(() => window.fkViewer.marks)).map(m => m[0]);
	assert.ok(marks.indexOf('overview drawn') < marks.indexOf('profile decoded'), marks.join(','));
	assert.deepEqual(await page.locator('#fk-crumbs button').allTextContents(), ['all', 'main', 'n0']);
	const n0 = find(await drawn(page), 'n0');
	assert.ok(n0 && n0.w > 1000, 'the one-sample frame fills the zoomed width');
	await context.close();
});

test('a node table reads as the same frames as the frame records', async () => {
	// Sibling order of flamegraph.pl's sorted lines ("f" with a count of its own
	// before "f.part.0", before "f" without), 40 siblings (past the short sort),
	// and --total: the root spans more than its frames.
	const lines = ['main;f 3', 'main;f;g 2', 'main;f.part.0 1', 'main;f;h 1', 'main;fa 1',
		'x;f;g 1', 'x;f.part.0;g 2', 'all;x 1'];
	for (let k = 0; k < 40; k++)
		lines.push(`main;wide;w${(k * 17) % 40} ${1 + (k % 5)}`);
	const input = lines.join('\n') + '\n';
	const frames = [];
	// --random colours by frame: frame records, not the node table; the layout is the same.
	for (const [name, args] of [['html-nodes', []], ['html-records', ['--random']]]) {
		const { context, page, errors } = await open(render(name, input, ['--total', '1000', ...args]));
		assert.deepEqual(errors, []);
		assert.equal(await page.locator('script#fk-nodes').count(), name === 'html-nodes' ? 1 : 0);
		frames.push(await page.evaluate(() => window.fkViewer.frames()));
		await context.close();
	}
	assert.deepEqual(frames[0], frames[1]);
	assert.equal(frames[0].total[0], 1000);
	assert.deepEqual(frames[0].name.slice(0, 6), ['all', 'all', 'x', 'main', 'f', 'g']);
});

test('a damaged node table is reported, not drawn', async () => {
	render('html-damaged', 'main;a 2\nmain;b 3\n');
	const file = path.join(OUT, 'html-damaged.html');
	const page0 = fs.readFileSync(file, 'latin1');
	const at = page0.indexOf('id="fk-nodes">') + 'id="fk-nodes">'.length;
	const cases = {
		'a newline in the digits': page0.slice(0, at + 2) + '\n' + page0.slice(at + 2),
		'cut short': page0.slice(0, at + 4) + page0.slice(page0.indexOf('</script>', at)),
		'a name past the table': page0.slice(0, at + 1) + '~~~^' + page0.slice(at + 2),
	};
	for (const [what, text] of Object.entries(cases)) {
		const bad = path.join(OUT, 'html-damaged-' + what.replace(/ /g, '-') + '.html');
		fs.writeFileSync(bad, text, 'latin1');
		const { context, page, errors } = await open(pathToFileURL(bad).href, { loads: false });
		assert.deepEqual(errors, [], what);
		assert.match(await page.locator('#fk-details').textContent(),
		    /^Cannot read the profile: Error: bad node table/, what);
		await context.close();
	}
});

test('differential input: before, after and change on hover, new frames outlined', async () => {
	const url = render('html-diff', 'main;grew 1 5\nmain;shrank 6 2\nmain;new 0 3\n');
	const { context, page, errors } = await open(url);
	assert.deepEqual(errors, []);
	const grew = find(await drawn(page), 'grew');
	await page.mouse.move(grew.x + grew.w / 2, grew.y);
	assert.match(await page.locator('#fk-details').textContent(),
	    /grew \(5 samples, 50\.00% of all; self 5\) before 1, after 5, change \+40\.00%/);
	const nw = find(await drawn(page), 'new');
	await page.mouse.move(nw.x + nw.w / 2, nw.y);
	assert.match(await page.locator('#fk-details').textContent(), /\(new\)$/);
	assert.match(await page.locator('#fk-legend').textContent(), /Red: grew; blue: shrank/);
	await shot(page, 'html-diff');
	await context.close();
});

test('time and bytes read as in the SVG: the same figures for the same counts', async () => {
	const cases = {
		'html-unit-time': ['# unit: nanoseconds', 'main;slow 1310000000', 'main;fast 950000',
			'main;quick 65500', 'main;slow;inner 2500000000', ''].join('\n'),
		'html-unit-bytes': ['# unit: bytes', 'main;slow 68681728', 'main;fast 999',
			'main;quick 1000', ''].join('\n'),
	};
	for (const [name, input] of Object.entries(cases)) {
		const url = render(name, input);
		const svgFile = path.join(OUT, name + '.svg');
		execFileSync(path.join(CMD, 'flame-graph'), ['-o', svgFile], { input });
		const { context, page, errors } = await open(url);
		assert.deepEqual(errors, []);
		// The SVG's own formatting (share/flamegraph.js), in its page.
		const svgPage = await context.newPage();
		await svgPage.goto(pathToFileURL(svgFile).href);
		await svgPage.waitForFunction(() => window.fk && window.fk.svg);
		const counts = {};
		for (const line of input.split('\n').slice(1, -1)) {
			const [stack, n] = line.split(' ');
			const leaf = stack.split(';').pop();
			counts[leaf] = (counts[leaf] || 0) + Number(n);
		}
		counts.slow += name.endsWith('time') ? 2500000000 : 0;
		const svgSays = await svgPage.evaluate(c => Object.fromEntries(Object.entries(c)
		    .map(([k, v]) => [k, [fmt_amount(v), fmt_count(v)]])), counts);
		assert.match(svgSays.slow[0], name.endsWith('time') ? /^3\.81 s = 3,810,000,000 ns$/ :
		    /^68\.7 MB = 68,681,728 B$/);
		// Hover: the frame's amount as fmt_amount writes it.
		const slow = find(await drawn(page), 'slow');
		await page.mouse.move(slow.x + slow.w / 2, slow.y);
		const details = await page.locator('#fk-details').textContent();
		assert.ok(details.startsWith(`Function: slow (${svgSays.slow[0]}, `), details);
		// The table: self and total as fmt_count writes them.
		await page.locator('#fk-tab-table').click();
		for (const row of await page.locator('#fk-table tbody tr').all()) {
			const cells = await row.locator('td').allTextContents();
			const fn = cells[2];
			if (fn === 'slow' || fn === 'main' || !(fn in counts))
				continue;
			assert.equal(cells[0].replace(/ \(.*/, ''), svgSays[fn][1], `${name} ${fn}`);
		}
		const quick = (await page.locator('#fk-table tbody tr', { hasText: 'quick' })
		    .locator('td').allTextContents())[1];
		assert.ok(quick.startsWith(svgSays.quick[1] + ' ('), quick);
		assert.match(quick, name.endsWith('time') ? /^65\.5 µs/ : /^1 kB/);
		await context.close();
	}
});
