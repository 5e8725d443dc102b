/* klp_extract.c - main text of a page: prunes invisible and boilerplate nodes (tags, class/
 * id words, roles), gathers per-node text statistics in one bottom-up pass, scores
 * candidate containers Readability-style, then renders the chosen container(s) with
 * conditional cleaning; figure captions go to images[]. */
#include "klp_hint.h"
#include "klp_date.h"
#include "klp_lexicon.h"
#include "klp_rules.h"
#include "klp_stopwords.h"

#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof(*(a)))

void klph_init_tables(klpi_html *h) {
    klph_matcher *m = &h->matcher;
    klph_matcher_init(m);
    klph_matcher_add(m, klpr_strong_substr, NELEM(klpr_strong_substr), KLPH_C_STRONG, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpr_strong_token, NELEM(klpr_strong_token), KLPH_C_STRONG, KLPH_M_TOKEN);
    klph_matcher_add(m, klpr_comment_substr, NELEM(klpr_comment_substr), KLPH_C_COMMENT, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpr_weak_substr, NELEM(klpr_weak_substr), KLPH_C_WEAK, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpr_weak_token, NELEM(klpr_weak_token), KLPH_C_WEAK, KLPH_M_TOKEN);
    klph_matcher_add(m, klpr_positive_substr, NELEM(klpr_positive_substr), KLPH_C_POS, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpr_embed_substr, NELEM(klpr_embed_substr), KLPH_C_EMBED, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpr_credit_substr, NELEM(klpr_credit_substr), KLPH_C_CREDIT, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpr_hidden_class, NELEM(klpr_hidden_class), KLPH_C_HIDDEN, KLPH_M_WHOLE);
    klph_matcher_add(m, klpr_ignored_class_prefixes, NELEM(klpr_ignored_class_prefixes),
                     KLPH_M_IGNORE, KLPH_M_PREFIX);
    memset(h->kind, 0, sizeof h->kind);
    memset(h->tweight, 0, sizeof h->tweight);
    for (size_t i = 0; i < NELEM(klpr_drop_tags); i++) h->kind[klpr_drop_tags[i]] |= KLPH_K_DROP;
    for (size_t i = 0; i < NELEM(klpr_boiler_tags); i++) h->kind[klpr_boiler_tags[i]] |= KLPH_K_BOIL;
    for (size_t i = 0; i < NELEM(klpr_block_tags); i++) h->kind[klpr_block_tags[i]] |= KLPH_K_BLOCK;
    for (size_t i = 0; i < NELEM(klpr_line_tags); i++) h->kind[klpr_line_tags[i]] |= KLPH_K_LINE;
    for (size_t i = 0; i < NELEM(klpr_cell_tags); i++) h->kind[klpr_cell_tags[i]] |= KLPH_K_CELL;
    for (size_t i = 0; i < NELEM(klpr_score_tags); i++) h->kind[klpr_score_tags[i]] |= KLPH_K_SCORE;
    for (size_t i = 0; i < NELEM(klpr_tag_weights); i++)
        h->tweight[klpr_tag_weights[i].tag] = klpr_tag_weights[i].weight;
}

/* ---- class / id words ---------------------------------------------------------------- */

static uint32_t classify_node(klpi_html *h, uint32_t i) {
    const klpd_dom *d = h->dom;
    const klpd_node *nd = &klpd_dom_nodes(d)[i];
    const klpd_attr *at = klpd_dom_attrs(d) + nd->attr;
    uint32_t c = 0;
    for (uint32_t k = 0; k < nd->n_attr; k++) {
        const klpd_attr *a = &at[k];
        if (a->klen == 5 && memcmp(a->key, "class", 5) == 0)
            c |= klph_matcher_value_cached(&h->matcher, &h->class_cache, a->val, a->vlen);
        else if (a->klen == 2 && memcmp(a->key, "id", 2) == 0)
            c |= klph_matcher_value(&h->matcher, a->val, a->vlen);
        else if (a->klen == 8 && memcmp(a->key, "itemprop", 8) == 0) {
            for (size_t m = 0; m < NELEM(klpr_body_itemprops); m++)
                if (klph_ieq(a->val, a->vlen, klpr_body_itemprops[m])) c |= KLPH_C_BODY;
        } else if (a->klen == 4 && memcmp(a->key, "role", 4) == 0) {
            for (size_t m = 0; m < NELEM(klpr_bad_roles); m++)
                if (klph_ieq(a->val, a->vlen, klpr_bad_roles[m])) c |= KLPH_C_ROLE;
            if (klph_ieq(a->val, a->vlen, "main") || klph_ieq(a->val, a->vlen, "article"))
                c |= KLPH_C_POS;
        } else if (a->klen == 6 && memcmp(a->key, "hidden", 6) == 0) {
            c |= KLPH_C_HIDDEN;
        } else if (a->klen == 11 && memcmp(a->key, "aria-hidden", 11) == 0) {
            if (klph_ieq(a->val, a->vlen, "true")) c |= KLPH_C_HIDDEN;
        } else if (a->klen == 5 && memcmp(a->key, "style", 5) == 0) {
            const char *p = klph_ifind(a->val, a->vlen, "display");
            if (p) {
                size_t r = a->vlen - (size_t)(p - a->val) - 7;
                p += 7;
                while (r > 0 && (*p == ' ' || *p == ':')) p++, r--;
                if (klph_istarts(p, r, "none")) c |= KLPH_C_HIDDEN;
            }
            if (klph_ifind(a->val, a->vlen, "visibility:hidden") ||
                klph_ifind(a->val, a->vlen, "visibility: hidden"))
                c |= KLPH_C_HIDDEN;
        }
    }
    return c;
}

