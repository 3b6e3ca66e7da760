/* Typed arguments for the language's args.NAME, ->, ., [] and str():
 * functions taking and returning pointers to structs whose contents the
 * program prints, so a test compares what scry read with what was there.
 * typed-args-o2.c is this file at -O2 (parameters in registers, location
 * lists).
 *
 *   typed-args N    shape_area(&shapes[i % 3], i, label) N times */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct point {
	int x;
	long y;
};

struct shape {
	char name[16];
	struct point *corner;
	struct point origin;
	int sides[4];
	unsigned char flags;
	struct shape *next;
};

static struct point corners[3] = { { 3, -30 }, { 4, -40 }, { 5, -50 } };
static struct shape shapes[3];
static volatile long sink;

__attribute__((noinline, used)) long shape_area(struct shape *s, int scale, const char *label)
{
	long a = (long)s->corner->x * s->origin.y * scale;

	sink += a + (long)strlen(label);
	return a;
}

__attribute__((noinline, used)) struct point *corner_of(struct shape *s, short which)
{
	sink += which;
	return s->corner;
}

int main(int argc, char **argv)
{
	static const char *const names[3] = { "triangle", "square", "pentagon" };
	static const char *const labels[3] = { "small", "medium", "large" };
	long n = argc > 1 ? atol(argv[1]) : 3;

	for (int i = 0; i < 3; i++) {
		snprintf(shapes[i].name, sizeof(shapes[i].name), "%s", names[i]);
		shapes[i].corner = &corners[i];
		shapes[i].origin = (struct point){ 10 * (i + 1), -7 * (i + 1) };
		for (int k = 0; k < 4; k++)
			shapes[i].sides[k] = (i + 3) * 10 + k;
		shapes[i].flags = (unsigned char)(0x80 | i);
		shapes[i].next = &shapes[(i + 1) % 3];
	}
	for (long i = 0; i < n; i++) {
		struct shape *s = &shapes[i % 3];

		shape_area(s, (int)-i, labels[i % 3]);
		corner_of(s, (short)(-1 - i));
	}
	for (int i = 0; i < 3; i++)
		printf("shape %s corner.x=%d corner.y=%ld origin.x=%d origin.y=%ld sides[2]=%d flags=%u next=%s\n",
		       shapes[i].name, shapes[i].corner->x, shapes[i].corner->y, shapes[i].origin.x,
		       shapes[i].origin.y, shapes[i].sides[2], shapes[i].flags, shapes[i].next->name);
	fflush(stdout);
	return 0;
}
