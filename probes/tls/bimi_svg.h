/*
 * bimi_svg.h -- whether a BIMI logo is SVG Tiny Portable/Secure, the
 * profile mail clients require before they show it (draft-svg-tiny-ps):
 * root <svg> in the SVG namespace with baseProfile="tiny-ps", a <title>,
 * no script, no foreignObject, no animation or embedded images, no event
 * handlers, no reference outside the document, and small. Parsed with
 * libxml2's reader (no network, no entity expansion, no DTD loading).
 */
#ifndef SENDWATCH_BIMI_SVG_H
#define SENDWATCH_BIMI_SVG_H

#include <stddef.h>

#include "probes/verdict.h"

#define BIMI_SVG_MAX	32768	/* bytes: the size BIMI asks logos to keep */

/*
 * Checks len bytes of logo; every departure from the profile is added
 * to v as a warning (clients do not show the logo), naming the element
 * or attribute. Returns the number of problems found.
 */
size_t	bimi_svg_check(const char *svg, size_t len, struct verdict *v);

#endif
