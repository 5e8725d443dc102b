/* klp_maintext.c - main text: prunes invisible and boilerplate nodes, gathers per-node text
 * statistics bottom-up, scores containers Readability-style, renders the chosen one with
 * block-level cleaning (lexicon, links, edges); figure captions go to images[]. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
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
    klph_matcher_add(m, klpr_lede_token, NELEM(klpr_lede_token), KLPH_C_LEDE, KLPH_M_TOKEN);
    klph_matcher_add(m, klpr_lede_substr, NELEM(klpr_lede_substr), KLPH_C_LEDE, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpr_caption_substr, NELEM(klpr_caption_substr), KLPH_C_CAPTION,
                     KLPH_M_SUBSTR);
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
    _Static_assert(NELEM(klpr_paywall_contains) <= sizeof h->paywall, "paywall phrases");
    size_t np = 0;
    memset(h->paywall_pairs, 0, sizeof h->paywall_pairs);
    for (int c = 0; c < 256; c++) {
        h->paywall_first[c] = (uint8_t)np;
        for (size_t k = 0; k < NELEM(klpr_paywall_contains); k++) {
            const unsigned char *p = (const unsigned char *)klpr_paywall_contains[k];
            if (p[0] != c) continue;
            unsigned pair = (unsigned)p[0] << 8 | p[1]; /* phrases have two bytes or more */
            h->paywall_pairs[pair >> 3] = (uint8_t)(h->paywall_pairs[pair >> 3] | 1u << (pair & 7));
            h->paywall_len[np] = (uint8_t)strlen((const char *)p);
            h->paywall[np++] = (uint8_t)k;
        }
    }
    h->paywall_first[256] = (uint8_t)np;
}

/* Some klpr_paywall_contains phrase occurs in s[0..n). */
static bool has_paywall_phrase(const klpi_html *h, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    for (size_t k = 0; k + 1 < n; k++) {
        unsigned pair = (unsigned)u[k] << 8 | u[k + 1];
        if (!(h->paywall_pairs[pair >> 3] & (1u << (pair & 7)))) continue;
        for (unsigned q = h->paywall_first[u[k]]; q < h->paywall_first[u[k] + 1]; q++) {
            size_t pl = h->paywall_len[q];
            if (pl <= n - k && memcmp(s + k, klpr_paywall_contains[h->paywall[q]], pl) == 0)
                return true;
        }
    }
    return false;
}

static bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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
        else if (a->klen == 2 && memcmp(a->key, "id", 2) == 0 &&
                 !(nd->tag >= KLPD_H1 && nd->tag <= KLPD_H6)) /* heading ids are anchors */
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

/* Grows the array *p of uint32_t to n entries. */
static bool grow_u32(uint32_t **p, size_t n) {
    uint32_t *k = realloc(*p, n * sizeof *k);
    if (!k) return false;
    *p = k;
    return true;
}

