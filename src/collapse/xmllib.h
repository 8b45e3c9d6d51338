/*
 * xmllib.h -- the libxml2 reader functions the xctrace reader uses, loaded
 * with dlopen() on its first use.
 *
 * Linking libxml2 makes every run of flame-collapse load it and the ICU
 * and C++ libraries it needs (about 5 ms and 200 page faults before main),
 * while only xctrace input uses it.  The headers still give the types.
 */
#ifndef FK_XMLLIB_H
#define FK_XMLLIB_H

#include <libxml/xmlreader.h>

struct fk_xmllib {
	xmlTextReaderPtr (*reader_for_io)(xmlInputReadCallback, xmlInputCloseCallback,
	    void *, const char *, const char *, int);
	void (*set_error_handler)(xmlTextReaderPtr, xmlTextReaderErrorFunc, void *);
	int (*read)(xmlTextReaderPtr);
	int (*node_type)(xmlTextReaderPtr);
	int (*depth)(xmlTextReaderPtr);
	int (*is_empty_element)(xmlTextReaderPtr);
	const xmlChar *(*const_local_name)(xmlTextReaderPtr);
	xmlChar *(*get_attribute)(xmlTextReaderPtr, const xmlChar *);
	xmlChar *(*read_string)(xmlTextReaderPtr);
	int (*locator_line_number)(xmlTextReaderLocatorPtr);
	void (*free_reader)(xmlTextReaderPtr);
	xmlFreeFunc *free;       /* libxml2's xmlFree variable: call (*free)(p) */
};

/*
 * The functions, loaded once per process (thread-safe).  @return them, or
 * NULL with fk_error set ("xctrace input needs libxml2 ...").
 */
const struct fk_xmllib *fk_xmllib_get(void);

#endif
