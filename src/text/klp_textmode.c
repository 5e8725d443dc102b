/* klp_textmode.c - cleans a crawler's plain-text dump of a page: finds the article body as
 * the densest run of sentence-like lines, drops the boilerplate inside it (lexicon, related
 * headline lists, captions, duplicates), and moves the date line, title, description,
 * byline, captions, credits and news dateline into metadata. */
#include "klp_textmode.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL /* XXH3 inlined, with the vector code of the target */
#include <xxhash.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#ifdef KLP_TEXT_DEBUG
#include <stdio.h>
#endif
#include "klp_buf.h"
#include "klp_date.h"
#include "klp_hash.h"
#include "klp_lexicon.h"
#include "klp_stopwords.h"
#include "klp_utf8.h"

/* ---- named thresholds ------------------------------------------------------------------ */

/* Words a line needs before its value turns positive (the per-line cost in the search). */
static const double LINE_COST = 10.0;
/* Value multiplier of a line that does not end like a sentence. */
static const double NO_PUNCT_FACTOR = 0.6;
/* Lines of at least this many words with a stop-word share below LOW_STOPWORDS are lists,
 * names or menus rather than prose. */
static const int STOPWORD_MIN_WORDS = 6;
static const double LOW_STOPWORDS = 0.08;
static const double LOW_STOPWORD_FACTOR = 0.3;
/* Value of a line the lexicon calls boilerplate, and of metadata lines (date, byline...). */
static const double BOILER_VALUE = -25.0;
static const double META_VALUE = -6.0;
/* A "Read more" header: its list is dropped from the body anyway, so an article that goes on
 * after the list is not cut there. The headlines of the list cost RELATED_ITEM_VALUE. */
static const double RELATED_VALUE = -12.0;
static const double RELATED_ITEM_VALUE = -4.0;
/* Extra cost of a short line that is printed more than once in the page. */
static const double DUP_PENALTY = 10.0;
static const int DUP_SHORT_WORDS = 15;
/* Value multiplier of a line holding a URL or an e-mail address (contact boxes, file
 * lists). */
static const double URL_FACTOR = 0.5;
/* A comment header: a line of at most this many words ending with "says:" and the like. */
static const int COMMENT_HEAD_MAX_WORDS = 5;
/* A comment/related section header ends the article when the run before it has at least
 * this value, and the article before it is kept when it has at least this share of the
 * best run of the page. */
static const double END_MIN_BEFORE = 30.0;
static const double END_KEEP_SHARE = 0.35;
/* "prefix" phrases ("Share on", "Back to") only mark lines up to this many words. */
static const int PREFIX_MAX_WORDS = 8;
/* A short line that starts with a "Read more" header phrase is such a header. */
static const int RELATED_PREFIX_MAX_WORDS = 5;
/* The run grows over neighbouring sentences: at most this many lines at each edge, each
 * ending like a sentence with at least EDGE_MIN_WORDS words. */
static const int EDGE_MAX_LINES = 2;
static const int EDGE_MIN_WORDS = 5;
/* Lines classified before and after the best run, and how many times the window may move. */
static const size_t CLASSIFY_BEFORE = 24;
static const size_t CLASSIFY_AFTER = 8;
static const int CLASSIFY_ROUNDS = 4;
/* Longest line (bytes) checked against the lexicon, for dates and for bylines. */
static const size_t KEY_MAX = 240;
/* Lines up to this many bytes are looked up as whole phrases and prefixes. */
static const size_t SHORT_KEY_MAX = 120;
static const int DATE_LINE_MAX_WORDS = 18;
static const int DATE_LINE_OTHER_WORDS = 6;
/* "contains" phrases (cookie, newsletter...) only mark lines up to this many words. */
static const int CONTAINS_MAX_WORDS = 60;
static const int CONTAINS_MIN_WORDS = 3;
/* Headlines after a "Read more"/"Baca Juga" header: at most this many are dropped, and a
 * line ending like a sentence with at least PROSE_MIN_WORDS words ends the list. */
static const int RELATED_MAX_LINES = 8;
static const int PROSE_MIN_WORDS = 12;
/* A line that starts another, longer line and has at least this many bytes is a
 * truncated copy of it (teasers, captions cut by the dump). */
static const size_t TRUNC_MIN_BYTES = 24;
/* ... or that starts it after at most this many bytes (a dateline before the copy). */
static const size_t TRUNC_DATELINE_BYTES = 80;
/* Title and description shapes. */
static const int TITLE_MIN_WORDS = 2;
static const int TITLE_MAX_WORDS = 30;
static const int DESC_MIN_WORDS = 5;
/* A headline followed by a standfirst has at least this many words. */
static const int TITLE_PAIR_MIN_WORDS = 3;
static const int DESC_MAX_WORDS = 80;
/* How far before the body the title and description are looked for (lines). */
static const size_t HEAD_WINDOW = 14;
/* Byline: words of the name after "By". */
static const int BYLINE_MAX_WORDS = 8;
/* Stop words looked up per line, and words sampled to find the page language. */
enum { SW_PER_LINE_MAX = 64 };
static const int SW_PER_LINE = 12;
static const int SW_SAMPLE_WORDS = 3000;
/* Once this many words are sampled for the language, lines of at least PROSE_FAST_WORDS
 * words that end like a sentence skip the word-level analysis. */
static const int SW_SAMPLE_MIN = 240;
static const int PROSE_FAST_WORDS = 20;
/* A caption with a credit in parentheses at its end: at most this many words inside. */
static const int PAREN_CREDIT_MAX_WORDS = 7;
/* Dateline: at most this many words in the place. */
static const int DATELINE_MAX_WORDS = 5;

/* ---- lines ----------------------------------------------------------------------------- */

enum line_kind {
    K_TEXT = 0,
    K_BOILER,  /* lexicon: line, prefix, contains */
    K_RELATED, /* header of a headline list */
    K_END,     /* header after which the article is over */
    K_DATE,
    K_BYLINE,
    K_CREDIT, /* "Foto: X" */
};

typedef struct line {
    const char *p; /* the line, white space collapsed: in the input or in st->norm */
    size_t len;
    uint64_t hash;
    double val;
    int words;
    int dup;            /* how many lines of the page have the same text */
    uint32_t group;     /* index of the first line with the same text */
    uint32_t mask_off;  /* first stop-word mask of the line in the features pass */
    uint32_t kind_arg;  /* CREDIT/BYLINE: bytes of the prefix in the line */
    uint16_t sw;        /* stop words of the page language among the words looked up */
    uint16_t sw_checked; /* words looked up */
    uint8_t kind;       /* enum line_kind */
    bool end_punct;
    bool blank_before;
    bool upper_start;
    bool has_url;
    bool has_year;
    bool group_kept; /* on the first line of a group: one of its lines is in the body */
    bool classified; /* kind is known (lines far from the article are never classified) */
    bool keep;       /* in the body */
    bool consumed;   /* used as metadata */
    bool caption;    /* a caption line */
} line;

/* Buffers kept from one page to the next (see klpi_text_work_new). */
struct klpi_text_work {
    klpi_buf norm;
    line *lines;
    size_t cap;
    uint64_t *masks;
    size_t capmask;
    uint32_t *dslot; /* count_dups */
    size_t dcap;
    struct pslot *pidx; /* truncated_copy */
    size_t pcap;
};

/* Buffers larger than this are given back after a page, so that one huge page does not
 * keep its memory for the pages after it. */
static const size_t WORK_KEEP_BYTES = 4u << 20;

typedef struct state {
    klpi_text_work *w;
    klpi_buf norm;
    line *lines;
    size_t n, cap;
    int lang_bit; /* -1 when unknown */
    bool lang_known;
    uint64_t *masks; /* stop-word masks of the words of fully examined lines */
    size_t nmask, capmask;
    struct pslot *pidx; /* the prefix index of truncated_copy */
    size_t pidx_mask;
    klpi_text_result *out;
} state;

/* ---- small helpers ---------------------------------------------------------------------- */

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static const char *L(const state *st, const line *l)
{
    (void)st;
    return l->p;
}

static bool is_cjk(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static bool is_sep_cp(int32_t cp)
{
    if (cp < 0x80) {
        return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                 (cp >= '0' && cp <= '9') || cp == '_');
    }
    return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
           (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0x2190 && cp <= 0x2BFF) || cp < 0;
}

/* Iterates the words of s[0..len): calls fn for each; CJK characters are words alone. */
typedef void (*word_fn)(void *ctx, const char *w, size_t n);

static int for_words(const char *s, size_t len, word_fn fn, void *ctx, int max_calls)
{
    int words = 0;
    size_t i = 0;
    size_t start = SIZE_MAX;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        int32_t cp;
        size_t k;
        if (c < 0x80) {
            cp = c;
            k = 1;
        } else {
            k = klpi_utf8_next((const unsigned char *)s + i, len - i, &cp);
        }
        if (cp >= 0x80 && is_cjk(cp)) {
            if (start != SIZE_MAX) {
                if (fn && words < max_calls)
                    fn(ctx, s + start, i - start);
                words++;
                start = SIZE_MAX;
            }
            if (fn && words < max_calls)
                fn(ctx, s + i, k);
            words++;
        } else if (is_sep_cp(cp) && cp != '\'' && cp != 0x2019) {
            if (start != SIZE_MAX) {
                if (fn && words < max_calls)
                    fn(ctx, s + start, i - start);
                words++;
                start = SIZE_MAX;
            }
        } else if ((cp == '\'' || cp == 0x2019) && start == SIZE_MAX) {
            /* a quote that opens nothing */
        } else if (start == SIZE_MAX) {
            start = i;
        }
        i += k;
    }
    if (start != SIZE_MAX) {
        if (fn && words < max_calls)
            fn(ctx, s + start, len - start);
        words++;
    }
    return words;
}