static bool ensure_stats(klpi_html *h, size_t n) {
    if (n > h->cap_st) {
        klph_stat *s = realloc(h->st, n * sizeof *s);
        if (!s) return false;
        h->st = s;
        h->cap_st = n;
        if (!grow_u32(&h->stack, n) || !grow_u32(&h->raw_len, n) || !grow_u32(&h->cls, n) ||
            !grow_u32(&h->tchars, n) || !grow_u32(&h->tcommas, n))
            return false;
        h->cap_stack = n;
    }
    return true;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_AT_A_TIME 1
#else
#define WORD_AT_A_TIME 0
#endif
#define ONES 0x0101010101010101ull
#define HIGHS (ONES * 0x80)

/* Bytes with the high bit set in m (every other bit clear). */
static unsigned count_highs(uint64_t m) { return (unsigned)(((m >> 7) * ONES) >> 56); }

/* Eight bytes of ASCII from ' ' on without a comma: count_text() takes them at once. */
static bool plain_ascii8(uint64_t w) {
    uint64_t comma = w ^ (ONES * ',');
    return !((w | ((w - ONES * 0x20) & ~w) | ((comma - ONES) & ~comma)) & HIGHS);
}

static void count_text(const char *s, size_t n, uint32_t *chars, uint32_t *commas) {
    uint32_t c = 0, cm = 0;
    bool ws = true, any = false;
    size_t words_from = 0; /* where the next eight bytes are tried at once */
    for (size_t i = 0; i < n; i++) {
        if (WORD_AT_A_TIME && i >= words_from && i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (plain_ascii8(w)) {
                /* spaces, the other characters, and those right after a space (byte k of w
                 * is bits 8k..8k+7) */
                uint64_t sp = ~(w + ONES * 0x5F) & HIGHS, other = sp ^ HIGHS;
                uint64_t after = other & ((sp << 8) | (ws ? 0x80 : 0));
                c += count_highs(other) + count_highs(after) - (!any && other ? 1 : 0);
                ws = (sp >> 63) != 0;
                any = any || other;
                i += 7;
                continue;
            }
            words_from = i + 8;
        }
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
        if (b == ',') {
            /* a decimal comma ("99,00") is no clause separator */
            bool digits = i > 0 && i + 1 < n && s[i - 1] >= '0' && s[i - 1] <= '9' &&
                          s[i + 1] >= '0' && s[i + 1] <= '9';
            if (!digits) cm++;
        } else if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC &&
                   (unsigned char)s[i + 2] == 0x8C) {
            cm++; /* fullwidth comma */
        } else if (b == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0x81) {
            cm++; /* ideographic comma */
        }
        /* fast path: the plain ASCII word characters that follow */
        while (i + 1 < n && (unsigned char)s[i + 1] > 0x20 && (unsigned char)s[i + 1] < 0x7F &&
               s[i + 1] != ',') {
            i++;
            c++;
        }
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
            if ((c & KLPH_C_WEAK) && !(c & (KLPH_C_POS | KLPH_C_LEDE)) &&
                nd->tag != KLPD_ARTICLE && nd->tag != KLPD_MAIN &&
                !(nd->tag == KLPD_HEADER && (f & KLPH_F_INART)))
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
        if ((h->cls[i] & KLPH_C_LEDE) && s->tlen > 0) s->lede = 1;
        klph_stat *ps = &st[p];
        ps->lede |= s->lede;
        ps->tlen += s->tlen;
        ps->llen += s->llen;
        ps->commas += s->commas;
        ps->n_p += s->n_p;
        ps->n_img += s->n_img;
        ps->n_li += s->n_li;
        ps->n_input += s->n_input;
        ps->n_embed += s->n_embed;
        /* prose: a block of some length with few links */
        if ((h->kind[nd->tag] & KLPH_K_BLOCK) && s->own_len >= KLPR_PROSE_MIN_CHARS &&
            (double)s->own_link < KLPR_PROSE_MAX_LINKS * (double)s->own_len)
            s->good += s->own_len;
        ps->good += s->good;
        ps->hlen += s->hlen;
    }
}

/* ---- candidate scoring --------------------------------------------------------------- */

