"use strict";
/*
 * flamekit interactive flame graph: hover details, click to zoom, search.
 * Settings come from data-* attributes of the <svg> element; each frame is
 * a <g> (or <a>) in #frames holding <title>, <rect> and <text>.
 * The picture is complete without this script.
 */
var fk = {
	svg: null, frames: [], details: null, matched: null, searchbtn: null,
	icbtn: null, unzoombtn: null, zoomed: null, term: null, ignorecase: false,
	xpad: 10, fontsize: 12, fontwidth: 0.59, inverted: false, factor: 1,
	nametype: "Function:", countname: "samples", searchcolor: "rgb(230,0,230)",
	total: 0, width: 0, before: NaN, after: NaN, searchlabel: null, outlinemin: 0,
	unit: null   /* the counts' unit when they are time or bytes (data-unit) */
};

/* Readable scales of the units (as src/core/unit.c): size in the unit's base. */
var fk_units = {
	nanoseconds: { base: 1, sym: "ns", scales: [[1, "ns"], [1e3, "\u00b5s"], [1e6, "ms"], [1e9, "s"]] },
	microseconds: { base: 1e3, sym: "\u00b5s", scales: [[1, "ns"], [1e3, "\u00b5s"], [1e6, "ms"], [1e9, "s"]] },
	milliseconds: { base: 1e6, sym: "ms", scales: [[1, "ns"], [1e3, "\u00b5s"], [1e6, "ms"], [1e9, "s"]] },
	seconds: { base: 1e9, sym: "s", scales: [[1, "ns"], [1e3, "\u00b5s"], [1e6, "ms"], [1e9, "s"]] },
	bytes: { base: 1, sym: "B", scales: [[1, "B"], [1e3, "kB"], [1e6, "MB"], [1e9, "GB"],
	    [1e12, "TB"], [1e15, "PB"]] }
};

function init(evt) {
	if (fk.svg)
		return;
	var svg = document.getElementsByTagName("svg")[0];
	fk.svg = svg;
	var num = function (name, def) {
		var v = parseFloat(svg.getAttribute(name));
		return isNaN(v) ? def : v;
	};
	var str = function (name, def) {
		var v = svg.getAttribute(name);
		return v === null ? def : v;
	};
	fk.xpad = num("data-xpad", 10);
	fk.fontsize = num("data-fontsize", 12);
	fk.fontwidth = num("data-fontwidth", 0.59);
	fk.inverted = num("data-inverted", 0) != 0;
	fk.factor = num("data-factor", 1);
	fk.nametype = str("data-nametype", "Function:");
	fk.countname = str("data-countname", "samples");
	fk.unit = fk_units[str("data-unit", "")] || null;
	fk.searchcolor = str("data-searchcolor", "rgb(230,0,230)");
	/* label colour readable on the search colour; outlines of new/gone frames from this width */
	fk.searchlabel = str("data-searchlabel", null);
	fk.outlinemin = num("data-outlinemin", 0);
	fk.width = num("width", 1200);
	fk.details = document.getElementById("details").firstChild;
	fk.matched = document.getElementById("matched").firstChild;
	fk.searchbtn = document.getElementById("search");
	fk.icbtn = document.getElementById("ignorecase");
	fk.unzoombtn = document.getElementById("unzoom");

	var groups = document.getElementById("frames").children;
	for (var i = 0; i < groups.length; i++) {
		var g = groups[i];
		var rect = g.querySelector("rect"), text = g.querySelector("text");
		var title = g.querySelector("title");
		if (!rect || !text || !title)
			continue;
		var t = title.textContent, name = t, count = NaN;
		var m = /^([\s\S]*) \(([0-9][0-9,.]*) [^()]*\)$/.exec(t);
		if (m) {
			name = m[1];
			/* With a unit the title's figure is rounded ("1.31 s"): data-c is exact. */
			count = g.hasAttribute("data-c") ? parseFloat(g.getAttribute("data-c")) :
			    parseFloat(m[2].replace(/,/g, ""));
		}
		var f = {
			g: g, rect: rect, text: text, name: name, count: count,
			x: parseFloat(rect.getAttribute("x")),
			w: parseFloat(rect.getAttribute("width")),
			y: parseFloat(rect.getAttribute("y")),
			self: g.hasAttribute("data-s") ? parseFloat(g.getAttribute("data-s")) : NaN,
			narrow: g.hasAttribute("data-n") ? parseInt(g.getAttribute("data-n"), 10) : 0,
			fill: rect.getAttribute("fill"),
			before: g.hasAttribute("data-b") ? parseFloat(g.getAttribute("data-b")) : NaN,
			after: g.hasAttribute("data-a") ? parseFloat(g.getAttribute("data-a")) : NaN,
			mark: g.getAttribute("data-m"),
			label: text.getAttribute("style"),   /* a light label on a dark fill */
			thin: rect.classList.contains("thin"),
			/* as written, restored exactly on reset (text x is unrounded x + 3) */
			attrs: [rect.getAttribute("x"), rect.getAttribute("width"), text.getAttribute("x"), text.textContent],
			root: fk.frames.length === 0   /* written first, parents before children */
		};
		g.fkIndex = fk.frames.length;
		fk.frames.push(f);
		if (f.root && !isNaN(count))
			fk.total = count;
		if (f.root) {
			fk.before = f.before;
			fk.after = f.after;
		}
	}
	/*
	 * Self counts not written out: a frame with children drawn after it
	 * (parents come first) has none, a leaf is all self.
	 */
	var rooty = fk.frames.length ? fk.frames[0].y : 0;
	var step = fk.frames.length ? parseFloat(fk.frames[0].rect.getAttribute("height")) + 1 : 16;
	/*
	 * Frames come in pre-order, so each one's parent is the last frame
	 * seen one level down. Zoom and search use these links: geometry alone
	 * cannot tell apart frames that round to zero width (--minwidth 0).
	 */
	var up = [];
	for (var d = 0; d < fk.frames.length; d++) {
		var fd = fk.frames[d];
		fd.depth = Math.round(Math.abs(rooty - fd.y) / step);
		up.length = fd.depth;
		fd.parent = fd.depth > 0 && up[fd.depth - 1] ? up[fd.depth - 1] : null;
		up[fd.depth] = fd;
	}
	for (var s = 0; s < fk.frames.length; s++) {
		var fr = fk.frames[s];
		if (fr.g.hasAttribute("data-s"))
			continue;
		var kids = s + 1 < fk.frames.length && fk.frames[s + 1].depth == fr.depth + 1;
		fr.self = kids ? 0 : fr.count;
	}
	if (!fk.total) {
		for (var j = 0; j < fk.frames.length; j++)
			if (!isNaN(fk.frames[j].count) && fk.frames[j].count > fk.total)
				fk.total = fk.frames[j].count;
	}

	svg.addEventListener("click", on_click, false);
	svg.addEventListener("mouseover", on_over, false);
	svg.addEventListener("mouseout", on_out, false);
	window.addEventListener("keydown", on_key, false);

	var p = get_params();
	if (p.i == "1")
		set_ignorecase(true);
	if (p.x !== undefined && p.y !== undefined) {
		var z = find_at(parseFloat(p.x), parseFloat(p.y));
		if (z)
			zoom(z);
	}
	if (p.s)
		search(p.s);
}

