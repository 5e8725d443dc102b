/* klp_rules.h - named thresholds and word lists of the HTML extractor (boilerplate class
 * and id words, tag roles, scoring weights). Data only: static const tables. */
#ifndef KLP_RULES_H
#define KLP_RULES_H

#include <stddef.h>

/* ---- class / id words ---------------------------------------------------------------- */
/* Class and id values are split into lower-case words at every non-alphanumeric byte and
 * at camelCase humps ("socialShareBar" -> social share bar). A "token" list entry must
 * equal a word; a "substr" entry may occur inside a word. */

/* Boilerplate whatever else the class says (ads, sharing, related, comments...). */
static const char *const klpr_strong_substr[] = {
    "share",     "sharing",   "social",    "related",   "newsletter", "cookie",
    "consent",   "gdpr",      "breadcrumb", "subscri",  "promo",      "sponsor",
    "advert",    "disqus",    "outbrain",  "taboola",   "recommend",  "popular",
    "trending",  "signup",    "modal",     "popup",      "pagination",
    "pager",     "sidebar",   "toolbar",   "byline",     "footer",
    "menu",      "navbar",    "navigation", "skiplink", "jumplink",   "banner",
    "masthead",  "dateline",  "timestamp", "copyright", "newsticker", "teaserlist",
    "adslot",    "adunit",    "adwrap",    "dfp",       "printonly",  "noprint",
};
static const char *const klpr_strong_token[] = {
    "ad",     "ads",     "adv",    "nav",    "tags",   "tag",     "tagcloud", "print",  "follow", "rating",  "ratings", "login",    "author",
    "bio",     "next",   "prev",   "previous", "login", "share",    "feedback",
    "shop",   "sticky",  "overlay", "ticker", "donate", "donation", "subnav",  "topics",
};
/* Embedded posts (tweets, videos...) that are part of the story even inside "social"
 * containers. */
static const char *const klpr_embed_substr[] = {"tweet", "embed", "instagrammedia", "tiktok"};
/* The article's lede / standfirst: a sibling of the chosen container holding one of these
 * is part of the article. */
static const char *const klpr_lede_token[] = {"lead", "lede", "dek", "deck", "intro",
                                              "summary", "abstract", "chapo"};
static const char *const klpr_lede_substr[] = {"vorspann", "standfirst", "excerpt",
                                               "entradilla", "bajada", "sumario", "sottotitolo",
                                               "articleintro", "articlelead", "subtitle",
                                               "teaser", "herotext", "subheadline", "epigraph"};
/* Words of the comment section (kept when opts->comments). */
static const char *const klpr_comment_substr[] = {"comment", "replies", "respond", "discussion"};
/* Boilerplate unless a positive word is present too. */
static const char *const klpr_weak_substr[] = {
    "header", "extra", "aside", "caption", "legend", "credit", "contact", "community",
    "remark", "complementary", "links",
};
static const char *const klpr_weak_token[] = {"meta", "info", "date", "rss", "foot", "top"};
/* Words of main content containers. */
static const char *const klpr_positive_substr[] = {
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "column",
    "prose", "richtext", "news", "detail", "recipe", "ingredient",
};
/* Class names with these prefixes are taxonomy markers (WordPress "tag-foo",
 * "category-bar"...), not layout: ignored. */
static const char *const klpr_ignored_class_prefixes[] = {
    "tag-", "category-", "postid-", "format-", "status-", "type-", "author-", "page-id-",
    "cat-", "topic-", "term-", "has-"};
/* Hidden by class (visually hidden / screen-reader only): whole class names. */
static const char *const klpr_hidden_class[] = {
    "hidden", "hide", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
    "screen-reader-only", "invisible", "is-hidden", "element-invisible", "offscreen",
    "u-hidden", "hidden-print", "sr-text", "a11y-hidden", "assistive-text"};

/* ARIA roles of boilerplate. */
static const char *const klpr_bad_roles[] = {
    "navigation", "menu", "menubar", "complementary", "banner", "contentinfo", "alert",
    "alertdialog", "dialog", "search", "toolbar", "tablist", "form", "note",
};

