/*
 * cpubusy.c -- are this machine's CPUs already busy?  (cpubusy.h)
 */
#include "core/cpubusy.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read a small /proc file whole into buf (NUL-terminated).  @return 0, or -1. */
static int
read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

double
fk_cpu_pressure_parse(const char *text)
{
	/* "some avg10=1.23 avg60=... total=..." on the first line. */
	if (strncmp(text, "some ", 5) != 0)
		return -1;
	const char *a = strstr(text, "avg10=");
	const char *nl = strchr(text, '\n');
	if (a == NULL || (nl != NULL && a > nl))
		return -1;
	char *end;
	double v = strtod(a + 6, &end);
	if (end == a + 6 || v < 0 || v > 100)
		return -1;
	return v;
}

double
fk_cpu_pressure(void)
{
	char buf[256];
	if (read_small("/proc/pressure/cpu", buf, sizeof(buf)) < 0)
		return -1;
	return fk_cpu_pressure_parse(buf);
}

int
fk_cpus_busy(int ncpus)
{
	double pressure = fk_cpu_pressure();
	if (pressure >= 0)
		return pressure >= 50;
	double load;
	if (ncpus >= 1 && getloadavg(&load, 1) == 1)
		return load > ncpus;
	return 0;
}
