/* klp_meta.c - page metadata: title, description, author, date, site name, URL, language
 * from <meta> tags, JSON-LD (jansson), <title>, <h1>, <time>, bylines and dates in the
 * URL or in date/byline elements (klpi_date_find). */
#include "klp_hint.h"
#include "klp_date.h"
#include "klp_lexicon.h"
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
    /* every date offered to the slot (the first few), to confirm visible dates */
    int seen[KLPM_MAX_SEEN_DATES], seen_rank[KLPM_MAX_SEEN_DATES];
    int n_seen;
} dslot;

enum { A_LD, A_META, A_MICRO, A_REL, A_CLASS, A_HREF, A_TEXT, A_TIERS };
/* Sources of visible bylines, trusted even when they name the site. */
static const int visible_tiers[] = {A_REL, A_HREF, A_TEXT};

typedef struct meta {
    slot title, ld_title, title_tag, h1, desc, site, url, lang;
    slot author[A_TIERS]; /* by source: JSON-LD, meta, microdata, rel=author, byline class */
    char *h1s[KLPM_MAX_H1];
    bool h1_logo[KLPM_MAX_H1];
    /* JSON-LD persons by @id, valid while one script is walked */
    json_t *persons[KLPM_MAX_PERSONS];
    int n_persons;
    char *logos[KLPM_MAX_SITES];
    int n_logos;
    slot headline;
    dslot pub, mod, visible;
    int h1_count;
    uint32_t h1_node; /* the headline <h1> (not a logo), 0 when none */
    uint32_t date_elems[KLPM_MAX_DATE_ELEMS]; /* elements with date-like classes */
    int n_date_elems;
    char byline_label; /* N of a <meta name="twitter:labelN" content="Written by">, or 0 */
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
    if (kn == 0) return -1;
    for (size_t i = 0; i < nk; i++)
        if (klph_ceq((unsigned char)k[0], (unsigned char)keys[i].key[0]) &&
            klph_ieq(k, kn, keys[i].key))
            return keys[i].rank;
    return -1;
}

static bool looks_like_url(const char *s, size_t n) {
    return klph_istarts(s, n, "http:") || klph_istarts(s, n, "https:") || klph_istarts(s, n, "//") ||
           klph_istarts(s, n, "www.") || memchr(s, '/', n) != NULL;
}

/* A calendar day as one number, for comparisons. */
static int day_key(const klpi_date *d) { return (d->year * 16 + d->month) * 32 + d->day; }

static void date_put(dslot *ds, const klpi_date *d, int rank) {
    if (d->year < KLPM_MIN_YEAR) return;
    if (ds->n_seen < KLPM_MAX_SEEN_DATES) {
        ds->seen[ds->n_seen] = day_key(d);
        ds->seen_rank[ds->n_seen++] = rank;
    }
    if (ds->set && ds->rank <= rank) return;
    ds->d = *d;
    ds->rank = rank;
    ds->set = true;
}

static void date_set(dslot *ds, const char *s, size_t n, int rank) {
    if (!s || n == 0 || (ds->set && ds->rank <= rank && ds->n_seen >= KLPM_MAX_SEEN_DATES)) return;
    klpi_date d;
    if (klpi_date_find(s, n, &d, NULL, NULL)) date_put(ds, &d, rank);
}

/* ---- authors ------------------------------------------------------------------------- */

static size_t count_words(const char *s, size_t n);

/* Cleans one author name in place of a malloc'd string; NULL when it is no name. */
static char *clean_author(const char *s, size_t n) {
    char *c = klph_clean(s, n, false);
    if (!c) return NULL;
    size_t l = strlen(c);
    size_t b = 0;
    while (b < l && (c[b] == '|' || c[b] == ' ' || c[b] == ':' || c[b] == '-')) b++;
    for (size_t i = 0; i < NELEM(klpm_byline_prefixes); i++) {
        size_t pl = strlen(klpm_byline_prefixes[i]);
        if (l > b + pl + 1 && klph_istarts(c + b, l - b, klpm_byline_prefixes[i]) &&
            (c[b + pl] == ' ' || klpm_byline_prefixes[i][pl - 1] == ':')) {
            b += pl;
            while (b < l && c[b] == ' ') b++;
            break;
        }
    }
    /* cut at a line of other things: " | ", date-ish parts, "Updated" */
    size_t e = l;
    for (size_t i = 0; i < NELEM(klpm_author_cuts); i++) {
        const char *p = strstr(c + b, klpm_author_cuts[i]);
        if (p && (size_t)(p - c) < e) e = (size_t)(p - c);
    }
    while (e > b && (c[e - 1] == ' ' || c[e - 1] == ',' || c[e - 1] == ':' || c[e - 1] == '|' ||
                     c[e - 1] == '-'))
        e--;
    while (b < e && (c[b] == '|' || c[b] == ' ' || c[b] == ':' || c[b] == '-')) b++;
    /* "Jane Doe @janedoe": the handle after the name goes */
    const char *at = klph_ifind(c + b, e - b, " @");
    if (at && at > c + b) e = (size_t)(at - c);
    /* a bare prefix word ("By") is no name */
    for (size_t i = 0; i < NELEM(klpm_byline_prefixes) && e > b; i++) {
        if (klph_ieq(c + b, e - b, klpm_byline_prefixes[i])) e = b;
    }
    if (e <= b || looks_like_url(c + b, e - b) || e - b > KLPM_MAX_AUTHOR_CHARS ||
        memchr(c + b, '@', e - b)) {
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < NELEM(klpm_bad_authors); i++)
        if (klph_ieq(c + b, e - b, klpm_bad_authors[i]) ||
            (strlen(klpm_bad_authors[i]) >= 5 && klph_istarts(c + b, e - b, klpm_bad_authors[i]))) {
            free(c);
            return NULL;
        }
    /* photo credits ("Foto: X", "Bild © hr") are no author lines */
    char key[128];
    size_t kn = klpi_lex_key(c + b, e - b, key, sizeof key);
    if ((kn && klpi_lex_prefix(KLPI_LEX_CREDIT, key, kn) > 0) ||
        klph_ifind(c + b, e - b, "\xc2\xa9")) {
        free(c);
        return NULL;
    }
    /* "Text und Interview: Jane Doe": a short label before a colon */
    const char *colon = memchr(c + b, ':', e - b);
    if (colon && colon + 2 < c + e && colon[1] == ' ' &&
        count_words(c + b, (size_t)(colon - (c + b))) <= KLPM_AUTHOR_LABEL_WORDS)
        b = (size_t)(colon + 2 - c);
    /* dates, times and user names are no author names */
    klpi_date d;
    bool has_space = memchr(c + b, ' ', e - b) != NULL;
    bool handle = !has_space && memchr(c + b, '.', e - b);
    bool clock = false;
    for (size_t k = b; k + 2 < e; k++)
        if (c[k] >= '0' && c[k] <= '9' && c[k + 1] == ':' && c[k + 2] >= '0' && c[k + 2] <= '9')
            clock = true;
    /* "Jane Doe, 01.12.2021": the date goes, a date alone is no name */
    size_t db = 0, de = 0;
    if (klpi_date_find(c + b, e - b, &d, &db, &de)) {
        e = b + db;
        while (e > b && (c[e - 1] == ' ' || c[e - 1] == ',' || c[e - 1] == '|' || c[e - 1] == '-'))
            e--;
        /* a weekday abbreviation left before the date ("Jane Doe Fr") */
        size_t w = e;
        while (w > b && c[w - 1] != ' ') w--;
        bool wd = false;
        for (size_t k = 0; k < NELEM(klpm_weekday_abbr) && !wd; k++)
            wd = klph_ieq(c + w, e - w, klpm_weekday_abbr[k]);
        if (w > b && wd) {
            e = w;
            while (e > b && (c[e - 1] == ' ' || c[e - 1] == ',')) e--;
        }
    }
    if (e <= b || handle || clock) {
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
        author_add(&m->author[A_LD], json_string_value(a), json_string_length(a), rank);
    } else if (json_is_object(a)) {
        json_t *nm = json_object_get(a, "name");
        json_t *id = json_object_get(a, "@id");
        if (!nm && json_is_string(id))
            for (int k = 0; k < m->n_persons; k++)
                if (json_equal(json_object_get(m->persons[k], "@id"), id)) {
                    nm = json_object_get(m->persons[k], "name");
                    break;
                }
        if (json_is_string(nm)) author_add(&m->author[A_LD], json_string_value(nm), json_string_length(nm), rank);
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
        if (x && !m->author[A_LD].v) ld_authors(m, x, art ? 4 : 7, 0);
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

static void ld_persons(meta *m, json_t *v, int depth) {
    if (!v || depth > KLPM_JSON_MAX_DEPTH) return;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) ld_persons(m, json_array_get(v, i), depth + 1);
        return;
    }
    if (!json_is_object(v)) return;
    json_t *t = json_object_get(v, "@type");
    if (json_is_string(t) && klph_ieq(json_string_value(t), json_string_length(t), "Person") &&
        json_is_string(json_object_get(v, "@id")) && json_is_string(json_object_get(v, "name")) &&
        m->n_persons < KLPM_MAX_PERSONS)
        m->persons[m->n_persons++] = v;
    ld_persons(m, json_object_get(v, "@graph"), depth + 1);
}