/* ---- scoring (Readability-style candidate scoring) ------------------------------------ */
#define KLPR_MIN_BLOCK_CHARS 25      /* blocks shorter than this add no score */
#define KLPR_CHARS_PER_POINT 100     /* one point per this many characters ... */
#define KLPR_MAX_LENGTH_POINTS 5     /* ... up to this many */
#define KLPR_CLASS_WEIGHT 25         /* class/id positive or negative */
#define KLPR_ANCESTOR_LEVELS 5       /* score propagated to this many ancestors */
#define KLPR_ALT_CANDIDATE_RATIO 0.75 /* alternatives near the top candidate */
#define KLPR_ALT_CANDIDATES_NEEDED 3
#define KLPR_TOP_CANDIDATES 5
#define KLPR_SIBLING_RATIO 0.2       /* sibling threshold = max(10, top * ratio) */
#define KLPR_SIBLING_MIN 10.0
/* Prose mass: blocks of KLPR_PROSE_MIN_CHARS+ with under KLPR_PROSE_MAX_LINKS of link text.
 * A chosen container with less than MIN_SHARE of the page's prose is widened to the
 * nearest ancestor with TARGET_SHARE. */
#define KLPR_PROSE_MIN_CHARS 80
#define KLPR_PROSE_MAX_LINKS 0.25
#define KLPR_PROSE_MIN_SHARE 0.3
#define KLPR_PROSE_TARGET_SHARE 0.6
#define KLPR_SIBLING_P_LONG 80       /* p siblings longer than this with low links */
#define KLPR_SIBLING_P_LINKS 0.25
#define KLPR_LEDE_LEVELS 8           /* a lede is looked for this many levels above the article */
#define KLPR_LEDE_MIN_CHARS 40       /* ... and has this many characters */

/* ---- cleaning inside the article ------------------------------------------------------ */
#define KLPR_CLEAN_MAX_COMMAS 10     /* containers with this many commas are kept */
#define KLPR_CLEAN_LINK_DENSITY 0.33 /* for containers without positive class */
#define KLPR_CLEAN_LINK_DENSITY_POS 0.5
#define KLPR_CLEAN_MIN_CHARS 25
#define KLPR_CLEAN_FORM_CHARS 500   /* containers with inputs are forms below this length */
#define KLPR_CLEAN_KEEP_SHARE 0.5   /* never cleaned: nodes with this share of the article */
#define KLPR_BLOCK_LINK_DENSITY 0.5  /* short link-dense paragraphs are dropped */
#define KLPR_BLOCK_LINK_SHORT 200
/* Short text blocks of the article are checked against the boilerplate lexicon
 * (data/boilerplate.tsv, klp_lexicon.h). */
#define KLPR_LEX_MAX_BYTES 240       /* longer blocks are not checked */
#define KLPR_LEX_PREFIX_WORDS 8      /* "prefix" phrases mark blocks up to this many words */
#define KLPR_LEX_PREFIX_LINKED_WORDS 30 /* ... or this many when mostly a link */
#define KLPR_LEX_CONTAINS_MIN_WORDS 3
#define KLPR_LEX_CONTAINS_MAX_WORDS 60
#define KLPR_LEX_END_MIN_CHARS 400
#define KLPR_DATE_LINE_WORDS 3      /* a block that is a date with this many other words goes */   /* an end marker stops the article after this much text */
#define KLPR_RELATED_LINK_DENSITY 0.5 /* the block after a "Related" header is dropped if linked */
/* Edges of the article (jusText-like): leading and trailing leaf blocks are dropped while
 * they look like boilerplate: linked, or short without a sentence end or stop words. */
#define KLPR_EDGE_ALL_LINK_DENSITY 0.6 /* any block this linked */
#define KLPR_EDGE_LINK_DENSITY 0.3     /* blocks under KLPR_EDGE_LINKED_WORDS words this linked */
#define KLPR_EDGE_LINKED_WORDS 15
#define KLPR_EDGE_SHORT_WORDS 8
#define KLPR_EDGE_CJK_CHARS 40       /* text without spaces: this many characters is long */
#define KLPR_EDGE_STOPWORD_RATIO 0.3 /* short blocks with this share of stop words stay */
#define KLPR_EDGE_MAX_SHARE 0.5      /* never trim more than this share of the text */
#define KLPR_MIN_ARTICLE_CHARS 250
#define KLPR_RETRY_GAIN 2           /* a retry's text must be this many times longer */   /* below this, retry with lighter pruning */
#define KLPR_PRUNE_MAX_SHARE 0.5     /* class/tag pruning spares nodes with more of the page */
#define KLPR_PRUNE_POS_SHARE 0.3     /* ... and positive-class nodes with this share */

#endif

/* ---- paragraph phrases ---------------------------------------------------------------- */
/* Supplements the shared lexicon for HTML blocks (matched on the lower-cased block text).
 * A short block starting with one of these is a cross-reference ("Read also: ..."). */