/* Byte classes of the fast word scanner. */
enum { C_SEP = 0, C_WORD = 1, C_QUOTE = 2, C_MULTI = 3 };

static const unsigned char BYTE_CLASS[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
    ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['_'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1,
    ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1,
    ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1,
    ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['\''] = 2,
    [0x80] = 3, [0x81] = 3, [0x82] = 3, [0x83] = 3, [0x84] = 3, [0x85] = 3, [0x86] = 3,
    [0x87] = 3, [0x88] = 3, [0x89] = 3, [0x8A] = 3, [0x8B] = 3, [0x8C] = 3, [0x8D] = 3,
    [0x8E] = 3, [0x8F] = 3, [0x90] = 3, [0x91] = 3, [0x92] = 3, [0x93] = 3, [0x94] = 3,
    [0x95] = 3, [0x96] = 3, [0x97] = 3, [0x98] = 3, [0x99] = 3, [0x9A] = 3, [0x9B] = 3,
    [0x9C] = 3, [0x9D] = 3, [0x9E] = 3, [0x9F] = 3, [0xA0] = 3, [0xA1] = 3, [0xA2] = 3,
    [0xA3] = 3, [0xA4] = 3, [0xA5] = 3, [0xA6] = 3, [0xA7] = 3, [0xA8] = 3, [0xA9] = 3,
    [0xAA] = 3, [0xAB] = 3, [0xAC] = 3, [0xAD] = 3, [0xAE] = 3, [0xAF] = 3, [0xB0] = 3,
    [0xB1] = 3, [0xB2] = 3, [0xB3] = 3, [0xB4] = 3, [0xB5] = 3, [0xB6] = 3, [0xB7] = 3,
    [0xB8] = 3, [0xB9] = 3, [0xBA] = 3, [0xBB] = 3, [0xBC] = 3, [0xBD] = 3, [0xBE] = 3,
    [0xBF] = 3, [0xC0] = 3, [0xC1] = 3, [0xC2] = 3, [0xC3] = 3, [0xC4] = 3, [0xC5] = 3,
    [0xC6] = 3, [0xC7] = 3, [0xC8] = 3, [0xC9] = 3, [0xCA] = 3, [0xCB] = 3, [0xCC] = 3,
    [0xCD] = 3, [0xCE] = 3, [0xCF] = 3, [0xD0] = 3, [0xD1] = 3, [0xD2] = 3, [0xD3] = 3,
    [0xD4] = 3, [0xD5] = 3, [0xD6] = 3, [0xD7] = 3, [0xD8] = 3, [0xD9] = 3, [0xDA] = 3,
    [0xDB] = 3, [0xDC] = 3, [0xDD] = 3, [0xDE] = 3, [0xDF] = 3, [0xE0] = 3, [0xE1] = 3,
    [0xE2] = 3, [0xE3] = 3, [0xE4] = 3, [0xE5] = 3, [0xE6] = 3, [0xE7] = 3, [0xE8] = 3,
    [0xE9] = 3, [0xEA] = 3, [0xEB] = 3, [0xEC] = 3, [0xED] = 3, [0xEE] = 3, [0xEF] = 3,
    [0xF0] = 3, [0xF1] = 3, [0xF2] = 3, [0xF3] = 3, [0xF4] = 3, [0xF5] = 3, [0xF6] = 3,
    [0xF7] = 3, [0xF8] = 3, [0xF9] = 3, [0xFA] = 3, [0xFB] = 3, [0xFC] = 3, [0xFD] = 3,
    [0xFE] = 3, [0xFF] = 3,
};

static int scan_words_upto(const char *s, size_t len, uint32_t *offs, uint16_t *lens, int max,
                           bool *year, bool stop);

/* The same words as for_words, faster: counts them and stores the spans of the first max
 * words in offs/lens. Also reports whether a 2- or 4-digit number (a year) occurs. */
static int scan_words(const char *s, size_t len, uint32_t *offs, uint16_t *lens, int max,
                      bool *year)
{
    return scan_words_upto(s, len, offs, lens, max, year, false);
}

/* scan_words_upto for any text, a byte at a time. */
static int scan_words_bytes(const char *s, size_t len, uint32_t *offs, uint16_t *lens, int max,
                            bool *year, bool stop)
{
    int words = 0;
    size_t i = 0;
    bool yr = false;
    while (i < len && !(stop && words >= max)) {
        unsigned char c = (unsigned char)s[i];
        int cls = BYTE_CLASS[c];
        if (cls != C_WORD && cls != C_MULTI) {
            i++; /* separators and a quote that opens nothing */
            continue;
        }
        /* a word: ASCII word bytes, apostrophes, and letters of other scripts */
        size_t start = i;
        bool all_digits = true;
        bool cjk_alone = false;
        while (i < len) {
            size_t run = i;
            while (i < len && BYTE_CLASS[(unsigned char)s[i]] == C_WORD)
                i++;
            if (i > run && all_digits) {
                for (size_t k = run; k < i && all_digits; k++)
                    all_digits = s[k] >= '0' && s[k] <= '9';
            }
            if (i >= len)
                break;
            c = (unsigned char)s[i];
            cls = BYTE_CLASS[c];
            if (cls == C_QUOTE) {
                i++;
                continue;
            }
            if (cls != C_MULTI)
                break;
            int32_t cp;
            size_t k = klpi_utf8_next((const unsigned char *)s + i, len - i, &cp);
            if (cp == 0x2019) { /* ’ inside a word */
                i += k;
                continue;
            }
            if (cp >= 0x2E80 && is_cjk(cp)) {
                if (i == start) { /* a CJK character is a word alone */
                    i += k;
                    cjk_alone = true;
                }
                break;
            }
            if (is_sep_cp(cp))
                break;
            all_digits = false;
            i += k;
        }
        if (i == start) { /* a separator that needed decoding */
            int32_t cp;
            i += klpi_utf8_next((const unsigned char *)s + i, len - i, &cp);
            continue;
        }
        size_t n = i - start;
        if (!cjk_alone && all_digits && (n == 2 || n == 4))
            yr = true;
        if (words < max) {
            offs[words] = (uint32_t)start;
            lens[words] = (uint16_t)(n > 0xFFFF ? 0xFFFF : n);
        }
        words++;
    }
    *year = yr;
    return words;
}

/* Masks of 64 bytes (fewer at the end, the rest reads as separators): word bytes (letters,
 * digits, '_'), quotes, and non-ASCII bytes. */
static void masks64(const char *s, size_t n, uint64_t *word, uint64_t *quote, uint64_t *high,
                    uint64_t *digits)
{
    unsigned char buf[64];
    const char *p = s;
    if (n < 64) {
        memset(buf, 0, sizeof buf);
        memcpy(buf, s, n);
        p = (const char *)buf;
    }
    uint64_t w = 0, q = 0, h = 0, dg = 0;
    for (int b = 0; b < 4; b++) {
#ifdef __SSE2__
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * b));
        __m128i a = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
        __m128i alpha = _mm_cmpeq_epi8(_mm_min_epu8(a, _mm_set1_epi8(25)), a);
        __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
        __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
        __m128i us = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
        uint64_t wb = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), us));
        uint64_t qb = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')));
        uint64_t hb = (unsigned)_mm_movemask_epi8(v);
        uint64_t db = (unsigned)_mm_movemask_epi8(digit);
#else
        uint64_t wb = 0, qb = 0, hb = 0, db = 0;
        for (int k = 0; k < 16; k++) {
            unsigned char c = (unsigned char)p[16 * b + k];
            wb |= (uint64_t)(BYTE_CLASS[c] == C_WORD) << k;
            qb |= (uint64_t)(c == '\'') << k;
            hb |= (uint64_t)(c >= 0x80) << k;
            db |= (uint64_t)(c >= '0' && c <= '9') << k;
        }
#endif
        w |= wb << (16 * b);
        q |= qb << (16 * b);
        h |= hb << (16 * b);
        dg |= db << (16 * b);
    }
    *word = w;
    *quote = q;
    *high = h;
    *digits = dg;
}

