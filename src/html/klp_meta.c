/* klp_meta.c - page metadata: title, description, author, date, site name, URL, language
 * from <meta> tags, JSON-LD (jansson), <title>, <h1>, <time>, bylines and dates in the
 * URL or in date/byline elements (klpi_date_find). */
#include "klp_hint.h"
#include "klp_date.h"
#include "klp_mrules.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof(*(a)))
#define RANK_NONE 1000

typedef struct slot {
    char *v;
    int rank;
} slot;

typedef struct dslot {
    klpi_date d;
    int rank;
    bool set;
} dslot;

typedef struct meta {
    slot title, ld_title, title_tag, h1, desc, site, url, lang, author;
    dslot pub, mod, visible;
    int h1_count;
} meta;

static void slot_take(slot *s, char *v, int rank) {
    if (!v) return;
    if (s->v && s->rank <= rank) {
        free(v);
        return;
    }
    free(s->v);
    s->v = v;
    s->rank = rank;
}

static void slot_set(slot *s, const char *v, size_t n, int rank) {
    if (!v || (s->v && s->rank <= rank)) return;
    slot_take(s, klph_clean(v, n, false), rank);
}

static int key_rank(const klpm_key *keys, size_t nk, const char *k, size_t kn) {
    for (size_t i = 0; i < nk; i++)
        if (klph_ieq(k, kn, keys[i].key)) return keys[i].rank;
    return -1;
}

static bool looks_like_url(const char *s, size_t n) {
    return klph_istarts(s, n, "http:") || klph_istarts(s, n, "https:") || klph_istarts(s, n, "//") ||
           klph_istarts(s, n, "www.") || memchr(s, '/', n) != NULL;
}

static void date_set(dslot *ds, const char *s, size_t n, int rank) {
    if (!s || n == 0 || (ds->set && ds->rank <= rank)) return;
    klpi_date d;
    if (!klpi_date_find(s, n, &d, NULL, NULL)) return;
    ds->d = d;
    ds->rank = rank;
    ds->set = true;
}

/* ---- authors ------------------------------------------------------------------------- */

/* Cleans one author name in place of a malloc'd string; NULL when it is no name. */
static char *clean_author(const char *s, size_t n) {
    char *c = klph_clean(s, n, false);
    if (!c) return NULL;
    size_t l = strlen(c);
    size_t b = 0;
    for (size_t i = 0; i < NELEM(klpm_byline_prefixes); i++) {
        size_t pl = strlen(klpm_byline_prefixes[i]);
        if (l > pl + 1 && klph_istarts(c, l, klpm_byline_prefixes[i]) &&
            (c[pl] == ' ' || klpm_byline_prefixes[i][pl - 1] == ':')) {
            b = pl;
            while (b < l && c[b] == ' ') b++;
            break;
        }
    }
    /* cut at a line of other things: " | ", date-ish parts, "Updated" */
    size_t e = l;
    const char *cuts[] = {" | ", " - ", " – ", " — ", "\xc2\xb7", " Updated", " updated",
                          " Published", " published", ",  "};
    for (size_t i = 0; i < NELEM(cuts); i++) {
        const char *p = strstr(c + b, cuts[i]);
        if (p && (size_t)(p - c) < e) e = (size_t)(p - c);
    }
    while (e > b && (c[e - 1] == ' ' || c[e - 1] == ',')) e--;
    if (e <= b || looks_like_url(c + b, e - b) || e - b > KLPM_MAX_AUTHOR_CHARS ||
        memchr(c + b, '@', e - b)) {
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < NELEM(klpm_bad_authors); i++)
        if (klph_ieq(c + b, e - b, klpm_bad_authors[i])) {
            free(c);
            return NULL;
        }
    /* no digits-only or date-like names */
    klpi_date d;
    if (klpi_date_find(c + b, e - b, &d, NULL, NULL)) {
        free(c);
        return NULL;
    }
    memmove(c, c + b, e - b);
    c[e - b] = 0;
    return c;
}

/* Appends a name to an author list slot of the same rank, or replaces a worse one. */
static void author_add(slot *s, const char *v, size_t n, int rank) {
    if (!v) return;
    if (s->v && s->rank < rank) return;
    char *a = clean_author(v, n);
    if (!a) return;
    if (s->v && s->rank == rank) {
        /* same source: a list, unless already present */
        if (strstr(s->v, a)) {
            free(a);
            return;
        }
        size_t ol = strlen(s->v), al = strlen(a);
        size_t count = 1;
        for (const char *p = s->v; (p = strstr(p, "; ")); p += 2) count++;
        if (count >= KLPM_MAX_AUTHORS) {
            free(a);
            return;
        }
        char *j = realloc(s->v, ol + 2 + al + 1);
        if (!j) {
            free(a);
            return;
        }
        memcpy(j + ol, "; ", 2);
        memcpy(j + ol + 2, a, al + 1);
        s->v = j;
        free(a);
        return;
    }
    free(s->v);
    s->v = a;
    s->rank = rank;
}

/* ---- JSON-LD ------------------------------------------------------------------------- */