/* ---- statistics ---------------------------------------------------------------------- */

static bool ensure_stats(klpi_html *h, size_t n) {
    if (n > h->cap_st) {
        klph_stat *s = realloc(h->st, n * sizeof *s);
        if (!s) return false;
        h->st = s;
        h->cap_st = n;
        uint32_t *k = realloc(h->stack, n * sizeof *k);
        if (!k) return false;
        h->stack = k;
        k = realloc(h->raw_len, n * sizeof *k);
        if (!k) return false;
        h->raw_len = k;
        k = realloc(h->cls, n * sizeof *k);
        if (!k) return false;
        h->cls = k;
        k = realloc(h->tchars, n * sizeof *k);
        if (!k) return false;
        h->tchars = k;
        k = realloc(h->tcommas, n * sizeof *k);
        if (!k) return false;
        h->tcommas = k;
        h->cap_stack = n;
    }
    return true;
}

static void count_text(const char *s, size_t n, uint32_t *chars, uint32_t *commas) {
    uint32_t c = 0, cm = 0;
    bool ws = true, any = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f') {
            ws = true;
            continue;
        }
        if ((b & 0xC0) == 0x80) continue;
        if (ws && any) c++;
        ws = false;
        any = true;
        c++;
        if (b == ',') cm++;
        else if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC &&
                 (unsigned char)s[i + 2] == 0x8C)
            cm++; /* fullwidth comma */
        else if (b == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] == 0x81)
            cm++; /* ideographic comma */
    }
    *chars = c;
    *commas = cm;
}