/* Bits set in x (no popcnt instruction is assumed). */
static inline unsigned pop64(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

/* True when the word that starts at s[a] is 2 or 4 bytes of digits, quotes and ’ (what
 * scan_words_bytes calls a year). */
static bool year_word(const char *s, size_t a, size_t len)
{
    size_t k = a;
    while (k < len && k - a <= 4) {
        unsigned char c = (unsigned char)s[k];
        if ((c >= '0' && c <= '9') || c == '\'') {
            k++;
        } else if (c < 0x80) {
            if (BYTE_CLASS[c] == C_WORD)
                return false; /* a letter */
            break;            /* the end of the word */
        } else {
            int32_t cp;
            size_t n = klpi_utf8_next((const unsigned char *)s + k, len - k, &cp);
            if (cp == 0x2019)
                k += n;
            else if (is_sep_cp(cp))
                break;
            else
                return false; /* a letter, or CJK */
        }
    }
    return k - a == 2 || k - a == 4;
}

/* Adds the word s[a..e) to the scan: its span (the first max words), and the year flag when
 * it is a 2- or 4-byte number (quotes aside, as scan_words_bytes counts it). */
static void add_word(const char *s, size_t a, size_t e, uint32_t *offs, uint16_t *lens, int max,
                     int *words, bool *yr)
{
    size_t wn = e - a;
    if ((wn == 2 || wn == 4) && !*yr) {
        bool dig = true;
        for (size_t k = a; k < e && dig; k++) {
            unsigned char c = (unsigned char)s[k];
            if (c >= '0' && c <= '9') {
                continue;
            } else if (c == 0xE2 && k + 2 < e && (unsigned char)s[k + 1] == 0x80 &&
                       (unsigned char)s[k + 2] == 0x99) {
                k += 2; /* ’ */
            } else if (c != '\'') {
                dig = false;
            }
        }
        *yr = dig;
    }
    if (*words < max) {
        offs[*words] = (uint32_t)a;
        lens[*words] = (uint16_t)(wn > 0xFFFF ? 0xFFFF : wn);
    }
    (*words)++;
}

/* scan_words_upto, 64 bytes at a time with bit masks. A word is a run of word bytes and
 * quotes that holds a word byte, without the quotes before its first word byte; the bytes of
 * a letter of another script are word bytes, those of ’ too. Returns -1 at a CJK character,
 * a word alone (the caller then reads the text a byte at a time). */
static int scan_words_ascii(const char *s, size_t len, uint32_t *offs, uint16_t *lens, int max,
                            bool *year, bool stop)
{
    int words = 0;
    bool yr = false;
    uint64_t carry_r = 0, carry_lq = 0, carry_t = 0; /* bit 0: the byte before the chunk */
    size_t open = SIZE_MAX; /* start of a word that may go on in the next chunk */
    size_t next = 0;        /* the first byte not yet decoded (a character may cross chunks) */
    bool next_word = false; /* the class of the character that crossed into this chunk */
    for (size_t c0 = 0; c0 < len; c0 += 64) {
        size_t n = len - c0 < 64 ? len - c0 : 64;
        bool more = c0 + 64 < len;
        uint64_t w, q, h, dg;
        masks64(s + c0, n, &w, &q, &h, &dg);
        if (h) {
            /* non-ASCII characters: letters are word bytes, the rest separates */
            w &= ~h;
            size_t p = c0;
            if (next > c0) {
                size_t k = next - c0 < n ? next - c0 : n;
                if (next_word)
                    w |= (k == 64 ? ~0ULL : (1ULL << k) - 1);
                p = next;
            }
            uint64_t todo = p - c0 < 64 ? h & ~((1ULL << (p - c0)) - 1) : 0;
            while (todo) {
                p = c0 + (size_t)__builtin_ctzll(todo);
                int32_t cp;
                size_t k = klpi_utf8_next((const unsigned char *)s + p, len - p, &cp);
                if (cp >= 0x2E80 && is_cjk(cp))
                    return -1;
                bool word = cp == 0x2019 || !is_sep_cp(cp);
                size_t end = p + k < c0 + n ? p + k : c0 + n;
                if (word)
                    w |= (end - c0 == 64 ? ~0ULL : (1ULL << (end - c0)) - 1) &
                         ~((1ULL << (p - c0)) - 1);
                next = p + k;
                next_word = word;
                todo &= end - c0 == 64 ? 0 : ~((1ULL << (end - c0)) - 1);
            }
        }
        uint64_t r = w | q;
        /* quotes that open a run, and the quotes right after them: not in a word */
        uint64_t seed = (q & ~((r << 1) | carry_r)) | (q & carry_lq);
        uint64_t lq = ((q + seed) ^ q) & q;
        uint64_t t = r & ~lq;                    /* the bytes of words */
        uint64_t st = t & ~((t << 1) | carry_t); /* their first bytes */
        uint64_t en = t & ~(t >> 1);             /* their last bytes in this chunk */
        carry_r = r >> 63;
        carry_lq = lq >> 63;
        carry_t = t >> 63;
        if (open != SIZE_MAX) {
            size_t e = c0; /* the word ended with the last chunk */
            if (t & 1) {
                size_t k = (size_t)__builtin_ctzll(en);
                if (k == 63 && more)
                    continue; /* it spans this chunk too */
                e = c0 + k + 1;
            }
            add_word(s, open, e, offs, lens, max, &words, &yr);
            open = SIZE_MAX;
        }
        while (st && words < max) {
            size_t k = (size_t)__builtin_ctzll(st);
            st &= st - 1;
            size_t x = (size_t)__builtin_ctzll(en & ~((1ULL << k) - 1));
            if (x == 63 && more) {
                open = c0 + k;
                break;
            }
            add_word(s, c0 + k, c0 + x + 1, offs, lens, max, &words, &yr);
        }
        if (words >= max) {
            if (stop)
                break;
            /* every span is stored: the other words are only counted, and looked at when
             * they may be a year */
            words += (int)pop64(st);
            for (uint64_t y = yr ? 0 : st & (dg | h); y && !yr; y &= y - 1)
                yr = year_word(s, c0 + (size_t)__builtin_ctzll(y), len);
        }
    }
    if (open != SIZE_MAX)
        add_word(s, open, len, offs, lens, max, &words, &yr);
    *year = yr;
    return words;
}

/* scan_words; with stop, returns as soon as max words are stored (the count is then max). */
static int scan_words_upto(const char *s, size_t len, uint32_t *offs, uint16_t *lens, int max,
                           bool *year, bool stop)
{
    int n = scan_words_ascii(s, len, offs, lens, max, year, stop);
    if (n >= 0)
        return n;
    return scan_words_bytes(s, len, offs, lens, max, year, stop);
}

static bool ends_like_sentence(const char *s, size_t len)
{
    if (len > 0) {
        unsigned char c = (unsigned char)s[len - 1];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            return false; /* a letter: most lines that are no sentence */
    }
    /* skip closing quotes and brackets */
    while (len > 0) {
        unsigned char c = (unsigned char)s[len - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == ' ') {
            len--;
            continue;
        }
        if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x80 &&
            ((unsigned char)s[len - 1] == 0x9D || (unsigned char)s[len - 1] == 0x99)) {
            len -= 3; /* ” ’ */
            continue;
        }
        if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xBB) {
            len -= 2; /* » */
            continue;
        }
        break;
    }
    if (len == 0)
        return false;
    unsigned char c = (unsigned char)s[len - 1];
    if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':')
        return true;
    if (len >= 3) {
        const unsigned char *e = (const unsigned char *)s + len - 3;
        /* … 。 ！ ？ */
        if ((e[0] == 0xE2 && e[1] == 0x80 && e[2] == 0xA6) ||
            (e[0] == 0xE3 && e[1] == 0x80 && e[2] == 0x82) ||
            (e[0] == 0xEF && e[1] == 0xBC && (e[2] == 0x81 || e[2] == 0x9F)))
            return true;
    }
    return false;
}

static bool starts_upper(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == '"' || s[i] == '\'' || s[i] == '(' || s[i] == '['))
        i++;
    if (i >= len)
        return false;
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return true; /* non-Latin scripts have no case: do not hold it against them */
}

/* True when the line holds a URL ("://", "www.") or an e-mail address (x@y.z). */
static bool has_url(const char *s, size_t len)
{
    const char *end = s + len;
    for (const char *p = memchr(s, '/', len); p; p = memchr(p + 1, '/', (size_t)(end - p - 1))) {
        if (p > s && p[-1] == ':' && p + 1 < end && p[1] == '/')
            return true;
        if (p + 1 >= end)
            break;
    }
    for (const char *p = memchr(s, '@', len); p; p = memchr(p + 1, '@', (size_t)(end - p - 1))) {
        if (p > s && p[-1] != ' ' && p + 1 < end && p[1] != ' ' &&
            memchr(p + 1, '.', (size_t)(end - p - 1)))
            return true;
        if (p + 1 >= end)
            break;
    }
    for (const char *p = memchr(s, '.', len); p; p = memchr(p + 1, '.', (size_t)(end - p - 1))) {
        if (p - s >= 3 && p[-1] == 'w' && p[-2] == 'w' && p[-3] == 'w')
            return true;
        if (p + 1 >= end)
            break;
    }
    return false;
}

/* ---- splitting --------------------------------------------------------------------------- */

static bool push_line(state *st, const char *p, size_t len, bool blank_before)
{
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 256;
        line *q = realloc(st->lines, cap * sizeof *q);
        if (!q)
            return false;
        st->lines = q;
        st->cap = cap;
    }
    line *l = &st->lines[st->n++];
    memset(l, 0, sizeof *l);
    l->p = p;
    l->len = len;
    l->blank_before = blank_before;
    return true;
}

/* Bit k of each mask describes byte k of a 16-byte block. */
typedef struct block_masks {
    unsigned nl;   /* '\n' */
    unsigned sp;   /* ' ' */
    unsigned wide; /* lead bytes E3..ED: CJK and Hangul, written without spaces */
    unsigned odd;  /* white space to collapse: a tab, the second of two spaces, the A0 of a
                    * no-break space (C2 A0) */
} block_masks;

static inline void scan_block(const unsigned char *p, block_masks *m, unsigned *prev_sp,
                              unsigned *prev_c2)
{
#ifdef __SSE2__
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    unsigned tab = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
    m->nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
    unsigned wide = 0, nbsp = 0, c2 = 0;
    if (_mm_movemask_epi8(v)) {
        __m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)0xE3));
        wide = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(0x0A)), d));
        c2 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)));
        nbsp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xA0))) &
               ((c2 << 1) | *prev_c2);
    }
