/*
 * xmllib.h -- the libxml2 functions flamekit calls, loaded with dlopen()
 * on first use (core/dynlib.h).
 *
 * Linking libxml2 makes every run load it and the ICU and C++ libraries it
 * needs (about 5 ms and 200 page faults before main), while only
 * flame-collapse's xctrace reader and flame-graph's SVG writer use it.
 * The headers still give the types; each function is called through the
 * table, with the library's own name: FK_XML(xmlTextReaderRead)(r).
 */
#ifndef FK_XMLLIB_H
#define FK_XMLLIB_H

#include <libxml/encoding.h>
#include <libxml/entities.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

#define FK_XMLLIB_FUNCS(X) \
	/* reading (xctrace) */ \
	X(xmlReaderForIO) \
	X(xmlTextReaderSetErrorHandler) \
	X(xmlTextReaderRead) \
	X(xmlTextReaderNodeType) \
	X(xmlTextReaderDepth) \
	X(xmlTextReaderIsEmptyElement) \
	X(xmlTextReaderConstLocalName) \
	X(xmlTextReaderGetAttribute) \
	X(xmlTextReaderReadString) \
	X(xmlTextReaderLocatorLineNumber) \
	X(xmlFreeTextReader) \
	/* writing (SVG) */ \
	X(xmlFindCharEncodingHandler) \
	X(xmlCharEncCloseFunc) \
	X(xmlEncodeSpecialChars) \
	X(xmlOutputBufferCreateIO) \
	X(xmlOutputBufferClose) \
	X(xmlNewTextWriter) \
	X(xmlFreeTextWriter) \
	X(xmlTextWriterStartDocument) \
	X(xmlTextWriterEndDocument) \
	X(xmlTextWriterWriteDTD) \
	X(xmlTextWriterStartElement) \
	X(xmlTextWriterEndElement) \
	X(xmlTextWriterWriteAttribute) \
	X(xmlTextWriterWriteRaw) \
	X(xmlTextWriterWriteRawLen) \
	X(xmlTextWriterWriteString) \
	X(xmlTextWriterWriteComment) \
	X(xmlTextWriterStartCDATA) \
	X(xmlTextWriterEndCDATA)

struct fk_xmllib {
#define FK_XMLLIB_SLOT(f) __typeof__(f) *f;
	FK_XMLLIB_FUNCS(FK_XMLLIB_SLOT)
#undef FK_XMLLIB_SLOT
	xmlFreeFunc *free;       /* libxml2's xmlFree variable: FK_XML_FREE(p) */
};

/*
 * The functions, loaded once per process (thread-safe).  for_what names
 * the use in the message when libxml2 cannot be loaded ("xctrace input").
 * @return them, or NULL with fk_error set ("FOR_WHAT needs libxml2 ...").
 */
const struct fk_xmllib *fk_xmllib_get(const char *for_what);
/* After fk_xmllib_get() returned them: the loaded functions. */
extern struct fk_xmllib fk__xmllib;
#define FK_XML(f) (fk__xmllib.f)
#define FK_XML_FREE(p) ((*fk__xmllib.free)(p))

#endif