static int class_weight(const klpi_html *h, uint32_t c) {
    int w = 0;
    uint32_t neg = KLPH_C_STRONG | KLPH_C_WEAK | KLPH_C_ROLE;
    if (!h->opts->comments) neg |= KLPH_C_COMMENT;
    if ((c & neg) && !(c & KLPH_C_EMBED)) w -= KLPR_CLASS_WEIGHT;
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
    s->score = (float)(h->tweight[klpd_dom_nodes(h->dom)[a].tag] + class_weight(h, h->cls[a]));
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
    /* the choice must hold a fair share of the page's prose, else widen it */
    double mass = st[body].good;
    if (mass > 0 && st[t].good < KLPR_PROSE_MIN_SHARE * mass) {
        uint32_t a = t;
        while (a != body && nodes[a].parent && st[a].good < KLPR_PROSE_TARGET_SHARE * mass)
            a = nodes[a].parent;
        t = a;
        init_cand(h, t);
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
    int weight = class_weight(h, h->cls[i]);
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
    if (input > (double)(s->n_p / 3) && s->tlen < KLPR_CLEAN_FORM_CHARS) return true;
    if (!is_list && hd < 0.9 && len < KLPR_CLEAN_MIN_CHARS && (img == 0 || img > 2) && !infig)
        return true;
    if (!is_list && weight < KLPR_CLASS_WEIGHT && ld > KLPR_CLEAN_LINK_DENSITY) return true;
    if (weight >= KLPR_CLASS_WEIGHT && ld > KLPR_CLEAN_LINK_DENSITY_POS) return true;
    if ((s->n_embed == 1 && len < 75) || s->n_embed > 1) return true;
    return false;
}

static void add_image(klpi_html *h, uint32_t fig, uint32_t cap, size_t sp0);

/* A caption-class element outside <figure> (figcaptions are handled by tag). */
static bool is_caption(const klpi_html *h, uint32_t i) {
    return (h->cls[i] & KLPH_C_CAPTION) && !(h->st[i].flags & KLPH_F_INFIG) &&
           h->raw_len[i] > 0 && h->raw_len[i] <= KLPR_CAPTION_MAX_CHARS;
}

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

/* A photo agency named as a word of the key ("afp / marco bertorello", "getty images"). */
static bool has_agency(const char *key, size_t kn) {
    for (size_t k = 0; k < NELEM(klpr_agency_words); k++) {
        const char *w = klpr_agency_words[k];
        size_t wl = strlen(w);
        for (const char *p = key; (p = memmem(p, kn - (size_t)(p - key), w, wl)); p++) {
            bool left = p == key || !is_alnum(p[-1]);
            bool right = (size_t)(p - key) + wl >= kn || !is_alnum(p[wl]);
            if (left && right) return true;
            if ((size_t)(p - key) + 1 >= kn) break;
        }
    }
    return false;
}

/* "abbildung 4: ...", "fig. 2: ...": a numbered figure label. */
static bool is_figure_label(const char *key, size_t kn) {
    for (size_t k = 0; k < NELEM(klpr_figure_words); k++) {
        size_t wl = strlen(klpr_figure_words[k]);
        if (!klph_istarts(key, kn, klpr_figure_words[k]) || wl + 1 >= kn || key[wl] != ' ')
            continue;
        size_t d = wl + 1;
        while (d < kn && key[d] >= '0' && key[d] <= '9') d++;
        if (d > wl + 1 && d < kn && key[d] == ':') return true;
    }
    return false;
}

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
    for (size_t k = 0; k < NELEM(klpr_boiler_lines); k++)
        if (klph_ieq(key, kn, klpr_boiler_lines[k])) return LEX_DROP;
    klpi_date d;
    bool digit = false;
    for (size_t k = 0; k < n && !digit; k++) digit = p[k] >= '0' && p[k] <= '9';
    if (digit && klpi_date_line(p, n, KLPR_DATE_LINE_WORDS, &d)) return LEX_DROP;
    bool linked = link_density(s) > KLPR_BLOCK_LINK_DENSITY;
    if ((words <= KLPR_LEX_PREFIX_WORDS || (linked && words <= KLPR_LEX_PREFIX_LINKED_WORDS)) &&
        (klpi_lex_prefix(KLPI_LEX_PREFIX, key, kn) > 0 ||
         (linked && klpi_lex_prefix(KLPI_LEX_RELATED, key, kn) > 0)))
        return LEX_DROP;
    if (words >= KLPR_LEX_CONTAINS_MIN_WORDS && words <= KLPR_LEX_CONTAINS_MAX_WORDS &&
        klpi_lex_contains(key, kn))
        return LEX_DROP;
    if (words <= KLPR_XREF_MAX_WORDS)
        for (size_t k = 0; k < NELEM(klpr_xref_prefixes); k++)
            if (klph_istarts(key, kn, klpr_xref_prefixes[k])) return LEX_DROP;
    if (words <= KLPR_PAYWALL_MAX_WORDS && has_paywall_phrase(h, key, kn)) return LEX_DROP;
    if (words <= KLPR_CREDIT_MAX_WORDS && key[kn - 1] != '.' && has_agency(key, kn))
        return LEX_DROP;
    if (words <= KLPR_POSTMETA_MAX_WORDS)
        for (size_t k = 0; k < NELEM(klpr_postmeta_prefixes); k++)
            if (klph_istarts(key, kn, klpr_postmeta_prefixes[k])) return LEX_DROP;
    if (words <= KLPR_CAPTION_MAX_WORDS) {
        if (memmem(key, kn, "\xc2\xa9", 2)) return LEX_DROP;
        for (size_t k = 0; k < NELEM(klpr_caption_prefixes); k++)
            if (klph_istarts(key, kn, klpr_caption_prefixes[k])) return LEX_DROP;
        if (is_figure_label(key, kn)) return LEX_DROP;
    }
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
            else if (nd->tag == KLPD_FIGCAPTION || is_caption(h, i)) {
                skip = true; /* sent to images[] by collect_captions() */
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
                if (lx == LEX_END && t->b.n >= KLPR_LEX_END_MIN_CHARS && !h->opts->comments) {
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
    if (mode == R_ARTICLE && h->open_block >= 0) {
        /* a block still open when the walk ends (the root's last one, or an end marker) */
        h->blocks[h->open_block].start = h->block_start;
        h->blocks[h->open_block].end = t->b.n;
        h->open_block = -1;
    }
    klph_text_break(t, KLPH_BRK_PARA);
}


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

/* Figure captions inside root (pruned figures too: a caption is no boilerplate for
 * images[]) go to images[]. */
static void collect_captions(klpi_html *h, uint32_t root) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    for (uint32_t k = root; k < nodes[root].end; k++) {
        if (nodes[k].tag == KLPD_TEXT || (h->st[k].flags & KLPH_F_DROP)) continue;
        if (nodes[k].tag == KLPD_FIGCAPTION || is_caption(h, k)) {
            add_image(h, nodes[k].parent, k, 0);
            k = nodes[k].end - 1;
        }
    }
}

/* Renders root as part of the article, its captions to images[]. */
static void render_part(klpi_html *h, uint32_t root) {
    h->st[root].rendered = 1;
    collect_captions(h, root);
    render(h, root, &h->text, R_ARTICLE, 0);
}

/* With opts->comments: the comment sections outside the rendered article, after it. */
static void render_comments(klpi_html *h) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    size_t n = klpd_dom_count(h->dom);
    for (uint32_t k = 1; k < n;) {
        if (h->st[k].rendered) {
            k = nodes[k].end; /* already in the text */
            continue;
        }
        if (nodes[k].tag != KLPD_TEXT && (h->cls[k] & KLPH_C_COMMENT) && h->st[k].tlen > 0 &&
            !(h->st[k].flags & KLPH_F_DROP)) {
            render_part(h, k);
            k = nodes[k].end;
            continue;
        }
        k++;
    }
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
        render_part(h, top);
        return;
    }
    double ts = st[top].score;
    double thr = ts * KLPR_SIBLING_RATIO;
    if (thr < KLPR_SIBLING_MIN) thr = KLPR_SIBLING_MIN;
    /* a lede shortly before the article, outside the siblings (page intro, hero text) */
    bool sibling_lede = false;
    for (uint32_t s = nodes[parent].first_child; s && s < top; s = nodes[s].next)
        if (st[s].lede) sibling_lede = true;
    if (!sibling_lede) {
        uint32_t scope = parent;
        for (int up = 1; up < KLPR_LEDE_LEVELS && nodes[scope].parent && scope != body; up++)
            scope = nodes[scope].parent;
        for (uint32_t k = top; k-- > scope;) {
            if (nodes[k].tag == KLPD_TEXT || !(h->cls[k] & KLPH_C_LEDE)) continue;
            if (st[k].tlen < KLPR_LEDE_MIN_CHARS ||
                (st[k].flags & (KLPH_F_DROP | KLPH_F_BOIL | KLPH_F_INFIG)) ||
                nodes[k].tag == KLPD_FIGURE ||
                link_density(&st[k]) >= KLPR_SIBLING_P_LINKS || nodes[k].end > top)
                continue;
            render(h, k, &h->text, R_ARTICLE, 0);
            break;
        }
    }
    for (uint32_t s = nodes[parent].first_child; s && !h->ended; s = nodes[s].next) {
        if (s == top) {
            render_part(h, s);
            continue;
        }
        if (nodes[s].tag == KLPD_TEXT || (st[s].flags & (KLPH_F_DROP | KLPH_F_BOIL))) continue;
        bool inc = false;
        double bonus = same_class(h, s, top) ? ts * KLPR_SIBLING_RATIO : 0.0;
        if ((st[s].flags & KLPH_F_CAND) && st[s].score + bonus >= thr) inc = true;
        else if (st[s].lede && s < top && link_density(&st[s]) < KLPR_SIBLING_P_LINKS) {
            /* a lede before the article: only the lede elements themselves */
            for (uint32_t k = s; k < nodes[s].end;) {
                if ((h->cls[k] & KLPH_C_LEDE) && st[k].tlen > 0 &&
                    nodes[k].tag != KLPD_FIGURE &&
                    !(st[k].flags & (KLPH_F_DROP | KLPH_F_BOIL | KLPH_F_INFIG))) {
                    render(h, k, &h->text, R_ARTICLE, 0);
                    k = nodes[k].end;
                } else {
                    k++;
                }
            }
            continue;
        }
        else if (nodes[s].tag == KLPD_P ||
                 ((h->kind[nodes[s].tag] & KLPH_K_BLOCK) && st[s].own_len == st[s].tlen)) {
            double ld = link_density(&st[s]);
            uint32_t len = st[s].tlen;
            if (len > KLPR_SIBLING_P_LONG && ld < KLPR_SIBLING_P_LINKS) inc = true;
            else if (nodes[s].tag == KLPD_P && len > 0 && len <= KLPR_SIBLING_P_LONG && ld == 0 &&
                     ends_sentence(h, s))
                inc = true;
        }
        if (inc) render_part(h, s);
    }
    if (h->opts->comments) render_comments(h);
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
    if (nb > n || ne > n || nb > ne) return;
    /* cut at character boundaries only */
    while (nb < ne && ((unsigned char)p[nb] & 0xC0) == 0x80) nb++;
    while (ne < n && ((unsigned char)p[ne] & 0xC0) == 0x80) ne++;
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
    uint32_t *raw = h->raw_len; /* UINT32_MAX: invisible (script, hidden...) */
    for (uint32_t i = 0; i < n;) {
        const klpd_node *nd = &nodes[i];
        uint8_t kind = h->kind[nd->tag];
        /* never content (scripts, images, inputs...): their classes do not matter */
        h->cls[i] = (nd->n_attr && !(kind & KLPH_K_DROP)) ? classify_node(h, i) : 0;
        h->tchars[i] = UINT32_MAX; /* counted on first use */
        raw[i] = 0;
        bool hidden = (h->cls[i] & KLPH_C_HIDDEN) && nd->tag != KLPD_BODY && nd->tag != KLPD_HTML;
        if (kind & KLPH_K_DROP || hidden) {
            /* nothing inside is looked at */
            for (uint32_t k = i; k < nd->end; k++) {
                if (k > i) h->cls[k] = 0;
                h->tchars[k] = UINT32_MAX;
                raw[k] = UINT32_MAX;
            }
            i = nd->end > i ? nd->end : i + 1;
            continue;
        }
        if (nd->tag == KLPD_TEXT) {
            count_text(nd->text, nd->text_len, &h->tchars[i], &h->tcommas[i]);
            raw[i] = h->tchars[i];
        }
        i++;
    }
    /* visible text length of every subtree, bottom-up */
    for (uint32_t i = (uint32_t)n; i-- > 1;)
        if (raw[i] != UINT32_MAX && raw[nodes[i].parent] != UINT32_MAX)
            raw[nodes[i].parent] += raw[i];
    for (uint32_t i = 0; i < n; i++)
        if (raw[i] == UINT32_MAX) raw[i] = 0;
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
