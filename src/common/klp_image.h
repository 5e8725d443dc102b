/* klp_image.h - an image of the article as the extractors find it: caption and credit,
 * malloc'd, NUL-terminated UTF-8, or NULL when unknown. Shared by HTML and text mode. */
#ifndef KLP_IMAGE_H
#define KLP_IMAGE_H

typedef struct klpi_image {
    char *caption;
    char *credit;
} klpi_image;

#endif
