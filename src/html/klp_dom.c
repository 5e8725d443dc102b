/* klp_dom.c - the only file that knows MyHTML: parses a page (single-threaded parser and
 * tree reused across pages) and copies the tree into the flat klpd_node arrays of
 * klp_dom.h (text and attribute strings point into the parser's tree until the next parse). */
#include "klp_dom.h"

#include <myencoding/encoding.h>
#include <myhtml/myhtml.h>
#include <myhtml/token.h>
#include <myhtml/tree.h>
#include <stdlib.h>
#include <string.h>

struct klpd_dom {
    myhtml_t *myhtml;
    myhtml_tree_t *tree;
    bool parsed;
    klpd_node *nodes;
    size_t n, cap;
    klpd_attr *attrs;
    size_t n_attrs, cap_attrs;
    myhtml_tree_node_t **mstack;
    size_t cap_mstack;
    uint16_t map[MyHTML_TAG_LAST_ENTRY];
};

klpd_dom *klpd_dom_new(void) {
    klpd_dom *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->myhtml = myhtml_create();
    if (!d->myhtml || myhtml_init(d->myhtml, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK) {
        if (d->myhtml) myhtml_destroy(d->myhtml);
        free(d);
        return NULL;
    }
    d->tree = myhtml_tree_create();
    if (!d->tree || myhtml_tree_init(d->tree, d->myhtml) != MyHTML_STATUS_OK) {
        if (d->tree) myhtml_tree_destroy(d->tree);
        myhtml_destroy(d->myhtml);
        free(d);
        return NULL;
    }
    d->map[MyHTML_TAG__TEXT] = KLPD_TEXT;
    d->map[MyHTML_TAG__COMMENT] = KLPD_COMMENT;
#define KLPD_MAP(n) d->map[MyHTML_TAG_##n] = KLPD_##n;
    KLPD_TAGS(KLPD_MAP)
#undef KLPD_MAP
    return d;
}

void klpd_dom_free(klpd_dom *d) {
    if (!d) return;
    if (d->tree) myhtml_tree_destroy(d->tree);
    if (d->myhtml) myhtml_destroy(d->myhtml);
    free(d->nodes);
    free(d->attrs);
    free(d->mstack);
    free(d);
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return true;
    size_t nc = *cap ? *cap : 256;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q) return false;
    *p = q;
    *cap = nc;
    return true;
}

/* The parser's nodes and attributes are read through their structs (myhtml/tree.h,
 * myhtml/token.h): the accessor functions only load these fields. */
static uint16_t map_tag(const klpd_dom *d, const myhtml_tree_node_t *mn) {
    myhtml_tag_id_t id = mn->tag_id;
    if (id >= MyHTML_TAG_LAST_ENTRY) return KLPD_OTHER;
    if (id != MyHTML_TAG__TEXT && id != MyHTML_TAG__COMMENT && mn->ns != MyHTML_NAMESPACE_HTML) {
        /* svg/math content: keep the root tags, everything inside is "other" */
        if (id == MyHTML_TAG_SVG) return KLPD_SVG;
        if (id == MyHTML_TAG_MATH) return KLPD_MATH;
        return KLPD_OTHER;
    }
    return d->map[id];
}

/* Appends node for mn under parent; returns its index or 0 on allocation failure. */
static uint32_t add_node(klpd_dom *d, const myhtml_tree_node_t *mn, uint32_t parent) {
    if (d->n >= d->cap &&
        (d->n >= UINT32_MAX - 1 || !grow((void **)&d->nodes, &d->cap, d->n + 1, sizeof *d->nodes)))
        return 0;
    uint32_t i = (uint32_t)d->n++;
    klpd_node *nd = &d->nodes[i];
    klpd_node *pn = &d->nodes[parent];
    nd->parent = parent;
    nd->first_child = nd->last_child = nd->next = KLPD_NONE;
    nd->end = 0;
    nd->attr = nd->n_attr = 0;
    nd->text = NULL;
    nd->text_len = 0;
    nd->tag = map_tag(d, mn);
    nd->depth = (uint16_t)(pn->depth < UINT16_MAX ? pn->depth + 1 : UINT16_MAX);
    const myhtml_token_node_t *tok = mn->token;
    if (nd->tag == KLPD_TEXT || nd->tag == KLPD_COMMENT) {
        size_t l = tok && tok->str.data ? tok->str.length : 0;
        if (l > UINT32_MAX) l = UINT32_MAX;
        nd->text = l ? tok->str.data : "";
        nd->text_len = (uint32_t)l;
    } else if (tok) {
        nd->attr = (uint32_t)d->n_attrs;
        for (const myhtml_tree_attr_t *a = tok->attr_first; a; a = a->next) {
            size_t kl = a->key.data ? a->key.length : 0;
            if (kl == 0 || kl > 64) continue;
            if (d->n_attrs >= d->cap_attrs &&
                !grow((void **)&d->attrs, &d->cap_attrs, d->n_attrs + 1, sizeof *d->attrs))
                return 0;
            klpd_attr *at = &d->attrs[d->n_attrs++];
            size_t vl = a->value.data ? a->value.length : 0;
            at->key = a->key.data;
            at->klen = (uint32_t)kl;
            at->val = vl ? a->value.data : "";
            at->vlen = (uint32_t)(vl < UINT32_MAX ? vl : 0);
            nd->n_attr++;
        }
    }
    if (pn->last_child) d->nodes[pn->last_child].next = i;
    else pn->first_child = i;
    pn->last_child = i;
    return i;
}

