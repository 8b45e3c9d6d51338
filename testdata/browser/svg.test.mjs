// svg.test.mjs -- flame-graph's interactive SVG in a real browser.
//
// Renders testdata/perf captures with the built flame-collapse and
// flame-graph, opens the SVGs in Debian's headless Chromium (driven by
// playwright-core, which downloads no browser of its own) and checks the
// DOM after hovering, zooming, searching and resetting; also loads them with
// JavaScript disabled and embedded in <object> and <iframe>.
//
// Run by testdata/browser/run.sh (the meson test "browser-svg"), which sets
//   FLAMEKIT_CMD_DIR   the build's cmd/ directory
//   FLAMEKIT_PERF_DIR  testdata/perf
//   FLAMEKIT_OUT_DIR   where SVGs, the HTML page and screenshots go
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CMD = process.env.FLAMEKIT_CMD_DIR;
const PERF = process.env.FLAMEKIT_PERF_DIR;
const OUT = process.env.FLAMEKIT_OUT_DIR;
const CHROMIUM = process.env.FLAMEKIT_CHROMIUM || '/usr/bin/chromium';
if (!CMD || !PERF || !OUT)
	throw new Error('set FLAMEKIT_CMD_DIR, FLAMEKIT_PERF_DIR and FLAMEKIT_OUT_DIR');

// Settings of the default SVG (flame-graph's defaults).
const XPAD = 10, WIDTH = 1200, FULL = WIDTH - 2 * XPAD;
const FONTSIZE = 12, FONTWIDTH = 0.59;
const SEARCH_COLOR = 'rgb(40,200,250)';

let browser, profile;
// Frame names that try to break out of the SVG's text, attributes or script.
const HOSTILE = [
	['</script><script>alert(1)</script>', 5],
	[']]><x onload="alert(2)">', 3],
	['"onload="alert(3)', 2],
	['<img src=x onerror=alert(4)>', 1],
	["')+alert(5)//", 1],
];
const svgs = {};   // name -> {file, url, stacks}

// ---------------------------------------------------------------------------
// Inputs: folded stacks, and an independent model of them.

function collapse(capture) {
	return execFileSync(path.join(CMD, 'flame-collapse'),
	    [path.join(PERF, capture + '.perf.txt')], { encoding: 'utf8' });
}

function render(name, folded, args = []) {
	const file = path.join(OUT, name + '.svg');
	execFileSync(path.join(CMD, 'flame-graph'), [...args, '-o', file],
	    { input: folded });
	return { file, url: pathToFileURL(file).href, stacks: parseFolded(folded) };
}

function parseFolded(text) {
	const stacks = [];
	for (const line of text.split('\n')) {
		const m = /^(.*) (\d+)$/.exec(line);
		if (m)
			stacks.push({ frames: m[1].split(';'), count: Number(m[2]) });
	}
	return stacks;
}

const startsWith = (frames, prefix) =>
	prefix.length <= frames.length && prefix.every((n, i) => frames[i] === n);

// Count of a frame given by its path (without "all"), and its own samples.
function countOf(stacks, p) {
	return stacks.filter(s => startsWith(s.frames, p)).reduce((a, s) => a + s.count, 0);
}

function totalOf(stacks) {
	return stacks.reduce((a, s) => a + s.count, 0);
}

function childrenOf(stacks, p) {
	const kids = new Set();
	for (const s of stacks)
		if (s.frames.length > p.length && startsWith(s.frames, p))
			kids.add(s.frames[p.length]);
	return [...kids];
}

// Percent of samples (under the zoomed path, if any) whose stack has a frame
// matching re at or above the zoomed frame: each sample counts once however
// many nested frames match.
function matchedPercent(stacks, re, zoom = []) {
	let all = 0, hit = 0;
	const from = Math.max(zoom.length - 1, 0);
	for (const s of stacks) {
		if (!startsWith(s.frames, zoom))
			continue;
		all += s.count;
		if (s.frames.slice(from).some(n => re.test(n)))
			hit += s.count;
	}
	return 100 * hit / all;
}