/* level 0: drop only invisible nodes; 1: also boilerplate by tag/class/role. */
static void prune_and_count(klpi_html *h, int level) {
    const klpd_dom *d = h->dom;
    const klpd_node *nodes = klpd_dom_nodes(d);
    size_t n = klpd_dom_count(d);
    klph_stat *st = h->st;
    bool keep_comments = h->opts && h->opts->comments;
    double page_len = level >= 1 ? (double)h->raw_len[0] : 0.0;
    memset(st, 0, n * sizeof *st);
    /* protection of the marked article body and its ancestors */
    for (uint32_t i = 1; i < n; i++) {
        if (h->cls[i] & KLPH_C_BODY)
            for (uint32_t a = i; a && !(st[a].flags & KLPH_F_PROTECT); a = nodes[a].parent)
                st[a].flags |= KLPH_F_PROTECT;
    }
    /* top-down flags */
    for (uint32_t i = 1; i < n; i++) {
        const klpd_node *nd = &nodes[i];
        uint32_t p = nd->parent;
        uint8_t f = (uint8_t)((st[p].flags & (KLPH_F_DROP | KLPH_F_BOIL | KLPH_F_LINK | KLPH_F_PRE |
                                              KLPH_F_INFIG | KLPH_F_INART)) |
                              (st[i].flags & KLPH_F_PROTECT));
        uint8_t kind = h->kind[nd->tag];
        st[i].blk = (kind & KLPH_K_BLOCK) ? i : st[p].blk;
        if (nd->tag == KLPD_TEXT) {
            st[i].flags = f;
            continue;
        }
        uint32_t c = h->cls[i];
        if (kind & KLPH_K_DROP) f |= KLPH_F_DROP;
        if ((c & KLPH_C_HIDDEN) && nd->tag != KLPD_BODY && nd->tag != KLPD_HTML) f |= KLPH_F_DROP;
        if (level >= 1 && !(f & (KLPH_F_DROP | KLPH_F_BOIL | KLPH_F_PROTECT)) &&
            nd->tag != KLPD_BODY && nd->tag != KLPD_HTML) {
            bool boil = false;
            if (c & (KLPH_C_STRONG | KLPH_C_ROLE)) boil = true;
            if ((c & KLPH_C_WEAK) && !(c & KLPH_C_POS) && nd->tag != KLPD_ARTICLE &&
                nd->tag != KLPD_MAIN)
                boil = true;
            /* a <header> inside the article holds headline, lede and byline: kept (the
             * headline and byline lines are dropped later) */
            if ((kind & KLPH_K_BOIL) &&
                !(nd->tag == KLPD_HEADER && ((c & KLPH_C_POS) || (f & KLPH_F_INART))))
                boil = true;
            double share = page_len > 0 ? (double)h->raw_len[i] / page_len : 0.0;
            if (boil && share > KLPR_PRUNE_MAX_SHARE) boil = false;
            if (c & KLPH_C_EMBED) boil = false;
            if (boil && (c & KLPH_C_POS) && share > KLPR_PRUNE_POS_SHARE) boil = false;
            if ((c & KLPH_C_COMMENT) && !keep_comments) boil = true;
            if (boil) f |= KLPH_F_BOIL;
        }
        if (nd->tag == KLPD_A) f |= KLPH_F_LINK;
        if (nd->tag == KLPD_PRE) f |= KLPH_F_PRE;
        if (nd->tag == KLPD_FIGURE) f |= KLPH_F_INFIG;
        if (nd->tag == KLPD_ARTICLE || nd->tag == KLPD_MAIN) f |= KLPH_F_INART;
        st[i].flags = f;
    }
    /* bottom-up counts */
    for (uint32_t i = (uint32_t)n; i-- > 1;) {
        const klpd_node *nd = &nodes[i];
        uint32_t p = nd->parent;
        klph_stat *s = &st[i];
        if (s->flags & (KLPH_F_BOIL)) continue;
        if (nd->tag == KLPD_IMG && !(st[p].flags & (KLPH_F_DROP | KLPH_F_BOIL))) st[p].n_img++;
        if (s->flags & KLPH_F_DROP) {
            if ((nd->tag == KLPD_INPUT || nd->tag == KLPD_SELECT || nd->tag == KLPD_TEXTAREA) &&
                !(st[p].flags & KLPH_F_DROP))
                st[p].n_input++;
            if ((nd->tag == KLPD_EMBED || nd->tag == KLPD_OBJECT || nd->tag == KLPD_IFRAME) &&
                !(st[p].flags & KLPH_F_DROP))
                st[p].n_embed++;
            continue;
        }
        if (nd->tag == KLPD_TEXT) {
            if (h->tchars[i] == UINT32_MAX)
                count_text(nd->text, nd->text_len, &h->tchars[i], &h->tcommas[i]);
            uint32_t c = h->tchars[i], cm = h->tcommas[i];
            s->tlen = c;
            s->commas = cm;
            if (s->flags & KLPH_F_LINK) s->llen = c;
            klph_stat *b = &st[s->blk];
            b->own_len += c;
            b->own_commas += cm;
            if (s->flags & KLPH_F_LINK) b->own_link += c;
        } else if (nd->tag == KLPD_P ||
                   ((h->kind[nd->tag] & KLPH_K_BLOCK) && s->own_len >= KLPR_MIN_BLOCK_CHARS)) {
            s->n_p++; /* paragraphs, and blocks with text of their own (<br> paragraphs) */
            if (nd->tag >= KLPD_H1 && nd->tag <= KLPD_H6) s->hlen = s->tlen;
        } else if (nd->tag == KLPD_LI) {
            s->n_li++;
        } else if (nd->tag >= KLPD_H1 && nd->tag <= KLPD_H6) {
            s->hlen = s->tlen;
        }
        klph_stat *ps = &st[p];
        ps->tlen += s->tlen;
        ps->llen += s->llen;
        ps->commas += s->commas;
        ps->n_p += s->n_p;
        ps->n_img += s->n_img;
        ps->n_li += s->n_li;
        ps->n_input += s->n_input;
        ps->n_embed += s->n_embed;
        ps->hlen += s->hlen;
    }
}

/* ---- candidate scoring --------------------------------------------------------------- */

static int class_weight(uint32_t c) {
    int w = 0;
    if ((c & (KLPH_C_STRONG | KLPH_C_WEAK | KLPH_C_COMMENT | KLPH_C_ROLE)) && !(c & KLPH_C_EMBED))
        w -= KLPR_CLASS_WEIGHT;
    if (c & (KLPH_C_POS | KLPH_C_BODY)) w += KLPR_CLASS_WEIGHT;
    return w;
}

static double link_density(const klph_stat *s) {
    return s->tlen ? (double)s->llen / (double)s->tlen : 0.0;
}

static void init_cand(klpi_html *h, uint32_t a) {
    klph_stat *s = &h->st[a];
    if (s->flags & KLPH_F_CAND) return;
    s->flags |= KLPH_F_CAND;
    s->score = (float)(h->tweight[klpd_dom_nodes(h->dom)[a].tag] + class_weight(h->cls[a]));
    if (h->cls[a] & KLPH_C_BODY) s->score += 2 * KLPR_CLASS_WEIGHT;
}

static uint32_t find_body(const klpd_node *nodes, size_t n) {
    for (uint32_t i = 1; i < n; i++) {
        if (nodes[i].tag == KLPD_BODY) return i;
        if (nodes[i].tag == KLPD_HEAD) i = nodes[i].end - 1;
    }
    return n > 1 ? 1 : 0;
}