int klpd_dom_parse(klpd_dom *d, const char *bytes, size_t len, int encoding) {
    if (d->parsed) myhtml_tree_clean(d->tree);
    d->parsed = true;
    d->n = 0;
    d->n_attrs = 0;
    if (encoding < 0 || encoding >= MyENCODING_LAST_ENTRY) encoding = MyENCODING_UTF_8;
    if (myhtml_parse(d->tree, (myencoding_t)encoding, bytes, len) != MyHTML_STATUS_OK) return -1;
    if (!grow((void **)&d->nodes, &d->cap, 1, sizeof *d->nodes)) return -1;
    memset(&d->nodes[0], 0, sizeof d->nodes[0]);
    d->nodes[0].tag = KLPD_DOCUMENT;
    d->n = 1;
    myhtml_tree_node_t *root = myhtml_tree_get_document(d->tree);
    if (!root) {
        d->nodes[0].end = 1;
        return 0;
    }
    /* iterative pre-order walk; mstack holds the parser's nodes whose children are being
     * walked (their index here is `parent` and its ancestors) */
    myhtml_tree_node_t *mn = root->child;
    uint32_t parent = 0;
    size_t depth = 0;
    while (mn) {
        uint32_t i = add_node(d, mn, parent);
        if (!i) return -1;
        myhtml_tree_node_t *c = mn->child;
        if (c) {
            if (!grow((void **)&d->mstack, &d->cap_mstack, depth + 1, sizeof *d->mstack)) return -1;
            d->mstack[depth++] = mn;
            parent = i;
            mn = c;
            continue;
        }
        d->nodes[i].end = i + 1;
        /* climb until a next sibling exists */
        while (!mn->next) {
            if (depth == 0) {
                mn = NULL;
                break;
            }
            mn = d->mstack[--depth];
            d->nodes[parent].end = (uint32_t)d->n;
            parent = d->nodes[parent].parent;
        }
        if (mn) mn = mn->next;
    }
    /* close whatever is still open (parent chain up to the document) */
    for (uint32_t p = parent;; p = d->nodes[p].parent) {
        d->nodes[p].end = (uint32_t)d->n;
        if (p == 0) break;
    }
    return 0;
}

int klpd_encoding_by_name(const char *name, size_t len) {
    myencoding_t e;
    if (!name || !myencoding_by_name(name, len, &e)) return -1;
    return (int)e;
}

int klpd_encoding_utf8(void) { return MyENCODING_UTF_8; }

int klpd_encoding_bom(const char *bytes, size_t len, size_t *bom_len) {
    myencoding_t e;
    const char *nt = bytes;
    size_t ns = len;
    *bom_len = 0;
    if (!myencoding_detect_and_cut_bom(bytes, len, &e, &nt, &ns)) return -1;
    *bom_len = len - ns;
    return (int)e;
}

int klpd_encoding_guess(const char *bytes, size_t len) {
    myencoding_t e;
    /* myencoding_detect() reads out of bounds on inputs shorter than its trigrams */
    if (len < 16) return -1;
    if (!myencoding_detect(bytes, len, &e)) return -1;
    if (e == MyENCODING_NOT_DETERMINED) return -1;
    return (int)e;
}

size_t klpd_dom_count(const klpd_dom *d) { return d->n; }
const klpd_node *klpd_dom_nodes(const klpd_dom *d) { return d->nodes; }
const klpd_attr *klpd_dom_attrs(const klpd_dom *d) { return d->attrs; }

const char *klpd_attr_get(const klpd_dom *d, uint32_t i, const char *name, size_t *vlen) {
    const klpd_node *nd = &d->nodes[i];
    size_t nl = strlen(name);
    for (uint32_t k = 0; k < nd->n_attr; k++) {
        const klpd_attr *a = &d->attrs[nd->attr + k];
        if (a->klen == nl && memcmp(a->key, name, nl) == 0) {
            if (vlen) *vlen = a->vlen;
            return a->val;
        }
    }
    return NULL;
}
