/* klp_hint.h - internal state shared by the HTML extractor's files (one per klpi_html:
 * the DOM, per-node statistics and scratch buffers, reused across pages). */
#ifndef KLP_HINT_H
#define KLP_HINT_H

#include "klp_classm.h"
#include "klp_dom.h"
#include "klp_hbuf.h"
#include "klp_html.h"

#include <stdbool.h>
#include <stdint.h>

/* per-node flags */
enum {
    KLPH_F_DROP = 1u << 0,    /* never content (script, hidden...), whole subtree */
    KLPH_F_BOIL = 1u << 1,    /* boilerplate by tag/class/role, whole subtree */
    KLPH_F_LINK = 1u << 2,    /* inside <a href> */
    KLPH_F_CAND = 1u << 3,    /* candidate score initialised */
    KLPH_F_PROTECT = 1u << 4, /* holds the marked article body: never pruned */
    KLPH_F_PRE = 1u << 5,     /* inside <pre> */
    KLPH_F_INFIG = 1u << 6,   /* inside <figure> */
    KLPH_F_INART = 1u << 7,   /* inside <article> or <main> */
};

/* class / id classification bits (klpi_html.cls[i]) */
enum {
    KLPH_C_STRONG = 1u << 0,
    KLPH_C_WEAK = 1u << 1,
    KLPH_C_POS = 1u << 2,
    KLPH_C_HIDDEN = 1u << 3,
    KLPH_C_COMMENT = 1u << 4,
    KLPH_C_BODY = 1u << 5, /* itemprop=articleBody and the like */
    KLPH_C_CREDIT = 1u << 6,
    KLPH_C_ROLE = 1u << 7, /* boilerplate ARIA role */
    KLPH_C_EMBED = 1u << 8, /* embedded post: never boilerplate by class */
    KLPH_C_LEDE = 1u << 9,  /* lede / standfirst */
    KLPH_C_CAPTION = 1u << 10, /* image caption outside <figure> */
    /* metadata */
    KLPH_C_AUTHOR = 1u << 16,
    KLPH_C_DATE = 1u << 17,
    KLPH_C_LOGO = 1u << 18,
    KLPH_C_HEADLINE = 1u << 19,
    KLPH_C_PUBTIME = 1u << 20,
    KLPH_C_MODTIME = 1u << 21,
};

typedef struct klph_stat {
    uint32_t tlen, llen, commas;              /* subtree: characters, in links, commas */
    uint32_t own_len, own_link, own_commas;   /* text whose nearest block is this node */
    uint32_t blk;                             /* nearest block ancestor-or-self */
    uint32_t n_p, n_img, n_li, n_input, n_embed, hlen; /* subtree counts; hlen: heading chars */
    uint32_t good;                            /* characters of prose paragraphs in the subtree */
    float score;
    uint8_t flags;
    uint8_t lede;     /* the subtree holds a lede-class element with text */
    uint8_t rendered; /* rendered as a part of the article */
} klph_stat;

/* A leaf text block of the rendered article: its bytes in the text and its links. */
typedef struct klph_block {
    size_t start, end;
    float link_density;
} klph_block;

struct klpi_html {
    klpd_dom *dom;
    klph_stat *st;
    uint32_t *cls;     /* KLPH_C_* of each node (class, id, itemprop, role, style) */
    uint32_t *tchars;  /* text nodes: characters (white space collapsed) ... */
    uint32_t *tcommas; /* ... and commas */
    uint32_t *raw_len; /* text length of each subtree before boilerplate pruning */
    size_t cap_st;
    uint32_t *stack;
    size_t cap_stack;
    klph_text text;    /* article text */
    klph_text scratch; /* captions, headings... */
    klph_text scratch2;
    const klpi_html_opts *opts;
    const char *title_hint; /* cleaned title, to drop a repeated headline */
    klpi_html_result *out;
    size_t cap_images;
    bool ended;          /* an end-of-article marker was rendered */
    klph_block *blocks;  /* leaf text blocks of the article, in output order */
    size_t n_blocks, cap_blocks;
    long open_block;     /* index of the block being rendered, -1 when none */
    size_t block_start;  /* its first byte in the text */
    uint32_t drop_after; /* a "Related" header ended here: drop the next linked block */
    klph_matcher matcher; /* class/id word lists of klp_rules.h and klp_mrules.h */
    klph_cache class_cache;
    /* the byline prefixes that mark a text line (the weak ones left out) by lower-case first
     * byte: byline[byline_first[c] .. byline_first[c + 1]) are klpm_byline_prefixes indices */
    uint8_t byline_first[257];
    uint8_t byline[64];
    uint8_t byline_len[64];
    bool author_path_second[256]; /* second bytes of klpm_author_paths (either case) */
    /* klpr_paywall_contains by first byte: paywall[paywall_first[c] .. paywall_first[c + 1]);
     * bit (c1 << 8 | c2) of paywall_pairs: some phrase starts with c1 c2 */
    uint8_t paywall_first[257];
    uint8_t paywall[64];
    uint8_t paywall_len[64];
    uint8_t paywall_pairs[8192];
    uint8_t kind[KLPD_TAG_COUNT];       /* KLPH_K_* by tag */
    signed char tweight[KLPD_TAG_COUNT]; /* initial candidate score by tag */
};

/* tag kinds */
enum {
    KLPH_K_BLOCK = 1u << 0,
    KLPH_K_LINE = 1u << 1,
    KLPH_K_CELL = 1u << 2,
    KLPH_K_DROP = 1u << 3,
    KLPH_K_BOIL = 1u << 4,
    KLPH_K_SCORE = 1u << 5,
};

void klph_init_tables(klpi_html *h);
void klph_meta_init(klpi_html *h);
/* Per-node arrays for the parsed page and the class bits of every element. */
int klph_prepare(klpi_html *h);

/* klp_maintext.c */
int klph_extract_text(klpi_html *h, klpi_html_result *out);


/* klp_meta.c */
int klph_extract_meta(klpi_html *h, const char *url_hint, klpi_html_result *out);

#endif