#else
    unsigned sp = 0, tab = 0, wide = 0, nbsp = 0, c2 = 0;
    m->nl = 0;
    for (unsigned k = 0; k < 16; k++) {
        sp |= (unsigned)(p[k] == ' ') << k;
        tab |= (unsigned)(p[k] == '\t') << k;
        m->nl |= (unsigned)(p[k] == '\n') << k;
        wide |= (unsigned)(p[k] >= 0xE3 && p[k] <= 0xED) << k;
        c2 |= (unsigned)(p[k] == 0xC2) << k;
        nbsp |= (unsigned)(p[k] == 0xA0) << k;
    }
    nbsp &= (c2 << 1) | *prev_c2;
#endif
    m->sp = sp;
    m->wide = wide;
    m->odd = (tab | nbsp | (sp & ((sp << 1) | *prev_sp))) & 0xFFFFu;
    *prev_sp = (sp >> 15) & 1u;
    *prev_c2 = (c2 >> 15) & 1u;
}

/* Bits set in each byte value (no popcnt instruction is assumed). */
static const unsigned char POP8[256] = {
#define P2(n) n, n + 1, n + 1, n + 2
#define P4(n) P2(n), P2(n + 1), P2(n + 1), P2(n + 2)
#define P6(n) P4(n), P4(n + 1), P4(n + 1), P4(n + 2)
    P6(0), P6(1), P6(1), P6(2)
#undef P2
#undef P4
#undef P6
};

static inline unsigned pop16(unsigned x)
{
    return (unsigned)POP8[x & 0xFF] + POP8[(x >> 8) & 0xFF];
}

/* What the block scan learnt of the line being read. */
typedef struct line_scan {
    size_t start;
    size_t spaces;
    bool wide;
    bool odd;
} line_scan;

/* Spaces and CJK of a line the scan did not see as it is (collapsed or cut). */
static void count_line(const char *s, size_t len, size_t *spaces, bool *wide)
{
    size_t sp = 0;
    bool w = false;
    for (size_t j = 0; j < len; j++) {
        sp += s[j] == ' ';
        w |= (unsigned char)s[j] >= 0xE3 && (unsigned char)s[j] <= 0xED;
    }
    *spaces = sp;
    *wide = w;
}

/* Takes the line s[ls->start..e) with what the scan learnt of it: collapses its white space
 * into st->norm when needed, cuts it at max_line, and sets its cheap features (a word
 * estimate: spaces + 1, exact for text with CJK; the sentence end; the hash). */
static bool take_line(state *st, const char *s, size_t e, const line_scan *ls, size_t max_line,
                      int *cut, bool *blank)
{
    const char *p = s + ls->start;
    size_t n = e - ls->start;
    size_t spaces = ls->spaces;
    bool wide = ls->wide, recount = false;
    if (n > 0 && (p[0] == ' ' || p[n - 1] == ' ' || ls->odd)) {
        char *d = st->norm.ptr + st->norm.len;
        size_t dn = 0;
        bool space = false;
        for (size_t j = 0; j < n; j++) {
            unsigned char c = (unsigned char)p[j];
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (c == 0xC2 && j + 1 < n && (unsigned char)p[j + 1] == 0xA0) {
                space = true;
                j++;
                continue;
            }
            if (space && dn > 0)
                d[dn++] = ' ';
            space = false;
            d[dn++] = (char)c;
        }
        st->norm.len += dn;
        p = d;
        n = dn;
        recount = true;
    }
    if (max_line && n > max_line) {
        size_t k = max_line;
        while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
            k--;
        n = k;
        *cut = 1;
        recount = true;
    }
    if (n == 0) {
        *blank = true;
        return true;
    }
    if (!push_line(st, p, n, *blank))
        return false;
    *blank = false;
    line *l = &st->lines[st->n - 1];
    if (recount)
        count_line(p, n, &spaces, &wide);
    if (wide) {
        uint32_t offs[1];
        uint16_t lens[1];
        bool year;
        l->words = scan_words(p, n, offs, lens, 0, &year);
    } else {
        l->words = (int)spaces + 1;
    }
    l->end_punct = ends_like_sentence(p, n);
    l->hash = XXH3_64bits(p, n);
    return true;
}

/* Splits the text into lines, 16 bytes at a time, and sets their cheap features. Clean lines
 * point into the input; a line with white space to collapse (NBSP included) is copied,
 * collapsed, into st->norm. */
static bool split_lines(state *st, const char *s, size_t len, size_t max_line, int *cut)
{
    if (!klpi_buf_reserve(&st->norm, len + 1)) /* never reallocated below: pointers stay */
        return false;
    bool blank = false;
    /* ls.spaces holds the spaces of the text before the line while it is read */
    line_scan ls = {0, 0, false, false};
    size_t total = 0; /* spaces before the block */
    unsigned prev_sp = 0, prev_c2 = 0;
    for (size_t b = 0; b < len; b += 16) {
        block_masks m;
        unsigned valid = 0xFFFFu;
        if (len - b >= 16) {
            scan_block((const unsigned char *)s + b, &m, &prev_sp, &prev_c2);
        } else {
            unsigned char tail[16] = {0};
            memcpy(tail, s + b, len - b);
            scan_block(tail, &m, &prev_sp, &prev_c2);
            valid = (1u << (len - b)) - 1;
        }
        unsigned nl = m.nl & valid;
        unsigned flags = (m.wide | m.odd) & valid;
        unsigned from = 0; /* the line's first bit in this block */
        while (nl) {
            unsigned k = (unsigned)__builtin_ctz(nl);
            nl &= nl - 1;
            size_t at = total + pop16(m.sp & ((1u << k) - 1)); /* spaces before the '\n' */
            ls.spaces = at - ls.spaces;
            if (flags) {
                unsigned part = ((1u << k) - 1) & ~((1u << from) - 1);
                ls.wide |= (m.wide & part) != 0;
                ls.odd |= (m.odd & part) != 0;
            }
            if (!take_line(st, s, b + k, &ls, max_line, cut, &blank))
                return false;
            ls = (line_scan){b + k + 1, at, false, false};
            from = k + 1;
        }
        total += pop16(m.sp & valid);
        if (flags) {
            unsigned part = valid & ~((1u << from) - 1);
            ls.wide |= (m.wide & part) != 0;
            ls.odd |= (m.odd & part) != 0;
        }
    }
    ls.spaces = total - ls.spaces;
    if (ls.start < len && !take_line(st, s, len, &ls, max_line, cut, &blank))
        return false;
    return true;
}

/* ---- features ---------------------------------------------------------------------------- */

/* "jane says:", "34 responses to ...", "12 comments": the start of a comment section. */
static bool comment_head(const char *key, size_t kn, int words, bool colon)
{
    if (colon && words <= COMMENT_HEAD_MAX_WORDS && klpi_lex_suffix(KLPI_LEX_COMMENTER, key, kn))
        return true;
    size_t i = 0;
    while (i < kn && key[i] >= '0' && key[i] <= '9')
        i++;
    if (i == 0 || i >= kn || key[i] != ' ')
        return false;
    i++;
    return klpi_lex_prefix(KLPI_LEX_COUNTED, key + i, kn - i) > 0;
}

static void classify(state *st, line *l)
{
    const char *s = L(st, l);
    l->classified = true;
    l->kind = K_TEXT;
    if (l->len > KEY_MAX)
        return;
    klpi_date date;
    if (l->words <= DATE_LINE_MAX_WORDS && l->has_year &&
        klpi_date_line(s, l->len, DATE_LINE_OTHER_WORDS, &date)) {
        l->kind = K_DATE;
        return;
    }
    if (l->len > SHORT_KEY_MAX) {
        /* too long for a menu item, a header, a credit or a byline: only the phrases that
         * mark a banner (cookies, newsletters) are looked for */
        if (l->words >= CONTAINS_MIN_WORDS && l->words <= CONTAINS_MAX_WORDS &&
            klpi_lex_contains_raw(s, l->len))
            l->kind = K_BOILER;
        return;
    }
    char key[256];
    size_t kn = klpi_lex_key(s, l->len, key, sizeof key);
    if (kn == 0)
        return;
    size_t p;
    unsigned whole = klpi_lex_whole(key, kn);
    if ((whole & (1u << KLPI_LEX_END)) || comment_head(key, kn, l->words, s[l->len - 1] == ':')) {
        l->kind = K_END;
        return;
    }
    if (whole & (1u << KLPI_LEX_RELATED)) {
        l->kind = K_RELATED;
        return;
    }
    if (whole & (1u << KLPI_LEX_LINE)) {
        l->kind = K_BOILER;
        return;
    }
    if ((p = klpi_lex_prefix(KLPI_LEX_CREDIT, key, kn)) > 0 && l->words <= 16 && p < kn) {
        l->kind = K_CREDIT;
        l->kind_arg = (uint32_t)p;
        return;
    }
    if ((p = klpi_lex_prefix(KLPI_LEX_BYLINE, key, kn)) > 0 && p < kn) {
        /* the rest must look like names: a few words, capitalized, no sentence end */
        int name_words = l->words - for_words(key, p, NULL, NULL, 0);
        if (name_words >= 1 && name_words <= BYLINE_MAX_WORDS && !l->end_punct) {
            size_t q = 0, skip = p;
            /* find the same position in the original line: count bytes of the prefix,
             * which has the same bytes up to case for ASCII phrases */
            q = skip < l->len ? skip : l->len;
            while (q < l->len && s[q] == ' ')
                q++;
            if (q < l->len && starts_upper(s + q, l->len - q)) {
                l->kind = K_BYLINE;
                l->kind_arg = (uint32_t)q;
                return;
            }
        }
    }
    if (l->words <= RELATED_PREFIX_MAX_WORDS && klpi_lex_prefix(KLPI_LEX_RELATED, key, kn) > 0) {
        l->kind = K_RELATED; /* "More from UK", "Related: Politics" */
        return;
    }
    if (l->words <= PREFIX_MAX_WORDS && klpi_lex_prefix(KLPI_LEX_PREFIX, key, kn) > 0) {
        l->kind = K_BOILER;
        return;
    }
    if (l->words >= CONTAINS_MIN_WORDS && l->words <= CONTAINS_MAX_WORDS &&
        klpi_lex_contains(key, kn))
        l->kind = K_BOILER;
}