static const char *const klpr_xref_prefixes[] = {
    "lea también", "lea más", "lea:", "lee más", "vea también", "ver también", "lea además",
    "leia também", "leia mais", "auch lesen", "lesen sie auch", "lesen sie mehr",
    "lesen sie hier", "das könnte dich", "das könnte sie", "das thema könnte", "auch interessant",
    "ebenfalls interessant", "mehr zum thema", "weitere artikel", "ähnliche beiträge",
    "siehe auch", "voir aussi", "à lire aussi", "a lire aussi", "lire aussi", "à lire",
    "leggi anche", "leggi pure", "czytaj także", "czytaj też", "zobacz też", "zobacz także",
    "lees ook", "läs också", "les også", "læs også", "read also", "also read", "see also",
    "read more:", "related:", "more:", "watch:", "also on", "jetzt teilen", "artikel teilen",
    "beitrag teilen", "war der artikel", "war dieser artikel", "hat ihnen der artikel",
    "was this article helpful", "share this article", "diesen artikel teilen", "compartir",
    "partager", "condividi", "udostępnij"};
#define KLPR_XREF_MAX_WORDS 30
/* Whole blocks that are boilerplate (in addition to the lexicon's lines). */
static const char *const klpr_boiler_lines[] = {"advert", "adverts", "advertentie", "reklame",
                                                "sponsored link", "sponsored links",
                                                "empfohlener redaktioneller inhalt",
                                                "empfohlener externer inhalt"};
/* A block containing one of these and at most KLPR_PAYWALL_MAX_WORDS words is a
 * subscription / paywall / app promotion or an affiliate disclaimer. */
static const char *const klpr_paywall_contains[] = {
    "subscribe now", "full story", "to continue reading", "continue reading with",
    "lire la suite", "abonnez-vous", "suscríbete", "hazte miembro", "jetzt abonnieren",
    "weiterlesen mit", "exklusiv für abonnenten", "already a subscriber", "become a subscriber",
    "download our app", "download the app", "canal de telegram", "canal de youtube",
    "our whatsapp", "unser newsletter", "newsletter abonnieren", "ios and android",
    "ios und android", "on twitter and instagram", "on facebook and twitter",
    "auf facebook und", "bei facebook und", "affiliate links", "affiliate-links",
    "product advertising api"};
/* Blog post footers ("This entry was posted in ...") and editorial notes. */
static const char *const klpr_postmeta_prefixes[] = {
    "this entry was posted", "this post was posted", "this entry was filed",
    "dieser eintrag wurde", "dieser beitrag wurde", "der beitrag wurde am",
    "bei diesem beitrag handelt es sich", "dieser beitrag gibt die meinung",
    "cet article a été publié", "esta entrada fue publicada", "questo articolo è stato pubblicato"};
#define KLPR_POSTMETA_MAX_WORDS 60
#define KLPR_CAPTION_MAX_WORDS 30    /* a short block with a copyright sign is a caption */
/* A short block starting with one of these is a picture caption or credit. */
static const char *const klpr_caption_prefixes[] = {
    "beitragsbild:", "titelbild:", "titelfoto:", "bildquelle:", "bildnachweis:",
    "fotonachweis:", "featured image:", "header image:", "imagen de portada:"};
/* ... and so is one starting with one of these words, a number and a colon ("Abb. 3:"). */
static const char *const klpr_figure_words[] = {"abbildung", "abb.", "figure", "fig.", "grafik",
                                                "rycina", "ilustración"};
#define KLPR_CAPTION_MAX_CHARS 600   /* caption-class elements longer than this are no caption */
#define KLPR_PAYWALL_MAX_WORDS 40
/* Photo agencies: a short block naming one is a picture credit. */
static const char *const klpr_agency_words[] = {
    "getty", "afp", "dpa", "reuters", "ap", "apa", "epa", "imago", "wenn.com", "istock",
    "shutterstock", "keystone", "ansa", "efe", "picture-alliance", "picture alliance", "xinhua",
    "pa", "zuma", "sipa", "alamy", "unsplash", "pixabay", "bildagentur"};
#define KLPR_CREDIT_MAX_WORDS 6

/* ---- tag roles --------------------------------------------------------------------- */
#include "klp_dom.h"