/* A copy of JSON-LD text where the value of every key that is not read is 0: jansson then
 * builds only what is looked at. Only text that is valid JSON to jansson as well (a
 * stricter reading: simple escapes, short numbers, little nesting) is trimmed, so the copy
 * parses exactly when the text does; the text after the first value is kept as it is. */
typedef struct ld_trim {
    const char *s;
    size_t n, i; /* the text and the read position */
    char *o;     /* the copy: o[0..on) for s[0..copied) */
    size_t on, copied;
} ld_trim;

static bool lt_key_read(const char *k, size_t n) {
    if (memchr(k, '\\', n)) return true; /* escaped: might spell one */
    for (size_t q = 0; q < NELEM(klpm_ld_keys); q++)
        if (strlen(klpm_ld_keys[q]) == n && memcmp(klpm_ld_keys[q], k, n) == 0) return true;
    return false;
}

static bool lt_digit(char c) { return c >= '0' && c <= '9'; }

static int lt_hex(unsigned char c) {
    if (lt_digit((char)c)) return c - '0';
    if ((c | 32) >= 'a' && (c | 32) <= 'f') return (c | 32) - 'a' + 10;
    return -1;
}

static void lt_space(ld_trim *t) {
    while (t->i < t->n && (t->s[t->i] == ' ' || t->s[t->i] == '\t' || t->s[t->i] == '\n' ||
                           t->s[t->i] == '\r'))
        t->i++;
}

static bool lt_string(ld_trim *t) {
    const unsigned char *u = (const unsigned char *)t->s;
    for (size_t i = t->i + 1; i < t->n;) {
        unsigned c = u[i];
        if (c == '"') {
            t->i = i + 1;
            return true;
        }
        if (c < 0x20) return false;
        if (c >= 0x80) {
            int32_t cp;
            i += klph_utf8_next(u + i, t->n - i, &cp);
            if (cp < 0) return false;
        } else if (c != '\\') {
            i++;
        } else if (i + 1 < t->n && u[i + 1] && strchr("\"\\/bfnrt", u[i + 1])) {
            i += 2;
        } else if (i + 5 < t->n && u[i + 1] == 'u') {
            /* no NUL, no surrogates: those jansson may refuse */
            unsigned v = 0;
            for (size_t k = i + 2; k < i + 6; k++) {
                int d = lt_hex(u[k]);
                if (d < 0) return false;
                v = v * 16 + (unsigned)d;
            }
            if (v == 0 || (v >= 0xD800 && v <= 0xDFFF)) return false;
            i += 6;
        } else {
            return false;
        }
    }
    return false;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? with at most 15 integer digits and a
 * two-digit exponent: never out of range */
static bool lt_number(ld_trim *t) {
    const char *s = t->s;
    size_t i = t->i, n = t->n;
    if (i < n && s[i] == '-') i++;
    size_t d = i;
    if (i < n && s[i] == '0') i++;
    else
        while (i < n && lt_digit(s[i])) i++;
    if (i == d || i - d > 15) return false;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        while (i < n && lt_digit(s[i])) i++;
        if (i == f) return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t x = i;
        while (i < n && lt_digit(s[i])) i++;
        if (i == x || i - x > 2) return false;
    }
    t->i = i;
    return true;
}

static bool lt_word(ld_trim *t) {
    static const char *const words[] = {"true", "false", "null"};
    size_t e = t->i;
    while (e < t->n && ((t->s[e] | 32) >= 'a' && (t->s[e] | 32) <= 'z')) e++;
    for (size_t q = 0; q < NELEM(words); q++)
        if (strlen(words[q]) == e - t->i && memcmp(words[q], t->s + t->i, e - t->i) == 0) {
            t->i = e;
            return true;
        }
    return false;
}

/* The value at t->i; with keep, the values of keys not read inside it become 0. */
static bool lt_value(ld_trim *t, int depth, bool keep) {
    if (t->i >= t->n) return false;
    char c = t->s[t->i];
    if (c == '"') return lt_string(t);
    if (c == '-' || lt_digit(c)) return lt_number(t);
    if (c != '{' && c != '[') return lt_word(t);
    if (depth >= KLPM_LD_TRIM_DEPTH) return false;
    char close = c == '{' ? '}' : ']';
    t->i++;
    lt_space(t);
    if (t->i < t->n && t->s[t->i] == close) {
        t->i++;
        return true;
    }
    for (;;) {
        bool read = true;
        if (close == '}') {
            if (t->i >= t->n || t->s[t->i] != '"') return false;
            size_t kb = t->i + 1;
            if (!lt_string(t)) return false;
            read = lt_key_read(t->s + kb, t->i - 1 - kb);
            lt_space(t);
            if (t->i >= t->n || t->s[t->i] != ':') return false;
            t->i++;
            lt_space(t);
        }
        size_t vb = t->i;
        if (!lt_value(t, depth + 1, keep && read)) return false;
        if (keep && !read) {
            memcpy(t->o + t->on, t->s + t->copied, vb - t->copied);
            t->on += vb - t->copied;
            t->o[t->on++] = '0';
            t->copied = t->i;
        }
        lt_space(t);
        if (t->i >= t->n) return false;
        c = t->s[t->i++];
        if (c == close) return true;
        if (c != ',') return false;
        lt_space(t);
    }
}

/* The trimmed copy of s[0..n) (*on bytes), or NULL when it would be the same or s is not
 * read by this scan. */
static char *ld_trim_copy(const char *s, size_t n, size_t *on) {
    ld_trim t = {s, n, 0, NULL, 0, 0};
    lt_space(&t);
    if (t.i >= n || (s[t.i] != '{' && s[t.i] != '[')) return NULL;
    t.o = malloc(n);
    if (!t.o) return NULL;
    if (!lt_value(&t, 0, true) || t.copied == 0) {
        free(t.o);
        return NULL;
    }
    memcpy(t.o + t.on, s + t.copied, n - t.copied);
    *on = t.on + n - t.copied;
    return t.o;
}