function frame_of(node) {
	while (node && node.parentNode) {
		if (node.parentNode.id == "frames")
			return node.fkIndex === undefined ? null : fk.frames[node.fkIndex];
		node = node.parentNode;
	}
	return null;
}

function find_at(x, y) {
	for (var i = 0; i < fk.frames.length; i++) {
		var f = fk.frames[i];
		if (Math.abs(f.x - x) < 0.05 && Math.abs(f.y - y) < 0.05)
			return f;
	}
	return null;
}

function commas(v) {
	return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/* v in the unit's readable form: 3 significant figures, "1.31 s", "65.5 MB". */
function fmt_unit(v) {
	var sc = fk.unit.scales, x = v * fk.unit.base, i = 0, s;
	while (i + 1 < sc.length && x >= sc[i + 1][0])
		i++;
	for (;;) {
		var y = x / sc[i][0];
		if (y >= 1000 && i + 1 === sc.length)
			return commas(y) + " " + sc[i][1];
		s = y > 0 && y < 1 ? parseFloat(y.toPrecision(3)).toString() :
		    parseFloat(y.toFixed(y >= 100 ? 0 : y >= 10 ? 1 : 2)).toString();
		if (parseFloat(s) < 1000 || i + 1 === sc.length)
			break;
		i++;
	}
	return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + " " + sc[i][1];
}

function fmt_count(v) {
	if (isNaN(v))
		return "?";
	return fk.unit ? fmt_unit(v) : commas(v);
}

/* A frame's count: readable and exact with a unit, else "N samples". */
function fmt_amount(v) {
	if (fk.unit && !isNaN(v))
		return fmt_unit(v) + " = " + commas(v) + " " + fk.unit.sym;
	return fmt_count(v) + " " + fk.countname;
}

function pct(a, b) {
	if (!b || isNaN(a))
		return "?";
	return (100 * a / b).toFixed(2) + "%";
}

function describe(f) {
	var s = fk.nametype + " " + f.name + " (" + fmt_amount(f.count) + ", " +
	    pct(f.count, fk.total);
	if (fk.zoomed && fk.zoomed !== f && !is_ancestor(f, fk.zoomed))
		s += ", " + pct(f.count, fk.zoomed.count) + " of zoomed";
	s += "; self " + fmt_count(f.self);
	if (f.narrow > 0)
		s += ", " + f.narrow + " narrow frame" + (f.narrow > 1 ? "s" : "") + " merged";
	if (!isNaN(f.before) && !isNaN(f.after))
		s += "; " + describe_diff(f);
	return s + ")";
}

/* A differential count: as written (up to two decimals, from data-b/data-a), with commas. */
function fmt_exact(v) {
	if (isNaN(v))
		return "?";
	var s = (Math.round(Math.abs(v) * 100) / 100).toFixed(2).replace(/\.?0+$/, "");
	return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/*
 * Differential: the change in counts with before and after ("+600 (300 →
 * 900)", what a leak hunter reads), then in points of share.
 */
function describe_diff(f) {
	var d = f.after - f.before;
	var sb = fk.before ? 100 * f.before / fk.before : 0;
	var sa = fk.after ? 100 * f.after / fk.after : 0;
	var pp = sa - sb;
	if (Math.abs(pp) < 0.005)
		pp = 0;   /* no "-0.00" */
	var s = "change " + (d > 0 ? "+" : d < 0 ? "-" : "") + fmt_exact(d) + " (" +
	    fmt_exact(f.before) + " \u2192 " + fmt_exact(f.after) + "), " +
	    (pp > 0 ? "+" : "") + pp.toFixed(2) + " pp (" + sb.toFixed(2) + "% \u2192 " +
	    sa.toFixed(2) + "%)";
	if (f.mark)
		s += ", " + f.mark;
	return s;
}

function on_over(e) {
	var f = frame_of(e.target);
	if (f)
		fk.details.nodeValue = describe(f);
}

function on_out(e) {
	if (frame_of(e.target))
		fk.details.nodeValue = " ";
}

function on_click(e) {
	var f = frame_of(e.target);
	if (f) {
		if (f.g.nodeName == "a" && !e.ctrlKey)
			return;
		e.preventDefault();
		if (f.root)
			reset_zoom();
		else
			zoom(f);
		return;
	}
	var id = e.target.id || (e.target.parentNode && e.target.parentNode.id);
	if (id == "unzoom")
		reset_zoom();
	else if (id == "search")
		search_prompt();
	else if (id == "ignorecase")
		toggle_ignorecase();
}

function on_key(e) {
	if (e.keyCode === 114 || (e.ctrlKey && e.keyCode === 70)) {
		e.preventDefault();
		search_prompt();
	} else if (e.ctrlKey && e.keyCode === 73) {
		e.preventDefault();
		toggle_ignorecase();
	} else if (e.keyCode === 27 && fk.zoomed) {
		reset_zoom();
	}
}

/* URL state: ?s=term&i=1&x=..&y=.. */
function get_params() {
	var p = {};
	var parts = window.location.search.substr(1).split("&");
	for (var i = 0; i < parts.length; i++) {
		var kv = parts[i].split("=");
		if (!kv[0] || kv.length < 2)
			continue;
		try {
			p[kv[0]] = decodeURIComponent(kv.slice(1).join("="));
		} catch (err) {
			/* a malformed parameter is ignored */
		}
	}
	return p;
}

function set_params(change) {
	var p = get_params(), k;
	for (k in change) {
		if (change[k] === null)
			delete p[k];
		else
			p[k] = change[k];
	}
	var q = [];
	for (k in p)
		q.push(k + "=" + encodeURIComponent(p[k]));
	var url = q.length ? "?" + q.join("&") : window.location.pathname;
	try {
		history.replaceState(null, null, url);
	} catch (err) {
		/* file: URLs inside <object> may refuse; the state is only lost */
	}
}

/* Zoom. */
function is_ancestor(a, f) {
	for (var p = f.parent; p; p = p.parent)
		if (p === a)
			return true;
	return false;
}

/* New and gone frames are outlined only where wide enough (as written: class thin). */
function set_thin(f, thin) {
	if (!f.mark)
		return;
	if (thin)
		f.rect.classList.add("thin");
	else
		f.rect.classList.remove("thin");
}

function place(f, x, w) {
	f.rect.setAttribute("x", x.toFixed(1));
	f.rect.setAttribute("width", w.toFixed(1));
	set_thin(f, parseFloat(w.toFixed(1)) < fk.outlinemin);
	f.text.setAttribute("x", (x + 3).toFixed(2));
	var chars = Math.floor(w / (fk.fontsize * fk.fontwidth));
	var name = f.name;
	if (f.root || chars < 3)
		f.text.textContent = "";
	else if (chars >= name.length)
		f.text.textContent = name;
	else
		f.text.textContent = name.substring(0, chars - 2) + "..";
}

function zoom(z) {
	var full = fk.width - 2 * fk.xpad;
	if (!(z.w > 0))
		return;   /* drawn zero wide: nothing to stretch */
	var ratio = full / z.w;
	fk.zoomed = z;
	fk.unzoombtn.classList.remove("hide");
	for (var i = 0; i < fk.frames.length; i++) {
		var f = fk.frames[i];
		f.g.classList.remove("parent");
		f.g.classList.remove("hide");
		if (f === z) {
			place(f, fk.xpad, full);
		} else if (is_ancestor(f, z)) {
			f.g.classList.add("parent");
			place(f, fk.xpad, full);
		} else {
			if (is_ancestor(z, f))
				place(f, fk.xpad + (f.x - z.x) * ratio, f.w * ratio);
			else
				f.g.classList.add("hide");
		}
	}
	set_params({x: z.x.toFixed(1), y: String(z.y)});
	if (fk.term !== null)
		search(fk.term);
}

function reset_zoom() {
	fk.zoomed = null;
	fk.unzoombtn.classList.add("hide");
	for (var i = 0; i < fk.frames.length; i++) {
		var f = fk.frames[i];
		f.g.classList.remove("parent");
		f.g.classList.remove("hide");
		f.rect.setAttribute("x", f.attrs[0]);
		f.rect.setAttribute("width", f.attrs[1]);
		f.text.setAttribute("x", f.attrs[2]);
		f.text.textContent = f.attrs[3];
		set_thin(f, f.thin);
	}
	set_params({x: null, y: null});
	if (fk.term !== null)
		search(fk.term);
}

/* Search. */
function set_ignorecase(on) {
	fk.ignorecase = on;
	if (on)
		fk.icbtn.classList.add("show");
	else
		fk.icbtn.classList.remove("show");
}

function toggle_ignorecase() {
	set_ignorecase(!fk.ignorecase);
	set_params({i: fk.ignorecase ? "1" : null});
	if (fk.term !== null)
		search(fk.term);
}

function search_prompt() {
	if (fk.term !== null) {
		clear_search();
		return;
	}
	var term = prompt("Search for a frame name (regular expression, e.g. ^ext4_)" +
	    (fk.ignorecase ? ", ignoring case" : "") +
	    "\nCtrl-I toggles case sensitivity", "");
	if (term)
		search(term);
}

/* A frame's fill and label colour, as written or as a search match. */
function paint(f, hit) {
	f.rect.setAttribute("fill", hit ? fk.searchcolor : f.fill);
	var label = hit && fk.searchlabel ? "fill:" + fk.searchlabel : f.label;
	if (label === null)
		f.text.removeAttribute("style");
	else
		f.text.setAttribute("style", label);
}

function clear_search() {
	fk.term = null;
	for (var i = 0; i < fk.frames.length; i++)
		paint(fk.frames[i], false);
	fk.searchbtn.classList.remove("show");
	fk.searchbtn.firstChild.nodeValue = "Search";
	fk.matched.nodeValue = " ";
	set_params({s: null});
}

function search(term) {
	var re;
	try {
		re = new RegExp(term, fk.ignorecase ? "i" : "");
	} catch (err) {
		fk.matched.nodeValue = "Bad expression";
		return;
	}
	fk.term = term;
	var spans = [], base = fk.zoomed ? fk.zoomed : null;
	for (var i = 0; i < fk.frames.length; i++) {
		var f = fk.frames[i];
		var hit = !f.root && re.test(f.name);
		paint(f, hit);
		if (!hit)
			continue;
		/* Count only the zoomed frame and what lies on it. */
		if (base && f !== base && !is_ancestor(base, f))
			continue;
		spans.push([f.x, f.x + f.w]);
	}
	/* Nested matches lie inside an outer one: merge the intervals. */
	spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
	var covered = 0, end = -Infinity;
	for (var j = 0; j < spans.length; j++) {
		var s = Math.max(spans[j][0], end);
		if (spans[j][1] > s)
			covered += spans[j][1] - s;
		end = Math.max(end, spans[j][1]);
	}
	var denom = base ? base.w : fk.width - 2 * fk.xpad;
	var p = denom > 0 ? 100 * covered / denom : 0;
	fk.matched.nodeValue = "Matched: " + (p >= 99.995 ? "100" : p.toFixed(1)) + "%";
	fk.searchbtn.classList.add("show");
	fk.searchbtn.firstChild.nodeValue = "Reset Search";
	set_params({s: term});
}