/* Full features of one line: exact words, year, URL, capital, stop-word masks (kept in
 * st->masks; hits are counted once the page language is known). */
static bool features_full(state *st, line *l)
{
    uint32_t offs[SW_PER_LINE_MAX];
    uint16_t lens[SW_PER_LINE_MAX];
    const char *s = L(st, l);
    bool year;
    bool prose = l->words >= PROSE_FAST_WORDS && l->end_punct && l->len > SHORT_KEY_MAX;
    if (prose) {
        /* long prose: the word estimate stands, no date, no whole-line phrases; its first
         * words are looked up only while the page language is being sampled (stop words
         * tell lists from prose in shorter lines) */
        l->has_year = false;
        l->upper_start = starts_upper(s, l->len);
        l->has_url = has_url(s, l->len);
        l->mask_off = (uint32_t)st->nmask;
        l->sw_checked = 0;
        l->sw = 0;
        if (st->nmask >= (size_t)SW_SAMPLE_MIN)
            return true;
        scan_words_upto(s, l->len, offs, lens, SW_PER_LINE, &year, true);
    } else {
        l->words = scan_words(s, l->len, offs, lens, SW_PER_LINE, &year);
    }
    if (!prose) {
        l->has_year = year;
        l->upper_start = starts_upper(s, l->len);
        l->has_url = has_url(s, l->len);
    }
    l->mask_off = (uint32_t)st->nmask;
    l->sw_checked = 0;
    l->sw = 0;
    if (l->words < STOPWORD_MIN_WORDS)
        return true;
    int n = l->words < SW_PER_LINE ? l->words : SW_PER_LINE;
    if (st->nmask + (size_t)n > st->capmask) {
        size_t nc = st->capmask ? st->capmask * 2 : 1024;
        while (nc < st->nmask + (size_t)n)
            nc *= 2;
        uint64_t *p = realloc(st->masks, nc * sizeof *p);
        if (!p)
            return false;
        st->masks = p;
        st->capmask = nc;
    }
    for (int k = 0; k < n; k++)
        st->masks[st->nmask++] = klpi_stopword_langs(s + offs[k], lens[k]);
    l->sw_checked = (uint16_t)n;
    return true;
}

/* The page language: the language whose stop words are most frequent among the masks. */
static void choose_language(state *st)
{
    int counts[64] = {0};
    size_t n = st->nmask < (size_t)SW_SAMPLE_WORDS ? st->nmask : (size_t)SW_SAMPLE_WORDS;
    /* 64 counters side by side: plane k holds bit k of every language's count (enough planes
     * for SW_SAMPLE_WORDS), each mask added with a ripple of carries */
    enum { PLANES = 16 };
    uint64_t plane[PLANES] = {0};
    for (size_t i = 0; i < n; i++) {
        uint64_t x = st->masks[i];
        for (int k = 0; x && k < PLANES; k++) {
            uint64_t carry = plane[k] & x;
            plane[k] ^= x;
            x = carry;
        }
    }
    for (int k = 0; k < PLANES; k++)
        for (uint64_t m = plane[k]; m; m &= m - 1)
            counts[__builtin_ctzll(m)] |= 1 << k;
    int best = -1, second = -1;
    for (int b = 0; b < 64; b++) {
        if (counts[b] <= 0)
            continue;
        if (best < 0 || counts[b] > counts[best]) {
            second = best;
            best = b;
        } else if (second < 0 || counts[b] > counts[second]) {
            second = b;
        }
    }
    st->lang_bit = best;
    if (best >= 0 && n > 0) {
        const char *code = klpi_stopword_lang_code(best);
        if (code && strlen(code) < sizeof st->out->sw_lang)
            strcpy(st->out->sw_lang, code);
        st->out->sw_share = (double)counts[best] / (double)n;
        st->out->sw_lead =
            (double)(counts[best] - (second >= 0 ? counts[second] : 0)) / (double)counts[best];
    }
}

static void count_stopwords(state *st, line *l)
{
    uint64_t bit = st->lang_bit >= 0 ? 1ULL << st->lang_bit : 0;
    int hits = 0;
    for (int k = 0; k < l->sw_checked; k++)
        hits += (st->masks[l->mask_off + (size_t)k] & bit) != 0;
    l->sw = (uint16_t)hits;
}

/* Counts the duplicates of each line (same text) in an open-addressing table of hashes. */
static bool count_dups(state *st)
{
    if (st->n == 0)
        return true;
    size_t size = 64;
    while (size < st->n * 2)
        size *= 2;
    if (size > st->w->dcap) {
        uint32_t *p = realloc(st->w->dslot, size * sizeof *p);
        if (!p)
            return false;
        st->w->dslot = p;
        st->w->dcap = size;
    }
    /* slot: index of the first line with that hash, plus one (0 = empty) */
    uint32_t *slot = st->w->dslot;
    memset(slot, 0, size * sizeof *slot);
    for (size_t i = 0; i < st->n; i++) {
        line *l = &st->lines[i];
        size_t k = (size_t)l->hash & (size - 1);
        while (slot[k] && st->lines[slot[k] - 1].hash != l->hash)
            k = (k + 1) & (size - 1);
        if (!slot[k]) {
            slot[k] = (uint32_t)i + 1;
            l->group = (uint32_t)i;
            l->dup = 1;
        } else {
            l->group = slot[k] - 1;
            st->lines[l->group].dup++;
        }
    }
    for (size_t i = 0; i < st->n; i++)
        st->lines[i].dup = st->lines[st->lines[i].group].dup;
    return true;
}

/* ---- the body ---------------------------------------------------------------------------- */

static double line_value(const state *st, const line *l)
{
    switch (l->kind) {
    case K_RELATED:
        return RELATED_VALUE;
    case K_BOILER:
    case K_END:
        return BOILER_VALUE;
    case K_DATE:
    case K_BYLINE:
    case K_CREDIT:
        return META_VALUE;
    default:
        break;
    }
    double v = l->words;
    if (!l->end_punct)
        v *= NO_PUNCT_FACTOR;
    if (st->lang_bit >= 0 && l->words >= STOPWORD_MIN_WORDS && l->sw_checked > 0 &&
        (double)l->sw < LOW_STOPWORDS * l->sw_checked)
        v *= LOW_STOPWORD_FACTOR;
    v -= LINE_COST;
    if (v > 0 && l->has_url)
        v *= URL_FACTOR;
    if (l->dup > 1) {
        if (l->words < DUP_SHORT_WORDS)
            v -= DUP_PENALTY;
        else if (v > 0)
            v = 0; /* a paragraph printed twice is a teaser, a caption or a banner */
    }
    return v;
}

/* The headlines listed under a "Read more" header cost little: clean_body drops them. */
static void related_items(state *st, size_t w0, size_t w1)
{
    for (size_t i = w0; i <= w1; i++) {
        if (st->lines[i].kind != K_RELATED)
            continue;
        for (size_t j = i + 1, k = 0; j <= w1 && k < (size_t)RELATED_MAX_LINES; j++, k++) {
            line *m = &st->lines[j];
            if (m->kind != K_TEXT || (m->end_punct && m->words >= PROSE_MIN_WORDS))
                break;
            if (m->val < RELATED_ITEM_VALUE)
                m->val = RELATED_ITEM_VALUE;
        }
    }
}

/* The run of lines in [from, to) with the largest total value (Kadane). */
static double best_run_in(const state *st, size_t from, size_t to, size_t *a, size_t *b)
{
    double best = 0, cur = 0;
    size_t start = from;
    for (size_t i = from; i < to; i++) {
        double v = st->lines[i].val;
        if (cur <= 0) {
            cur = v;
            start = i;
        } else {
            cur += v;
        }
        if (cur > best) {
            best = cur;
            *a = start;
            *b = i;
        }
    }
    return best;
}

/* The article: the best run, unless a comment or "related" section header ends an earlier
 * run that is nearly as good (comments often outweigh the article they follow). */
static bool best_run(const state *st, size_t *a, size_t *b)
{
    double best = best_run_in(st, 0, st->n, a, b);
    if (best <= 0)
        return false;
    /* the first section end that follows real content */
    double cur = 0;
    for (size_t e = 0; e < st->n; e++) {
        const line *l = &st->lines[e];
        if (l->kind == K_END && cur >= END_MIN_BEFORE) {
            size_t a2 = 0, b2 = 0;
            double v = best_run_in(st, 0, e, &a2, &b2);
            if (e > *a && e <= *b) {
                /* the best run crosses the end: cut it there */
                if (v >= END_KEEP_SHARE * best || a2 >= *a) {
                    *a = a2;
                    *b = b2;
                }
            } else if (e <= *a && v >= END_KEEP_SHARE * best) {
                *a = a2;
                *b = b2;
            }
            break;
        }
        cur = cur + l->val > 0 ? cur + l->val : 0;
    }
    return true;
}

