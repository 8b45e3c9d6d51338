/*
 * options.h -- flame-graph's option setter (the command layer's, not the library's).
 */
#ifndef FK_GRAPH_CMD_OPTIONS_H
#define FK_GRAPH_CMD_OPTIONS_H

#include "render/graph.h"

/*
 * Set the option called name (without dashes) from arg (NULL for a flag).
 * Strings are kept by pointer (argv's).
 * @return 0, or -1 with a message recorded (code FK_ERR_USAGE).
 */
int graph_option(struct fk_graph_opts *o, const char *name, const char *arg);

#endif
