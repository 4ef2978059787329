/* qr.h: QR codes drawn on our side (libqrencode), as SVG images in data:
 * URLs, so that no outside service ever sees what they hold. */
#ifndef WAYPOINT_VIEW_QR_H
#define WAYPOINT_VIEW_QR_H

struct arena;

/* text as a QR code (error correction M, a 4-module quiet zone), an SVG
 * image in a "data:image/svg+xml;base64," URL fit for an img src (the
 * CSP's img-src allows data:). In the arena; NULL when text does not fit
 * a QR code or memory runs out. */
char	*view_qr_data_url(struct arena *, const char *text);

#endif
