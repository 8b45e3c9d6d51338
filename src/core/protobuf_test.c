#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/protobuf.h"

Test(protobuf, varints_encode_as_the_spec_says)
{
	struct fk_pbuf b = { 0 };
	fk_pbuf_varint(&b, 1);
	fk_pbuf_varint(&b, 300);
	fk_pbuf_varint(&b, UINT64_MAX);
	static const unsigned char want[] = { 0x01, 0xac, 0x02,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
	cr_assert_eq(b.n, sizeof(want));
	cr_assert_eq(memcmp(b.p, want, sizeof(want)), 0);
	cr_assert_eq(fk_pb_varint_size(0), 1);
	cr_assert_eq(fk_pb_varint_size(300), 2);
	cr_assert_eq(fk_pb_varint_size(UINT64_MAX), 10);
	fk_pbuf_release(&b);
}

Test(protobuf, fields_written_read_back)
{
	struct fk_pbuf b = { 0 }, sub = { 0 };
	static const uint64_t ids[] = { 3, 2, 200 };
	fk_pbuf_uint(&sub, 1, (uint64_t)-5);   /* an int64 as protoc writes it */
	fk_pbuf_bytes(&b, 2, sub.p, sub.n);
	fk_pbuf_bytes(&b, 6, "main", 4);
	fk_pbuf_bytes(&b, 6, "", 0);
	fk_pbuf_packed(&b, 1, ids, 3);
	fk_pbuf_packed(&b, 9, ids, 0);          /* nothing */
	fk_pbuf_uint(&b, 12, 7);

	struct fk_pb r = { b.p, b.p + b.n, b.p, 0 }, s;
	uint32_t f;
	int wt;
	uint64_t v = 0;
	cr_assert_eq(fk_pb_field(&r, &f, &wt, &v, &s), 1);
	cr_assert(f == 2 && wt == FK_PB_BYTES);
	struct fk_pb in = s, s2;
	cr_assert_eq(fk_pb_field(&in, &f, &wt, &v, &s2), 1);
	cr_assert(f == 1 && wt == FK_PB_VARINT && (int64_t)v == -5);
	cr_assert_eq(fk_pb_field(&in, &f, &wt, &v, &s2), 0);
	cr_assert_eq(fk_pb_field(&r, &f, &wt, &v, &s), 1);
	cr_assert(f == 6 && s.end - s.p == 4 && memcmp(s.p, "main", 4) == 0);
	cr_assert_eq(fk_pb_field(&r, &f, &wt, &v, &s), 1);
	cr_assert(f == 6 && s.end == s.p);
	cr_assert_eq(fk_pb_field(&r, &f, &wt, &v, &s), 1);
	cr_assert(f == 1 && wt == FK_PB_BYTES);
	for (int k = 0; k < 3; k++)
		cr_assert_eq(fk_pb_varint(&s), ids[k]);
	cr_assert(s.p == s.end && !s.err);
	cr_assert_eq(fk_pb_field(&r, &f, &wt, &v, &s), 1);
	cr_assert(f == 12 && v == 7);
	cr_assert_eq(fk_pb_field(&r, &f, &wt, &v, &s), 0);
	fk_pbuf_release(&b);
	fk_pbuf_release(&sub);
}

Test(protobuf, corrupt_data_is_refused)
{
	/* A length past the end, a varint cut off, a group, field number 0. */
	static const unsigned char past[] = { 0x12, 0x05, 'a' };
	static const unsigned char cut[] = { 0x08, 0x80 };
	static const unsigned char group[] = { 0x0b };
	static const unsigned char zero[] = { 0x00, 0x01 };
	const unsigned char *cases[] = { past, cut, group, zero };
	size_t sizes[] = { sizeof(past), sizeof(cut), sizeof(group), sizeof(zero) };
	for (int i = 0; i < 4; i++) {
		struct fk_pb r = { cases[i], cases[i] + sizes[i], cases[i], 0 }, s;
		uint32_t f;
		int wt;
		uint64_t v;
		cr_assert_eq(fk_pb_field(&r, &f, &wt, &v, &s), -1, "case %d", i);
		cr_assert(r.err);
	}
}