static uint32_t element_children(const klpi_html *h, uint32_t i) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    uint32_t c = 0;
    for (uint32_t k = nodes[i].first_child; k; k = nodes[k].next)
        if (nodes[k].tag != KLPD_TEXT && !(h->st[k].flags & (KLPH_F_DROP | KLPH_F_BOIL))) c++;
    return c;
}

static uint32_t pick_top(klpi_html *h, uint32_t body) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    size_t n = klpd_dom_count(h->dom);
    klph_stat *st = h->st;
    for (uint32_t i = 1; i < n; i++) {
        const klpd_node *nd = &nodes[i];
        klph_stat *s = &st[i];
        if (!(h->kind[nd->tag] & KLPH_K_SCORE) || (s->flags & (KLPH_F_DROP | KLPH_F_BOIL))) continue;
        if (s->own_len < KLPR_MIN_BLOCK_CHARS) continue;
        double sc = 1.0 + s->own_commas;
        double lp = (double)(s->own_len / KLPR_CHARS_PER_POINT);
        sc += lp < KLPR_MAX_LENGTH_POINTS ? lp : KLPR_MAX_LENGTH_POINTS;
        uint32_t a = nd->parent;
        for (int level = 0; a && level < KLPR_ANCESTOR_LEVELS; level++, a = nodes[a].parent) {
            if (nodes[a].tag == KLPD_HTML) break;
            init_cand(h, a);
            double div = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
            st[a].score += (float)(sc / div);
        }
    }
    uint32_t top[KLPR_TOP_CANDIDATES] = {0};
    for (uint32_t i = 1; i < n; i++) {
        klph_stat *s = &st[i];
        if (!(s->flags & KLPH_F_CAND)) continue;
        s->score *= (float)(1.0 - link_density(s));
        for (int k = 0; k < KLPR_TOP_CANDIDATES; k++) {
            if (!top[k] || s->score > st[top[k]].score) {
                memmove(&top[k + 1], &top[k], (size_t)(KLPR_TOP_CANDIDATES - 1 - k) * sizeof *top);
                top[k] = i;
                break;
            }
        }
    }
    uint32_t t = top[0];
    if (!t || t == body || nodes[t].tag == KLPD_HTML) return body;
    /* several strong alternatives under one ancestor: take that ancestor */
    {
        int alts = 0;
        for (int k = 1; k < KLPR_TOP_CANDIDATES; k++)
            if (top[k] && st[top[k]].score >= st[t].score * KLPR_ALT_CANDIDATE_RATIO) alts++;
        if (alts >= KLPR_ALT_CANDIDATES_NEEDED) {
            for (uint32_t p = nodes[t].parent; p && p != body && nodes[p].tag != KLPD_HTML;
                 p = nodes[p].parent) {
                int in = 0;
                for (int k = 1; k < KLPR_TOP_CANDIDATES; k++)
                    if (top[k] && st[top[k]].score >= st[t].score * KLPR_ALT_CANDIDATE_RATIO &&
                        top[k] > p && top[k] < nodes[p].end)
                        in++;
                if (in >= KLPR_ALT_CANDIDATES_NEEDED) {
                    t = p;
                    init_cand(h, t);
                    break;
                }
            }
        }
    }
    /* climb while the parent scores better */
    {
        float last = st[t].score, thr = last / 3;
        for (uint32_t p = nodes[t].parent; p && p != body && nodes[p].tag != KLPD_HTML;
             p = nodes[p].parent) {
            if (!(st[p].flags & KLPH_F_CAND)) continue;
            if (st[p].score < thr) break;
            if (st[p].score > last) {
                t = p;
                break;
            }
            last = st[p].score;
        }
    }
    while (nodes[t].parent && nodes[t].parent != body && nodes[nodes[t].parent].tag != KLPD_HTML &&
           element_children(h, nodes[t].parent) == 1)
        t = nodes[t].parent;
    return t;
}

/* ---- rendering ----------------------------------------------------------------------- */

enum { R_PLAIN, R_ARTICLE, R_CAPTION };

static bool same_text(const char *a, size_t an, const char *b) {
    /* case-insensitive ASCII, white-space-insensitive comparison */
    size_t i = 0, j = 0, bn = strlen(b);
    for (;;) {
        while (i < an && (a[i] == ' ' || a[i] == '\n')) i++;
        while (j < bn && (b[j] == ' ' || b[j] == '\n')) j++;
        if (i >= an || j >= bn) return i >= an && j >= bn;
        char x = a[i], y = b[j];
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        if (x != y) return false;
        i++, j++;
    }
}