static bool type_is_article(json_t *o) {
    json_t *t = json_object_get(o, "@type");
    json_t *one = t;
    size_t n = json_is_array(t) ? json_array_size(t) : 1;
    for (size_t i = 0; i < n; i++) {
        if (json_is_array(t)) one = json_array_get(t, i);
        if (!json_is_string(one)) continue;
        const char *s = json_string_value(one);
        size_t l = json_string_length(one);
        for (size_t k = 0; k < NELEM(klpm_article_types); k++)
            if (klph_ifind(s, l, klpm_article_types[k])) return true;
    }
    return false;
}

static void ld_authors(meta *m, json_t *a, int rank, int depth) {
    if (!a || depth > 3) return;
    if (json_is_string(a)) {
        author_add(&m->author, json_string_value(a), json_string_length(a), rank);
    } else if (json_is_object(a)) {
        json_t *nm = json_object_get(a, "name");
        if (json_is_string(nm)) author_add(&m->author, json_string_value(nm), json_string_length(nm), rank);
        else if (json_is_array(nm) || json_is_object(nm)) ld_authors(m, nm, rank, depth + 1);
    } else if (json_is_array(a)) {
        for (size_t i = 0; i < json_array_size(a); i++) ld_authors(m, json_array_get(a, i), rank, depth + 1);
    }
}

static void ld_walk(meta *m, json_t *v, int depth) {
    if (!v || depth > KLPM_JSON_MAX_DEPTH) return;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) ld_walk(m, json_array_get(v, i), depth + 1);
        return;
    }
    if (!json_is_object(v)) return;
    bool art = type_is_article(v);
    int r = art ? 0 : 5; /* article objects first, then WebPage & co. */
    json_t *x;
    if (art || json_object_get(v, "datePublished")) {
        x = json_object_get(v, "headline");
        if (json_is_string(x)) slot_set(&m->ld_title, json_string_value(x), json_string_length(x), r);
        x = json_object_get(v, "datePublished");
        if (json_is_string(x)) date_set(&m->pub, json_string_value(x), json_string_length(x), r);
        x = json_object_get(v, "dateCreated");
        if (json_is_string(x)) date_set(&m->pub, json_string_value(x), json_string_length(x), r + 3);
        x = json_object_get(v, "dateModified");
        if (json_is_string(x)) date_set(&m->mod, json_string_value(x), json_string_length(x), r);
        x = json_object_get(v, "author");
        if (x) ld_authors(m, x, art ? 0 : 6, 0);
        x = json_object_get(v, "creator");
        if (x && !m->author.v) ld_authors(m, x, art ? 4 : 7, 0);
        x = json_object_get(v, "description");
        if (json_is_string(x)) slot_set(&m->desc, json_string_value(x), json_string_length(x), 4 + r);
        x = json_object_get(v, "publisher");
        if (json_is_object(x)) {
            json_t *nm = json_object_get(x, "name");
            if (json_is_string(nm)) slot_set(&m->site, json_string_value(nm), json_string_length(nm), 1 + r);
        }
    }
    json_t *t = json_object_get(v, "@type");
    if (json_is_string(t) && (klph_ieq(json_string_value(t), json_string_length(t), "WebSite") ||
                              klph_ieq(json_string_value(t), json_string_length(t), "Organization") ||
                              klph_ieq(json_string_value(t), json_string_length(t), "NewsMediaOrganization"))) {
        json_t *nm = json_object_get(v, "name");
        if (json_is_string(nm)) slot_set(&m->site, json_string_value(nm), json_string_length(nm), 3);
    }
    x = json_object_get(v, "@graph");
    if (x) ld_walk(m, x, depth + 1);
    x = json_object_get(v, "mainEntity");
    if (x) ld_walk(m, x, depth + 1);
}

/* Invalid JSON: look for a few keys by hand ("datePublished": "..."). */
static void ld_scan(meta *m, const char *s, size_t n) {
    static const char *const keys[] = {"\"datePublished\"", "\"dateModified\"", "\"headline\""};
    for (size_t k = 0; k < NELEM(keys); k++) {
        const char *p = klph_ifind(s, n, keys[k]);
        if (!p) continue;
        size_t i = (size_t)(p - s) + strlen(keys[k]);
        while (i < n && (s[i] == ' ' || s[i] == ':' || s[i] == '\n' || s[i] == '\t')) i++;
        if (i >= n || s[i] != '"') continue;
        size_t b = ++i;
        while (i < n && s[i] != '"') i++;
        if (k == 0) date_set(&m->pub, s + b, i - b, 8);
        else if (k == 1) date_set(&m->mod, s + b, i - b, 8);
        else slot_set(&m->ld_title, s + b, i - b, 8);
    }
}

static void ld_parse(meta *m, const char *s, size_t n) {
    json_error_t err;
    json_t *root = json_loadb(s, n, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &err);
    if (!root) {
        ld_scan(m, s, n);
        return;
    }
    ld_walk(m, root, 0);
    json_decref(root);
}

/* ---- helpers over the DOM ------------------------------------------------------------ */