/* Where the text after a dateline separator ("CITY -- ", "CITY - ", "CITY — ") starts in
 * the first TRUNC_DATELINE_BYTES bytes of the line, when TRUNC_MIN_BYTES bytes follow it;
 * 0 when there is none. */
static size_t dateline_cut(const char *t, size_t len)
{
    size_t lim = len < TRUNC_DATELINE_BYTES ? len : TRUNC_DATELINE_BYTES;
    /* the separator starts with a space and then '-' or 0xE2 (— –): the first of each kind
     * that makes a separator, and the earlier of the two */
    size_t best = 0, best_k = SIZE_MAX;
    static const char LEAD[2] = {'-', (char)0xE2};
    for (int kind = 0; kind < 2; kind++) {
        for (const char *q = lim > 2 ? memchr(t + 2, LEAD[kind], lim - 2) : NULL; q;
             q = (size_t)(q - t) + 1 < lim ? memchr(q + 1, LEAD[kind], lim - (size_t)(q - t) - 1)
                                           : NULL) {
            size_t k = (size_t)(q - t) - 1; /* the space before */
            if (k + 3 >= lim || k >= best_k)
                break;
            if (t[k] != ' ')
                continue;
            size_t after = 0;
            if (kind == 0 && t[k + 2] == '-' && t[k + 3] == ' ')
                after = k + 4;
            else if (kind == 0 && t[k + 2] == ' ')
                after = k + 3;
            else if (kind == 1 && k + 4 < lim && (unsigned char)t[k + 2] == 0x80 &&
                     ((unsigned char)t[k + 3] == 0x94 || (unsigned char)t[k + 3] == 0x93) &&
                     t[k + 4] == ' ')
                after = k + 5;
            if (after && after + TRUNC_MIN_BYTES <= len) {
                best = after;
                best_k = k;
                break;
            }
        }
    }
    return best;
}

/* The hash of the TRUNC_MIN_BYTES bytes at p. */
static uint64_t head_hash(const char *p)
{
    return klpi_hash64(p, TRUNC_MIN_BYTES);
}

/* The prefix index, built on first use: an open-addressing table of the lines of at least
 * TRUNC_MIN_BYTES bytes by the hash of their first TRUNC_MIN_BYTES bytes, and by the hash of
 * the TRUNC_MIN_BYTES bytes after their dateline separator. */
typedef struct pslot {
    uint64_t h;
    uint32_t line; /* the line + 1; 0 for an empty slot */
    uint32_t off;  /* where the indexed bytes start in the line */
} pslot;

static void pidx_put(pslot *t, size_t mask, uint64_t h, size_t li, size_t off)
{
    size_t k = (size_t)h & mask;
    while (t[k].line)
        k = (k + 1) & mask;
    t[k] = (pslot){h, (uint32_t)li + 1, (uint32_t)off};
}

static bool build_prefix_index(state *st)
{
    size_t size = 64;
    while (size < st->n * 4)
        size *= 2;
    if (size > st->w->pcap) {
        pslot *p = realloc(st->w->pidx, size * sizeof *p);
        if (!p)
            return false;
        st->w->pidx = p;
        st->w->pcap = size;
    }
    st->pidx = st->w->pidx;
    memset(st->pidx, 0, size * sizeof *st->pidx);
    st->pidx_mask = size - 1;
    for (size_t i = 0; i < st->n; i++) {
        const line *m = &st->lines[i];
        if (m->len < TRUNC_MIN_BYTES)
            continue;
        const char *t = L(st, m);
        pidx_put(st->pidx, st->pidx_mask, head_hash(t), i, 0);
        size_t cut = dateline_cut(t, m->len);
        if (cut)
            pidx_put(st->pidx, st->pidx_mask, head_hash(t + cut), i, cut);
    }
    return true;
}

/* True when line i is a truncated copy of another, longer line of the page: its start, or
 * its start after a dateline ("CITY -- <copy>"). */
static bool truncated_copy(state *st, size_t i)
{
    const line *l = &st->lines[i];
    if (l->len < TRUNC_MIN_BYTES)
        return false;
    if (!st->pidx && !build_prefix_index(st))
        return false;
    const char *s = L(st, l);
    uint64_t h = head_hash(s);
    for (size_t k = (size_t)h & st->pidx_mask; st->pidx[k].line; k = (k + 1) & st->pidx_mask) {
        const pslot *e = &st->pidx[k];
        if (e->h != h || e->line - 1 == i)
            continue;
        const line *m = &st->lines[e->line - 1];
        if (m->len - e->off > l->len && memcmp(L(st, m) + e->off, s, l->len) == 0)
            return true;
    }
    return false;
}

/* ---- captions and credits --------------------------------------------------------------- */

static bool add_image(state *st, const char *cap, size_t capn, const char *cred, size_t credn)
{
    klpi_text_result *r = st->out;
    klpi_text_image *p = realloc(r->images, (r->n_images + 1) * sizeof *p);
    if (!p)
        return false;
    r->images = p;
    klpi_text_image *im = &p[r->n_images++];
    im->caption = capn ? dupn(cap, capn) : NULL;
    im->credit = credn ? dupn(cred, credn) : NULL;
    return true;
}

static size_t rtrim(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '|' || s[n - 1] == '-'))
        n--;
    return n;
}

/* The first occurrence of needle[0..m) in s[0..n), m > 0: memchr on its first byte (glibc's
 * memmem is slow for needles this short). */
static const char *find_bytes(const char *s, size_t n, const char *needle, size_t m)
{
    const char *end = s + n;
    for (const char *p = s; (size_t)(end - p) >= m; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) - m + 1);
        if (!p)
            return NULL;
        if (memcmp(p + 1, needle + 1, m - 1) == 0)
            return p;
    }
    return NULL;
}

/* Splits "caption text.Credit...Name" / "caption (Photo Credit : X)" / "caption (Name/AP)".
 * Returns true and sets the caption length and credit span when the line ends with one. */
static bool inline_credit(const char *s, size_t len, size_t *capn, size_t *cred_off,
                          size_t *credn)
{
    static const char *const MARKS[] = {"Credit...",    "Credit\xe2\x80\xa6", "Credit:",
                                        "Photo credit:", "Photo Credit:",     "Image credit:",
                                        "Photograph:",  "Photo:",             "Foto:"};
    bool marks = memchr(s, ':', len) != NULL;
    if (!marks) {
        const char *c = memchr(s, 'C', len);
        while (c && !marks) {
            marks = (size_t)(s + len - c) >= 6 && memcmp(c, "Credit", 6) == 0;
            c = c + 1 < s + len ? memchr(c + 1, 'C', (size_t)(s + len - c - 1)) : NULL;
        }
    }
    for (size_t k = 0; marks && k < sizeof MARKS / sizeof *MARKS; k++) {
        size_t m = strlen(MARKS[k]);
        const char *hit = len > m + 1 ? find_bytes(s + 1, len - 1, MARKS[k], m) : NULL;
        if (hit) {
            size_t i = (size_t)(hit - s);
            if (i + m < len) {
                size_t c = i + m;
                while (c < len && s[c] == ' ')
                    c++;
                size_t e = len;
                if (s[e - 1] == ')')
                    e--;
                *capn = rtrim(s, i);
                if (*capn > 0 && s[*capn - 1] == '(')
                    *capn = rtrim(s, *capn - 1);
                *cred_off = c;
                *credn = rtrim(s + c, e - c);
                return *credn > 0;
            }
        }
    }
    /* a final "(Name/Agency)" or "(ANTARA/Name)" group */
    if (len > 4 && s[len - 1] == ')') {
        size_t o = len - 1;
        while (o > 0 && s[o] != '(')
            o--;
        if (s[o] != '(' || o == 0)
            return false;
        const char *g = s + o + 1;
        size_t gn = len - 1 - (o + 1);
        if (gn < 3 || !memchr(g, '/', gn) || !starts_upper(g, gn))
            return false;
        int w = for_words(g, gn, NULL, NULL, 0);
        if (w < 1 || w > PAREN_CREDIT_MAX_WORDS)
            return false;
        *capn = rtrim(s, o);
        *cred_off = o + 1;
        *credn = gn;
        return *capn > 0;
    }
    return false;
}

/* ---- dateline ------------------------------------------------------------------------------ */

