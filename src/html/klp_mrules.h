/* klp_mrules.h - named data of the metadata extractor: which <meta> names/properties carry
 * which field, byline prefixes, title separators. Included by klp_meta.c only. */
#ifndef KLP_MRULES_H
#define KLP_MRULES_H

/* Candidate ranks: lower is better. */
typedef struct klpm_key {
    const char *key; /* meta name / property / itemprop, lower-case */
    int rank;
} klpm_key;

static const klpm_key klpm_title_keys[] = {
    {"og:title", 0}, {"twitter:title", 2}, {"dc.title", 3}, {"dcterms.title", 3},
    {"headline", 1}, {"sailthru.title", 4}, {"parsely-title", 4}, {"title", 5},
};
static const klpm_key klpm_desc_keys[] = {
    {"og:description", 0}, {"description", 1}, {"twitter:description", 2},
    {"dc.description", 3}, {"dcterms.description", 3},
};
static const klpm_key klpm_author_keys[] = {
    {"author", 1},         {"article:author", 0},  {"dc.creator", 2},    {"dcterms.creator", 2},
    {"parsely-author", 1}, {"sailthru.author", 1}, {"byl", 2},           {"citation_author", 2},
    {"article:author_name", 0}, {"author_name", 1}, {"creator", 3},      {"dc.creator.name", 2},
};
static const klpm_key klpm_date_keys[] = {
    {"article:published_time", 0}, {"datepublished", 0},    {"og:published_time", 1},
    {"article:published", 1},      {"published_time", 1},   {"publication_date", 1},
    {"publish-date", 1},           {"publish_date", 1},     {"pubdate", 1},
    {"parsely-pub-date", 1},       {"sailthru.date", 2},    {"dc.date.issued", 1},
    {"dcterms.issued", 1},         {"dc.date", 2},          {"dcterms.date", 2},
    {"dc.date.created", 2},        {"dcterms.created", 2},  {"date", 3},
    {"citation_publication_date", 1}, {"citation_date", 2}, {"article.published", 1},
    {"article_date_original", 1},  {"og:article:published_time", 0}, {"datecreated", 2},
    {"originalpublicationdate", 1}, {"cxenseparse:recs:publishtime", 2}, {"date_published", 1},
    {"release_date", 2},           {"displaydate", 2},      {"article:post_date", 1},
    {"publishdate", 1},            {"published", 2},        {"created", 3},
};
static const klpm_key klpm_modified_keys[] = {
    {"article:modified_time", 0}, {"datemodified", 0}, {"og:updated_time", 1},
    {"last-modified", 2},         {"lastmod", 2},      {"dc.date.modified", 1},
    {"dcterms.modified", 1},      {"article:modified", 1}, {"modified", 2},
};
static const klpm_key klpm_site_keys[] = {
    {"og:site_name", 0}, {"application-name", 3}, {"publisher", 4}, {"dc.publisher", 3},
    {"twitter:app:name:iphone", 5},
};
static const klpm_key klpm_url_keys[] = {{"og:url", 1}, {"twitter:url", 2}};
static const klpm_key klpm_lang_keys[] = {{"content-language", 1}, {"language", 2},
                                          {"dc.language", 2}, {"og:locale", 3}};

/* JSON-LD types whose fields describe the page's article (checked as substrings). */
static const char *const klpm_article_types[] = {"article", "posting", "report", "review",
                                                 "recipe", "story", "newsarticle", "blog"};
/* Byline prefixes stripped from author names (lower-case, followed by a space). */
static const char *const klpm_byline_prefixes[] = {
    "view all posts by", "zeige alle beiträge von", "artikel von", "ein beitrag von", "alle beiträge von", "alle artikel von",
    "voir tous les articles de", "ver todas las entradas de", "written by", "posted by",
    "geschrieben von", "verfasst von", "text von", "ein text von", "gespeichert von", "publié par", "publicado por", "escrito por",
    "autor:", "author:", "autorin:", "text:", "von:", "by:", "par:", "por:", "by", "von", "par",
    "eingestellt von", "erstellt von", "vom", "por", "di", "door", "av", "af", "przez", "autor",
    "autorin", "author", "mehr von", "more from"};
/* Byline words too common to mark a text line as a byline on their own. */
static const char *const klpm_weak_byline_prefixes[] = {"vom", "di", "av", "af", "par", "por",
                                                        "door", "author", "autor", "mehr von",
                                                        "more from"};
/* Ancestors whose author names are not the page's (comments, sidebars, forms). */
static const char *const klpm_author_skip_classes[] = {"comment", "sidebar", "widget", "related",
                                                       "footer", "respond", "reply"};
/* An author line ends where one of these starts (dates, separators, photo credits). */
static const char *const klpm_author_cuts[] = {
    " | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", "\xc2\xb7", " Updated", " updated",
    " Published", " published", ",  ", " \xe2\x86\x92", " sagt:", " says:", " am ", " on ",
    " Illustration", " Foto", " Photo", " Bild", " ("};
/* Paths of author pages: a link there names the author. */
static const char *const klpm_author_paths[] = {"/author/", "/authors/", "/autor/", "/autoren/",
                                                "/autorin/", "/staff/", "/writers/", "/writer/",
                                                "/journalist/", "/journalisten/", "/redaktion/",
                                                "/auteur/", "/auteurs/", "/autores/"};
#define KLPM_LABEL_AUTHOR_RANK 4 /* twitter:dataN labelled "Written by": after the author metas */
#define KLPM_MAX_NAME_WORDS 5
/* Class words of byline / author elements. */
/* (class-name words; matched with separators removed: "entry-title" is "entrytitle") */
static const char *const klpm_author_classes[] = {"byline", "author", "writer", "autor",
                                                  "auteur", "reporter"};
