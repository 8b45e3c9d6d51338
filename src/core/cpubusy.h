/*
 * cpubusy.h -- are this machine's CPUs already busy with other work?
 *
 * A second thread pays only when it gets a CPU of its own.  On a shared or
 * virtual machine whose CPUs other tasks keep busy (or whose host starves
 * a virtual CPU) it only adds start-up, memory and a merge, and the run
 * ends when the slower thread does.  Linux says how much tasks waited for
 * a CPU lately (/proc/pressure/cpu, "some avg10"); without that file, the
 * load average (/proc/loadavg) stands in.
 */
#ifndef FK_CPUBUSY_H
#define FK_CPUBUSY_H

/*
 * The share of the last seconds, in percent (0-100), in which some task
 * was ready to run but waited for a CPU; -1 when the system does not say.
 * From /proc/pressure/cpu, or from the text given (tests).
 */
double fk_cpu_pressure(void);
double fk_cpu_pressure_parse(const char *text);

/*
 * Should work that could use several CPUs stay on one?  1 when tasks
 * waited for a CPU at least half of the last ten seconds, or, where CPU
 * pressure is not reported, when the one-minute load average is above
 * the number of CPUs (ncpus); 0 otherwise, and when neither is known.
 */
int fk_cpus_busy(int ncpus);

#endif
