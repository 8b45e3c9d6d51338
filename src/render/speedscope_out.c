/*
 * speedscope_out.c -- a layout as a speedscope sampled profile (speedscope_out.h).
 * Two walks of the layout in pre-order, one for the stacks and one for
 * their weights, so nothing but the frame table is held.
 */
#include "render/speedscope_out.h"
#include "core/error.h"
#include "core/util.h"
#include "render/frame_ids.h"
#include "render/json_write.h"

#include <stdlib.h>
#include <string.h>

int
fk_speedscope_write(FILE *out, const struct fk_layout *l, const char *name,
    const char *unit)
{
	if (l->diff)
		return fk_error("speedscope output takes one count per stack, not two "
		    "(differential input)");
	struct fk_frame_ids x;
	if (fk_frame_ids_build(&x, l) < 0)
		return -1;
	size_t nname = strlen(name);
	fputs("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\n"
	    "\"exporter\":\"flamekit\",\n\"name\":", out);
	fk_json_write_string(out, name, nname);
	fputs(",\n\"activeProfileIndex\":0,\n\"shared\":{\"frames\":[", out);
	for (size_t k = 0; k < x.n; k++) {
		const struct fk_frame *f = &l->frames[x.first[k]];
		fputs(k ? ",\n{\"name\":" : "\n{\"name\":", out);
		fk_json_write_string(out, f->name, f->len);
		putc('}', out);
	}
	fputs("]},\n\"profiles\":[{\"type\":\"sampled\",\"name\":", out);
	fk_json_write_string(out, name, nname);
	fputs(",\"unit\":", out);
	fk_json_write_string(out, unit ? unit : "none", strlen(unit ? unit : "none"));
	fputs(",\"startValue\":0,\"endValue\":", out);
	fk_json_write_count(out, l->n ? l->frames[0].end - l->frames[0].start : 0, l->scale);
	fputs(",\n\"samples\":[", out);
	struct fk_frame_path p = { fk_xmalloc((l->depthmax + 1) * sizeof(*p.ids)), 0 };
	int first = 1;
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0)
			fk_frame_path_enter(&p, &x, l, i);
		if (l->frames[i].self <= 0)
			continue;
		fputs(first ? "\n[" : ",\n[", out);
		first = 0;
		for (uint32_t d = 0; d < p.depth; d++) {
			if (d)
				putc(',', out);
			fk_json_write_uint(out, p.ids[d]);
		}
		putc(']', out);
	}
	fputs("],\n\"weights\":[", out);
	first = 1;
	for (size_t i = 0; i < l->n; i++) {
		if (l->frames[i].self <= 0)
			continue;
		if (!first)
			putc(',', out);
		first = 0;
		fk_json_write_count(out, l->frames[i].self, l->scale);
	}
	fputs("]}]}\n", out);
	free(p.ids);
	fk_frame_ids_release(&x);
	return 0;
}