/* Text of the subtree of i (scripts & co. skipped) into t. */
static void subtree_text(klpi_html *h, uint32_t i, klph_text *t) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    uint32_t end = nodes[i].end;
    klph_text_reset(t);
    for (uint32_t k = i + 1; k < end;) {
        const klpd_node *nd = &nodes[k];
        if (nd->tag == KLPD_TEXT) klph_text_add(t, nd->text, nd->text_len, false);
        else if (h->kind[nd->tag] & KLPH_K_DROP) {
            k = nd->end;
            continue;
        } else if (h->kind[nd->tag] & KLPH_K_BLOCK || nd->tag == KLPD_BR)
            klph_text_break(t, KLPH_BRK_SPACE);
        k++;
    }
}

static bool class_has(klpi_html *h, uint32_t i, const char *const *words, size_t nw) {
    size_t l = 0;
    const char *c = klpd_attr_get(h->dom, i, "class", &l);
    for (int pass = 0; pass < 2; pass++) {
        if (c)
            for (size_t k = 0; k < nw; k++)
                if (klph_ifind(c, l, words[k])) return true;
        c = klpd_attr_get(h->dom, i, "id", &l);
    }
    return false;
}

/* Date in a URL: /2019/08/02/, /2019-08-02, _20190802 ... */
static bool url_date(const char *u, size_t n, klpi_date *d) {
    for (size_t i = 0; i + 10 <= n; i++) {
        if (u[i] != '/' && u[i] != '-' && u[i] != '_') continue;
        const char *p = u + i + 1;
        size_t r = n - i - 1;
        int y, mo, da = 0;
        if (r >= 7 && p[0] >= '1' && p[0] <= '2' && (p[4] == '/' || p[4] == '-')) {
            bool ok = true;
            for (int k = 0; k < 4; k++) ok = ok && p[k] >= '0' && p[k] <= '9';
            if (!ok || !(p[5] >= '0' && p[5] <= '9' && p[6] >= '0' && p[6] <= '9')) continue;
            y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            mo = (p[5] - '0') * 10 + (p[6] - '0');
            if (r >= 10 && (p[7] == '/' || p[7] == '-') && p[8] >= '0' && p[8] <= '9' &&
                p[9] >= '0' && p[9] <= '9')
                da = (p[8] - '0') * 10 + (p[9] - '0');
            if (y < 1995 || y > 2100 || mo < 1 || mo > 12 || da < 1 || da > 31) continue;
            memset(d, 0, sizeof *d);
            d->year = y;
            d->month = mo;
            d->day = da;
            return true;
        }
    }
    return false;
}

/* ---- title cleaning ------------------------------------------------------------------ */

static bool ieq_str(const char *a, const char *b) { return klph_ieq(a, strlen(a), b); }

/* Removes a site name prefix/suffix from a <title>-like string (in place). */
static void strip_site(char *t, const char *site, const char *h1) {
    size_t l = strlen(t);
    for (size_t k = 0; k < NELEM(klpm_title_seps); k++) {
        const char *sep = klpm_title_seps[k];
        size_t sl = strlen(sep);
        /* last occurrence: suffix */
        const char *last = NULL;
        for (const char *p = t; (p = strstr(p, sep)); p += sl) last = p;
        const char *first = strstr(t, sep);
        if (!last) continue;
        size_t head_l = (size_t)(last - t), tail_l = l - head_l - sl;
        const char *tail = last + sl;
        size_t fhead_l = (size_t)(first - t);
        const char *ftail = first + sl;
        /* the part equal to the site name or the h1 decides */
        if (h1 && klph_ieq(t, head_l, h1)) { t[head_l] = 0; return; }
        if (h1 && ieq_str(ftail, h1)) { memmove(t, ftail, strlen(ftail) + 1); return; }
        if (site && (ieq_str(tail, site) || klph_ifind(site, strlen(site), tail) ||
                     klph_ifind(tail, tail_l, site))) { t[head_l] = 0; return; }
        if (site && (klph_ieq(t, fhead_l, site) || klph_ifind(t, fhead_l, site))) {
            memmove(t, ftail, strlen(ftail) + 1);
            return;
        }
        /* otherwise a short tail (<= 1/3 of the title, few words) is the site */
        size_t words = 1;
        for (size_t q = 0; q < tail_l; q++) words += tail[q] == ' ';
        if (tail_l * 3 <= l && words <= 4) { t[head_l] = 0; return; }
        size_t fwords = 1;
        for (size_t q = 0; q < fhead_l; q++) fwords += t[q] == ' ';
        if (fhead_l * 3 <= l && fwords <= 3 && k <= 1) { memmove(t, ftail, strlen(ftail) + 1); return; }
        return;
    }
}

static bool norm_eq(const char *a, const char *b) {
    /* equal ignoring case, white space and punctuation at the ends */
    if (!a || !b) return false;
    size_t al = strlen(a), bl = strlen(b);
    while (al && (a[al - 1] == ' ' || a[al - 1] == '.')) al--;
    while (bl && (b[bl - 1] == ' ' || b[bl - 1] == '.')) bl--;
    return al == bl && klph_istarts(a, al, "") && strncasecmp_like(a, b, al);
}
