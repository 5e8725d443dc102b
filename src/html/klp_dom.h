/* klp_dom.h - a small read-only DOM (flat node arrays in document order) built from the
 * HTML parser's tree. Only klp_dom.c knows the parser (MyHTML); everything else in
 * src/html/ works on this API, so the parser can be swapped. */
#ifndef KLP_DOM_H
#define KLP_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tags the extractor distinguishes; everything else is KLPD_OTHER (rendered inline). */
#define KLPD_TAGS(X)                                                                         \
    X(HTML) X(HEAD) X(BODY) X(TITLE) X(META) X(LINK) X(BASE) X(SCRIPT) X(STYLE) X(NOSCRIPT) \
    X(TEMPLATE) X(SVG) X(MATH) X(IFRAME) X(OBJECT) X(EMBED) X(CANVAS) X(VIDEO) X(AUDIO)      \
    X(SOURCE) X(IMG) X(FIGURE) X(FIGCAPTION) X(A) X(P) X(DIV) X(SPAN) X(SECTION)  \
    X(ARTICLE) X(MAIN) X(HEADER) X(FOOTER) X(NAV) X(ASIDE) X(FORM) X(BUTTON) X(INPUT)        \
    X(SELECT) X(TEXTAREA) X(OPTION) X(LABEL) X(H1) X(H2) X(H3) X(H4) X(H5) X(H6) X(UL) X(OL) \
    X(LI) X(DL) X(DT) X(DD) X(TABLE) X(THEAD) X(TBODY) X(TFOOT) X(TR) X(TD) X(TH)             \
    X(CAPTION) X(BLOCKQUOTE) X(PRE) X(CODE) X(BR) X(HR) X(B) X(I) X(EM) X(STRONG) X(U) X(S) \
    X(SMALL) X(SUB) X(SUP) X(TIME) X(ADDRESS) X(CITE) X(Q) X(MARK) X(FONT) X(CENTER)         \
    X(DETAILS) X(SUMMARY) X(DIALOG) X(MENU) X(NOFRAMES) X(FRAMESET) X(FRAME) X(WBR)          \
    X(HGROUP) X(FIELDSET) X(LEGEND) X(MAP) X(AREA) X(TRACK) X(PARAM) X(COL) X(COLGROUP)     \
    X(DATALIST) X(OUTPUT) X(PROGRESS) X(METER) X(ABBR) X(DFN) X(KBD) X(SAMP) X(VAR)          \
    X(DEL) X(INS) X(BIG) X(TT) X(NOBR) X(XMP) X(LISTING) X(PLAINTEXT) X(MARQUEE) X(APPLET) \
    X(RUBY) X(RT) X(RP) X(BDI) X(BDO)

enum klpd_tag {
    KLPD_OTHER = 0,
    KLPD_TEXT,    /* text node */
    KLPD_COMMENT, /* HTML comment (never content) */
    KLPD_DOCUMENT,
#define KLPD_ENUM(n) KLPD_##n,
    KLPD_TAGS(KLPD_ENUM)
#undef KLPD_ENUM
        KLPD_TAG_COUNT
};

#define KLPD_NONE 0u /* node index 0 is the document; as a link it means "none" */

typedef struct klpd_attr {
    const char *key; /* lower-case */
    const char *val;
    uint32_t klen, vlen;
} klpd_attr;

typedef struct klpd_node {
    uint32_t parent, first_child, last_child, next; /* indices, KLPD_NONE = none */
    uint32_t end;                                   /* one past the last descendant */
    uint32_t attr, n_attr;                          /* range in klpd_dom.attrs */
    const char *text;                               /* KLPD_TEXT: UTF-8 (may be invalid) */
    uint32_t text_len;
    uint16_t tag;
    uint16_t depth;
} klpd_node;

typedef struct klpd_dom klpd_dom;

klpd_dom *klpd_dom_new(void);
void klpd_dom_free(klpd_dom *d);

/* encoding: an id from klpd_encoding_by_name() & co. (bytes are decoded to UTF-8). Parses and builds the node arrays; the previous document is discarded.
 * Returns 0, or -1 on failure. */
int klpd_dom_parse(klpd_dom *d, const char *bytes, size_t len, int encoding);

/* Encoding ids (the parser's numbering, opaque to callers). */
int klpd_encoding_by_name(const char *name, size_t len); /* -1 when unknown */
int klpd_encoding_utf8(void);
/* Detection from the bytes: BOM (sets *bom_len), then the parser's statistical guess;
 * returns -1 when nothing was found. */
int klpd_encoding_bom(const char *bytes, size_t len, size_t *bom_len);
int klpd_encoding_guess(const char *bytes, size_t len);

size_t klpd_dom_count(const klpd_dom *d);
const klpd_node *klpd_dom_nodes(const klpd_dom *d);
const klpd_attr *klpd_dom_attrs(const klpd_dom *d);

/* The value of attribute name (lower-case) of node i, NULL when absent. */
const char *klpd_attr_get(const klpd_dom *d, uint32_t i, const char *name, size_t *vlen);

#endif