/* Never content: the subtree is skipped. */
static const unsigned short klpr_drop_tags[] = {
    KLPD_HEAD,   KLPD_TITLE,    KLPD_META,     KLPD_LINK,   KLPD_BASE,     KLPD_SCRIPT,
    KLPD_STYLE,  KLPD_TEMPLATE, KLPD_SVG,    KLPD_MATH,     KLPD_IFRAME,
    KLPD_OBJECT, KLPD_EMBED,    KLPD_CANVAS,   KLPD_VIDEO,  KLPD_AUDIO,    KLPD_SOURCE,
    KLPD_IMG,    KLPD_BUTTON,   KLPD_INPUT,    KLPD_SELECT, KLPD_TEXTAREA, KLPD_OPTION,
    KLPD_NOFRAMES, KLPD_FRAMESET, KLPD_FRAME,  KLPD_DIALOG, KLPD_DATALIST, KLPD_MAP,
    KLPD_AREA,   KLPD_TRACK,    KLPD_PARAM,    KLPD_COMMENT, KLPD_APPLET,  KLPD_PROGRESS,
    KLPD_METER,  KLPD_OUTPUT,   KLPD_RP,     KLPD_RT,
};
/* Boilerplate by tag (page furniture). */
static const unsigned short klpr_boiler_tags[] = {KLPD_NAV, KLPD_ASIDE, KLPD_FOOTER,
                                                  KLPD_HEADER, KLPD_MENU};
/* Blocks: a paragraph break before and after. */
static const unsigned short klpr_block_tags[] = {
    KLPD_HTML,   KLPD_BODY,   KLPD_P,       KLPD_DIV,     KLPD_SECTION, KLPD_ARTICLE,
    KLPD_MAIN,   KLPD_HEADER, KLPD_FOOTER,  KLPD_NAV,     KLPD_ASIDE,   KLPD_FORM,
    KLPD_H1,     KLPD_H2,     KLPD_H3,      KLPD_H4,      KLPD_H5,      KLPD_H6,
    KLPD_UL,     KLPD_OL,     KLPD_DL,      KLPD_TABLE,   KLPD_THEAD,   KLPD_TBODY,
    KLPD_TFOOT,  KLPD_CAPTION, KLPD_BLOCKQUOTE, KLPD_PRE, KLPD_HR,      KLPD_ADDRESS,
    KLPD_CENTER, KLPD_DETAILS, KLPD_SUMMARY, KLPD_FIGURE, KLPD_FIGCAPTION, KLPD_HGROUP,
    KLPD_FIELDSET, KLPD_LEGEND, KLPD_MENU,  KLPD_XMP,     KLPD_LISTING, KLPD_PLAINTEXT,
    KLPD_LI,     KLPD_DT,     KLPD_DD,      KLPD_TR,      KLPD_TD,      KLPD_TH,
};
/* Blocks separated by a single line break instead of a blank line. */
static const unsigned short klpr_line_tags[] = {KLPD_LI, KLPD_DT, KLPD_DD, KLPD_TR};
/* Table cells: separated by a space. */
static const unsigned short klpr_cell_tags[] = {KLPD_TD, KLPD_TH};
/* Blocks whose own text scores the container (Readability's paragraphs). */
static const unsigned short klpr_score_tags[] = {KLPD_P,       KLPD_PRE,  KLPD_TD,
                                                 KLPD_DIV,     KLPD_SECTION, KLPD_ARTICLE,
                                                 KLPD_MAIN,    KLPD_BLOCKQUOTE, KLPD_CENTER,
                                                 KLPD_FONT,    KLPD_DD,   KLPD_OTHER};
/* Initial candidate score by tag. */
typedef struct klpr_tag_weight {
    unsigned short tag;
    signed char weight;
} klpr_tag_weight;
static const klpr_tag_weight klpr_tag_weights[] = {
    {KLPD_DIV, 5},     {KLPD_ARTICLE, 5}, {KLPD_MAIN, 5},  {KLPD_SECTION, 3}, {KLPD_PRE, 3},
    {KLPD_TD, 3},      {KLPD_BLOCKQUOTE, 3}, {KLPD_ADDRESS, -3}, {KLPD_OL, -3}, {KLPD_UL, -3},
    {KLPD_DL, -3},     {KLPD_DD, -3},     {KLPD_DT, -3},   {KLPD_LI, -3},     {KLPD_FORM, -3},
    {KLPD_H1, -5},     {KLPD_H2, -5},     {KLPD_H3, -5},   {KLPD_H4, -5},     {KLPD_H5, -5},
    {KLPD_H6, -5},     {KLPD_TH, -5},
};
/* itemprop values of the article body. */
static const char *const klpr_body_itemprops[] = {"articlebody", "reviewbody",
                                                  "recipeinstructions"};
/* Caption classes outside <figure> (WordPress "wp-caption-text"...): sent to images[]. */
static const char *const klpr_caption_substr[] = {"caption", "bildunterschrift", "legende",
                                                  "imagetext", "phototext"};
/* Figure credit classes (sent to images[].credit). */
static const char *const klpr_credit_substr[] = {"credit", "copyright", "photographer",
                                                 "source", "author", "byline"};
