flame-collapse --event-filter=page-faults ../perf/events.perf.txt
