/* bare_parse.c - the yardstick of the HTML speed benchmark: parse each page with MyHTML
 * (single-threaded, one parser and tree reused, as kliping does) and walk the whole tree,
 * touching every text node. Nothing is extracted. usage: bare_parse FILE... */
#include <myhtml/api.h>
#include <stdio.h>
#include <stdlib.h>

static size_t walk(myhtml_tree_node_t *node)
{
    size_t bytes = 0;
    /* iterative pre-order walk: deep trees must not overflow the stack */
    while (node) {
        if (myhtml_node_tag_id(node) == MyHTML_TAG__TEXT) {
            size_t n = 0;
            myhtml_node_text(node, &n);
            bytes += n;
        }
        myhtml_tree_node_t *next = myhtml_node_child(node);
        if (!next) {
            while (node && !myhtml_node_next(node))
                node = myhtml_node_parent(node);
            next = node ? myhtml_node_next(node) : NULL;
        }
        node = next;
    }
    return bytes;
}

int main(int argc, char **argv)
{
    myhtml_t *myhtml = myhtml_create();
    myhtml_init(myhtml, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0);
    myhtml_tree_t *tree = myhtml_tree_create();
    myhtml_tree_init(tree, myhtml);
    size_t total = 0, text = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f)
            continue;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
            myhtml_parse(tree, MyENCODING_UTF_8, buf, (size_t)n);
            text += walk(myhtml_tree_get_document(tree));
            total += (size_t)n;
        }
        free(buf);
        fclose(f);
    }
    printf("%zu bytes parsed, %zu bytes of text\n", total, text);
    myhtml_tree_destroy(tree);
    myhtml_destroy(myhtml);
    return 0;
}