static bool is_upper_word_byte(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* "REPUBLIKA.CO.ID, PYONGYANG -- ", "WASHINGTON (Reuters) - ", "LONDON (AP) — ",
 * "JAKARTA, KOMPAS.com - ", "MADRID — ". Returns the length of the dateline prefix (the text
 * stays as printed) and fills place and outlet spans. */
static bool find_dateline(const char *s, size_t len, size_t *po, size_t *pn, size_t *oo,
                          size_t *on)
{
    /* the separator: " -- ", " - ", " — ", " – " within the first 80 bytes */
    size_t lim = len < 100 ? len : 100;
    size_t sep = SIZE_MAX, sepn = 0;
    for (size_t i = 1; i + 2 < lim; i++) {
        if (s[i] != ' ')
            continue;
        if (s[i + 1] == '-' && s[i + 2] == '-') {
            sep = i;
            sepn = 3;
        } else if (s[i + 1] == '-' && s[i + 2] == ' ') {
            sep = i;
            sepn = 2;
        } else if (i + 4 < lim && (unsigned char)s[i + 1] == 0xE2 &&
                   (unsigned char)s[i + 2] == 0x80 &&
                   ((unsigned char)s[i + 3] == 0x94 || (unsigned char)s[i + 3] == 0x93)) {
            sep = i;
            sepn = 4;
        }
        if (sep != SIZE_MAX)
            break;
    }
    (void)sepn;
    if (sep == SIZE_MAX || sep < 2)
        return false;
    /* head = s[0..sep): "PLACE", "PLACE (Outlet)", "OUTLET, PLACE", "PLACE, Outlet" */
    size_t hn = sep;
    size_t paren = SIZE_MAX;
    if (s[hn - 1] == ')') {
        size_t o = hn - 1;
        while (o > 0 && s[o] != '(')
            o--;
        if (s[o] == '(' && o > 0) {
            paren = o;
            *oo = o + 1;
            *on = hn - 1 - (o + 1);
            hn = rtrim(s, o);
        }
    }
    /* split at the last comma */
    size_t comma = SIZE_MAX;
    for (size_t i = 0; i < hn; i++)
        if (s[i] == ',')
            comma = i;
    size_t a = 0, an = hn;
    if (comma != SIZE_MAX) {
        /* one side is the place (upper case), the other the outlet or a date */
        size_t b = comma + 1;
        while (b < hn && s[b] == ' ')
            b++;
        bool left_outlet = memchr(s, '.', comma) != NULL;
        if (left_outlet) {
            *oo = 0;
            *on = comma;
            a = b;
            an = hn - b;
        } else {
            a = 0;
            an = comma;
            if (paren == SIZE_MAX) {
                *oo = b;
                *on = hn - b;
            }
        }
    } else if (paren == SIZE_MAX) {
        *oo = 0;
        *on = 0;
    }
    /* the place: upper-case words only */
    if (an == 0)
        return false;
    int words = 0;
    bool inword = false;
    for (size_t i = a; i < a + an; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '.' || c == '-' || c == '\'') {
            inword = false;
            continue;
        }
        if (!is_upper_word_byte(c))
            return false;
        if (!inword)
            words++;
        inword = true;
    }
    if (words < 1 || words > DATELINE_MAX_WORDS)
        return false;
    /* the outlet must not be a long phrase */
    if (*on > 40)
        *on = 0;
    *po = a;
    *pn = an;
    return true;
}

/* ---- metadata from the head ---------------------------------------------------------------- */

/* A credit such as "APA/Georg Hochmuth" or "Name / Agency/Getty": a slash between
 * capitalized words in a short line. */
static bool credit_shaped(const char *s, size_t len, int words)
{
    if (words > PAREN_CREDIT_MAX_WORDS)
        return false;
    const char *sl = memchr(s, '/', len);
    return sl && sl > s && sl + 1 < s + len && memmem(s, len, "://", 3) == NULL;
}

static bool title_like(const line *l)
{
    if (l->kind != K_TEXT || l->words < TITLE_MIN_WORDS || l->words > TITLE_MAX_WORDS ||
        !l->upper_start || (l->end_punct && l->words > 12) || l->caption)
        return false;
    char last = l->p[l->len - 1];
    if (last == ',' || last == ':' || last == '|')
        return false; /* a byline cut at a comma, a label */
    return !credit_shaped(l->p, l->len, l->words);
}

/* True when another line of the page ends with or equals this one ("Opinion|Title"). */
static bool echoed(const state *st, size_t i)
{
    const line *l = &st->lines[i];
    if (l->dup > 1)
        return true;
    const char *s = L(st, l);
    for (size_t j = 0; j < st->n; j++) {
        const line *m = &st->lines[j];
        if (j == i || m->len <= l->len || m->len > l->len + 40)
            continue;
        if (memcmp(L(st, m) + m->len - l->len, s, l->len) == 0)
            return true;
    }
    return false;
}

static bool set_str(char **dst, const char *s, size_t n)
{
    if (*dst || n == 0)
        return true;
    *dst = dupn(s, n);
    return *dst != NULL;
}

/* ---- main ---------------------------------------------------------------------------------- */

klpi_text_work *klpi_text_work_new(void)
{
    klpi_text_work *w = calloc(1, sizeof *w);
    if (w)
        klpi_buf_init(&w->norm, 0);
    return w;
}

void klpi_text_work_free(klpi_text_work *w)
{
    if (!w)
        return;
    klpi_buf_free(&w->norm);
    free(w->lines);
    free(w->masks);
    free(w->dslot);
    free(w->pidx);
    free(w);
}

/* Gives back the buffers a huge page made large. */
static void trim_work(klpi_text_work *w)
{
#define TRIM(p, cap)                                                                           \
    do {                                                                                       \
        if ((cap) * sizeof *(p) > WORK_KEEP_BYTES) {                                           \
            free(p);                                                                           \
            (p) = NULL;                                                                        \
            (cap) = 0;                                                                         \
        }                                                                                      \
    } while (0)
    if (w->norm.cap > WORK_KEEP_BYTES) {
        klpi_buf_free(&w->norm);
        klpi_buf_init(&w->norm, 0);
    }
    TRIM(w->lines, w->cap);
    TRIM(w->masks, w->capmask);
    TRIM(w->dslot, w->dcap);
    TRIM(w->pidx, w->pcap);
#undef TRIM
}

void klpi_text_result_clear(klpi_text_result *r)
{
    if (!r)
        return;
    free(r->text);
    free(r->title);
    free(r->description);
    free(r->author);
    free(r->date);
    free(r->sitename);
    free(r->dateline);
    for (size_t i = 0; i < r->n_images; i++) {
        free(r->images[i].caption);
        free(r->images[i].credit);
    }
    free(r->images);
    memset(r, 0, sizeof *r);
}

/* Marks the lines of the body in [a, b] and consumes what belongs to metadata. */
static bool clean_body(state *st, size_t a, size_t b)
{
    int related_left = 0;
    for (size_t i = a; i <= b; i++) {
        line *l = &st->lines[i];
        l->keep = false;
        if (l->consumed)
            continue;
        if (l->kind == K_RELATED) {
            related_left = RELATED_MAX_LINES;
            continue;
        }
        if (l->kind != K_TEXT)
            continue;
        if (related_left > 0) {
            bool prose = l->end_punct && l->words >= PROSE_MIN_WORDS;
            if (!prose) {
                related_left--;
                continue;
            }
            related_left = 0;
        }
        /* a line already kept once */
        if ((l->dup > 1 && st->lines[l->group].group_kept) || l->caption)
            continue;
        if (l->val < 0 && truncated_copy(st, i))
            continue;
        l->keep = true;
        st->lines[l->group].group_kept = true;
    }
    return true;
}

/* Finds captions and credits anywhere in the page. */
static bool find_images(state *st, size_t a, size_t b)
{
    for (size_t i = 0; i < st->n; i++) {
        line *l = &st->lines[i];
        const char *s = L(st, l);
        if (!l->classified)
            continue;
        if (l->kind == K_CREDIT) {
            size_t c = l->kind_arg;
            while (c < l->len && s[c] == ' ')
                c++;
            /* the caption is the line before (or after) that is not body text */
            const char *cap = NULL;
            size_t capn = 0;
            for (int d = 0; d < 2 && !cap; d++) {
                size_t j = d == 0 ? i - 1 : i + 1;
                if ((d == 0 && i == 0) || j >= st->n)
                    continue;
                line *m = &st->lines[j];
                if (m->kind != K_TEXT || m->words > 60)
                    continue;
                bool in_body = j >= a && j <= b && m->val > 0 && !truncated_copy(st, j);
                if (in_body && m->dup < 2)
                    continue;
                cap = L(st, m);
                capn = m->len;
                m->caption = true;
                m->consumed = true;
            }
            if (cap) {
                /* the same caption printed again next to the credit */
                for (size_t j = (i >= 3 ? i - 3 : 0); j < st->n && j <= i + 3; j++) {
                    line *m = &st->lines[j];
                    if (m->len == capn && memcmp(L(st, m), cap, capn) == 0) {
                        m->caption = true;
                        m->consumed = true;
                    }
                }
            }
            l->consumed = true;
            if (!add_image(st, cap, capn, s + c, l->len - c))
                return false;
            continue;
        }
        if (l->kind != K_TEXT || l->words > 80)
            continue;
        size_t capn, co, cn;
        if (inline_credit(s, l->len, &capn, &co, &cn)) {
            l->caption = true;
            l->consumed = true;
            if (!add_image(st, s, capn, s + co, cn))
                return false;
        }
    }
    return true;
}