static bool clean_remove(klpi_html *h, uint32_t i, uint32_t root) {
    const klpd_node *nd = &klpd_dom_nodes(h->dom)[i];
    const klph_stat *s = &h->st[i];
    if ((double)s->tlen > KLPR_CLEAN_KEEP_SHARE * (double)h->st[root].tlen) return false;
    switch (nd->tag) {
    case KLPD_DIV: case KLPD_SECTION: case KLPD_UL: case KLPD_OL: case KLPD_TABLE:
    case KLPD_FORM: case KLPD_FIELDSET: case KLPD_ARTICLE: case KLPD_DL:
        break;
    default:
        return false;
    }
    if (s->flags & KLPH_F_PROTECT) return false;
    int weight = class_weight(h->cls[i]);
    float cs = (s->flags & KLPH_F_CAND) ? s->score : 0.0f;
    if ((float)weight + cs < 0) return true;
    if (s->commas >= KLPR_CLEAN_MAX_COMMAS) return false;
    bool is_list = nd->tag == KLPD_UL || nd->tag == KLPD_OL || nd->tag == KLPD_DL;
    bool infig = (s->flags & KLPH_F_INFIG) != 0;
    double p = s->n_p, img = s->n_img, li = (double)s->n_li - 100.0, input = s->n_input;
    double hd = s->tlen ? (double)s->hlen / s->tlen : 0.0;
    double ld = link_density(s);
    uint32_t len = s->tlen;
    if (img > 1 && p / img < 0.5 && !infig) return true;
    if (!is_list && li > p) return true;
    if (input > (double)(s->n_p / 3)) return true;
    if (!is_list && hd < 0.9 && len < KLPR_CLEAN_MIN_CHARS && (img == 0 || img > 2) && !infig)
        return true;
    if (!is_list && weight < KLPR_CLASS_WEIGHT && ld > KLPR_CLEAN_LINK_DENSITY) return true;
    if (weight >= KLPR_CLASS_WEIGHT && ld > KLPR_CLEAN_LINK_DENSITY_POS) return true;
    if ((s->n_embed == 1 && len < 75) || s->n_embed > 1) return true;
    return false;
}

static void add_image(klpi_html *h, uint32_t fig, uint32_t cap, size_t sp0);

/* Starts the record of leaf block i (its start field holds the node until it closes). */
static void open_block(klpi_html *h, uint32_t i, klph_text *t) {
    if (h->n_blocks >= h->cap_blocks) {
        size_t nc = h->cap_blocks ? h->cap_blocks * 2 : 64;
        klph_block *b = realloc(h->blocks, nc * sizeof *b);
        if (!b) return;
        h->blocks = b;
        h->cap_blocks = nc;
    }
    klph_block *b = &h->blocks[h->n_blocks];
    b->start = i;
    b->end = 0;
    b->link_density = (float)link_density(&h->st[i]);
    h->block_start = t->b.n;
    h->open_block = (long)h->n_blocks++;
}

static void render(klpi_html *h, uint32_t root, klph_text *t, int mode, size_t sp0);

enum { LEX_KEEP, LEX_DROP, LEX_RELATED, LEX_END };

/* A short block that holds all of its text: its text checked against the lexicon. */
static int lex_check(klpi_html *h, uint32_t i, size_t sp) {
    const klph_stat *s = &h->st[i];
    if (s->tlen == 0 || s->tlen > KLPR_LEX_MAX_BYTES || s->own_len != s->tlen) return LEX_KEEP;
    klph_text_reset(&h->scratch2);
    render(h, i, &h->scratch2, R_PLAIN, sp);
    const char *p = h->scratch2.b.p;
    size_t n = h->scratch2.b.n;
    if (!p || n == 0 || n > KLPR_LEX_MAX_BYTES) return LEX_KEEP;
    char key[256];
    size_t kn = klpi_lex_key(p, n, key, sizeof key);
    if (kn == 0) return LEX_KEEP;
    int words = 1;
    for (size_t k = 0; k < kn; k++) words += key[k] == ' ';
    unsigned whole = klpi_lex_whole(key, kn);
    if (whole & (1u << KLPI_LEX_END)) return LEX_END;
    if (whole & (1u << KLPI_LEX_RELATED)) return LEX_RELATED;
    if (whole & (1u << KLPI_LEX_LINE)) return LEX_DROP;
    klpi_date d;
    if (klpi_date_line(p, n, KLPR_DATE_LINE_WORDS, &d)) return LEX_DROP;
    bool linked = link_density(s) > KLPR_BLOCK_LINK_DENSITY;
    if ((words <= KLPR_LEX_PREFIX_WORDS || (linked && words <= KLPR_LEX_PREFIX_LINKED_WORDS)) &&
        (klpi_lex_prefix(KLPI_LEX_PREFIX, key, kn) > 0 ||
         (linked && klpi_lex_prefix(KLPI_LEX_RELATED, key, kn) > 0)))
        return LEX_DROP;
    if (words >= KLPR_LEX_CONTAINS_MIN_WORDS && words <= KLPR_LEX_CONTAINS_MAX_WORDS &&
        klpi_lex_contains(key, kn))
        return LEX_DROP;
    return LEX_KEEP;
}

/* Renders the subtree of root into t. The open-block stack is h->stack[sp0..]: nested
 * renders (captions, headings) start above their caller's entries. */
