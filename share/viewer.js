/*
 * viewer.js -- flame-graph's HTML viewer (flame-graph --format=html).
 *
 * Reads the profile that html.c embeds (base64 in <script type=
 * "application/octet-stream">, uncompressed),
 * and draws it on a canvas: flame graph with zoom and breadcrumbs, the
 * callers and callees of one function (sandwich), a table of functions,
 * search, keyboard use and the state in the URL fragment.  Frame names are
 * only ever shown through canvas fillText and textContent.
 */
(function () {
'use strict';

var fk = window.fkViewer = { firstDraw: 0, ready: 0, errors: [], marks: [] };
function mark(what) {
	fk.marks.push([what, Math.round(performance.now())]);
}

/* ---- decoding ---- */

function base64Bytes(s) {
	if (Uint8Array.fromBase64)
		return Uint8Array.fromBase64(s);
	var bin = atob(s), n = bin.length, a = new Uint8Array(n);
	for (var i = 0; i < n; i++)
		a[i] = bin.charCodeAt(i);
	return a;
}

/* The profile is not compressed: inflating cost Chromium more than the larger text. */
function elementBytes(el) {
	return Promise.resolve(base64Bytes(el.textContent.trim()));
}

/* A varint at a[q]. */
function big(a, q) {
	var v = 0, mul = 1, c;
	do {
		c = a[q++];
		v += (c & 127) * mul;
		mul *= 128;
	} while (c & 128);
	return v;
}

/*
 * The frames, from a[p]: the hot loop, apart from decode() so that p is a
 * plain local (one-byte varints inline).  @return the largest depth.
 */
function decodeFrames(a, p, n, depth, name, total, start, self, parent, end,
    before, after, delta, mark, fcolor, index) {
	var cap = 64, stack = new Int32Array(cap), cur = new Float64Array(cap + 1);
	var sp = 0, maxd = 0, prev = 0, x;
	for (var i = 0; i < n; i++) {
		var d = a[p++];
		if (d > 127) { d = big(a, p - 1); while (a[p++] & 128); }
		x = a[p++];
		if (x > 127) { x = big(a, p - 1); while (a[p++] & 128); }
		name[i] = x;
		x = a[p++];
		if (x > 127) { x = big(a, p - 1); while (a[p++] & 128); }
		total[i] = x;
		var gap = a[p++];
		if (gap > 127) { gap = big(a, p - 1); while (a[p++] & 128); }
		if (before) {
			before[i] = big(a, p);
			while (a[p++] & 128);
			after[i] = big(a, p);
			while (a[p++] & 128);
			var z = big(a, p);
			while (a[p++] & 128);
			delta[i] = z % 2 ? -(z + 1) / 2 : z / 2;
			mark[i] = a[p++];
		}
		if (fcolor) {
			fcolor[3 * i] = a[p]; fcolor[3 * i + 1] = a[p + 1]; fcolor[3 * i + 2] = a[p + 2];
			p += 3;
		}
		if (index) {
			/* Zigzag: a node table's numbers go back as well as on. */
			var z = big(a, p);
			while (a[p++] & 128);
			index[i] = prev = prev + (z % 2 ? -(z + 1) / 2 : z / 2);
		}
		while (sp > d)
			end[stack[--sp]] = i;
		if (d + 2 > cap) {
			var ns = new Int32Array(cap * 2), nc = new Float64Array(cap * 2 + 1);
			ns.set(stack);
			nc.set(cur);
			stack = ns;
			cur = nc;
			cap *= 2;
		}
		depth[i] = d;
		if (d > maxd)
			maxd = d;
		self[i] = total[i];
		if (d > 0) {
			var par = stack[d - 1];
			parent[i] = par;
			start[i] = cur[d] + gap;
			cur[d] = start[i] + total[i];
			self[par] -= total[i];
		} else {
			parent[i] = -1;
			start[i] = gap;
		}
		cur[d + 1] = start[i];
		stack[sp++] = i;
	}
	while (sp > 0)
		end[stack[--sp]] = n;
	return maxd;
}

/*
 * A node table (flag 8): html.c's nodes in the order the tree made them,
 * each as three numbers in digits of 5 bits, the lowest first ('?' to '^'
 * end a number, '_' to '~' go on): how far back its parent is, its name,
 * its total.  Sorting siblings by rank and placing the frames is done
 * here, into the arrays decodeFrames() fills; pos maps a node to its frame.
 * Each pass is a function of its own: V8 optimizes a hot loop with what
 * it has seen run, and a loop that has not run yet would undo that.
 */
function readNodes(s, n, nnames, rootend, par, nm, tot) {
	/* bad collects every digit's bits: one outside 0..63 leaves some above 63. */
	var p = 0, c, v, mul, len = s.length, bad = 0;
	for (var i = 0; i < n; i++) {
		c = s.charCodeAt(p++) - 63; v = c & 31; bad |= c;
		if (c >= 32) { mul = 32; do { c = s.charCodeAt(p++) - 63; v += (c & 31) * mul; mul *= 32; bad |= c; } while (c >= 32); }
		if (v > i || (v === 0) !== (i === 0))
			throw new Error('bad node table at node ' + i + ': no such parent');
		par[i] = i - v;
		c = s.charCodeAt(p++) - 63; v = c & 31; bad |= c;
		if (c >= 32) { mul = 32; do { c = s.charCodeAt(p++) - 63; v += (c & 31) * mul; mul *= 32; bad |= c; } while (c >= 32); }
		if (v >= nnames || (v === 0) !== (i === 0))
			throw new Error('bad node table at node ' + i + ': no such name');
		nm[i] = v;
		c = s.charCodeAt(p++) - 63; v = c & 31; bad |= c;
		if (c >= 32) { mul = 32; do { c = s.charCodeAt(p++) - 63; v += (c & 31) * mul; mul *= 32; bad |= c; } while (c >= 32); }
		if (v > rootend)
			throw new Error('bad node table at node ' + i + ': more than the total');
		tot[i] = v;
	}
	if (p !== len || (bad & ~63))
		throw new Error('bad node table: ' + len + ' characters, ' + p + ' read');
}

/*
 * Each node's own count, its children grouped by parent (kids[off[u],
 * off[u + 1]), a counting sort) and each node's sibling rank in key.
 */
function groupNodes(n, par, nm, tot, rank, slf, off, kids, key) {
	var i;
	slf.set(tot);
	for (i = 1; i < n; i++) {
		if (slf[par[i]] < tot[i])
			throw new Error('bad node table: node ' + i + ' outweighs its parent');
		slf[par[i]] -= tot[i];
	}
	for (i = 1; i < n; i++)
		off[par[i] + 1]++;
	for (i = 0; i < n; i++)
		off[i + 1] += off[i];
	for (i = 1; i < n; i++) {
		kids[off[par[i]]++] = i;
		key[i] = rank[2 * (nm[i] - 1) + (slf[i] === 0 ? 1 : 0)];
	}
	/* Each off[u] now holds where u's group ends: back to starts. */
	off.copyWithin(1, 0, n);
	off[0] = 0;
}

/* Each group of siblings by rank (ranks of siblings differ). */
function sortGroups(n, off, kids, key) {
	var tmp = new Float64Array(1024);
	for (var u = 0; u < n; u++) {
		var k0 = off[u], k1 = off[u + 1], m = k1 - k0, x, i, j;
		if (m < 2)
			continue;
		if (m <= 16) {
			for (i = k0 + 1; i < k1; i++) {
				x = kids[i];
				for (j = i; j > k0 && key[kids[j - 1]] > key[x]; j--)
					kids[j] = kids[j - 1];
				kids[j] = x;
			}
			continue;
		}
		/* rank * m + place: one native numeric sort (exact below 2^53). */
		if (tmp.length < m)
			tmp = new Float64Array(m);
		var t = tmp.subarray(0, m);
		for (i = 0; i < m; i++)
			t[i] = key[kids[k0 + i]] * m + i;
		t.sort();
		for (i = 0; i < m; i++)
			t[i] = kids[k0 + t[i] % m];
		kids.set(t, k0);
	}
}

/* Subtree sizes into size, from the leaves up (children come after their parent). */
function sizeNodes(n, off, kids, size) {
	for (var u = n - 1; u >= 0; u--) {
		var s = 1;
		for (var k = off[u]; k < off[u + 1]; k++)
			s += size[kids[k]];
		size[u] = s;
	}
}

/*
 * Pre-order places without a walk: each group's frame numbers from its
 * parent's, parents first, and each frame's start, depth and parent
 * frame in frame order.  @return the largest depth.
 */
function placeNodes(n, tot, slf, off, kids, size, pos, start, depth, parent) {
	var maxd = 0;
	pos[0] = 0;
	parent[0] = -1;
	for (var u = 0; u < n; u++) {
		var k0 = off[u], k1 = off[u + 1];
		if (k0 === k1)
			continue;
		var pu = pos[u], q = pu + 1, x = start[pu] + slf[u], d = depth[pu] + 1;
		if (d > maxd)
			maxd = d;
		for (var k = k0; k < k1; k++) {
			var c = kids[k];
			pos[c] = q;
			start[q] = x;
			depth[q] = d;
			parent[q] = pu;
			q += size[c];
			x += tot[c];
		}
	}
	return maxd;
}

/* a[u] to out[pos[u]]: a column in node order into frame order. */
function permute(a, out, pos, n) {
	for (var u = 0; u < n; u++)
		out[pos[u]] = a[u];
	return out;
}

/*
 * The frames in pre-order, as decodeFrames() gives them, from the node
 * table.  Most of the time a large profile takes here is the first touch
 * of new memory, so arrays are reused once their pass is done, and counts
 * take 4 bytes when they fit.
 */
function decodeNodes(P, text, n, rootend, rank) {
	var Count = rootend < 4294967296 ? Uint32Array : Float64Array;
	var par = new Int32Array(n), nm = new Int32Array(n), tot = new Count(n);
	readNodes(text, n, P.names.length, rootend, par, nm, tot);
	var slf = new Count(n), off = new Int32Array(n + 1), kids = new Int32Array(n);
	var key = new Int32Array(n);
	groupNodes(n, par, nm, tot, rank, slf, off, kids, key);
	sortGroups(n, off, kids, key);
	/* Done with: par (now pos), key (now size). */
	var size = key, pos = par;
	sizeNodes(n, off, kids, size);
	var start = new Count(n), depth = new Int32Array(n), parent = new Int32Array(n);
	P.maxdepth = placeNodes(n, tot, slf, off, kids, size, pos, start, depth, parent);
	P.total = permute(tot, new Count(n), pos, n);
	P.self = permute(slf, tot, pos, n);
	P.name = permute(nm, kids, pos, n);
	var end = nm;
	for (var u = 0; u < n; u++)
		end[pos[u]] = pos[u] + size[u];
	P.start = start;
	P.depth = depth;
	P.parent = parent;
	P.end = end;
	P.pos = pos;
	/* The root spans --total: the rest is its own. */
	P.self[0] = rootend - (P.total[0] - P.self[0]);
	P.total[0] = rootend;
}

function decode(a) {
	var p = 0;
	function uv() {
		var b = a[p++];
		if (b < 128)
			return b;
		var v = b & 127, mul = 128;
		do {
			b = a[p++];
			v += (b & 127) * mul;
			mul *= 128;
		} while (b & 128);
		return v;
	}
	if (a[0] !== 70 || a[1] !== 75 || a[2] !== 72 || a[3] !== 49)
		throw new Error('not a flamekit profile');
	p = 4;
	var utf8 = new TextDecoder('utf-8');
	var flags = uv(), scale = uv(), slen = uv();
	var P = { diff: flags & 1, perFrame: flags & 2, hasIndex: flags & 4, scale: scale,
		div: Math.pow(10, scale) };
	P.s = JSON.parse(utf8.decode(a.subarray(p, p + slen)));
	p += slen;
	var nn = uv(), names = new Array(nn);
	for (var k = 0; k < nn; k++) {
		var len = uv();
		names[k] = utf8.decode(a.subarray(p, p + len));
		p += len;
	}
	P.names = names;
	if (!P.perFrame) {
		P.ncolor = a.slice(p, p + 3 * nn);
		p += 3 * nn;
	}
	var n = uv();
	P.n = n;
	P.byNode = flags & 8;
	if (P.byNode && !P.hasIndex) {
		var rootend = uv(), nkeys = uv(), rank = new Float64Array(nkeys);
		if (nkeys !== 2 * (nn - 1))
			throw new Error('bad node table: ' + nkeys + ' ranks for ' + nn + ' names');
		for (k = 0; k < nkeys; k++)
			rank[k] = uv();
		var nodes = document.getElementById('fk-nodes');
		if (!nodes)
			throw new Error('no node table');
		decodeNodes(P, nodes.textContent, n, rootend, rank);
		return P;
	}
	var depth = new Uint32Array(n), name = new Uint32Array(n), total = new Float64Array(n);
	var start = new Float64Array(n), self = new Float64Array(n);
	var parent = new Int32Array(n), end = new Uint32Array(n);
	var before, after, delta, mark, fcolor, index;
	if (P.diff) {
		before = new Float64Array(n); after = new Float64Array(n);
		delta = new Float64Array(n); mark = new Uint8Array(n);
	}
	if (P.perFrame)
		fcolor = new Uint8Array(3 * n);
	if (P.hasIndex)
		index = new Uint32Array(n);
	var maxd = decodeFrames(a, p, n, depth, name, total, start, self, parent, end,
	    before, after, delta, mark, fcolor, index);
	P.depth = depth; P.name = name; P.total = total; P.start = start;
	P.self = self; P.parent = parent; P.end = end; P.maxdepth = maxd;
	P.before = before; P.after = after; P.delta = delta; P.mark = mark;
	P.fcolor = fcolor; P.index = index;
	return P;
}

/* ---- numbers and colours ---- */

/* The units the SVG reads as figures: the same table as share/flamegraph.js. */
var units = {
	nanoseconds: { base: 1, sym: 'ns', scales: [[1, 'ns'], [1e3, '\u00b5s'], [1e6, 'ms'], [1e9, 's']] },
	microseconds: { base: 1e3, sym: '\u00b5s', scales: [[1, 'ns'], [1e3, '\u00b5s'], [1e6, 'ms'], [1e9, 's']] },
	milliseconds: { base: 1e6, sym: 'ms', scales: [[1, 'ns'], [1e3, '\u00b5s'], [1e6, 'ms'], [1e9, 's']] },
	seconds: { base: 1e9, sym: 's', scales: [[1, 'ns'], [1e3, '\u00b5s'], [1e6, 'ms'], [1e9, 's']] },
	bytes: { base: 1, sym: 'B', scales: [[1, 'B'], [1e3, 'kB'], [1e6, 'MB'], [1e9, 'GB'],
	    [1e12, 'TB'], [1e15, 'PB']] }
};

function commas(v) {
	return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/* x in unit u, readable as flamegraph.js's fmt_unit writes it: "1.31 s", "65.5 MB". */
function fmtUnit(u, x) {
	var sc = u.scales, i = 0, s;
	x *= u.base;
	while (i + 1 < sc.length && x >= sc[i + 1][0])
		i++;
	for (;;) {
		var y = x / sc[i][0];
		if (y >= 1000 && i + 1 === sc.length)
			return commas(y) + ' ' + sc[i][1];
		s = y > 0 && y < 1 ? parseFloat(y.toPrecision(3)).toString() :
		    parseFloat(y.toFixed(y >= 100 ? 0 : y >= 10 ? 1 : 2)).toString();
		if (parseFloat(s) < 1000 || i + 1 === sc.length)
			break;
		i++;
	}
	return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + ' ' + sc[i][1];
}

/* A count: readable in the profile's unit of time or bytes, else exact. */
function fmtCount(v) {
	var x = v / P.div * P.s.factor, u = units[P.s.unit];
	if (u)
		return fmtUnit(u, x);
	return x.toLocaleString('en-US', { maximumFractionDigits: P.scale ? 2 : 0 });
}

/*
 * A frame's count with what it counts: "1.31 s = 1,310,000,000 ns" with a
 * unit (flamegraph.js's fmt_amount), else "1,051 samples".
 */
function fmtAmount(v) {
	var u = units[P.s.unit];
	if (u)
		return fmtCount(v) + ' = ' + commas(v / P.div * P.s.factor) + ' ' + u.sym;
	return fmtCount(v) + ' ' + P.s.countname;
}

function pct(part, whole) {
	return whole > 0 ? (100 * part / whole).toFixed(2) + '%' : '0.00%';
}

var inkCache = new Map();
/* Black where it has 4.5:1 contrast on the fill, else white (style.c's rule). */
function ink(r, g, b) {
	var key = (r << 16) | (g << 8) | b, v = inkCache.get(key);
	if (v)
		return v;
	function lin(c) {
		c /= 255;
		return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
	}
	var L = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
	v = (L + 0.05) / 0.05 >= 4.5 ? '#000' : '#fff';
	inkCache.set(key, v);
	return v;
}

function rgbOf(T, i) {
	var c = T.fcolor, o = 3 * i;
	if (!c) {
		c = T.ncolor;
		o = 3 * T.name[i];
	}
	return [c[o], c[o + 1], c[o + 2]];
}

function parseRgb(s) {
	var m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(s || '');
	if (m)
		return [+m[1], +m[2], +m[3]];
	m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s || '');
	return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : null;
}

/* ---- state ---- */

var P = null;              /* the profile shown (overview, then the full one) */
var state = { view: 'flame', zoom: 0, focus: 0, sel: null, q: '', ci: false,
	sort: 'self', filter: '' };
var match = null;          /* per name id: 1 when the search matches */
var fnStats = null;        /* per name id: self and total, once computed */
var sandwich = null;       /* { sel, callers, callees } */
var el = {};

function h(tag, attrs, text) {
	var e = document.createElement(tag);
	for (var k in attrs || {})
		e.setAttribute(k, attrs[k]);
	if (text !== undefined)
		e.textContent = text;
	return e;
}

/* Frame i's number in the whole profile; -1 while an overview by node number shows. */
function fullIndex(i) {
	return !P.index ? i : P.byNode ? -1 : P.index[i];
}

/* ---- the page ---- */

function buildPage() {
	var b = document.body;
	var head = h('header');
	el.title = h('h1', { id: 'fk-title' });
	el.subtitle = h('p', { id: 'fk-subtitle' });
	head.append(el.title, el.subtitle);
	var bar = h('div', { class: 'fk-bar' });
	var tabs = h('div', { role: 'tablist', 'aria-label': 'Views' });
	el.tabs = {};
	[['flame', 'Flame graph'], ['sandwich', 'Callers / callees'], ['table', 'Top functions']]
	    .forEach(function (t) {
		var bt = h('button', { role: 'tab', id: 'fk-tab-' + t[0],
			'aria-controls': 'fk-view-' + t[0] }, t[1]);
		bt.addEventListener('click', function () { setView(t[0]); });
		el.tabs[t[0]] = bt;
		tabs.append(bt);
	});
	el.search = h('input', { type: 'search', id: 'fk-search', placeholder: 'Search (regex)',
		'aria-label': 'Search frames by regular expression', spellcheck: 'false' });
	el.ci = h('button', { id: 'fk-case', 'aria-pressed': 'false',
		title: 'Ignore case', 'aria-label': 'Ignore case' }, 'Aa');
	el.matched = h('span', { id: 'fk-matched', role: 'status', 'aria-live': 'polite' });
	el.reset = h('button', { id: 'fk-reset', title: 'Reset zoom (Escape)' }, 'Reset zoom');
	bar.append(tabs, el.search, el.ci, el.matched, el.reset);
	head.append(bar);
	el.crumbs = h('nav', { id: 'fk-crumbs', 'aria-label': 'Zoomed frame and its callers' });
	head.append(el.crumbs);
	b.append(head);

	var main = h('main');
	el.views = {};
	var fv = el.views.flame = h('section', { id: 'fk-view-flame', role: 'tabpanel',
		'aria-labelledby': 'fk-tab-flame' });
	el.canvas = h('canvas', { id: 'fk-canvas', tabindex: '0', role: 'application',
		'aria-roledescription': 'flame graph',
		'aria-label': 'Flame graph. Arrow keys move between frames, Enter zooms, ' +
		    'Escape resets, slash searches.' });
	fv.append(el.canvas);
	var sv = el.views.sandwich = h('section', { id: 'fk-view-sandwich', role: 'tabpanel',
		'aria-labelledby': 'fk-tab-sandwich' });
	el.swTitle = h('h2', { id: 'fk-sw-title' });
	el.callersCanvas = h('canvas', { id: 'fk-callers', role: 'img', tabindex: '0' });
	el.calleesCanvas = h('canvas', { id: 'fk-callees', role: 'img', tabindex: '0' });
	sv.append(el.swTitle, h('h3', {}, 'Callers'), el.callersCanvas,
	    h('h3', {}, 'Callees'), el.calleesCanvas);
	var tv = el.views.table = h('section', { id: 'fk-view-table', role: 'tabpanel',
		'aria-labelledby': 'fk-tab-table' });
	el.filter = h('input', { type: 'search', id: 'fk-filter', placeholder: 'Filter functions',
		'aria-label': 'Filter functions by name' });
	el.tableNote = h('span', { id: 'fk-table-note' });
	el.table = h('table', { id: 'fk-table', 'aria-label': 'Functions by weight' });
	var thead = h('thead'), tr = h('tr');
	el.th = {};
	[['self', 'Self'], ['total', 'Total'], ['name', 'Function']].forEach(function (c) {
		var th = h('th', { scope: 'col', 'aria-sort': 'none' });
		var bt = h('button', { 'data-sort': c[0] }, c[1]);
		bt.addEventListener('click', function () {
			state.sort = state.sort === c[0] ? c[0] + '-rev' : c[0];
			renderTable();
			saveState();
		});
		th.append(bt);
		el.th[c[0]] = th;
		tr.append(th);
	});
	thead.append(tr);
	el.tbody = h('tbody');
	el.table.append(thead, el.tbody);
	tv.append(el.filter, el.tableNote, el.table);
	main.append(fv, sv, tv);
	b.append(main);
	el.details = h('div', { id: 'fk-details', role: 'status', 'aria-live': 'polite' });
	el.tip = h('div', { id: 'fk-tip', role: 'tooltip' });
	el.legend = h('p', { id: 'fk-legend' });
	el.notes = h('p', { id: 'fk-notes' });
	b.append(el.details, el.legend, el.notes, el.tip);

	el.search.addEventListener('input', function () {
		state.q = el.search.value;
		runSearch();
	});
	el.ci.addEventListener('click', function () {
		state.ci = !state.ci;
		runSearch();
	});
	el.reset.addEventListener('click', function () { zoomTo(0); });
	el.filter.addEventListener('input', function () {
		state.filter = el.filter.value;
		renderTable();
	});
	window.addEventListener('resize', function () { redraw(); });
	window.addEventListener('hashchange', function () {
		if (location.hash !== lastHash)
			loadState();
	});
	document.addEventListener('keydown', onKey);
	setupCanvas(el.canvas, function () { return views.flame; });
	setupCanvas(el.callersCanvas, function () { return views.callers; });
	setupCanvas(el.calleesCanvas, function () { return views.callees; });
}

/* ---- drawing ---- */

/*
 * A drawable view of a tree T: zoomed at frame z, root at the bottom
 * unless inverted.  hits[d] lists the frames drawn at depth d, left to
 * right, as [index, x1, x2] for the pointer.
 */
var views = { flame: null, callers: null, callees: null };

function makeView(canvas, T, inverted) {
	return { canvas: canvas, T: T, zoom: 0, inverted: inverted, hits: [], highlight: true };
}

function layoutCanvas(v) {
	var c = v.canvas, dpr = window.devicePixelRatio || 1;
	var w = Math.max(200, c.parentNode.clientWidth || 800);
	var fh = P.s.frameheight;
	var hgt = (v.T.maxdepth + 1) * fh + 4;
	c.style.width = w + 'px';
	c.style.height = hgt + 'px';
	c.width = Math.round(w * dpr);
	c.height = Math.round(hgt * dpr);
	var ctx = c.getContext('2d');
	ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
	return { ctx: ctx, w: w, h: hgt, fh: fh };
}

function drawView(v) {
	if (!v || !v.T)
		return;
	var T = v.T, g = layoutCanvas(v), ctx = g.ctx, s = P.s;
	var z = v.zoom < T.n ? v.zoom : 0;
	var vs = T.start[z], span = T.total[z] || 1, W = g.w, fh = g.fh;
	var k = W / span, fs = s.fontsize, cw = fs * s.fontwidth;
	var grad = ctx.createLinearGradient(0, 0, 0, g.h);
	grad.addColorStop(0, s.bg1);
	grad.addColorStop(1, s.bg2);
	ctx.fillStyle = grad;
	ctx.fillRect(0, 0, W, g.h);
	ctx.font = fs + 'px ' + (s.fonttype || 'Verdana') + ', sans-serif';
	ctx.textBaseline = 'middle';
	var searchRgb = parseRgb(s.searchcolor);
	var hits = v.hits = [];
	/*
	 * Rectangles by fill colour, outlines and labels are collected, then
	 * drawn a colour at a time: frames never overlap, and setting the fill
	 * (a CSS colour parsed each time) for every frame was most of the time
	 * of drawing tens of thousands of them.
	 */
	var fills = new Map(), strokes = [], labels = [];
	if (!T.css)
		T.css = [];   /* fill colours by name, as CSS */
	var selName = state.sel === null ? -1 : T.names.indexOf(state.sel, 1);
	var focus = v === views.flame ? state.focus : -1;
	function y(d) {
		return v.inverted ? d * fh + 2 : g.h - 2 - (d + 1) * fh;
	}
	function draw(i, x1, x2) {
		var d = T.depth[i], w = x2 - x1, top = y(d);
		var c = rgbOf(T, i), fill;
		var m = match && v.highlight && match[T.name[i]];
		if (m && searchRgb)
			c = searchRgb;
		if (m && !searchRgb)
			fill = s.searchcolor;
		else if (!m && !T.fcolor)
			fill = T.css[T.name[i]] ||
			    (T.css[T.name[i]] = 'rgb(' + c[0] + ',' + c[1] + ',' + c[2] + ')');
		else
			fill = 'rgb(' + c[0] + ',' + c[1] + ',' + c[2] + ')';
		var rects = fills.get(fill);
		if (!rects)
			fills.set(fill, rects = []);
		rects.push(x1, top, Math.max(w - 0.5, 0.5));
		if (s.strokecolor)
			strokes.push(s.strokecolor, 1, null, x1 + 0.5, top + 0.5, Math.max(w - 1.5, 0), fh - 2);
		if (T.mark && T.mark[i])
			strokes.push('rgba(0,0,0,' + (w < 6 ? 0.3 : 1) + ')', w < 6 ? 0.5 : 1,
			    T.mark[i] === 2 && w >= 6 ? [3, 2] : null,
			    x1 + 0.5, top + 0.5, Math.max(w - 1.5, 0), fh - 2);
		if (T.name[i] === selName || (i === focus && focus > 0))
			strokes.push(i === focus && focus > 0 ? '#0050c8' : '#000', 2, null,
			    x1 + 1, top + 1, Math.max(w - 2.5, 1), fh - 3);
		var chars = Math.floor(w / cw);
		if (chars >= 3) {
			var name = T.names[T.name[i]];
			/* The SVG's cut by --fontwidth, then by measured width: fonts differ. */
			var base = name.length > chars ? name.slice(0, chars - 2) : name;
			var label = base === name ? name : base + '..';
			while (base.length > 1 && ctx.measureText(label).width > w - 4) {
				base = base.slice(0, -1);
				label = base + '..';
			}
			if (ctx.measureText(label).width > w - 4)
				label = '';
			if (label)
				labels.push(ink(c[0], c[1], c[2]), label, x1 + 3, top + fh / 2);
		}
		(hits[d] || (hits[d] = [])).push(i, x1, x2);
	}
	/* The zoomed frame and its ancestors span the width. */
	var anc = [];
	for (var a = z; a >= 0; a = T.parent[a])
		anc.push(a);
	for (var j = anc.length - 1; j >= 0; j--)
		draw(anc[j], 0, W);
	var last = T.end[z];
	for (var i = z + 1; i < last;) {
		var w = T.total[i] * k;
		if (w < 0.2) {
			i = T.end[i];
			continue;
		}
		var x1 = (T.start[i] - vs) * k;
		draw(i, x1, x1 + w);
		i++;
	}
	fills.forEach(function (rects, fill) {
		ctx.fillStyle = fill;
		for (var r = 0; r < rects.length; r += 3)
			ctx.fillRect(rects[r], rects[r + 1], rects[r + 2], fh - 1);
	});
	for (var q = 0; q < strokes.length; q += 7) {
		ctx.strokeStyle = strokes[q];
		ctx.lineWidth = strokes[q + 1];
		ctx.setLineDash(strokes[q + 2] || []);
		ctx.strokeRect(strokes[q + 3], strokes[q + 4], strokes[q + 5], strokes[q + 6]);
	}
	ctx.setLineDash([]);
	var lastInk = null;
	for (var t = 0; t < labels.length; t += 4) {
		if (labels[t] !== lastInk)
			ctx.fillStyle = lastInk = labels[t];
		ctx.fillText(labels[t + 1], labels[t + 2], labels[t + 3]);
	}
	if (!fk.firstDraw)
		fk.firstDraw = performance.now();
}

function frameAt(v, ex, ey) {
	var r = v.canvas.getBoundingClientRect();
	var x = ex - r.left, yy = ey - r.top, fh = P.s.frameheight, H = r.height;
	var d = v.inverted ? Math.floor((yy - 2) / fh) : Math.floor((H - 2 - yy) / fh);
	var row = v.hits[d];
	if (!row)
		return -1;
	var lo = 0, hi = row.length / 3 - 1;
	while (lo <= hi) {
		var mid = (lo + hi) >> 1;
		if (x < row[3 * mid + 1])
			hi = mid - 1;
		else if (x >= row[3 * mid + 2])
			lo = mid + 1;
		else
			return row[3 * mid];
	}
	return -1;
}

function describe(T, i, z) {
	var s = P.s, root = T.total[0];
	var name = i === 0 && T === P ? 'all' : T.names[T.name[i]];
	var t = s.nametype + ' ' + name + ' (' + fmtAmount(T.total[i]) +
	    ', ' + pct(T.total[i], root) + ' of all';
	if (z !== undefined && z !== 0)
		t += ', ' + pct(T.total[i], T.total[z]) + ' of the zoomed frame';
	t += '; self ' + fmtCount(T.self[i]) + ')';
	if (T.diff) {
		var dd = T.delta[i] * (s.negate ? -1 : 1);
		t += ' before ' + fmtCount(T.before[i]) + ', after ' + fmtCount(T.after[i]) +
		    ', change ' + (dd > 0 ? '+' : '') + pct(dd, root) +
		    (T.mark[i] === 1 ? ' (new)' : T.mark[i] === 2 ? ' (gone)' : '');
	}
	return t;
}

function setupCanvas(c, getView) {
	c.addEventListener('mousemove', function (e) {
		var v = getView();
		if (!v)
			return;
		var i = frameAt(v, e.clientX, e.clientY);
		if (i < 0) {
			el.tip.style.display = 'none';
			return;
		}
		var t = describe(v.T, i, v.zoom);
		el.details.textContent = t;
		el.tip.textContent = t;
		el.tip.style.display = 'block';
		el.tip.style.left = Math.min(e.pageX + 12, window.scrollX + window.innerWidth - 320) + 'px';
		el.tip.style.top = e.pageY + 16 + 'px';
	});
	c.addEventListener('mouseleave', function () { el.tip.style.display = 'none'; });
	c.addEventListener('click', function (e) {
		var v = getView();
		if (!v)
			return;
		var i = frameAt(v, e.clientX, e.clientY);
		if (i < 0)
			return;
		if (v === views.flame) {
			state.focus = i;
			if (i > 0)
				state.sel = P.names[P.name[i]];
			zoomTo(i);
		} else {
			v.zoom = i;
			drawView(v);
		}
	});
}

function redraw() {
	if (!P)
		return;
	if (state.view === 'flame')
		drawView(views.flame);
	else if (state.view === 'sandwich')
		drawSandwich();
}

function zoomTo(i) {
	views.flame.zoom = i;
	state.zoom = i;
	drawView(views.flame);
	renderCrumbs();
	saveState();
}

function renderCrumbs() {
	var c = el.crumbs, T = P, chain = [];
	c.textContent = '';
	for (var a = state.zoom; a >= 0; a = T.parent[a])
		chain.unshift(a);
	var ol = h('ol');
	chain.forEach(function (a) {
		var li = h('li');
		var bt = h('button', { 'data-frame': String(fullIndex(a)) },
		    a === 0 ? 'all' : T.names[T.name[a]]);
		if (a === state.zoom)
			bt.setAttribute('aria-current', 'true');
		bt.addEventListener('click', function () { state.focus = a; zoomTo(a); });
		li.append(bt);
		ol.append(li);
	});
	c.append(ol);
	el.reset.disabled = state.zoom === 0;
}

/* ---- search ---- */

function runSearch() {
	el.ci.setAttribute('aria-pressed', String(state.ci));
	match = null;
	el.matched.textContent = '';
	el.search.removeAttribute('aria-invalid');
	if (state.q) {
		var re;
		try {
			re = new RegExp(state.q, state.ci ? 'i' : '');
		} catch (e) {
			el.search.setAttribute('aria-invalid', 'true');
			el.matched.textContent = 'Invalid regular expression';
		}
		if (re) {
			match = new Uint8Array(P.names.length);
			for (var k = 1; k < P.names.length; k++)
				match[k] = re.test(P.names[k]) ? 1 : 0;
			/* Matched weight: frames under a matched frame are already counted. */
			var sum = 0, n = P.n;
			for (var i = 1; i < n;) {
				if (match[P.name[i]]) {
					sum += P.total[i];
					i = P.end[i];
				} else {
					i++;
				}
			}
			el.matched.textContent = 'Matched: ' + pct(sum, P.total[0]);
			fk.matched = sum / P.total[0];
		}
	}
	redraw();
	saveState();
}

/* ---- functions: totals, sandwich, table ---- */

/* Self and total of every function; recursion counts once (the outermost frame). */
function computeStats() {
	var nn = P.names.length, self = new Float64Array(nn), total = new Float64Array(nn);
	var onStack = new Uint32Array(nn), stack = [];
	for (var i = 1; i < P.n; i++) {
		var d = P.depth[i];
		while (stack.length >= d)
			onStack[P.name[stack.pop()]]--;
		var f = P.name[i];
		self[f] += P.self[i];
		if (!onStack[f])
			total[f] += P.total[i];
		onStack[f]++;
		stack.push(i);
	}
	fnStats = { self: self, total: total };
}

/* A tree built by merging paths: nodes keyed by (parent, name). */
function Builder() {
	this.name = [0]; this.total = [0]; this.kids = [new Map()];
}
Builder.prototype.child = function (p, nm) {
	var m = this.kids[p], c = m.get(nm);
	if (c === undefined) {
		c = this.name.length;
		this.name.push(nm);
		this.total.push(0);
		this.kids.push(new Map());
		m.set(nm, c);
	}
	return c;
};
/* Pre-order arrays like a decoded profile's, siblings by name; names are P's ids. */
Builder.prototype.finish = function (rootName) {
	var n = this.name.length, b = this;
	var T = { names: P.names, name: new Uint32Array(n), total: new Float64Array(n),
		start: new Float64Array(n), self: new Float64Array(n), depth: new Uint32Array(n),
		parent: new Int32Array(n), end: new Uint32Array(n), n: n, maxdepth: 0, ncolor: P.ncolor };
	if (!P.ncolor) {
		/* Colours per frame in the profile: take each name's first frame's. */
		T.ncolor = new Uint8Array(3 * P.names.length);
		for (var i = P.n - 1; i >= 0; i--) {
			var o = 3 * P.name[i];
			T.ncolor[o] = P.fcolor[3 * i];
			T.ncolor[o + 1] = P.fcolor[3 * i + 1];
			T.ncolor[o + 2] = P.fcolor[3 * i + 2];
		}
	}
	var pos = 0;
	b.name[0] = rootName;
	var todo = [[0, -1, 0, 0]];
	while (todo.length) {
		var t = todo.pop(), node = t[0], at = pos++;
		T.name[at] = b.name[node];
		T.total[at] = b.total[node];
		T.self[at] = b.total[node];
		T.depth[at] = t[2];
		T.parent[at] = t[1];
		T.start[at] = t[3];
		if (t[2] > T.maxdepth)
			T.maxdepth = t[2];
		if (t[1] >= 0)
			T.self[t[1]] -= b.total[node];
		var kids = Array.from(b.kids[node].values());
		kids.sort(function (x, y) {
			var a = P.names[b.name[x]], c = P.names[b.name[y]];
			return a < c ? -1 : a > c ? 1 : 0;
		});
		var x = t[3], list = [];
		for (var k = 0; k < kids.length; k++) {
			list.push([kids[k], at, t[2] + 1, x]);
			x += b.total[kids[k]];
		}
		for (k = list.length - 1; k >= 0; k--)
			todo.push(list[k]);
		T.end[at] = -1;
	}
	/* Subtree ends, from the depths. */
	var st = [];
	for (i = 0; i < n; i++) {
		while (st.length > T.depth[i])
			T.end[st.pop()] = i;
		st.push(i);
	}
	while (st.length)
		T.end[st.pop()] = n;
	return T;
};

function buildSandwich(selName) {
	var f = P.names.indexOf(selName, 1);
	if (f <= 0)
		return null;
	var up = new Builder(), down = new Builder(), sum = 0;
	for (var i = 1; i < P.n;) {
		if (P.name[i] !== f) {
			i++;
			continue;
		}
		/* An outermost call: its callers up to the root, its callees below. */
		var w = P.total[i];
		sum += w;
		up.total[0] += w;
		var node = 0;
		for (var a = P.parent[i]; a > 0; a = P.parent[a]) {
			node = up.child(node, P.name[a]);
			up.total[node] += w;
		}
		down.total[0] += w;
		var map = [0];
		for (var j = i + 1; j < P.end[i]; j++) {
			var dd = P.depth[j] - P.depth[i];
			map[dd] = down.child(map[dd - 1], P.name[j]);
			down.total[map[dd]] += P.total[j];
		}
		i = P.end[i];
	}
	return { sel: selName, total: sum, callers: up.finish(f), callees: down.finish(f) };
}

function drawSandwich() {
	if (state.sel === null) {
		el.swTitle.textContent = 'Select a function: click a frame or a row of the table.';
		views.callers = views.callees = null;
		el.callersCanvas.style.display = el.calleesCanvas.style.display = 'none';
		return;
	}
	if (!sandwich || sandwich.sel !== state.sel || sandwich.P !== P) {
		sandwich = buildSandwich(state.sel);
		if (sandwich)
			sandwich.P = P;
	}
	if (!sandwich) {
		el.swTitle.textContent = 'No function ' + state.sel + ' in this profile';
		return;
	}
	el.callersCanvas.style.display = el.calleesCanvas.style.display = '';
	el.swTitle.textContent = state.sel + ': ' + fmtAmount(sandwich.total) +
	    ' (' + pct(sandwich.total, P.total[0]) + ')';
	el.callersCanvas.setAttribute('aria-label', 'Callers of ' + state.sel);
	el.calleesCanvas.setAttribute('aria-label', 'Callees of ' + state.sel);
	if (!views.callers || views.callers.T !== sandwich.callers) {
		views.callers = makeView(el.callersCanvas, sandwich.callers, false);
		views.callees = makeView(el.calleesCanvas, sandwich.callees, true);
		views.callers.highlight = views.callees.highlight = false;
	}
	fk.sandwich = { callers: sandwich.callers.total[0], callees: sandwich.callees.total[0] };
	drawView(views.callers);
	drawView(views.callees);
}

function renderTable() {
	if (!fnStats)
		computeStats();
	var nn = P.names.length, rows = [], q = state.filter.toLowerCase();
	for (var k = 1; k < nn; k++)
		if (fnStats.total[k] > 0 && (!q || P.names[k].toLowerCase().indexOf(q) >= 0))
			rows.push(k);
	var key = state.sort.replace('-rev', ''), rev = state.sort.endsWith('-rev');
	var S = fnStats;
	rows.sort(function (a, b) {
		var r;
		if (key === 'name')
			r = P.names[a] < P.names[b] ? -1 : P.names[a] > P.names[b] ? 1 : 0;
		else
			r = S[key][b] - S[key][a] || S.total[b] - S.total[a] ||
			    (P.names[a] < P.names[b] ? -1 : 1);
		return rev ? -r : r;
	});
	for (var c in el.th)
		el.th[c].setAttribute('aria-sort', c !== key ? 'none' :
		    (key === 'name') !== rev ? 'ascending' : 'descending');
	var limit = Math.min(rows.length, 1000), root = P.total[0];
	var body = h('tbody');
	for (var r = 0; r < limit; r++) {
		var f = rows[r], tr = h('tr', { tabindex: '0' });
		if (P.names[f] === state.sel)
			tr.setAttribute('aria-selected', 'true');
		tr.append(h('td', {}, fmtCount(S.self[f]) + ' (' + pct(S.self[f], root) + ')'),
		    h('td', {}, fmtCount(S.total[f]) + ' (' + pct(S.total[f], root) + ')'),
		    h('td', {}, P.names[f]));
		tr.fkName = P.names[f];
		body.append(tr);
	}
	body.addEventListener('click', function (e) {
		var tr = e.target.closest('tr');
		if (tr)
			selectFunction(tr.fkName);
	});
	body.addEventListener('keydown', function (e) {
		var tr = e.target.closest('tr');
		if (tr && e.key === 'Enter')
			selectFunction(tr.fkName);
	});
	el.table.replaceChild(body, el.tbody);
	el.tbody = body;
	el.tableNote.textContent = rows.length > limit ?
	    ' showing ' + limit + ' of ' + rows.length + ' functions' : ' ' + rows.length + ' functions';
}

function selectFunction(name) {
	state.sel = name;
	setView('sandwich');
}

/* ---- views, keyboard, URL ---- */

function setView(v) {
	state.view = v;
	for (var k in el.views) {
		el.views[k].hidden = k !== v;
		el.tabs[k].setAttribute('aria-selected', String(k === v));
	}
	el.crumbs.hidden = el.reset.hidden = v !== 'flame';
	if (v === 'table')
		renderTable();
	redraw();
	saveState();
}

function firstChild(T, i) {
	return i + 1 < T.end[i] ? i + 1 : -1;
}

function sibling(T, i, dir) {
	var p = T.parent[i];
	if (p < 0)
		return -1;
	if (dir > 0)
		return T.end[i] < T.end[p] ? T.end[i] : -1;
	var prev = -1;
	for (var c = p + 1; c < i; c = T.end[c])
		prev = c;
	return prev;
}

function onKey(e) {
	if (e.key === '/' && document.activeElement !== el.search &&
	    document.activeElement !== el.filter) {
		e.preventDefault();
		el.search.focus();
		return;
	}
	if (e.key === 'Escape') {
		if (document.activeElement === el.search) {
			el.canvas.focus();
			return;
		}
		state.focus = 0;
		zoomTo(0);
		return;
	}
	if (document.activeElement !== el.canvas || !P)
		return;
	var f = state.focus, n = -1, inv = views.flame.inverted;
	switch (e.key) {
	case 'ArrowUp': n = inv ? P.parent[f] : firstChild(P, f); break;
	case 'ArrowDown': n = inv ? firstChild(P, f) : P.parent[f]; break;
	case 'ArrowLeft': n = sibling(P, f, -1); break;
	case 'ArrowRight': n = sibling(P, f, 1); break;
	case 'Enter':
		if (f > 0)
			state.sel = P.names[P.name[f]];
		zoomTo(f);
		e.preventDefault();
		return;
	default: return;
	}
	e.preventDefault();
	if (n >= 0) {
		state.focus = n;
		el.details.textContent = describe(P, n, state.zoom);
		drawView(views.flame);
		saveState();
	}
}

var lastHash = '';
function saveState() {
	if (!P || P.index)
		return;     /* the overview's frame numbers are not the profile's */
	var q = new URLSearchParams();
	if (state.view !== 'flame') q.set('view', state.view);
	if (state.zoom) q.set('zoom', String(fullIndex(state.zoom)));
	if (state.focus) q.set('focus', String(fullIndex(state.focus)));
	if (state.sel !== null) q.set('sel', state.sel);
	if (state.q) q.set('q', state.q);
	if (state.ci) q.set('ci', '1');
	if (state.sort !== 'self') q.set('sort', state.sort);
	var hs = q.toString();
	lastHash = hs ? '#' + hs : '';
	if (location.hash !== lastHash && !(lastHash === '' && location.hash === ''))
		history.replaceState(null, '', lastHash || location.pathname + location.search);
}

function loadState() {
	var q = new URLSearchParams(location.hash.slice(1));
	var num = function (k) {
		var v = parseInt(q.get(k) || '0', 10);
		return v >= 0 && v < P.n ? v : 0;
	};
	state.view = ['flame', 'sandwich', 'table'].indexOf(q.get('view')) >= 0 ?
	    q.get('view') : 'flame';
	state.zoom = num('zoom');
	state.focus = num('focus');
	state.sel = q.get('sel');
	state.q = q.get('q') || '';
	state.ci = q.get('ci') === '1';
	state.sort = /^(self|total|name)(-rev)?$/.test(q.get('sort') || '') ? q.get('sort') : 'self';
	el.search.value = state.q;
	views.flame.zoom = state.zoom;
	renderCrumbs();
	runSearch();
	setView(state.view);
}

/* ---- start ---- */

function show(T, full) {
	var prev = P;
	P = T;
	var s = P.s;
	document.title = s.title;
	el.title.textContent = s.title;
	el.subtitle.textContent = s.subtitle || '';
	el.notes.textContent = s.notes || '';
	if (s.uicolor)
		document.body.style.color = s.uicolor;
	if (s.legend)
		el.legend.textContent = (s.cb ? 'Orange' : 'Red') + ': grew; blue: shrank' +
		    ' (' + (s.difftotal ? 'total' : 'self') + ' counts, before ' +
		    s.before.toLocaleString('en-US') + ', after ' + s.after.toLocaleString('en-US') +
		    '). Solid outline: new; dashed: gone.';
	fnStats = null;
	sandwich = null;
	var z = state.zoom, f = state.focus;
	if (prev && prev.index) {
		/* From the overview to the whole profile: keep the zoom and focus. */
		z = prev.index[z];
		f = prev.index[f];
		if (prev.byNode) {
			z = P.pos[z];
			f = P.pos[f];
		}
	}
	views.flame = makeView(el.canvas, P, !!s.inverted);
	if (full && !prev) {
		loadState();
	} else {
		state.zoom = views.flame.zoom = z;
		state.focus = f;
		renderCrumbs();
		if (full && location.hash.length > 1 && !lastHash)
			loadState();
		else
			runSearch();
		if (state.view === 'table')
			renderTable();
	}
}

window.addEventListener('error', function (e) { fk.errors.push(String(e.message)); });

/* For tests and tools: what a view drew, in page coordinates, and the state. */
fk.drawn = function (which) {
	var v = views[which || 'flame'], out = [];
	if (!v)
		return out;
	var r = v.canvas.getBoundingClientRect(), fh = P.s.frameheight;
	v.hits.forEach(function (row, d) {
		for (var k = 0; k < row.length; k += 3) {
			var i = row[k];
			var top = v.inverted ? d * fh + 2 : r.height - 2 - (d + 1) * fh;
			out.push({ name: v.T.names[v.T.name[i]], depth: d, total: v.T.total[i] / P.div,
				self: v.T.self[i] / P.div, x: r.left + window.scrollX + row[k + 1],
				w: row[k + 2] - row[k + 1], y: r.top + window.scrollY + top + fh / 2 });
		}
	});
	return out;
};
fk.state = function () { return JSON.parse(JSON.stringify(state)); };
/* Every frame of the profile shown, in pre-order, as plain arrays. */
fk.frames = function () {
	var T = P, out = {};
	['depth', 'total', 'start', 'self', 'parent', 'end'].forEach(function (k) {
		out[k] = Array.from(T[k]);
	});
	out.name = Array.from(T.name, function (k) { return T.names[k]; });
	return out;
};

function start() {
	buildPage();
	setView('flame');
	mark('start');
	var over = document.getElementById('fk-overview');
	/*
	 * An uncompressed overview resolves at once: it is drawn in this
	 * script's microtasks, before the parser reads the whole profile.
	 */
	var first = over ? elementBytes(over).then(function (b) {
		mark('overview read');
		var T = decode(b);
		mark('overview decoded');
		show(T, false);
		mark('overview drawn');
	}) : Promise.resolve();
	first.then(function () {
		return new Promise(function (res) {
			if (document.readyState === 'loading')
				document.addEventListener('DOMContentLoaded', res);
			else
				res();
		});
	}).then(function () {
		mark('parsed');
		return elementBytes(document.getElementById('fk-profile'));
	}).then(function (b) {
		mark('profile read');
		var T = decode(b);
		mark('profile decoded');
		show(T, true);
		fk.ready = performance.now();
		document.body.setAttribute('data-ready', '1');
	}).catch(function (e) {
		fk.errors.push(String(e));
		el.details.textContent = 'Cannot read the profile: ' + e;
	});
}

start();
})();