static bool head_metadata(state *st, size_t a)
{
    klpi_text_result *r = st->out;
    /* date: the first date line of the page, the head first */
    for (size_t i = 0; i < st->n && !r->date; i++) {
        line *l = &st->lines[i];
        if (l->kind != K_DATE)
            continue;
        char buf[40];
        klpi_date d;
        size_t n = klpi_date_line(L(st, l), l->len, DATE_LINE_OTHER_WORDS, &d) ?
                       klpi_date_format(&d, buf, sizeof buf) :
                       0;
        if (n && !set_str(&r->date, buf, n))
            return false;
        l->consumed = true;
    }
    /* consume the other date lines of the head (an "Updated" line) */
    for (size_t i = 0; i < a; i++)
        if (st->lines[i].kind == K_DATE)
            st->lines[i].consumed = true;
    /* author: a byline near the body */
    size_t from = a > HEAD_WINDOW * 2 ? a - HEAD_WINDOW * 2 : 0;
    for (size_t i = from; i < st->n && i < a + 4 && !r->author; i++) {
        line *l = &st->lines[i];
        if (l->kind != K_BYLINE)
            continue;
        const char *s = L(st, l) + l->kind_arg;
        size_t n = l->len - l->kind_arg;
        /* "By Jane Doe and John Roe | Reuters": stop at a separator */
        for (size_t k = 0; k < n; k++) {
            if (s[k] == '|' || s[k] == '(' || (s[k] == ',' && k + 1 < n && s[k + 1] == ' ' &&
                                               for_words(s, k, NULL, NULL, 0) >= 2)) {
                n = k;
                break;
            }
        }
        n = rtrim(s, n);
        if (!set_str(&r->author, s, n))
            return false;
        l->consumed = true;
    }
    /* title: an echoed title-like line near the body, else the first title-like line
     * after the head's date line, else the last title-like line before the body */
    size_t lo = a > HEAD_WINDOW ? a - HEAD_WINDOW : 0;
    size_t title = SIZE_MAX;
    for (size_t i = a; i-- > lo;) {
        line *l = &st->lines[i];
        if (!l->consumed && title_like(l) && echoed(st, i)) {
            title = i;
            break;
        }
    }
    if (title == SIZE_MAX) {
        for (size_t i = lo; i < a; i++) {
            if (st->lines[i].kind == K_DATE) {
                for (size_t j = i + 1; j < a; j++) {
                    line *m = &st->lines[j];
                    if (m->consumed || m->kind != K_TEXT)
                        continue;
                    if (title_like(m))
                        title = j;
                    break;
                }
                break;
            }
        }
    }
    if (title == SIZE_MAX) {
        /* the last free line before the body, and the one before it: a headline and its
         * standfirst, or a headline alone */
        size_t l1 = SIZE_MAX, l0 = SIZE_MAX;
        for (size_t i = a; i-- > lo && l0 == SIZE_MAX;) {
            line *l = &st->lines[i];
            if (l->consumed || l->kind == K_DATE || l->kind == K_BYLINE || l->kind == K_CREDIT)
                continue;
            if (l->kind != K_TEXT)
                break; /* boilerplate: the head ends here */
            if (l1 == SIZE_MAX)
                l1 = i;
            else
                l0 = i;
        }
        if (l0 != SIZE_MAX && title_like(&st->lines[l0]) && !st->lines[l0].end_punct &&
            st->lines[l0].words >= TITLE_PAIR_MIN_WORDS && st->lines[l1].words >= DESC_MIN_WORDS &&
            st->lines[l1].words >= st->lines[l0].words && !credit_shaped(L(st, &st->lines[l1]), st->lines[l1].len, st->lines[l1].words))
            title = l0;
        else if (l1 != SIZE_MAX && title_like(&st->lines[l1]) && !st->lines[l1].end_punct)
            title = l1;
    }
    if (title != SIZE_MAX) {
        line *t = &st->lines[title];
        if (!set_str(&r->title, L(st, t), t->len))
            return false;
        t->consumed = true;
        /* description: the next free text line before the body */
        for (size_t j = title + 1; j < a; j++) {
            line *m = &st->lines[j];
            if (m->consumed || m->kind != K_TEXT)
                continue;
            if (m->hash == t->hash)
                continue;
            if (m->words >= DESC_MIN_WORDS && m->words <= DESC_MAX_WORDS) {
                if (!set_str(&r->description, L(st, m), m->len))
                    return false;
                m->consumed = true;
            }
            break;
        }
    }
    return true;
}

static bool edge_sentence(const line *l)
{
    return l->kind == K_TEXT && l->end_punct && l->words >= EDGE_MIN_WORDS && l->dup < 2 &&
           !l->has_url;
}

/* Short sentences at the edges of the run (a one-line opening or closing paragraph) are
 * part of it. */
static void grow_edges(state *st, size_t *a, size_t *b)
{
    for (int k = 0; k < EDGE_MAX_LINES && *a > 0 && edge_sentence(&st->lines[*a - 1]); k++)
        (*a)--;
    for (int k = 0; k < EDGE_MAX_LINES && *b + 1 < st->n && edge_sentence(&st->lines[*b + 1]);
         k++)
        (*b)++;
}

/* Lines at the start of the run that are the head's standfirst: a description line
 * followed by a byline, date or caption before the prose starts. */
static size_t skip_standfirst(state *st, size_t a, size_t b)
{
    while (a < b) {
        line *l = &st->lines[a];
        if (l->words > DESC_MAX_WORDS || l->kind != K_TEXT)
            break;
        line *n = &st->lines[a + 1];
        bool meta_next = n->kind == K_DATE || n->kind == K_BYLINE || n->kind == K_CREDIT;
        if (!meta_next)
            break;
        a++;
        while (a < b && st->lines[a].kind != K_TEXT)
            a++;
    }
    return a;
}

static bool build_text(state *st)
{
    klpi_buf t;
    klpi_buf_init(&t, 0);
    bool first = true;
    for (size_t i = 0; i < st->n; i++) {
        line *l = &st->lines[i];
        if (!l->keep)
            continue;
        if (!first && !klpi_buf_add(&t, "\n\n", 2))
            goto fail;
        if (!klpi_buf_add(&t, L(st, l), l->len))
            goto fail;
        first = false;
    }
    if (t.len == 0) {
        klpi_buf_free(&t);
        return true;
    }
    st->out->text = t.ptr;
    return true;
fail:
    klpi_buf_free(&t);
    return false;
}

static bool dateline(state *st)
{
    klpi_text_result *r = st->out;
    for (size_t i = 0; i < st->n; i++) {
        line *l = &st->lines[i];
        if (!l->keep)
            continue;
        size_t po, pn, oo = 0, on = 0;
        if (find_dateline(L(st, l), l->len, &po, &pn, &oo, &on)) {
            if (!set_str(&r->dateline, L(st, l) + po, pn))
                return false;
            if (on && !set_str(&r->sitename, L(st, l) + oo, on))
                return false;
        }
        break; /* only the first paragraph carries a dateline */
    }
    return true;
}

int klpi_text_extract(const char *s, size_t len, const klpi_text_opts *opts,
                      klpi_text_result *out, int *cut)
{
    memset(out, 0, sizeof *out);
    *cut = 0;
    state st;
    memset(&st, 0, sizeof st);
    st.out = out;
    klpi_text_work *tmp_work = NULL;
    st.w = opts ? opts->work : NULL;
    if (!st.w) {
        st.w = tmp_work = klpi_text_work_new();
        if (!st.w)
            return -1;
    }
    /* the buffers of the work area, given back at the end */
    st.norm = st.w->norm;
    st.norm.len = 0;
    st.lines = st.w->lines;
    st.cap = st.w->cap;
    st.masks = st.w->masks;
    st.capmask = st.w->capmask;
    bool ok = split_lines(&st, s, len, opts ? opts->max_line_bytes : 0, cut);
    if (ok)
        ok = count_dups(&st);
    st.lang_bit = -1;
    if (ok) {
        for (size_t i = 0; i < st.n; i++)
            st.lines[i].val = line_value(&st, &st.lines[i]);
        size_t a = 0, b = 0;
        bool found = best_run(&st, &a, &b);
        /* Stop words, the lexicon, dates and bylines matter only around the article: examine
         * the lines of a window around the best run, value them again, and look again, until
         * the run stays inside examined lines. */
        for (int round = 0; ok && found && round < CLASSIFY_ROUNDS; round++) {
            size_t w0 = a > CLASSIFY_BEFORE ? a - CLASSIFY_BEFORE : 0;
            size_t w1 = b + CLASSIFY_AFTER < st.n ? b + CLASSIFY_AFTER : st.n - 1;
            bool fresh = false;
            for (size_t i = w0; ok && i <= w1; i++) {
                if (!st.lines[i].classified)
                    ok = features_full(&st, &st.lines[i]);
            }
            if (!ok)
                break;
            if (!st.lang_known) {
                choose_language(&st);
                st.lang_known = true;
            }
            for (size_t i = w0; i <= w1; i++) {
                line *l = &st.lines[i];
                if (l->classified)
                    continue;
                count_stopwords(&st, l);
                classify(&st, l);
                l->val = line_value(&st, l);
                fresh = true;
            }
            if (!fresh)
                break;
            related_items(&st, w0, w1);
            found = best_run(&st, &a, &b);
        }
#ifdef KLP_TEXT_DEBUG
        for (size_t i = 0; i < st.n; i++)
            fprintf(stderr, "%3zu k%d w%d sw%d/%d p%d dup%d v%6.1f %s| %.*s\n", i, st.lines[i].kind,
                    st.lines[i].words, st.lines[i].sw, st.lines[i].sw_checked,
                    st.lines[i].end_punct, st.lines[i].dup, st.lines[i].val,
                    (i >= a && i <= b) ? "*" : " ",
                    (int)(st.lines[i].len < 90 ? st.lines[i].len : 90), L(&st, &st.lines[i]));
#endif
        if (found) {
            grow_edges(&st, &a, &b);
            a = skip_standfirst(&st, a, b);
            ok = find_images(&st, a, b) && head_metadata(&st, a) && clean_body(&st, a, b);
        }
        ok = ok && build_text(&st) && dateline(&st);
        size_t kept = 0;
        for (size_t i = 0; i < st.n; i++)
            kept += st.lines[i].keep;
        out->lines_in = st.n;
        out->lines_removed = st.n - kept;
    }
    st.w->norm = st.norm;
    st.w->lines = st.lines;
    st.w->cap = st.cap;
    st.w->masks = st.masks;
    st.w->capmask = st.capmask;
    if (tmp_work)
        klpi_text_work_free(tmp_work);
    else
        trim_work(st.w);
    if (!ok) {
        klpi_text_result_clear(out);
        return -1;
    }
    return 0;
}
