/* qr.c: a QR code as an SVG image in a data: URL: one path of unit
 * squares on a white ground, drawn from libqrencode's modules. */
#include <string.h>

#include <qrencode.h>
#include <sodium.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "view/qr.h"

/* 4 modules: the quiet zone the QR standard asks around a symbol. */
#define QUIET	4

char *
view_qr_data_url(struct arena *a, const char *text)
{
	static const char prefix[] = "data:image/svg+xml;base64,";
	struct buf b = BUF_INIT;
	QRcode *qr;
	char *out = NULL;
	size_t size;
	int x, y, w;

	/* Version 0: the smallest that holds text; 8-bit mode keeps the
	 * URI's case as it is. */
	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return NULL;
	w = qr->width + 2 * QUIET;
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", w, w, w, w);
	/* Bit 0 of each module's byte: dark. */
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				buf_printf(&b, "M%d %dh1v1h-1z", x + QUIET,
				    y + QUIET);
	buf_adds(&b, "\"/></svg>");
	QRcode_free(qr);
	if (!b.failed) {
		size = sodium_base64_ENCODED_LEN(b.len,
		    sodium_base64_VARIANT_ORIGINAL);
		if ((out = arena_alloc(a, sizeof(prefix) - 1 + size)) != NULL) {
			memcpy(out, prefix, sizeof(prefix) - 1);
			sodium_bin2base64(out + sizeof(prefix) - 1, size,
			    (const unsigned char *)b.data, b.len,
			    sodium_base64_VARIANT_ORIGINAL);
		}
	}
	buf_free(&b);
	return out;
}