static void render(klpi_html *h, uint32_t root, klph_text *t, int mode, size_t sp0) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    klph_stat *st = h->st;
    uint32_t *stack = h->stack;
    size_t sp = sp0;
    uint32_t end = nodes[root].end;
    for (uint32_t i = root; i < end;) {
        while (sp > sp0 && nodes[stack[sp - 1]].end <= i) {
            uint32_t closed = stack[--sp];
            if (mode == R_ARTICLE && h->open_block >= 0 &&
                h->blocks[h->open_block].start == (size_t)closed) {
                h->blocks[h->open_block].start = h->block_start;
                h->blocks[h->open_block].end = t->b.n;
                h->open_block = -1;
            }
            uint8_t k = h->kind[nodes[closed].tag];
            klph_text_break(t, (k & KLPH_K_CELL) ? KLPH_BRK_SPACE
                               : (k & KLPH_K_LINE) ? KLPH_BRK_LINE
                                                   : KLPH_BRK_PARA);
        }
        const klpd_node *nd = &nodes[i];
        uint8_t f = st[i].flags;
        if (nd->tag == KLPD_TEXT) {
            if (!(f & KLPH_F_DROP) && !(mode == R_ARTICLE && (f & KLPH_F_BOIL)))
                klph_text_add(t, nd->text, nd->text_len, (f & KLPH_F_PRE) != 0);
            i++;
            continue;
        }
        bool skip = (f & KLPH_F_DROP) != 0;
        if (nd->tag == KLPD_BR) {
            if (!skip) klph_text_break(t, KLPH_BRK_LINE);
            i++;
            continue;
        }
        if (mode == R_CAPTION && (h->cls[i] & KLPH_C_CREDIT)) skip = true;
        if (mode == R_ARTICLE && !skip && i != root) {
            if (f & KLPH_F_BOIL) skip = true;
            else if (nd->tag == KLPD_FIGCAPTION) {
                uint32_t fig = nd->parent;
                add_image(h, fig, i, sp);
                skip = true;
            } else if (nd->tag == KLPD_H1 || nd->tag == KLPD_H2) {
                if (nd->tag == KLPD_H1 && t->b.n == 0) skip = true;
                else if (h->title_hint && st[i].tlen < 400) {
                    klph_text_reset(&h->scratch2);
                    render(h, i, &h->scratch2, R_PLAIN, sp);
                    if (same_text(h->scratch2.b.p ? h->scratch2.b.p : "", h->scratch2.b.n,
                                  h->title_hint))
                        skip = true;
                }
            } else if (clean_remove(h, i, root)) {
                skip = true;
            }
            if (!skip && h->drop_after && i >= h->drop_after) {
                /* the block right after a "Related" header: dropped when it is links */
                if (st[i].tlen > 0) {
                    if (link_density(&st[i]) > KLPR_RELATED_LINK_DENSITY) skip = true;
                    h->drop_after = 0;
                }
            }
            if (!skip && (h->kind[nd->tag] & (KLPH_K_BLOCK | KLPH_K_LINE))) {
                int lx = lex_check(h, i, sp);
                if (lx == LEX_END && t->b.n >= KLPR_LEX_END_MIN_CHARS) {
                    h->ended = true;
                    break;
                }
                if (lx != LEX_KEEP) skip = true;
                if (lx == LEX_RELATED) h->drop_after = nd->end;
            }
        }
        if (skip) {
            i = nd->end;
            continue;
        }
        uint8_t k = h->kind[nd->tag];
        if (k & (KLPH_K_BLOCK | KLPH_K_LINE | KLPH_K_CELL)) {
            klph_text_break(t, (k & KLPH_K_CELL) ? KLPH_BRK_SPACE
                               : (k & KLPH_K_LINE) ? KLPH_BRK_LINE
                                                   : KLPH_BRK_PARA);
            if (sp < h->cap_stack) stack[sp++] = i;
            if (mode == R_ARTICLE && h->open_block < 0 && st[i].tlen > 0 &&
                st[i].own_len == st[i].tlen)
                open_block(h, i, t);
        }
        i++;
    }
    if (mode == R_ARTICLE && h->open_block >= 0 && h->ended) {
        h->blocks[h->open_block].start = h->block_start;
        h->blocks[h->open_block].end = t->b.n;
        h->open_block = -1;
    }
    klph_text_break(t, KLPH_BRK_PARA);
}

void klph_render_plain(klpi_html *h, uint32_t i, klph_text *t) { render(h, i, t, R_PLAIN, 0); }