const commas = n => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const fit = (name, w) => {
	const chars = Math.floor(w / (FONTSIZE * FONTWIDTH));
	return chars < 3 ? '' : chars >= name.length ? name : name.substring(0, chars - 2) + '..';
};

// ---------------------------------------------------------------------------
// Browser helpers.

async function open(url, options = {}) {
	const context = await browser.newContext({ viewport: { width: 1300, height: 700 }, ...options });
	const page = await context.newPage();
	page.setDefaultTimeout(10000);
	const errors = [];
	page.on('pageerror', e => errors.push(String(e)));
	page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
	await page.goto(url);
	return { context, page, errors };
}

// Every frame as the DOM has it now, with its path rebuilt from depth
// (frames are written parents first). With click, first clicks frame
// number click (by event, in the same round trip).
function frames(where, click = -1) {
	return where.evaluate(click => {
		const out = [];
		const gs = document.getElementById('frames').children;
		if (click >= 0)
			gs[click].querySelector('rect').dispatchEvent(
			    new MouseEvent('click', { bubbles: true, cancelable: true }));
		let rootY = null;
		const stack = [];
		for (let i = 0; i < gs.length; i++) {
			const g = gs[i];
			const r = g.querySelector('rect'), t = g.querySelector('text');
			const title = g.querySelector('title').textContent;
			const y = parseFloat(r.getAttribute('y'));
			if (rootY === null)
				rootY = y;
			const depth = Math.round(Math.abs(rootY - y) / (parseFloat(r.getAttribute('height')) + 1));
			const name = title.replace(/ \([^()]*\)$/, '');
			stack.length = depth;
			stack[depth] = name;
			const box = r.getBoundingClientRect();
			out.push({
				i, name, title, depth, path: stack.slice(1, depth + 1),
				x: parseFloat(r.getAttribute('x')), w: parseFloat(r.getAttribute('width')), y,
				fill: r.getAttribute('fill'), label: t.textContent,
				labelWidth: t.textContent ? t.getComputedTextLength() : 0,
				cls: g.getAttribute('class') || '',
				display: getComputedStyle(g).display,
				opacity: parseFloat(getComputedStyle(g).opacity),
				visible: box.width > 0 && box.height > 0,
				self: g.getAttribute('data-s'), narrow: g.getAttribute('data-n'),
			});
		}
		return out;
	}, click);
}

const text = (where, id) => where.locator('#' + id).textContent();

