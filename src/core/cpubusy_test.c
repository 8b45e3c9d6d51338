#include <criterion/criterion.h>

#include "core/cpubusy.h"

Test(cpubusy, reads_the_ten_second_share)
{
	cr_assert_float_eq(fk_cpu_pressure_parse(
	    "some avg10=98.71 avg60=98.68 avg300=95.50 total=20679459089\n"
	    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"), 98.71, 1e-9);
	cr_assert_float_eq(fk_cpu_pressure_parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n"),
	    0.0, 1e-9);
}

Test(cpubusy, rejects_what_it_cannot_read)
{
	cr_assert_eq(fk_cpu_pressure_parse(""), -1);
	cr_assert_eq(fk_cpu_pressure_parse("full avg10=3.00 avg60=0.00\n"), -1);
	cr_assert_eq(fk_cpu_pressure_parse("some avg60=3.00\nfull avg10=1.00\n"), -1);
	cr_assert_eq(fk_cpu_pressure_parse("some avg10=x avg60=0.00\n"), -1);
	cr_assert_eq(fk_cpu_pressure_parse("some avg10=180.0 avg60=0.00\n"), -1);
}

/* Whatever the machine is doing, the answer is a yes or a no, and the system's own figure agrees. */
Test(cpubusy, answers_from_the_system)
{
	int busy = fk_cpus_busy(1);
	cr_assert(busy == 0 || busy == 1);
	double p = fk_cpu_pressure();
	cr_assert(p == -1 || (p >= 0 && p <= 100));
}