static void add_image(klpi_html *h, uint32_t fig, uint32_t cap, size_t sp0) {
    klpi_html_result *out = h->out;
    if (!out) return;
    klph_text_reset(&h->scratch);
    render(h, cap, &h->scratch, R_CAPTION, sp0);
    char *caption = h->scratch.b.p ? klph_clean(h->scratch.b.p, h->scratch.b.n, false) : NULL;
    char *credit = NULL;
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    uint32_t from = (nodes[fig].tag == KLPD_FIGURE) ? fig : cap;
    for (uint32_t k = from; k < nodes[from].end; k++) {
        if (nodes[k].tag != KLPD_TEXT && (h->cls[k] & KLPH_C_CREDIT) &&
            !(h->st[k].flags & KLPH_F_DROP)) {
            klph_text_reset(&h->scratch);
            render(h, k, &h->scratch, R_PLAIN, sp0);
            credit = h->scratch.b.p ? klph_clean(h->scratch.b.p, h->scratch.b.n, false) : NULL;
            break;
        }
    }
    if (!caption && !credit) return;
    if (out->n_images >= h->cap_images) {
        size_t nc = h->cap_images ? h->cap_images * 2 : 4;
        klpi_html_image *im = realloc(out->images, nc * sizeof *im);
        if (!im) {
            free(caption);
            free(credit);
            return;
        }
        out->images = im;
        h->cap_images = nc;
    }
    out->images[out->n_images].caption = caption;
    out->images[out->n_images].credit = credit;
    out->n_images++;
}

/* ---- article ------------------------------------------------------------------------- */

static bool same_class(const klpi_html *h, uint32_t a, uint32_t b) {
    size_t la = 0, lb = 0;
    const char *ca = klpd_attr_get(h->dom, a, "class", &la);
    const char *cb = klpd_attr_get(h->dom, b, "class", &lb);
    return ca && cb && la > 0 && la == lb && memcmp(ca, cb, la) == 0;
}

static bool ends_sentence(klpi_html *h, uint32_t i) {
    klph_text_reset(&h->scratch);
    render(h, i, &h->scratch, R_PLAIN, 0);
    const char *p = h->scratch.b.p;
    size_t n = h->scratch.b.n;
    if (!p || n == 0) return false;
    if (p[n - 1] == '.') return true;
    for (size_t k = 0; k + 1 < n; k++)
        if (p[k] == '.' && p[k + 1] == ' ') return true;
    return false;
}

static void render_article(klpi_html *h, uint32_t top, uint32_t body) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    klph_stat *st = h->st;
    klph_text_reset(&h->text);
    h->ended = false;
    h->drop_after = 0;
    h->n_blocks = 0;
    h->open_block = -1;
    uint32_t parent = nodes[top].parent;
    if (top == body || !parent || nodes[parent].tag == KLPD_HTML) {
        render(h, top, &h->text, R_ARTICLE, 0);
        return;
    }
    double ts = st[top].score;
    double thr = ts * KLPR_SIBLING_RATIO;
    if (thr < KLPR_SIBLING_MIN) thr = KLPR_SIBLING_MIN;
    for (uint32_t s = nodes[parent].first_child; s && !h->ended; s = nodes[s].next) {
        if (s == top) {
            render(h, s, &h->text, R_ARTICLE, 0);
            continue;
        }
        if (nodes[s].tag == KLPD_TEXT || (st[s].flags & (KLPH_F_DROP | KLPH_F_BOIL))) continue;
        bool inc = false;
        double bonus = same_class(h, s, top) ? ts * KLPR_SIBLING_RATIO : 0.0;
        if ((st[s].flags & KLPH_F_CAND) && st[s].score + bonus >= thr) inc = true;
        else if (nodes[s].tag == KLPD_P) {
            double ld = link_density(&st[s]);
            uint32_t len = st[s].tlen;
            if (len > KLPR_SIBLING_P_LONG && ld < KLPR_SIBLING_P_LINKS) inc = true;
            else if (len > 0 && len <= KLPR_SIBLING_P_LONG && ld == 0 && ends_sentence(h, s))
                inc = true;
        }
        if (inc) render(h, s, &h->text, R_ARTICLE, 0);
    }
}

/* ---- article edges ------------------------------------------------------------------- */

static bool is_ws(char c) { return c == ' ' || c == '\n'; }