function frameLocator(where, name, nth = 0) {
	return where.locator('#frames > *').filter({
		has: where.locator('title', { hasText: new RegExp('^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ' \\(') }),
	}).nth(nth);
}

async function searchWith(page, where, how, term) {
	const dialog = new Promise(resolve => page.once('dialog', async d => {
		resolve(d.message());
		await d.accept(term);
	}));
	if (how === 'button')
		await where.locator('#search').click();
	else
		await page.keyboard.press(how);
	return dialog;
}

function matchedValue(s) {
	const m = /^Matched: ([0-9.]+)%$/.exec(s);
	assert.ok(m, `matched text '${s}'`);
	return parseFloat(m[1]);
}

function assertMatched(s, expected, what) {
	const v = matchedValue(s);
	assert.ok(Math.abs(v - expected) <= 0.15, `${what}: shows ${v}%, expected ${expected.toFixed(3)}%`);
}

// ---------------------------------------------------------------------------

before(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	const demo = collapse('demo');
	svgs.demo = render('demo', demo, ['--search-color', SEARCH_COLOR]);
	svgs.inverted = render('demo-inverted', demo, ['--inverted']);
	svgs.kernel = render('kernel', collapse('kernel'), ['--minwidth', '4']);
	// Frames that round to zero width, some at the edge of wide ones.
	svgs.tiny = render('tiny', 'a;b 1000000\na;c;d 1\nb;x 1\nb;y;z 2\n', ['--minwidth', '0']);
	svgs.hostile = render('hostile', HOSTILE.map(([n, c]) => `main;${n} ${c}`).join('\n') + '\n');
	// Differential: a deep blue frame (white label), narrow new frames under "grow".
	let diff = 'main;shrunk 400 10\nmain;grow 0 0\nmain;kept 500 500\n';
	for (let i = 0; i < 40; i++)
		diff += `main;grow;n${String(i).padStart(2, '0')} 0 1\n`;
	svgs.diff = render('diff', diff, ['--diff-width=max']);
	fs.writeFileSync(path.join(OUT, 'embed.html'), `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>flame-graph embedded</title></head>
<body style="margin:0">
<object id="obj" type="image/svg+xml" data="demo.svg" width="1200" height="310"></object><br>
<iframe id="ifr" src="demo.svg?s=%5Eburn%24&amp;x=292.0&amp;y=165" width="1200" height="310" style="border:0"></iframe>
</body></html>
`);
	// playwright's launch() gives Chromium a fresh --user-data-dir of its
	// own under TMPDIR: point that at a directory we remove afterwards.
	profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flamekit-browser-'));
	process.env.TMPDIR = profile;
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		env: { ...process.env, TMPDIR: profile, HOME: profile },
	});
	assert.ok(fs.readdirSync(profile).some(n => n.startsWith('playwright_chromiumdev_profile-')),
	    'Chromium runs with a fresh --user-data-dir');
});

after(async () => {
	if (browser)
		await browser.close();
	if (profile)
		fs.rmSync(profile, { recursive: true, force: true });
});

test('frames, titles, self counts and hover details agree with the folded input', async () => {
	for (const key of ['demo', 'kernel']) {
		const { stacks, url } = svgs[key];
		const { context, page, errors } = await open(url);
		const fr = await frames(page);
		const total = totalOf(stacks);
		const drawn = new Set(fr.map(f => f.path.join(';')));
		assert.ok(fr.length > 10, `${key}: ${fr.length} frames`);
		assert.equal(fr[0].title, `all (${commas(total)} samples, 100%)`);
		let narrowSeen = 0;
		// Hover by event (every frame; the real mouse is used below).
		const hovered = await page.evaluate(() => [...document.getElementById('frames').children].map(g => {
			g.querySelector('rect').dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
			return document.getElementById('details').textContent;
		}));
		for (const f of fr) {
			const count = f.depth ? countOf(stacks, f.path) : total;
			const kids = childrenOf(stacks, f.path);
			const hidden = kids.filter(k => !drawn.has([...f.path, k].join(';')));
			const self = count - kids.filter(k => drawn.has([...f.path, k].join(';')))
			    .reduce((a, k) => a + countOf(stacks, [...f.path, k]), 0);
			narrowSeen += hidden.length;
			const details = hovered[f.i];
			const pct = (100 * count / total).toFixed(2) + '%';
			let want = `Function: ${f.name} (${commas(count)} samples, ${pct}; self ${commas(self)}`;
			if (hidden.length)
				want += `, ${hidden.length} narrow frame${hidden.length > 1 ? 's' : ''} merged`;
			assert.equal(details, want + ')', `${key}: details of ${f.path.join(';')}`);
		}
		if (key === 'kernel')
			assert.ok(narrowSeen > 0, 'kernel at --minwidth 4 merges narrow frames');
		assert.deepEqual(errors, []);
		await context.close();
	}
});

test('hover with the mouse shows and clears the details bar', async () => {
	const { context, page, errors } = await open(svgs.demo.url);
	assert.equal(await text(page, 'details'), ' ');
	await frameLocator(page, 'query_db').hover();
	assert.equal(await text(page, 'details'),
	    'Function: query_db (391,391,391 samples, 30.24%; self 0)');
	await frameLocator(page, 'burn', 3).hover();
	assert.equal(await text(page, 'details'),
	    'Function: burn (391,391,391 samples, 30.24%; self 390,390,390)');
	await page.mouse.move(600, 5);
	assert.equal(await text(page, 'details'), ' ');
	assert.deepEqual(errors, []);
	await context.close();
});

// After zooming to frame z: its ancestors (by path, not by geometry) span
// the full width dimmed, its descendants are scaled, all else is hidden.
async function checkZoom(page, z, before, { labels = true, after = null } = {}) {
	after ??= await frames(page);
	const ratio = FULL / z.w;
	const within = (p, q) => q.length <= p.length && q.every((n, k) => p[k] === n);
	for (const [k, f] of after.entries()) {
		const o = before[k];
		const what = `${f.path.join(';')} zoomed to ${z.path.join(';')}`;
		if (o.i === z.i || (o.depth < z.depth && within(z.path, o.path))) {
			assert.equal(f.x, XPAD, what);
			assert.equal(f.w, FULL, what);
			assert.equal(f.cls, o.i === z.i ? '' : 'parent', what);
			assert.ok(f.visible, what);
			assert.equal(f.opacity < 1, o.i !== z.i, what + ' dimmed');
		} else if (o.depth > z.depth && within(o.path, z.path)) {
			assert.ok(Math.abs(f.x - (XPAD + (o.x - z.x) * ratio)) <= 0.051, what + ` x ${f.x}`);
			assert.ok(Math.abs(f.w - o.w * ratio) <= 0.051, what + ` w ${f.w}`);
			assert.equal(f.cls, '', what);
			assert.equal(f.visible, o.w > 0, what);
		} else {
			assert.equal(f.cls, 'hide', what);
			assert.equal(f.display, 'none', what);
			assert.ok(!f.visible, what);
			continue;
		}
		if (!labels)
			continue;
		// Labels refitted to the new width. Like flamegraph.pl's they are
		// sized by the --fontwidth estimate, not by the font, so a label of
		// wide letters may overhang its frame a little in the real font
		// (Verdana is usually missing): allow half a character.
		assert.equal(f.label, f.depth === 0 ? '' : fit(f.name, f.w), what + ' label');
		assert.ok(3 + f.labelWidth <= f.w + FONTSIZE / 2,
		    `${what}: label '${f.label}' ${f.labelWidth}px in ${f.w}px`);
	}
	return after;
}

test('zooming into every frame shows exactly its ancestors and descendants', async () => {
	for (const key of ['demo', 'kernel', 'inverted', 'tiny']) {
		const { context, page, errors } = await open(svgs[key].url);
		const before = await frames(page);
		for (const z of before) {
			if (z.w === 0) {
				// Nothing to click on; from the URL it leaves the picture alone.
				await page.goto(`${svgs[key].url}?x=${z.x.toFixed(1)}&y=${z.y}`);
				assert.deepEqual(await frames(page), before, `${key}: zoom to zero-wide ${z.path.join(';')}`);
				continue;
			}
			const after = await frames(page, z.i);
			if (z.depth === 0) {
				assert.deepEqual(after, before, `${key}: the root resets`);
				continue;
			}
			await checkZoom(page, z, before, { after });
		}
		assert.deepEqual(errors, []);
		await context.close();
	}
});

test('click zooms, an ancestor zooms out, Reset Zoom and the root restore the picture', async () => {
	const { context, page, errors } = await open(svgs.demo.url);
	const html0 = await page.locator('#frames').innerHTML();
	const before = await frames(page);
	const byPath = p => before.find(f => f.path.join(';') === p);
	assert.ok(await page.locator('#unzoom').isHidden());
	const parseHeader = byPath('demo;__libc_start_call_main;main;serve;handle_request;parse_request;parse_header');
	assert.equal(parseHeader.label, 'parse_h..');

	// Zoom into parse_request: parse_header gets room for its whole name.
	const pr = byPath('demo;__libc_start_call_main;main;serve;handle_request;parse_request');
	await frameLocator(page, 'parse_request').click();
	await checkZoom(page, pr, before);
	assert.ok(await page.locator('#unzoom').isVisible());
	assert.equal((await frames(page))[parseHeader.i].label, 'parse_header');
	assert.ok(await frameLocator(page, 'write_log').isHidden());
	assert.equal(new URL(page.url()).search, '?x=790.3&y=165');
	await frameLocator(page, 'parse_header').hover();
	assert.equal(await text(page, 'details'),
	    'Function: parse_header (74,074,074 samples, 5.72%, 19.37% of zoomed; self 0)');
	await page.screenshot({ path: path.join(OUT, 'flame-graph-zoomed.png') });

	// Click the dimmed ancestor handle_request: zoom out to it.
	const hr = byPath('demo;__libc_start_call_main;main;serve;handle_request');
	await frameLocator(page, 'handle_request').click();
	await checkZoom(page, hr, before);
	assert.ok(await frameLocator(page, 'encode_response').isVisible());
	assert.equal(new URL(page.url()).search, '?x=10.9&y=181');

	// Reset Zoom restores every frame exactly as written.
	await page.locator('#unzoom').click();
	assert.ok(await page.locator('#unzoom').isHidden());
	assert.equal((await page.locator('#frames').innerHTML()).replaceAll(' class=""', ''), html0);
	assert.equal(new URL(page.url()).search, '');

	// Deep zoom, then a click on the root "all" resets too; so does Escape.
	await frameLocator(page, 'lookup_cache').click();
	await checkZoom(page, byPath('demo;__libc_start_call_main;main;serve;handle_request;fetch_data;lookup_cache'), before);
	await frameLocator(page, 'all').click();
	assert.equal((await page.locator('#frames').innerHTML()).replaceAll(' class=""', ''), html0);
	await frameLocator(page, 'fetch_data').click();
	await page.keyboard.press('Escape');
	assert.equal((await page.locator('#frames').innerHTML()).replaceAll(' class=""', ''), html0);
	assert.deepEqual(errors, []);
	await context.close();
});

test('zoom in an inverted graph (icicle)', async () => {
	const { context, page, errors } = await open(svgs.inverted.url);
	const before = await frames(page);
	const fd = before.find(f => f.name === 'fetch_data');
	await frameLocator(page, 'fetch_data').click();
	await checkZoom(page, fd, before);
	await frameLocator(page, 'serve').click();
	await checkZoom(page, before.find(f => f.name === 'serve'), before);
	assert.deepEqual(errors, []);
	await context.close();
});

test('search: button, Ctrl-F, F3; name only; case toggle; colour; nested matches; zoom', async () => {
	const { stacks, url } = svgs.demo;
	const { context, page, errors } = await open(url);
	const before = await frames(page);
	const fills = async () => (await frames(page)).map(f => f.fill);
	assert.equal(await text(page, 'search'), 'Search');

	// The button: a regular expression, anchored at the name's ends.
	const prompt = await searchWith(page, page, 'button', '^burn$');
	assert.match(prompt, /regular expression/);
	let now = await fills();
	before.forEach((f, k) => assert.equal(now[k], f.name === 'burn' ? SEARCH_COLOR : f.fill, f.title));
	assertMatched(await text(page, 'matched'), matchedPercent(stacks, /^burn$/), '^burn$');
	assert.equal(await text(page, 'search'), 'Reset Search');
	assert.equal(new URL(page.url()).searchParams.get('s'), '^burn$');

	// Clicking the button again clears the search and the colours.
	await page.locator('#search').click();
	assert.deepEqual(await fills(), before.map(f => f.fill));
	assert.equal(await text(page, 'matched'), ' ');
	assert.equal(await text(page, 'search'), 'Search');
	assert.equal(new URL(page.url()).search, '');

	// The count text is not searched: "samples" and "%" match no frame.
	await searchWith(page, page, 'Control+f', 'samples|%|\\(');
	assertMatched(await text(page, 'matched'), 0, 'count text');
	assert.deepEqual(await fills(), before.map(f => f.fill));
	await page.locator('#search').click();

	// Nested matches count once: fetch_data holds lookup_cache and query_db,
	// parse_request holds parse_body and parse_header.
	await searchWith(page, page, 'F3', 'fetch_data|query_db|lookup_cache|parse');
	const nested = matchedPercent(stacks, /fetch_data|query_db|lookup_cache|parse/);
	assertMatched(await text(page, 'matched'), nested, 'nested');
	assert.ok(nested > 70 && nested < 72, `nested ${nested}`);
	await page.locator('#search').click();

	// Case: BURN matches nothing until the ic toggle is on.
	await searchWith(page, page, 'F3', 'BURN');
	assertMatched(await text(page, 'matched'), 0, 'BURN, case sensitive');
	await page.locator('#ignorecase').click();
	assertMatched(await text(page, 'matched'), matchedPercent(stacks, /burn/i), 'BURN, ignoring case');
	assert.equal(new URL(page.url()).searchParams.get('i'), '1');
	assert.equal((await fills())[before.findIndex(f => f.name === 'burn')], SEARCH_COLOR);

	// Zoomed: the percentage is of the zoomed frame.
	const fdPath = ['demo', '__libc_start_call_main', 'main', 'serve', 'handle_request', 'fetch_data'];
	await frameLocator(page, 'fetch_data').click();
	assertMatched(await text(page, 'matched'), matchedPercent(stacks, /burn/i, fdPath), 'zoomed');
	await page.locator('#search').click();
	await searchWith(page, page, 'Control+f', 'lookup');
	assertMatched(await text(page, 'matched'), matchedPercent(stacks, /lookup/i, fdPath), 'zoomed lookup');
	// An ancestor of the zoomed frame matching does not make it 100%...
	await page.locator('#search').click();
	await searchWith(page, page, 'F3', 'serve|lookup');
	assertMatched(await text(page, 'matched'), matchedPercent(stacks, /lookup/i, fdPath), 'zoomed, ancestor matches');
	// ...but the zoomed frame itself matching does.
	await page.locator('#search').click();
	await searchWith(page, page, 'F3', 'fetch');
	assert.equal(await text(page, 'matched'), 'Matched: 100%');
	// A bad expression says so and changes nothing.
	await page.locator('#search').click();
	await searchWith(page, page, 'F3', 'a(b');
	assert.equal(await text(page, 'matched'), 'Bad expression');
	await page.screenshot({ path: path.join(OUT, 'flame-graph-search.png') });
	assert.deepEqual(errors, []);
	await context.close();
});

test('URL state restores search, case flag and zoom on load, and survives a reload', async () => {
	const { stacks, url } = svgs.demo;
	const { context, page, errors } = await open(url + '?s=BURN&i=1&x=292.0&y=165');
	const fdPath = ['demo', '__libc_start_call_main', 'main', 'serve', 'handle_request', 'fetch_data'];
	const fr = await frames(page);
	const fd = fr.find(f => f.name === 'fetch_data');
	assert.equal(fd.x, XPAD);
	assert.equal(fd.w, FULL);
	assert.equal(fr.find(f => f.name === 'write_log').cls, 'hide');
	assert.ok(await page.locator('#unzoom').isVisible());
	assert.ok(await page.locator('#ignorecase').evaluate(e => e.classList.contains('show')));
	assert.equal(await text(page, 'search'), 'Reset Search');
	assertMatched(await text(page, 'matched'), matchedPercent(stacks, /burn/i, fdPath), 'from URL');

	// State written by the page comes back after a reload.
	await page.goto(url);
	await frameLocator(page, 'parse_request').click();
	await searchWith(page, page, 'F3', 'parse_(body|header)');
	const state = new URL(page.url()).search;
	assert.equal(state, '?x=790.3&y=165&s=parse_(body%7Cheader)');
	const shown = await frames(page);
	await page.reload();
	assert.equal(new URL(page.url()).search, state);
	assert.deepEqual(await frames(page), shown);
	assert.equal(await text(page, 'matched'), 'Matched: 100%');

	// Garbage in the URL is ignored.
	await page.goto(url + '?s=%E0%A4%A&x=abc&y=&i=2');
	assert.equal(await text(page, 'matched'), ' ');
	assert.ok(await page.locator('#unzoom').isHidden());
	assert.deepEqual(errors, []);
	await context.close();
});

test('with JavaScript disabled the SVG is a complete static picture', async () => {
	const withJs = await open(svgs.demo.url);
	const shotJs = await withJs.page.screenshot({ path: path.join(OUT, 'flame-graph.png') });
	await withJs.context.close();

	const { context, page } = await open(svgs.demo.url + '?s=burn&x=292.0&y=165', { javaScriptEnabled: false });
	const shot = await page.screenshot({ path: path.join(OUT, 'flame-graph-nojs.png') });
	// URL state needs the script: without it the picture is the plain one.
	assert.ok(shot.equals(shotJs), 'the picture without JavaScript is the one with it, untouched');
	const rects = page.locator('#frames rect');
	const n = await rects.count();
	assert.equal(n, (await page.locator('#frames > *').count()));
	for (let k = 0; k < n; k++) {
		const box = await rects.nth(k).boundingBox();
		assert.ok(box && box.width > 0 && box.height > 0, `frame ${k} drawn`);
	}
	const label = page.locator('#frames text', { hasText: /^handle_request$/ });
	assert.ok((await label.boundingBox()).width > 50);
	assert.ok(await page.locator('#unzoom').isHidden());
	assert.ok(await page.locator('#title').isVisible());
	// Nothing reacts.
	await frameLocator(page, 'fetch_data').click();
	assert.equal(await text(page, 'details'), ' ');
	assert.ok(await frameLocator(page, 'write_log').isVisible());
	await context.close();
});

test('embedded via <object> and <iframe>', async () => {
	const { context, page, errors } = await open(pathToFileURL(path.join(OUT, 'embed.html')).href);
	// Chromium gives <object> a child frame like <iframe>'s (contentFrame()
	// only knows iframes): find both by their URLs.
	const child = re => page.frames().find(f => f.parentFrame() === page.mainFrame() && re.test(f.url()));
	const obj = child(/\/demo\.svg$/);
	const ifr = child(/\/demo\.svg\?/);
	assert.ok(obj, '<object> has a document');
	assert.ok(ifr, '<iframe> has a document');
	await obj.locator('#frames').waitFor();
	await ifr.locator('#frames').waitFor();
	const { stacks } = svgs.demo;
	const fdPath = ['demo', '__libc_start_call_main', 'main', 'serve', 'handle_request', 'fetch_data'];

	// The iframe's URL carries state: zoomed to fetch_data, searching ^burn$.
	assertMatched(await text(ifr, 'matched'), matchedPercent(stacks, /^burn$/, fdPath), 'iframe URL state');
	assert.equal((await frames(ifr)).find(f => f.name === 'fetch_data').w, FULL);

	for (const [what, fr] of [['object', obj], ['iframe', ifr]]) {
		await fr.locator('#title').click();   // focus for the keys
		await frameLocator(fr, 'query_db').hover();
		assert.match(await text(fr, 'details'), /^Function: query_db \(391,391,391 samples, 30\.24%/, what);
		await frameLocator(fr, 'lookup_cache').click();
		const lc = (await frames(fr)).find(f => f.name === 'lookup_cache');
		assert.equal(lc.w, FULL, what + ' zoom');
		assert.equal((await frames(fr)).find(f => f.name === 'query_db').cls, 'hide', what);
		await fr.locator('#unzoom').click();
		assert.equal((await frames(fr)).find(f => f.name === 'query_db').cls, '', what);
		if (await text(fr, 'search') === 'Reset Search')
			await fr.locator('#search').click();
		await searchWith(page, fr, 'Control+f', '^burn$');
		assertMatched(await text(fr, 'matched'), matchedPercent(stacks, /^burn$/), what + ' Ctrl-F');
		await fr.locator('#search').click();
		await searchWith(page, fr, 'F3', 'parse');
		assertMatched(await text(fr, 'matched'), matchedPercent(stacks, /parse/), what + ' F3');
	}
	await page.screenshot({ path: path.join(OUT, 'flame-graph-embedded.png'), fullPage: true });
	assert.deepEqual(errors, []);
	await context.close();
});

test('hostile frame names stay text: no script runs, details and search show them verbatim', async () => {
	const { stacks, url } = svgs.hostile;
	const { context, page, errors } = await open(url);
	const dialogs = [];
	page.on('dialog', async d => { dialogs.push(d.message()); await d.dismiss(); });
	const fr = await frames(page);
	assert.deepEqual(fr.slice(2).map(f => f.name).sort(), HOSTILE.map(([n]) => n).sort());
	const hovered = await page.evaluate(() => [...document.getElementById('frames').children].map(g => {
		g.querySelector('rect').dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
		return document.getElementById('details').textContent;
	}));
	for (const f of fr.slice(2))
		assert.ok(hovered[f.i].startsWith(`Function: ${f.name} (`), hovered[f.i]);
	await page.evaluate(() => search('alert\\(1\\)'));
	assertMatched(await text(page, 'matched'), matchedPercent(stacks, /alert\(1\)/), 'hostile search');
	await page.locator('#frames > *').nth(fr.find(f => f.name.startsWith('</script>')).i).click();
	assert.equal(await page.locator('svg *[onload], svg *[onerror], svg script').count(), 1, 'only our own script');
	assert.deepEqual(dialogs, []);
	assert.deepEqual(errors, []);
	await context.close();
});

test('differential: narrow new frames get outlines when zoom widens them; labels stay readable in a search; details give the change in counts and points', async () => {
	const { context, page, errors } = await open(svgs.diff.url);
	const html0 = await page.locator('#frames').innerHTML();
	const thin = () => page.locator('#frames > [data-m=new] > rect.thin').count();
	assert.equal(await thin(), 40, 'the 40 children of grow are narrow');
	assert.ok(await page.locator('#legend').isVisible());
	// Zoom into grow: each child becomes about 29 px wide and outlined.
	await frameLocator(page, 'grow').click();
	assert.equal(await thin(), 0);
	const stroke = await frameLocator(page, 'n00').locator('rect').evaluate(r => getComputedStyle(r).strokeWidth);
	assert.equal(stroke, '1px');
	await page.locator('#unzoom').click();
	assert.equal(await thin(), 40);
	assert.equal((await page.locator('#frames').innerHTML()).replaceAll(' class=""', ''), html0);

	// "shrunk" is deep blue with a white label; matched, its label turns to
	// the colour readable on the search colour, and back after the search.
	const label = () => frameLocator(page, 'shrunk').locator('text').evaluate(t => getComputedStyle(t).fill);
	assert.equal(await label(), 'rgb(255, 255, 255)');
	await searchWith(page, page, 'button', '^shrunk$');
	assert.equal(await label(), 'rgb(0, 0, 0)');
	await page.locator('#search').click();
	assert.equal(await label(), 'rgb(255, 255, 255)');
	assert.equal((await page.locator('#frames').innerHTML()).replaceAll(' class=""', ''), html0);

	// The details bar: the change in counts with before -> after, then in
	// points of share (totals 900 before, 550 after).
	await frameLocator(page, 'shrunk').hover();
	const shrunk = await text(page, 'details');
	assert.ok(shrunk.endsWith('; change -390 (400 \u2192 10), -42.63 pp (44.44% \u2192 1.82%))'), shrunk);
	await frameLocator(page, 'kept').hover();
	const kept = await text(page, 'details');
	assert.ok(kept.endsWith('; change 0 (500 \u2192 500), +35.35 pp (55.56% \u2192 90.91%))'), kept);
	await frameLocator(page, 'grow').click();
	await frameLocator(page, 'n00').hover();
	const born = await text(page, 'details');
	assert.ok(born.endsWith('; change +1 (0 \u2192 1), +0.18 pp (0.00% \u2192 0.18%), new)'), born);
	assert.deepEqual(errors, []);
	await context.close();
});
