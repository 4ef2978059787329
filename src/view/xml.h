/* xml.h: text made fit for an XML 1.0 document. */
#ifndef WAYPOINT_XML_H
#define WAYPOINT_XML_H

#include "lib/buf.h"

/* Replaces, in b, every character XML 1.0 does not allow in a document
 * (the C0 controls but tab, line feed and carriage return; U+FFFE and
 * U+FFFF) and every byte that is not valid UTF-8 with U+FFFD, the
 * replacement character: content typed or imported with them would make
 * a feed no reader can parse. Returns 0, or -1 when out of memory (b is
 * then unchanged). */
int	xml_fix(struct buf *b);

#endif