static void ld_parse(meta *m, const char *s, size_t n) {
    json_error_t err;
    size_t tn = 0;
    char *trimmed = ld_trim_copy(s, n, &tn);
    size_t flags = JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK;
    json_t *root = trimmed ? json_loadb(trimmed, tn, flags, &err) : json_loadb(s, n, flags, &err);
    free(trimmed);
    if (!root) {
        ld_scan(m, s, n);
        return;
    }
    m->n_persons = 0;
    ld_persons(m, root, 0);
    ld_walk(m, root, 0);
    m->n_persons = 0;
    json_decref(root);
}

/* ---- helpers over the DOM ------------------------------------------------------------ */

/* Text of the subtree of i (scripts & co. skipped) into t; with spaced, every element
 * boundary separates words (headings made of a kicker and a headline span). */
static void subtree_text_sp(klpi_html *h, uint32_t i, klph_text *t, bool spaced) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    uint32_t end = nodes[i].end;
    klph_text_reset(t);
    for (uint32_t k = i + 1; k < end;) {
        const klpd_node *nd = &nodes[k];
        if (nd->tag == KLPD_TEXT) klph_text_add(t, nd->text, nd->text_len, false);
        else if (h->kind[nd->tag] & KLPH_K_DROP) {
            k = nd->end;
            continue;
        } else if (spaced || h->kind[nd->tag] & KLPH_K_BLOCK || nd->tag == KLPD_BR)
            klph_text_break(t, KLPH_BRK_SPACE);
        k++;
    }
}

static void subtree_text(klpi_html *h, uint32_t i, klph_text *t) { subtree_text_sp(h, i, t, false); }

static bool class_has(klpi_html *h, uint32_t i, uint32_t bits) { return (h->cls[i] & bits) != 0; }

/* p is a byline word that starts ordinary phrases too ("Vom Blech...", "De plus..."): no
 * byline mark on its own. */
static bool weak_byline_prefix(const char *p) {
    for (size_t q = 0; q < NELEM(klpm_weak_byline_prefixes); q++)
        if (klph_ieq(p, strlen(p), klpm_weak_byline_prefixes[q])) return true;
    return false;
}

void klph_meta_init(klpi_html *h) {
    klph_matcher *m = &h->matcher;
    _Static_assert(NELEM(klpm_byline_prefixes) <= sizeof h->byline, "byline prefixes");
    size_t nb = 0;
    for (int c = 0; c < 256; c++) {
        h->byline_first[c] = (uint8_t)nb;
        for (size_t k = 0; k < NELEM(klpm_byline_prefixes); k++) {
            const char *p = klpm_byline_prefixes[k];
            if ((unsigned char)p[0] != c || weak_byline_prefix(p)) continue;
            h->byline_len[nb] = (uint8_t)strlen(p);
            h->byline[nb++] = (uint8_t)k;
        }
    }
    h->byline_first[256] = (uint8_t)nb;
    memset(h->author_path_second, 0, sizeof h->author_path_second);
    for (size_t k = 0; k < NELEM(klpm_author_paths); k++) {
        unsigned char c = (unsigned char)klpm_author_paths[k][1];
        h->author_path_second[c] = true;
        if (c >= 'a' && c <= 'z') h->author_path_second[c - 32] = true;
    }
    klph_matcher_add(m, klpm_author_classes, NELEM(klpm_author_classes), KLPH_C_AUTHOR, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpm_date_classes, NELEM(klpm_date_classes), KLPH_C_DATE, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpm_logo_classes, NELEM(klpm_logo_classes), KLPH_C_LOGO, KLPH_M_SUBSTR);
    klph_matcher_add(m, klpm_headline_classes, NELEM(klpm_headline_classes), KLPH_C_HEADLINE,
                     KLPH_M_SUBSTR);
    klph_matcher_add(m, klpm_pubtime_classes, NELEM(klpm_pubtime_classes), KLPH_C_PUBTIME,
                     KLPH_M_SUBSTR);
    klph_matcher_add(m, klpm_modtime_classes, NELEM(klpm_modtime_classes), KLPH_C_MODTIME,
                     KLPH_M_SUBSTR);
}

static bool digits2(const char *p) {
    return p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9';
}

