/** Knowing what an image file really is before paying for it: type from magic bytes, dimensions from headers, structure checks. */
package io.gemcap.image;