/* A leaf block at the edge of the article that looks like boilerplate. */
static bool edge_bad(const klpi_html *h, const klph_block *b) {
    if (b->link_density > KLPR_EDGE_ALL_LINK_DENSITY) return true;
    const char *p = h->text.b.p + b->start;
    size_t n = b->end - b->start;
    while (n && is_ws(*p)) p++, n--;
    while (n && is_ws(p[n - 1])) n--;
    if (n == 0) return true;
    size_t words = 0, sw = 0;
    for (size_t k = 0; k < n;) {
        while (k < n && is_ws(p[k])) k++;
        size_t b0 = k;
        while (k < n && !is_ws(p[k])) k++;
        if (k == b0) break;
        words++;
        /* the word without surrounding ASCII punctuation */
        size_t wb = b0, we = k;
        while (wb < we && (unsigned char)p[wb] < 0x80 && !((p[wb] | 32) >= 'a' && (p[wb] | 32) <= 'z')) wb++;
        while (we > wb && (unsigned char)p[we - 1] < 0x80 && !((p[we - 1] | 32) >= 'a' && (p[we - 1] | 32) <= 'z')) we--;
        if (we > wb && klpi_stopword_langs(p + wb, we - wb)) sw++;
    }
    if (b->link_density > KLPR_EDGE_LINK_DENSITY && words < KLPR_EDGE_LINKED_WORDS) return true;
    if (words >= KLPR_EDGE_SHORT_WORDS) return false;
    if (klph_utf8_len(p, n) >= KLPR_EDGE_CJK_CHARS && words * 12 < n) return false;
    char last = p[n - 1];
    if (last == '.' || last == '!' || last == '?' || last == '"' || last == ')') return false;
    if (n >= 3 && (memcmp(p + n - 3, "\xe2\x80\xa6", 3) == 0 ||  /* ... */
                   memcmp(p + n - 3, "\xe2\x80\x9d", 3) == 0 ||  /* right quote */
                   memcmp(p + n - 3, "\xe3\x80\x82", 3) == 0))   /* ideographic stop */
        return false;
    if (n >= 2 && memcmp(p + n - 2, "\xc2\xbb", 2) == 0) return false; /* guillemet */
    if (words >= 3 && (double)sw >= KLPR_EDGE_STOPWORD_RATIO * (double)words) return false;
    return true;
}

/* Byte range [*b, *e) of the article text without boilerplate-looking edge blocks. */
static void trim_edges(const klpi_html *h, size_t *b, size_t *e) {
    size_t n = h->text.b.n;
    *b = 0;
    *e = n;
    if (h->n_blocks == 0 || !h->text.b.p) return;
    const char *p = h->text.b.p;
    size_t first = 0, last = h->n_blocks;
    /* only blocks at the very edges: no other text before / after them */
    bool lead = true;
    for (size_t k = 0; k < h->blocks[0].start && lead; k++) lead = is_ws(p[k]);
    if (lead)
        while (first < h->n_blocks && h->blocks[first].end > h->blocks[first].start &&
               edge_bad(h, &h->blocks[first]))
            first++;
    bool trail = true;
    for (size_t k = h->blocks[h->n_blocks - 1].end; k < n && trail; k++) trail = is_ws(p[k]);
    if (trail)
        while (last > first && h->blocks[last - 1].end > h->blocks[last - 1].start &&
               edge_bad(h, &h->blocks[last - 1]))
            last--;
    if (first >= last) return; /* nothing good: keep all */
    size_t nb = first > 0 ? h->blocks[first].start : 0;
    size_t ne = last < h->n_blocks ? h->blocks[last - 1].end : n;
    if ((double)(nb + (n - ne)) > KLPR_EDGE_MAX_SHARE * (double)n) return;
    while (nb < ne && is_ws(p[nb])) nb++;
    while (ne > nb && is_ws(p[ne - 1])) ne--;
    *b = nb;
    *e = ne;
}

static void clear_images(klpi_html_result *out) {
    for (size_t i = 0; i < out->n_images; i++) {
        free(out->images[i].caption);
        free(out->images[i].credit);
    }
    out->n_images = 0;
}

int klph_prepare(klpi_html *h) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    size_t n = klpd_dom_count(h->dom);
    if (!ensure_stats(h, n)) return -1;
    klph_cache_reset(&h->class_cache);
    for (uint32_t i = 0; i < n; i++) {
        h->cls[i] = nodes[i].n_attr ? classify_node(h, i) : 0;
        h->tchars[i] = UINT32_MAX; /* counted on first use (not for scripts & co.) */
    }
    return 0;
}

int klph_extract_text(klpi_html *h, klpi_html_result *out) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    size_t n = klpd_dom_count(h->dom);
    h->out = out;
    uint32_t body = find_body(nodes, n);
    if (!body) return 0;
    char *best = NULL;
    size_t best_len = 0;
    prune_and_count(h, 0);
    for (size_t i = 0; i < n; i++) h->raw_len[i] = h->st[i].tlen;
    for (int level = 1; level >= 0; level--) {
        clear_images(out);
        prune_and_count(h, level);
        uint32_t top = pick_top(h, body);
        render_article(h, top, body);
        if (h->text.b.oom) break;
        /* the renderer writes valid UTF-8 without control characters, collapsed white
         * space and no break at either end: a plain copy */
        char *txt = NULL;
        if (h->text.b.p && h->text.b.n > 0) {
            size_t tb, te;
            trim_edges(h, &tb, &te);
            txt = malloc(te - tb + 1);
            if (!txt) break;
            memcpy(txt, h->text.b.p + tb, te - tb);
            txt[te - tb] = 0;
        }
        size_t tl = txt ? strlen(txt) : 0;
        /* the lighter pruning must find clearly more to be preferred */
        if (tl > best_len * KLPR_RETRY_GAIN) {
            free(best);
            best = txt;
            best_len = tl;
        } else {
            free(txt);
        }
        if (best_len >= KLPR_MIN_ARTICLE_CHARS) break;
    }
    out->text = best;
    h->out = NULL;
    return 0;
}