/* Date in a URL: /2019/08/02/, /2019-08-02, /02-08-2019 ... */
static bool url_date(const char *u, size_t n, klpi_date *d) {
    for (size_t i = 0; i + 10 <= n; i++) {
        if (u[i] != '/' && u[i] != '-' && u[i] != '_') continue;
        const char *p = u + i + 1;
        size_t r = n - i - 1;
        int y, mo, da = 0;
        /* day first: "/29-10-2021" */
        if (r >= 10 && digits2(p) && digits2(p + 3) && digits2(p + 6) && digits2(p + 8) &&
            (p[2] == '-' || p[2] == '.') && p[5] == p[2] &&
            (r == 10 || p[10] < '0' || p[10] > '9')) {
            da = (p[0] - '0') * 10 + (p[1] - '0');
            mo = (p[3] - '0') * 10 + (p[4] - '0');
            y = (p[6] - '0') * 1000 + (p[7] - '0') * 100 + (p[8] - '0') * 10 + (p[9] - '0');
            if (y >= 1995 && y <= 2100 && mo >= 1 && mo <= 12 && da >= 1 && da <= 31) {
                memset(d, 0, sizeof *d);
                d->year = y;
                d->month = mo;
                d->day = da;
                return true;
            }
            da = 0;
        }
        if (r >= 7 && p[0] >= '1' && p[0] <= '2' && (p[4] == '/' || p[4] == '-')) {
            bool ok = true;
            for (int k = 0; k < 4; k++) ok = ok && p[k] >= '0' && p[k] <= '9';
            if (!ok || !(p[5] >= '0' && p[5] <= '9' && p[6] >= '0' && p[6] <= '9')) continue;
            y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            mo = (p[5] - '0') * 10 + (p[6] - '0');
            if (r >= 10 && (p[7] == '/' || p[7] == '-') && p[8] >= '0' && p[8] <= '9' &&
                p[9] >= '0' && p[9] <= '9' && (r == 10 || p[10] < '0' || p[10] > '9'))
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


/* Site names known from the page (og:site_name, publisher, logo heading). */
typedef struct sites {
    const char *v[KLPM_MAX_SITES];
    int n;
} sites;

static bool is_generic(const char *seg, size_t n) {
    while (n && seg[n - 1] == ' ') n--;
    while (n && seg[0] == ' ') seg++, n--;
    if (n == 0) return true;
    for (size_t i = 0; i < NELEM(klpm_generic_titles); i++)
        if (klph_ieq(seg, n, klpm_generic_titles[i])) return true;
    return false;
}

static bool is_site(const sites *ss, const char *seg, size_t n) {
    while (n && seg[n - 1] == ' ') n--;
    while (n && seg[0] == ' ') seg++, n--;
    if (is_generic(seg, n)) return true;
    for (int i = 0; i < ss->n; i++) {
        size_t sl = strlen(ss->v[i]);
        if (sl == 0) continue;
        if (klph_ieq(seg, n, ss->v[i])) return true;
        /* "Spiegel Online" vs "SPIEGEL ONLINE - Nachrichten": one inside the other */
        char tmp[256];
        if (n < sizeof tmp) {
            memcpy(tmp, seg, n);
            tmp[n] = 0;
            if (n >= 4 && klph_ifind(ss->v[i], sl, tmp)) return true;
        }
        if (sl >= 4 && klph_ifind(seg, n, ss->v[i]) && n < 2 * sl + 8) return true;
    }
    return false;
}

static size_t count_words(const char *s, size_t n) {
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = s[i] == ' ';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* Removes site-name segments ("Headline | Site", "Site » Blog » Headline") in place. */
static void strip_site(char *t, const sites *ss) {
    for (size_t k = 0; k < NELEM(klpm_title_seps); k++) {
        const char *sep = klpm_title_seps[k];
        size_t sl = strlen(sep), l = strlen(t);
        if (!strstr(t, sep)) continue;
        /* segment bounds */
        size_t sb[KLPM_MAX_SEGMENTS], se[KLPM_MAX_SEGMENTS];
        int ns = 0;
        size_t pos = 0;
        while (ns < KLPM_MAX_SEGMENTS) {
            const char *p = strstr(t + pos, sep);
            sb[ns] = pos;
            se[ns] = p ? (size_t)(p - t) : l;
            ns++;
            if (!p) break;
            pos = (size_t)(p - t) + sl;
        }
        if (ns < 2 || se[ns - 1] != l) continue;
        bool keep[KLPM_MAX_SEGMENTS];
        int kept = 0;
        for (int i = 0; i < ns; i++) {
            keep[i] = !is_site(ss, t + sb[i], se[i] - sb[i]);
            kept += keep[i];
        }
        if (kept == ns) {
            /* no known site name: a short last (or first) segment is the site */
            if (ss->n > 0) continue;
            size_t lw = count_words(t + sb[ns - 1], se[ns - 1] - sb[ns - 1]);
            size_t fw = count_words(t + sb[0], se[0] - sb[0]);
            if (lw <= KLPM_SITE_MAX_WORDS && (se[ns - 1] - sb[ns - 1]) * 2 < l) keep[ns - 1] = false;
            else if (fw <= KLPM_SITE_MAX_WORDS - 1 && (se[0] - sb[0]) * 2 < l) keep[0] = false;
            else continue;
            kept--;
        }
        if (kept == 0) continue;
        /* rebuild */
        size_t o = 0;
        bool first = true;
        for (int i = 0; i < ns; i++) {
            if (!keep[i]) continue;
            if (!first) {
                memmove(t + o, sep, sl);
                o += sl;
            }
            memmove(t + o, t + sb[i], se[i] - sb[i]);
            o += se[i] - sb[i];
            first = false;
        }
        t[o] = 0;
        /* trim */
        while (o > 0 && t[o - 1] == ' ') t[--o] = 0;
        size_t lead = 0;
        while (t[lead] == ' ') lead++;
        if (lead) memmove(t, t + lead, strlen(t + lead) + 1);
    }
}

/* ---- main ---------------------------------------------------------------------------- */

static void lang_set(meta *m, const char *v, size_t n, int rank) {
    size_t k = 0;
    while (k < n && ((v[k] >= 'a' && v[k] <= 'z') || (v[k] >= 'A' && v[k] <= 'Z'))) k++;
    if (k < 2 || k > 3) return;
    char buf[4];
    for (size_t i = 0; i < k; i++) buf[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
    slot_set(&m->lang, buf, k, rank);
}

/* A heading that is the site's logo: links to the home page, or logo/brand classes. */
static bool is_logo(klpi_html *h, uint32_t i) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    if (class_has(h, i, KLPH_C_LOGO)) return true;
    for (uint32_t k = i + 1; k < nodes[i].end; k++) {
        if (nodes[k].tag != KLPD_A) continue;
        size_t l = 0;
        const char *href = klpd_attr_get(h->dom, k, "href", &l);
        if (!href) continue;
        if (l == 1 && href[0] == '/') return true;
        if (class_has(h, k, KLPH_C_LOGO)) return true;
        /* http(s)://host/ with nothing after the host */
        const char *p = klph_ifind(href, l, "://");
        if (p) {
            size_t r = l - (size_t)(p + 3 - href);
            const char *sl = memchr(p + 3, '/', r);
            if (!sl || (size_t)(sl - (p + 3)) + 1 >= r) return true;
            const char *rest = sl + 1;
            size_t rl = r - (size_t)(rest - (p + 3));
            if (klph_ieq(rest, rl, "index.html") || klph_ieq(rest, rl, "index.php")) return true;
        }
    }
    return false;
}

/* A class token (white-space separated) of node i starts with one of words. */
static bool class_token_starts(klpi_html *h, uint32_t i, const char *const *words, size_t nw) {
    size_t l = 0;
    const char *c = klpd_attr_get(h->dom, i, "class", &l);
    if (!c) return false;
    for (size_t k = 0; k < l;) {
        while (k < l && c[k] == ' ') k++;
        size_t b = k;
        while (k < l && c[k] != ' ') k++;
        for (size_t w = 0; w < nw && k > b; w++)
            if (klph_istarts(c + b, k - b, words[w])) return true;
    }
    return false;
}

/* Author names inside comments, sidebars, forms... are not the page's. */
static bool author_context_bad(klpi_html *h, uint32_t i) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    for (uint32_t a = nodes[i].parent; a; a = nodes[a].parent) {
        uint16_t t = nodes[a].tag;
        if (t == KLPD_BODY) break;
        if (t == KLPD_FORM || t == KLPD_ASIDE || t == KLPD_NAV || t == KLPD_FOOTER ||
            t == KLPD_LABEL)
            return true;
        if (nodes[a].n_attr && (class_token_starts(h, a, klpm_author_skip_classes,
                                                   NELEM(klpm_author_skip_classes)) ||
                                (h->cls[a] & KLPH_C_COMMENT)))
            return true;
    }
    return false;
}

static bool author_href(const klpi_html *h, const char *href, size_t n) {
    /* at each '/' of the link, one of the author paths? */
    const char *p = memchr(href, '/', n);
    while (p) {
        size_t r = n - (size_t)(p - href);
        if (r < 5) break;
        if (h->author_path_second[(unsigned char)p[1]])
            for (size_t k = 0; k < NELEM(klpm_author_paths); k++)
                if (klph_istarts(p, r, klpm_author_paths[k])) return true;
        p = memchr(p + 1, '/', r - 1);
    }
    return false;
}

/* A person's name: a capital (or non-ASCII) first letter, no digits, a few words. */
static bool looks_like_name(const char *a) {
    bool ok = (a[0] >= 'A' && a[0] <= 'Z') || (unsigned char)a[0] >= 0xC0;
    for (const char *q = a; *q && ok; q++) ok = !(*q >= '0' && *q <= '9');
    return ok && count_words(a, strlen(a)) <= KLPM_MAX_NAME_WORDS;
}

static bool blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

/* The text is a byline word alone ("By", "| Von", "Autor:"). */
static bool bare_byline(const char *s, size_t n) {
    while (n && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' || *s == '|')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    for (size_t i = 0; i < NELEM(klpm_byline_prefixes); i++)
        if (klph_ieq(s, n, klpm_byline_prefixes[i])) return true;
    return false;
}

/* A short element whose text starts with a byline word ("By", "Von", "Posted by"...):
 * the rest is the author. */
static void text_byline(klpi_html *h, meta *m, uint32_t i) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    uint32_t p = nodes[i].parent;
    if (nodes[p].end - p > KLPM_BYLINE_MAX_NODES || (h->kind[nodes[p].tag] & KLPH_K_DROP)) return;
    const char *t = nodes[i].text;
    size_t n = nodes[i].text_len;
    while (n && (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r' || *t == '|')) t++, n--;
    if (n < 2 || n > KLPM_MAX_AUTHOR_CHARS) return;
    unsigned c = (unsigned char)t[0];
    if (c >= 'A' && c <= 'Z') c += 32;
    bool pre = false;
    for (unsigned q = h->byline_first[c]; q < h->byline_first[c + 1] && !pre; q++) {
        const char *w = klpm_byline_prefixes[h->byline[q]];
        size_t pl = h->byline_len[q];
        pre = klph_istarts(t, n, w) &&
              (n == pl || t[pl] == ' ' || t[pl] == '\n' || w[pl - 1] == ':');
    }
    if (!pre || author_context_bad(h, i)) return;
    subtree_text(h, p, &h->scratch);
    if (h->scratch.b.n == 0 ||
        count_words(h->scratch.b.p, h->scratch.b.n) > 2 * KLPM_MAX_BYLINE_WORDS)
        return;
    char *a = clean_author(h->scratch.b.p, h->scratch.b.n);
    /* "<span>By</span> <a>Jane Doe</a>": a bare byline word names the next sibling */
    if (!a && bare_byline(h->scratch.b.p, h->scratch.b.n)) {
        uint32_t s = nodes[p].next;
        while (s != KLPD_NONE && (nodes[s].tag == KLPD_BR ||
                                  (nodes[s].tag == KLPD_TEXT && blank(nodes[s].text, nodes[s].text_len))))
            s = nodes[s].next;
        if (s == KLPD_NONE || nodes[s].end - s > KLPM_BYLINE_MAX_NODES ||
            (nodes[s].tag != KLPD_TEXT && (h->kind[nodes[s].tag] & (KLPH_K_DROP | KLPH_K_BLOCK))))
            return;
        if (nodes[s].tag == KLPD_TEXT) a = clean_author(nodes[s].text, nodes[s].text_len);
        else {
            subtree_text(h, s, &h->scratch);
            if (h->scratch.b.n) a = clean_author(h->scratch.b.p, h->scratch.b.n);
        }
    }
    if (!a) return;
    if (count_words(a, strlen(a)) > KLPM_MAX_BYLINE_WORDS) {
        free(a);
        return;
    }
    if (!looks_like_name(a)) {
        free(a);
        return;
    }
    slot_take(&m->author[A_TEXT], a, 0);
}

static void scan_nodes(klpi_html *h, meta *m) {
    const klpd_dom *d = h->dom;
    const klpd_node *nodes = klpd_dom_nodes(d);
    size_t n = klpd_dom_count(d);
    bool in_body = false;
    for (uint32_t i = 1; i < n; i++) {
        const klpd_node *nd = &nodes[i];
        if (nd->tag == KLPD_TEXT) {
            if (in_body && !m->author[A_TEXT].v) text_byline(h, m, i);
            continue;
        }
        if (nd->tag == KLPD_COMMENT) continue;
        size_t vl = 0, cl = 0;
        const char *v;
        switch (nd->tag) {
        case KLPD_BODY:
            in_body = true;
            break;
        case KLPD_HTML:
            if ((v = klpd_attr_get(d, i, "lang", &vl)) || (v = klpd_attr_get(d, i, "xml:lang", &vl)))
                lang_set(m, v, vl, 0);
            break;
        case KLPD_TITLE:
            if (!m->title_tag.v && !in_body) {
                subtree_text(h, i, &h->scratch);
                slot_set(&m->title_tag, h->scratch.b.p, h->scratch.b.n, 0);
            }
            break;
        case KLPD_META: {
            const char *c = klpd_attr_get(d, i, "content", &cl);
            if (!c) break;
            const char *k = klpd_attr_get(d, i, "property", &vl);
            if (!k) k = klpd_attr_get(d, i, "name", &vl);
            if (!k) k = klpd_attr_get(d, i, "itemprop", &vl);
            if (!k) k = klpd_attr_get(d, i, "http-equiv", &vl);
            if (!k) break;
            int r;
            if ((r = key_rank(klpm_title_keys, NELEM(klpm_title_keys), k, vl)) >= 0) slot_set(&m->title, c, cl, r);
            if ((r = key_rank(klpm_desc_keys, NELEM(klpm_desc_keys), k, vl)) >= 0) slot_set(&m->desc, c, cl, r);
            if ((r = key_rank(klpm_author_keys, NELEM(klpm_author_keys), k, vl)) >= 0) author_add(&m->author[A_META], c, cl, r);
            if (vl == 14 && klph_istarts(k, vl, "twitter:label") && bare_byline(c, cl)) m->byline_label = k[13];
            if (vl == 13 && m->byline_label && klph_istarts(k, vl, "twitter:data") && k[12] == m->byline_label)
                author_add(&m->author[A_META], c, cl, KLPM_LABEL_AUTHOR_RANK);
            if ((r = key_rank(klpm_date_keys, NELEM(klpm_date_keys), k, vl)) >= 0) date_set(&m->pub, c, cl, 10 + r);
            if ((r = key_rank(klpm_modified_keys, NELEM(klpm_modified_keys), k, vl)) >= 0) date_set(&m->mod, c, cl, 10 + r);
            if ((r = key_rank(klpm_site_keys, NELEM(klpm_site_keys), k, vl)) >= 0) slot_set(&m->site, c, cl, r);
            if ((r = key_rank(klpm_url_keys, NELEM(klpm_url_keys), k, vl)) >= 0 && klph_istarts(c, cl, "http"))
                slot_set(&m->url, c, cl, r);
            if ((r = key_rank(klpm_lang_keys, NELEM(klpm_lang_keys), k, vl)) >= 0) lang_set(m, c, cl, r);
            break;
        }
        case KLPD_LINK: {
            const char *rel = klpd_attr_get(d, i, "rel", &vl);
            const char *href = klpd_attr_get(d, i, "href", &cl);
            if (rel && href && klph_ieq(rel, vl, "canonical") && klph_istarts(href, cl, "http"))
                slot_set(&m->url, href, cl, 0);
            break;
        }
        case KLPD_SCRIPT: {
            const char *ty = klpd_attr_get(d, i, "type", &vl);
            if (ty && klph_ifind(ty, vl, "ld+json") && nd->first_child &&
                nodes[nd->first_child].tag == KLPD_TEXT)
                ld_parse(m, nodes[nd->first_child].text, nodes[nd->first_child].text_len);
            break;
        }
        case KLPD_H1:
            if (in_body) {
                if (m->h1_count < KLPM_MAX_H1) {
                    subtree_text_sp(h, i, &h->scratch, true);
                    char *t = klph_clean(h->scratch.b.p, h->scratch.b.n, false);
                    if (!t) break;
                    bool logo = is_logo(h, i);
                    m->h1_logo[m->h1_count] = logo;
                    m->h1s[m->h1_count++] = t;
                    if (logo && m->n_logos < KLPM_MAX_SITES) m->logos[m->n_logos++] = t;
                    if (!logo && !m->h1.v) {
                        slot_set(&m->h1, t, strlen(t), 0);
                        m->h1_node = i;
                    }
                }
            }
            break;
        case KLPD_H2:
        case KLPD_H3:
            if (in_body && !m->headline.v &&
                class_has(h, i, KLPH_C_HEADLINE)) {
                subtree_text_sp(h, i, &h->scratch, true);
                slot_set(&m->headline, h->scratch.b.p, h->scratch.b.n, 0);
            }
            break;
        case KLPD_TIME: {
            if (!in_body) break;
            const char *dt = klpd_attr_get(d, i, "datetime", &vl);
            const char *ip = klpd_attr_get(d, i, "itemprop", &cl);
            bool pub = klpd_attr_get(d, i, "pubdate", NULL) ||
                       (ip && klph_ifind(ip, cl, "datePublished")) ||
                       class_has(h, i, KLPH_C_PUBTIME);
            bool modif = (ip && klph_ifind(ip, cl, "dateModified")) ||
                         class_has(h, i, KLPH_C_MODTIME);
            if (dt && !modif) date_set(&m->visible, dt, vl, pub ? 20 : 22);
            else if (!dt && !modif) {
                subtree_text(h, i, &h->scratch);
                date_set(&m->visible, h->scratch.b.p, h->scratch.b.n, pub ? 21 : 24);
            }
            break;
        }
        default:
            break;
        }
        if (!in_body || nd->n_attr == 0 || nd->tag == KLPD_META) continue;
        /* the attributes looked at below, in one pass */
        const char *pr = NULL, *ip = NULL, *rel = NULL, *cont = NULL, *href = NULL;
        size_t prl = 0, ipl = 0, rell = 0, contl = 0, hrefl = 0;
        const klpd_attr *at = klpd_dom_attrs(d) + nd->attr;
        for (uint32_t k = 0; k < nd->n_attr; k++) {
            const klpd_attr *a = &at[k];
            if (a->klen == 8 && memcmp(a->key, "property", 8) == 0) pr = a->val, prl = a->vlen;
            else if (a->klen == 8 && memcmp(a->key, "itemprop", 8) == 0) ip = a->val, ipl = a->vlen;
            else if (a->klen == 3 && memcmp(a->key, "rel", 3) == 0) rel = a->val, rell = a->vlen;
            else if (a->klen == 7 && memcmp(a->key, "content", 7) == 0) cont = a->val, contl = a->vlen;
            else if (a->klen == 4 && memcmp(a->key, "href", 4) == 0) href = a->val, hrefl = a->vlen;
        }
        /* RDFa properties with content="" on any element */
        {
            vl = prl;
            cl = contl;
            const char *c = pr ? cont : NULL;
            if (c) {
                const char *k = pr;
                size_t kl = vl;
                const char *colon = memchr(pr, ':', vl);
                if (colon && klph_istarts(pr, vl, "schema:")) {
                    k = colon + 1;
                    kl = vl - (size_t)(k - pr);
                }
                int r;
                if ((r = key_rank(klpm_date_keys, NELEM(klpm_date_keys), k, kl)) >= 0)
                    date_set(&m->pub, c, cl, 10 + r);
                if ((r = key_rank(klpm_modified_keys, NELEM(klpm_modified_keys), k, kl)) >= 0)
                    date_set(&m->mod, c, cl, 10 + r);
            }
        }
        /* microdata and bylines in the body */
        vl = ipl;
        if (ip) {
            if (klph_ieq(ip, vl, "datePublished")) {
                const char *c = klpd_attr_get(d, i, "datetime", &cl);
                if (!c) c = klpd_attr_get(d, i, "content", &cl);
                if (c) date_set(&m->pub, c, cl, 18);
            } else if ((klph_ieq(ip, vl, "author") || klph_ieq(ip, vl, "creator")) &&
                       !author_context_bad(h, i)) {
                uint32_t src = i;
                for (uint32_t k = i + 1; k < nd->end; k++) {
                    size_t l2 = 0;
                    const char *p2 = klpd_attr_get(d, k, "itemprop", &l2);
                    if (p2 && klph_ieq(p2, l2, "name")) {
                        src = k;
                        break;
                    }
                }
                const char *c = klpd_attr_get(d, src, "content", &cl);
                if (c) author_add(&m->author[A_MICRO], c, cl, 0);
                else {
                    subtree_text(h, src, &h->scratch);
                    if (h->scratch.b.n) author_add(&m->author[A_MICRO], h->scratch.b.p, h->scratch.b.n, 0);
                }
            } else if (klph_ieq(ip, vl, "headline") && !m->headline.v) {
                subtree_text(h, i, &h->scratch);
                slot_set(&m->headline, h->scratch.b.p, h->scratch.b.n, 0);
            }
        }
        /* a link to the author's page ("/author/jane-doe/") named like a person */
        if (nd->tag == KLPD_A && href && !m->author[A_HREF].v && nd->end - i < 8 &&
            author_href(h, href, hrefl) && !author_context_bad(h, i)) {
            subtree_text(h, i, &h->scratch);
            char *a = h->scratch.b.n ? clean_author(h->scratch.b.p, h->scratch.b.n) : NULL;
            if (a && looks_like_name(a)) slot_take(&m->author[A_HREF], a, 0);
            else free(a);
        }
        if (nd->tag == KLPD_A && rel && klph_ieq(rel, rell, "author") && nd->end - i < 8 &&
            !m->author[A_REL].v && !author_context_bad(h, i)) {
            subtree_text(h, i, &h->scratch);
            if (h->scratch.b.n) author_add(&m->author[A_REL], h->scratch.b.p, h->scratch.b.n, 0);
        }
        if (nd->end - i < 40 && class_has(h, i, KLPH_C_AUTHOR) &&
            !m->author[A_CLASS].v && nd->tag != KLPD_BODY && nd->tag != KLPD_H1 &&
            nd->tag != KLPD_ARTICLE && !author_context_bad(h, i)) {
            subtree_text(h, i, &h->scratch);
            if (h->scratch.b.n > 0 && h->scratch.b.n < KLPM_MAX_AUTHOR_CHARS &&
                count_words(h->scratch.b.p, h->scratch.b.n) <= KLPM_MAX_BYLINE_WORDS)
                author_add(&m->author[A_CLASS], h->scratch.b.p, h->scratch.b.n, 0);
        }
        /* date-class elements: parsed later, only when no better date is found */
        if (nd->end - i < KLPM_DATE_ELEM_MAX_NODES && m->n_date_elems < KLPM_MAX_DATE_ELEMS &&
            class_has(h, i, KLPH_C_DATE))
            m->date_elems[m->n_date_elems++] = i;
    }
}

static void date_elements(klpi_html *h, meta *m) {
    /* the article's date follows its headline: those after the <h1> first */
    for (int pass = m->h1_node ? 0 : 1; pass < 2; pass++)
        for (int k = 0;
             k < m->n_date_elems && !(m->visible.set && m->visible.rank <= KLPM_DATE_ELEM_RANK);
             k++) {
            if (pass == 0 && m->date_elems[k] < m->h1_node) continue;
            subtree_text_sp(h, m->date_elems[k], &h->scratch, true);
            klpi_date d;
            if (h->scratch.b.n > 0 && h->scratch.b.n < KLPM_DATE_ELEM_MAX_BYTES &&
                klpi_date_find_short_year(h->scratch.b.p, h->scratch.b.n, &d, NULL, NULL))
                date_put(&m->visible, &d, KLPM_DATE_ELEM_RANK);
        }
}

static bool scan_date_lines(klpi_html *h, meta *m, uint32_t from, uint32_t to);

static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* A short text line that is a date, or a paragraph that starts with its date
 * ("27.1.2022 - Bei der ..."). */
static bool text_date_line(const klpd_node *nd, klpi_date *d) {
    if (nd->text_len < 6) return false;
    size_t b = 0, e = 0;
    const char *t = nd->text;
    size_t tl = nd->text_len;
    while (tl && is_ws(*t)) t++, tl--;
    /* the length as printed: runs of white space count once */
    size_t shown = 0;
    for (size_t k = 0; k < tl && shown <= KLPM_DATE_LINE_BYTES; k++)
        shown += !(k > 0 && is_ws(t[k]) && is_ws(t[k - 1]));
    bool ok = shown <= KLPM_DATE_LINE_BYTES && klpi_date_line(t, tl, KLPM_DATE_LINE_WORDS, d);
    if (!ok && tl > 0)
        ok = klpi_date_find(t, tl < KLPM_DATE_LINE_BYTES ? tl : KLPM_DATE_LINE_BYTES, d, &b, &e) &&
             b == 0;
    return ok && d->year >= KLPM_MIN_YEAR && d->day > 0;
}

/* Last resort: the first short text line of the body that is a date. */
static void date_lines(klpi_html *h, meta *m) {
    size_t n = klpd_dom_count(h->dom);
    /* from the headline on first, then from the top */
    for (uint32_t from = m->h1_node;; from = 1) {
        if (scan_date_lines(h, m, from ? from : 1, (uint32_t)n)) return;
        if (from <= 1) return;
    }
}

/* The first date line in nodes [from, to): true when found (m->visible is set). */
static bool scan_date_lines(klpi_html *h, meta *m, uint32_t from, uint32_t to) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    for (uint32_t i = from; i < to;) {
        const klpd_node *nd = &nodes[i];
        if (nd->tag != KLPD_TEXT) {
            if ((h->kind[nd->tag] & (KLPH_K_DROP | KLPH_K_BOIL)) && nd->tag != KLPD_HEADER) {
                i = nd->end;
                continue;
            }
            i++;
            continue;
        }
        klpi_date d;
        if (text_date_line(nd, &d)) {
            m->visible.d = d;
            m->visible.rank = 30;
            m->visible.set = true;
            return true;
        }
        i++;
    }
    return false;
}

/* A text that starts with an ISO 8601 date and time ("2021-10-27T20:35:36+01:00"): written
 * for machines, not printed for readers. */
static bool machine_text(const klpd_node *nd) {
    const char *t = nd->text;
    size_t tl = nd->text_len;
    while (tl && is_ws(*t)) t++, tl--;
    return tl > 13 && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[11] >= '0' && t[11] <= '9';
}

/* A text that is only a date with a two-digit year ("31.10.23"). */
static bool short_date_line(const klpd_node *nd, klpi_date *d) {
    const char *t = nd->text;
    size_t tl = nd->text_len;
    while (tl && is_ws(*t)) t++, tl--;
    while (tl && is_ws(t[tl - 1])) tl--;
    size_t b = 0, e = 0;
    return tl <= KLPM_SHORT_DATE_LINE_BYTES && klpi_date_find_short_year(t, tl, d, &b, &e) &&
           b == 0 && e == tl && d->year >= KLPM_MIN_YEAR;
}

/* Up to max dates printed next to the headline: date-class elements and date lines in the
 * nodes after the <h1> (in order), then in those just before it (nearest first). *marked
 * tells whether the first one is the text of a date-class element after the <h1>. */
static int near_dates(klpi_html *h, const meta *m, klpi_date *out, int max, bool *marked) {
    const klpd_node *nodes = klpd_dom_nodes(h->dom);
    uint32_t n = (uint32_t)klpd_dom_count(h->dom), h1 = m->h1_node;
    int k = 0;
    if (!h1) return 0;
    for (int side = 0; side < 2; side++) {
        uint32_t span = side == 0 ? KLPM_NEAR_AFTER_NODES : KLPM_NEAR_BEFORE_NODES;
        for (uint32_t q = side; q <= span && k < max; q++) {
            if (side == 1 && q >= h1) break;
            uint32_t i = side == 0 ? h1 + q : h1 - q;
            if (i >= n) break;
            const klpd_node *nd = &nodes[i];
            klpi_date d;
            bool ok = false;
            if (nd->tag == KLPD_TEXT) {
                ok = !machine_text(nd) && (text_date_line(nd, &d) || short_date_line(nd, &d));
                for (uint32_t a = nd->parent; ok && a; a = nodes[a].parent)
                    if ((h->kind[nodes[a].tag] & (KLPH_K_DROP | KLPH_K_BOIL)) &&
                        nodes[a].tag != KLPD_HEADER)
                        ok = false;
            } else if (nd->end - i < KLPM_DATE_ELEM_MAX_NODES && class_has(h, i, KLPH_C_DATE)) {
                subtree_text_sp(h, i, &h->scratch, true);
                ok = h->scratch.b.n > 0 && h->scratch.b.n < KLPM_DATE_ELEM_MAX_BYTES &&
                     klpi_date_find_short_year(h->scratch.b.p, h->scratch.b.n, &d, NULL, NULL) &&
                     d.year >= KLPM_MIN_YEAR;
            }
            if (ok && k == 0) *marked = side == 0 && nd->tag != KLPD_TEXT;
            if (ok) out[k++] = d;
        }
    }
    return k;
}

/* The day was offered as a machine-readable date (meta, JSON-LD, <time>). */
static bool machine_day(const meta *m, const klpi_date *d) {
    int key = day_key(d);
    const dslot *ds[] = {&m->pub, &m->mod, &m->visible};
    for (size_t q = 0; q < NELEM(ds); q++)
        for (int k = 0; k < ds[q]->n_seen; k++)
            if (ds[q]->seen[k] == key && ds[q]->seen_rank[k] < KLPM_DATE_ELEM_RANK) return true;
    return false;
}

static int days_in_month(int y, int m) {
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return (m >= 1 && m <= 12) ? dm[m - 1] : 31;
}

/* The same instant written with another UTC offset (minutes). */
static void shift_zone(klpi_date *d, int offset) {
    int mins = d->hour * 60 + d->minute + offset - (d->has_offset ? d->offset_minutes : 0);
    int day_shift = 0;
    while (mins < 0) mins += 1440, day_shift--;
    while (mins >= 1440) mins -= 1440, day_shift++;
    d->hour = mins / 60;
    d->minute = mins % 60;
    d->day += day_shift;
    if (d->day < 1) {
        if (--d->month < 1) d->month = 12, d->year--;
        d->day = days_in_month(d->year, d->month);
    } else if (d->day > days_in_month(d->year, d->month)) {
        d->day = 1;
        if (++d->month > 12) d->month = 1, d->year++;
    }
    d->has_offset = true;
    d->offset_minutes = offset;
}

static char *format_date(const klpi_date *d) {
    char buf[48];
    size_t l = klpi_date_format(d, buf, sizeof buf);
    if (l == 0 || l >= sizeof buf) return NULL;
    return klph_clean(buf, l, false);
}

int klph_extract_meta(klpi_html *h, const char *url_hint, klpi_html_result *out) {
    meta m;
    memset(&m, 0, sizeof m);
    scan_nodes(h, &m);
    /* title */
    sites ss = {{0}, 0};
    if (m.site.v) ss.v[ss.n++] = m.site.v;
    for (int k = 0; k < m.n_logos && ss.n < KLPM_MAX_SITES; k++) ss.v[ss.n++] = m.logos[k];
    char *title = NULL;
    slot *srcs[] = {&m.ld_title, &m.title, &m.title_tag};
    for (size_t k = 0; k < NELEM(srcs) && !title; k++) {
        if (!srcs[k]->v || (k == 0 && srcs[k]->rank > 5)) continue;
        char *t = klph_clean(srcs[k]->v, strlen(srcs[k]->v), false);
        if (!t) continue;
        strip_site(t, &ss);
        if (t[0] == 0 || is_site(&ss, t, strlen(t))) {
            free(t);
            continue;
        }
        title = t;
    }
    /* the visible headline when a title source contains it: drops kickers and the
     * site's own words; the first <h1> when there is no title at all */
    const char *vis[KLPM_MAX_H1 + 1];
    int nv = 0;
    if (m.headline.v) vis[nv++] = m.headline.v;
    for (int k = 0; k < m.h1_count; k++)
        if (!m.h1_logo[k]) vis[nv++] = m.h1s[k];
    for (int k = 0; k < nv; k++) {
        const char *c = vis[k];
        size_t cl = strlen(c);
        if (cl < KLPM_MIN_H1_CHARS || is_site(&ss, c, cl)) continue;
        bool inside = false;
        for (size_t q = 0; q < NELEM(srcs); q++)
            if (srcs[q]->v && klph_ifind(srcs[q]->v, strlen(srcs[q]->v), c)) inside = true;
        /* the page's only headline <h1> names it, whatever the title tags say */
        int nonlogo = 0;
        for (int q = 0; q < m.h1_count; q++) nonlogo += !m.h1_logo[q];
        bool sole_h1 = m.h1.v && strcmp(c, m.h1.v) == 0 && nonlogo == 1 &&
                       count_words(c, cl) >= KLPM_SOLE_H1_WORDS;
        if (inside || !title || sole_h1) {
            char *t = klph_clean(c, cl, false);
            if (t) {
                free(title);
                title = t;
            }
            break;
        }
    }
    /* "Kicker: Headline" when a visible heading ends with the headline part */
    if (title) {
        for (size_t q = 0; q < NELEM(klpm_kicker_seps); q++) {
            const char *p = strstr(title, klpm_kicker_seps[q]);
            if (!p) continue;
            const char *rest = p + strlen(klpm_kicker_seps[q]);
            size_t rl = strlen(rest);
            if (rl < KLPM_MIN_HEADLINE_CHARS) continue;
            bool hit = false;
            for (int k = 0; k < nv && !hit; k++) {
                size_t cl = strlen(vis[k]);
                hit = cl >= rl && cl < strlen(title) && klph_ieq(vis[k] + cl - rl, rl, rest);
            }
            if (hit) {
                memmove(title, rest, rl + 1);
                break;
            }
        }
    }
    /* a generic word as the whole title ("blog", "Home") names no page */
    for (size_t q = 0; title && q < NELEM(klpm_generic_titles); q++)
        if (klph_ieq(title, strlen(title), klpm_generic_titles[q])) {
            free(title);
            title = NULL;
        }
    out->title = title;
    out->description = m.desc.v, m.desc.v = NULL;
    /* author: the first source that names a person rather than the site */
    for (int k = 0; k < A_TIERS && !out->author; k++) {
        char *a = m.author[k].v;
        if (!a || is_site(&ss, a, strlen(a))) continue;
        /* "Jane Doe, CNN": the site after the name goes */
        char *comma = strrchr(a, ',');
        if (comma && comma[1] == ' ' && is_site(&ss, comma + 2, strlen(comma + 2))) *comma = 0;
        out->author = a;
        m.author[k].v = NULL;
    }
    /* else a visible byline that names the site: a one-person blog, an office */
    for (size_t k = 0; k < NELEM(visible_tiers) && !out->author; k++) {
        char *a = m.author[visible_tiers[k]].v;
        if (!a || is_generic(a, strlen(a))) continue;
        out->author = a;
        m.author[visible_tiers[k]].v = NULL;
    }
    out->sitename = m.site.v, m.site.v = NULL;
    out->url = m.url.v, m.url.v = NULL;
    out->language = m.lang.v, m.lang.v = NULL;
    /* date: publication (JSON-LD, meta, <time>, URL, visible) before modification */
    klpi_date d;
    const char *u = out->url ? out->url : url_hint;
    /* order: JSON-LD and article:published_time, an explicit publication <time>, other
     * <time> elements, the URL, date-class elements and date lines, weaker meta names,
     * modification */
    if (!(m.pub.set && m.pub.rank <= KLPM_STRONG_DATE_RANK) &&
        !(m.visible.set && m.visible.rank <= KLPM_PUB_TIME_RANK))
        date_elements(h, &m);
    if (!m.pub.set && !m.visible.set && !(u && url_date(u, strlen(u), &d))) date_lines(h, &m);
    const dslot *pick = NULL;
    dslot in_url = {.set = false};
    if (u && url_date(u, strlen(u), &in_url.d)) {
        in_url.set = true;
        in_url.rank = KLPM_URL_DATE_RANK;
    }
    if (m.pub.set && m.pub.rank <= KLPM_STRONG_DATE_RANK) pick = &m.pub;
    else if (m.visible.set && m.visible.rank <= KLPM_PUB_TIME_RANK) pick = &m.visible;
    else if (m.visible.set && m.visible.rank < KLPM_URL_DATE_RANK) pick = &m.visible;
    else if (in_url.set) pick = &in_url;
    else if (m.visible.set) pick = &m.visible;
    else if (m.pub.set) pick = &m.pub;
    bool have = pick || m.mod.set;
    if (pick) {
        d = pick->d;
        /* a false Z: the same wall-clock time is given elsewhere with a real offset */
        if (pick == &m.pub && d.has_offset && d.offset_minutes == 0 && m.visible.set &&
            m.visible.d.has_offset && m.visible.d.offset_minutes != 0 &&
            m.visible.d.year == d.year && m.visible.d.month == d.month &&
            m.visible.d.day == d.day && m.visible.d.hour == d.hour &&
            m.visible.d.minute == d.minute)
            d = m.visible.d;
        /* a UTC instant on a page that writes its dates in a local zone: that zone */
        if (d.has_time && d.has_offset && d.offset_minutes == 0) {
            const dslot *zones[] = {&m.mod, &m.visible};
            for (size_t q = 0; q < NELEM(zones); q++)
                if (zones[q] != pick && zones[q]->set && zones[q]->d.has_offset &&
                    zones[q]->d.offset_minutes != 0) {
                    shift_zone(&d, zones[q]->d.offset_minutes);
                    break;
                }
        }
    } else if (m.mod.set) {
        d = m.mod.d;
    }
    if (have && d.has_time && d.has_offset && d.offset_minutes == 0) {
        /* a UTC instant a day off the URL's date: the URL names the local day */
        klpi_date prev = d, next = d;
        shift_zone(&prev, -KLPM_DAY_MINUTES);
        shift_zone(&next, KLPM_DAY_MINUTES);
        int uk = in_url.set ? day_key(&in_url.d) : 0;
        if (uk && (uk == day_key(&prev) || uk == day_key(&next)))
            d = in_url.d;
        /* local midnight of a European zone written in UTC ("2022-11-06T23:00:00Z") */
        else if (d.minute == 0 && d.second == 0 && (d.hour == 23 || d.hour == 22))
            shift_zone(&d, d.hour == 23 ? 60 : 120);
    }
    /* the date printed next to the headline decides when it is not the one picked and a
     * machine-readable date confirms it, the page marks it as a date, or the pick was weak */
    klpi_date near[KLPM_MAX_NEAR_DATES];
    bool marked = false;
    int nn = near_dates(h, &m, near, KLPM_MAX_NEAR_DATES, &marked);
    if (nn > 0) {
        bool in = false;
        for (int k = 0; k < nn && have; k++) in = in || day_key(&near[k]) == day_key(&d);
        bool strong = (pick == &m.pub && m.pub.rank <= KLPM_STRONG_DATE_RANK) ||
                      (pick == &m.visible && m.visible.rank <= KLPM_PUB_TIME_RANK);
        if (!in && (!have || !strong || marked || machine_day(&m, &near[0]) ||
                    (in_url.set && day_key(&in_url.d) == day_key(&near[0])))) {
            d = near[0];
            have = true;
        }
    }
    /* last resort: a date in the page's title ("08.11.2021 | Fachtag ...") or description */
    const char *tsrc[] = {m.title_tag.v, m.title.v, out->description};
    for (size_t q = 0; q < NELEM(tsrc) && !have; q++)
        have = tsrc[q] && klpi_date_find(tsrc[q], strlen(tsrc[q]), &d, NULL, NULL) &&
               d.year >= KLPM_MIN_YEAR;
    if (have) out->date = format_date(&d);
    free(m.title.v);
    free(m.ld_title.v);
    free(m.title_tag.v);
    free(m.h1.v);
    free(m.desc.v);
    free(m.site.v);
    free(m.url.v);
    free(m.lang.v);
    for (int k = 0; k < A_TIERS; k++) free(m.author[k].v);
    free(m.headline.v);
    for (int k = 0; k < m.h1_count; k++) free(m.h1s[k]);
    return 0;
}