/* Class words of elements holding a visible publication date. */
static const char *const klpm_date_classes[] = {
    "date", "time", "published", "dateline", "byline", "meta", "datum", "fecha", "authored",
    "submitted", "posted", "created", "pubdate", "zeit", "data", "info"};
#define KLPM_DATE_LINE_BYTES 80   /* last resort: short text lines that are dates */
#define KLPM_DATE_LINE_WORDS 3    /* ... with at most this many other words */
/* Title separators between headline and site name. */
static const char *const klpm_title_seps[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " » ",
                                              " // ", " ~ ", " : "};
/* Author values that are no names. */
/* (equal to the value, or a prefix of it when 5+ letters long) */
static const char *const klpm_bad_authors[] = {
    "admin", "administrator", "wordpressadmin", "staff", "editor", "guest", "unknown",
    "anonymous", "publiziert", "veröffentlicht", "published", "posted", "updated",
    "aktualisiert", "comments", "kommentare", "share", "teilen", "follow", "folgen", "text",
    "foto", "photo", "bild", "fotos", "photos", "video", "quelle", "source"};
#define KLPM_MAX_AUTHOR_CHARS 120
#define KLPM_MAX_AUTHORS 6
/* Weekday abbreviations that precede a date in bylines ("Jane Doe Fr, 12.03.2021"). */
static const char *const klpm_weekday_abbr[] = {
    "mo", "di", "mi", "do", "fr", "sa", "so", "mo.", "di.", "mi.", "do.", "fr.", "sa.", "so.",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "lun", "mar", "mer", "jeu", "ven", "sam",
    "dim"};
#define KLPM_AUTHOR_LABEL_WORDS 3 /* "Text und Interview: X": label words before a colon */
#define KLPM_MAX_BYLINE_WORDS 7
#define KLPM_BYLINE_MAX_NODES 12 /* a text byline element is this small */ /* a byline element with more words is a bio box */
#define KLPM_MAX_TITLE_BYTES 600
#define KLPM_JSON_MAX_DEPTH 12
/* The JSON-LD keys read (ld_walk, ld_persons, ld_authors in klp_meta.c): the values of all
 * other keys are left out before parsing (ld_trim). */
static const char *const klpm_ld_keys[] = {
    "@type",    "@id",           "@graph",      "mainEntity",   "name",
    "headline", "datePublished", "dateCreated", "dateModified", "author",
    "creator",  "description",   "publisher"};
#define KLPM_LD_TRIM_DEPTH 64 /* deeper JSON-LD is parsed as it is */
#define KLPM_MAX_PERSONS 8
#define KLPM_MAX_DATE_ELEMS 32      /* date-class elements kept for a late look */
#define KLPM_DATE_ELEM_MAX_NODES 30 /* ... when this small */
#define KLPM_DATE_ELEM_MAX_BYTES 200
#define KLPM_STRONG_DATE_RANK 10 /* JSON-LD, article:published_time & co. */
#define KLPM_PUB_TIME_RANK 21    /* <time pubdate> / itemprop=datePublished */
#define KLPM_URL_DATE_RANK 25    /* a full date in the URL: after <time>, before date classes */
#define KLPM_MIN_YEAR 1990 /* JSON-LD Person nodes resolved by @id */
#define KLPM_MAX_SEEN_DATES 8    /* dates remembered per source, to confirm visible ones */
#define KLPM_DATE_ELEM_RANK 26   /* date-class elements; lower ranks are machine-readable */
#define KLPM_NEAR_AFTER_NODES 40 /* a date this many nodes after the <h1> is the headline's */
#define KLPM_NEAR_BEFORE_NODES 30 /* ... or this many before it (kicker, breadcrumb) */
#define KLPM_MAX_NEAR_DATES 16
#define KLPM_SHORT_DATE_LINE_BYTES 24 /* a text line "31.10.23 12:44" */
#define KLPM_DAY_MINUTES 1440
#define KLPM_MAX_H1 8        /* <h1> elements considered as headline */
#define KLPM_MIN_H1_CHARS 4
#define KLPM_SOLE_H1_WORDS 2 /* the page's only <h1> with this many words is its title */
#define KLPM_MAX_SITES 6     /* site names gathered to clean titles */
#define KLPM_MAX_SEGMENTS 12 /* title segments between separators */
#define KLPM_SITE_MAX_WORDS 4 /* an unknown site name is this short */
/* Title segments that name no page: dropped like a site name. */
static const char *const klpm_generic_titles[] = {"blog archive", "blog archiv", "blog", "home",
                                                  "startseite", "homepage", "news", "forum",
                                                  "accueil", "inicio", "index"};
/* Separators between a kicker and the headline in titles. */
static const char *const klpm_kicker_seps[] = {": ", " - ", " \xe2\x80\x93 "};
#define KLPM_MIN_HEADLINE_CHARS 10
/* Classes of the logo / site title (a heading that names the site, not the page). */
static const char *const klpm_logo_classes[] = {"logo", "sitetitle", "sitename", "brand",
                                                "blogtitle", "sitebranding", "masthead",
                                                "headertitle"};
/* Classes of the article's headline element (h2/h3 in many blog themes). */
static const char *const klpm_headline_classes[] = {"entrytitle", "posttitle", "articletitle",
                                                    "headline", "pagetitle", "storytitle"};
/* <time> classes telling publication from modification. */
static const char *const klpm_pubtime_classes[] = {"publish", "posted", "created"};
static const char *const klpm_modtime_classes[] = {"modif", "update"};

#endif
