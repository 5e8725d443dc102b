/* klp_date.c - finds dates written by people ("Senin, 12 Juni 2023 09.33 WIB", "Nov. 19, 2019")
 * and by machines ("2023-06-12T09:33:00+07:00") in arbitrary bytes and formats them as ISO 8601.
 * Pure functions: no allocation, no I/O, no locale, no global mutable state. */

#include "klp_date.h"

#include <string.h>

typedef unsigned char uch;

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------------------------
 * Data tables
 * ------------------------------------------------------------------------------------------ */

/* Names are lowercase ASCII. Input is compared case-insensitively after folding Latin-1 and
 * Latin Extended-A letters to their base letter, so "marz" matches "März"/"MÄRZ", "aout"
 * matches "août" and "wrzesnia" matches "września". A '\'' in a name matches ', ` or U+2019. */
typedef struct klp_name {
    const char *name;
    unsigned char value; /* month 1..12, weekday 1..7 (Monday = 1) */
    unsigned char flags;
} klp_name;

/* The name is also an ordinary word or a name in some language ("Gen 2 2018" is a product
 * generation, "Mars 3 2020" a planet): only accept it in day-first order ("2 gen 2018"). */
#define NF_DAYFIRST 1u

static const klp_name k_months[] = {
    /* English */
    {"january", 1, 0}, {"february", 2, 0}, {"march", 3, 0}, {"april", 4, 0}, {"may", 5, 0},
    {"june", 6, 0}, {"july", 7, 0}, {"august", 8, 0}, {"september", 9, 0}, {"october", 10, 0},
    {"november", 11, 0}, {"december", 12, 0},
    {"jan", 1, 0}, {"feb", 2, 0}, {"mar", 3, 0}, {"apr", 4, 0}, {"jun", 6, 0}, {"jul", 7, 0},
    {"aug", 8, 0}, {"sep", 9, 0}, {"sept", 9, 0}, {"oct", 10, 0}, {"nov", 11, 0}, {"dec", 12, 0},
    /* Indonesian (incl. old spellings) */
    {"januari", 1, 0}, {"februari", 2, 0}, {"pebruari", 2, 0}, {"maret", 3, 0}, {"mei", 5, 0},
    {"juni", 6, 0}, {"juli", 7, 0}, {"agustus", 8, 0}, {"oktober", 10, 0}, {"nopember", 11, 0},
    {"desember", 12, 0},
    {"agu", 8, 0}, {"agt", 8, 0}, {"ags", 8, 0}, {"agus", 8, 0}, {"okt", 10, 0}, {"nop", 11, 0},
    {"des", 12, NF_DAYFIRST},
    /* Malay */
    {"mac", 3, NF_DAYFIRST}, {"julai", 7, 0}, {"ogos", 8, 0}, {"disember", 12, 0},
    /* German (Austrian "Jänner", "Feber") */
    {"januar", 1, 0}, {"janner", 1, 0}, {"februar", 2, 0}, {"feber", 2, 0}, {"marz", 3, 0},
    {"maerz", 3, 0}, {"mai", 5, 0}, {"dezember", 12, 0},
    {"mrz", 3, 0}, {"dez", 12, 0},
    /* Dutch */
    {"maart", 3, 0}, {"augustus", 8, 0}, {"mrt", 3, 0},
    /* French */
    {"janvier", 1, 0}, {"fevrier", 2, 0}, {"mars", 3, NF_DAYFIRST}, {"avril", 4, 0},
    {"juin", 6, 0}, {"juillet", 7, 0}, {"aout", 8, 0}, {"septembre", 9, 0}, {"octobre", 10, 0},
    {"novembre", 11, 0}, {"decembre", 12, 0},
    {"janv", 1, 0}, {"fevr", 2, 0}, {"fev", 2, 0}, {"avr", 4, 0}, {"juil", 7, 0},
    /* Spanish */
    {"enero", 1, 0}, {"febrero", 2, 0}, {"marzo", 3, 0}, {"abril", 4, 0}, {"mayo", 5, 0},
    {"junio", 6, 0}, {"julio", 7, 0}, {"agosto", 8, 0}, {"septiembre", 9, 0},
    {"setiembre", 9, 0}, {"octubre", 10, 0}, {"noviembre", 11, 0}, {"diciembre", 12, 0},
    {"ene", 1, NF_DAYFIRST}, {"abr", 4, 0}, {"ago", 8, NF_DAYFIRST}, {"dic", 12, 0},
    /* Portuguese ("Out" for outubro is left out: too common an English word) */
    {"janeiro", 1, 0}, {"fevereiro", 2, 0}, {"marco", 3, NF_DAYFIRST}, {"maio", 5, 0},
    {"junho", 6, 0}, {"julho", 7, 0}, {"setembro", 9, 0}, {"outubro", 10, 0},
    {"dezembro", 12, 0},
    {"set", 9, NF_DAYFIRST},
    /* Italian */
    {"gennaio", 1, 0}, {"febbraio", 2, 0}, {"aprile", 4, 0}, {"maggio", 5, 0},
    {"giugno", 6, 0}, {"luglio", 7, 0}, {"settembre", 9, 0}, {"ottobre", 10, 0},
    {"dicembre", 12, 0},
    {"gen", 1, NF_DAYFIRST}, {"mag", 5, NF_DAYFIRST}, {"giu", 6, 0}, {"lug", 7, 0},
    {"ott", 10, 0},
    /* Polish: genitive (used in dates) and nominative */
    {"stycznia", 1, 0}, {"lutego", 2, 0}, {"marca", 3, 0}, {"kwietnia", 4, 0}, {"maja", 5, 0},
    {"czerwca", 6, 0}, {"lipca", 7, 0}, {"sierpnia", 8, 0}, {"wrzesnia", 9, 0},
    {"pazdziernika", 10, 0}, {"listopada", 11, 0}, {"grudnia", 12, 0},
    {"styczen", 1, 0}, {"luty", 2, 0}, {"marzec", 3, 0}, {"kwiecien", 4, 0}, {"maj", 5, 0},
    {"czerwiec", 6, 0}, {"lipiec", 7, 0}, {"sierpien", 8, 0}, {"wrzesien", 9, 0},
    {"pazdziernik", 10, 0}, {"listopad", 11, 0}, {"grudzien", 12, 0},
};

static const klp_name k_weekdays[] = {
    /* English */
    {"monday", 1, 0}, {"tuesday", 2, 0}, {"wednesday", 3, 0}, {"thursday", 4, 0},
    {"friday", 5, 0}, {"saturday", 6, 0}, {"sunday", 7, 0},
    {"mon", 1, 0}, {"tue", 2, 0}, {"tues", 2, 0}, {"wed", 3, 0}, {"thu", 4, 0}, {"thur", 4, 0},
    {"thurs", 4, 0}, {"fri", 5, 0}, {"sat", 6, 0}, {"sun", 7, 0},
    /* Indonesian */
    {"senin", 1, 0}, {"selasa", 2, 0}, {"rabu", 3, 0}, {"kamis", 4, 0}, {"jumat", 5, 0},
    {"jum'at", 5, 0}, {"sabtu", 6, 0}, {"minggu", 7, 0}, {"ahad", 7, 0},
    /* Malay (Selasa, Rabu, Sabtu, Ahad as above) */
    {"isnin", 1, 0}, {"khamis", 4, 0}, {"jumaat", 5, 0},
    /* German */
    {"montag", 1, 0}, {"dienstag", 2, 0}, {"mittwoch", 3, 0}, {"donnerstag", 4, 0},
    {"freitag", 5, 0}, {"samstag", 6, 0}, {"sonnabend", 6, 0}, {"sonntag", 7, 0},
    /* French */
    {"lundi", 1, 0}, {"mardi", 2, 0}, {"mercredi", 3, 0}, {"jeudi", 4, 0}, {"vendredi", 5, 0},
    {"samedi", 6, 0}, {"dimanche", 7, 0},
    /* Spanish */
    {"lunes", 1, 0}, {"martes", 2, 0}, {"miercoles", 3, 0}, {"jueves", 4, 0},
    {"viernes", 5, 0}, {"sabado", 6, 0}, {"domingo", 7, 0},
    /* Portuguese (optionally followed by "-feira") */
    {"segunda", 1, 0}, {"terca", 2, 0}, {"quarta", 3, 0}, {"quinta", 4, 0}, {"sexta", 5, 0},
    /* Italian */
    {"lunedi", 1, 0}, {"martedi", 2, 0}, {"mercoledi", 3, 0}, {"giovedi", 4, 0},
    {"venerdi", 5, 0}, {"sabato", 6, 0}, {"domenica", 7, 0},
    /* Dutch */
    {"maandag", 1, 0}, {"dinsdag", 2, 0}, {"woensdag", 3, 0}, {"donderdag", 4, 0},
    {"vrijdag", 5, 0}, {"zaterdag", 6, 0}, {"zondag", 7, 0},
    /* Polish */
    {"poniedzialek", 1, 0}, {"wtorek", 2, 0}, {"sroda", 3, 0}, {"czwartek", 4, 0},
    {"piatek", 5, 0}, {"sobota", 6, 0}, {"niedziela", 7, 0},
};

/* Time zones. Offsets in minutes east of UTC. Names without daylight information ("ET",
 * "CT", "MT", "PT") get the standard-time offset (ET = EST = -05:00): we cannot know the
 * season's rule from the name alone and a fixed, documented answer beats guessing. "CST" is
 * US Central, "IST" India, "BST" British Summer Time. */
#define ZF_ANYCASE 1u /* also accepted in lowercase ("wib"); the others must be uppercase */
#define ZF_GMT 2u     /* may carry an explicit offset: "GMT+7", "UTC+5:30", "UTC-3" */

typedef struct klp_zone {
    const char *name; /* uppercase ASCII */
    short offset;
    unsigned char flags;
} klp_zone;

static const klp_zone k_zones[] = {
    {"WIB", 420, ZF_ANYCASE}, {"WITA", 480, ZF_ANYCASE}, {"WIT", 540, ZF_ANYCASE},
    {"UTC", 0, ZF_ANYCASE | ZF_GMT}, {"GMT", 0, ZF_ANYCASE | ZF_GMT},
    {"ET", -300, 0}, {"EST", -300, 0}, {"EDT", -240, 0},
    {"CT", -360, 0}, {"CST", -360, 0}, {"CDT", -300, 0},
    {"MT", -420, 0}, {"MST", -420, 0}, {"MDT", -360, 0},
    {"PT", -480, 0}, {"PST", -480, 0}, {"PDT", -420, 0},
    {"AKST", -540, 0}, {"AKDT", -480, 0}, {"HST", -600, 0},
    {"WET", 0, 0}, {"WEST", 60, 0}, {"BST", 60, 0},
    {"CET", 60, 0}, {"CEST", 120, 0}, {"MEZ", 60, 0}, {"MESZ", 120, 0},
    {"EET", 120, 0}, {"EEST", 180, 0}, {"MSK", 180, 0},
    {"WAT", 60, 0}, {"CAT", 120, 0}, {"EAT", 180, 0}, {"SAST", 120, 0},
    {"IST", 330, 0}, {"PKT", 300, 0}, {"ICT", 420, 0},
    {"SGT", 480, 0}, {"MYT", 480, 0}, {"HKT", 480, 0}, {"PHT", 480, 0}, {"PHST", 480, 0},
    {"AWST", 480, 0}, {"JST", 540, 0}, {"KST", 540, 0},
    {"ACST", 570, 0}, {"AEST", 600, 0}, {"AEDT", 660, 0}, {"NZST", 720, 0}, {"NZDT", 780, 0},
};

/* Words between a date and its time, or between a time and the date after it:
 * "12 Juni 2023 pukul 09.33", "June 12, 2023 at 9:02 AM", "12. Juni 2023 um 09:33 Uhr",
 * "12 juin 2023 à 09h33", "12 de junio de 2023 a las 09:33", "9:02 AM ET on Nov 19, 2019". */
static const char *const k_connectors[] = {
    "at", "on", "um", "am", "a", "las", "el", "le", "pukul", "pkl", "jam", "pada",
    "alle", "ore", "om", "op", "o", "godz", "kl",
};

/* Words that may surround a date on a date line without counting as "other words". */
static const char *const k_fillers[] = {
    /* English */
    "updated", "update", "published", "posted", "last", "modified", "created", "date",
    "dated", "on", "at", "the", "of",
    /* Indonesian / Malay */
    "diperbarui", "diperbaharui", "dipublikasikan", "dipublikasi", "diterbitkan", "diunggah",
    "ditayangkan", "terbit", "tayang", "pukul", "pkl", "jam", "pada", "tanggal", "hari",
    "dikemaskini", "kemaskini", "disiarkan",
    /* German */
    "aktualisiert", "veroffentlicht", "veroeffentlicht", "erstellt", "zuletzt", "stand", "am",
    "um", "uhr",
    /* French */
    "publie", "publiee", "mis", "a", "jour", "le", "modifie",
    /* Spanish / Portuguese */
    "publicado", "actualizado", "atualizado", "el", "las", "de", "del", "em", "feira",
    /* Italian */
    "pubblicato", "aggiornato", "il", "alle", "ore",
    /* Dutch */
    "gepubliceerd", "bijgewerkt", "op", "om",
    /* Polish */
    "opublikowano", "zaktualizowano", "aktualizacja", "dnia", "o", "godz",
};

/* Ordinal suffixes directly after a day number: "19th", "1er" (French). */
static const char *const k_ordinals[] = {"st", "nd", "rd", "th", "er"};

/* Words allowed between the day and the month ("19th of November", "12 de junio") and
 * between the month and the year ("de 2023", "del 2023"). */
static const char *const k_day_month_words[] = {"of", "de"};
static const char *const k_month_year_words[] = {"de", "del"};

/* What a '\'' in a table name matches: "Jum'at", "Jum`at", "Jum’at". */
static const char *const k_apostrophes[] = {"'", "`", "\xE2\x80\x99"};

/* Suffix words after a 24-hour time. */
static const char *const k_time_suffixes[] = {"uhr", "hrs"};

static const unsigned char k_days_in_month[12] = {31, 28, 31, 30, 31, 30,
                                                  31, 31, 30, 31, 30, 31};

/* U+00C0..U+00FF folded to a base letter; '?' for letters without a one-letter base. */
static const char k_latin1_fold[64] = "aaaaaa?ceeeeiiii"
                                      "dnooooo?ouuuuy??"
                                      "aaaaaa?ceeeeiiii"
                                      "dnooooo?ouuuuy?y";

/* Latin Extended-A letters used in month/weekday names, folded to a base letter. */
static const struct {
    unsigned short cp;
    char base;
} k_latin_ext_fold[] = {
    {0x104, 'a'}, {0x105, 'a'}, {0x106, 'c'}, {0x107, 'c'}, {0x10C, 'c'}, {0x10D, 'c'},
    {0x118, 'e'}, {0x119, 'e'}, {0x11A, 'e'}, {0x11B, 'e'}, {0x141, 'l'}, {0x142, 'l'},
    {0x143, 'n'}, {0x144, 'n'}, {0x147, 'n'}, {0x148, 'n'}, {0x150, 'o'}, {0x151, 'o'},
    {0x158, 'r'}, {0x159, 'r'}, {0x15A, 's'}, {0x15B, 's'}, {0x160, 's'}, {0x161, 's'},
    {0x164, 't'}, {0x165, 't'}, {0x16E, 'u'}, {0x16F, 'u'}, {0x170, 'u'}, {0x171, 'u'},
    {0x179, 'z'}, {0x17A, 'z'}, {0x17B, 'z'}, {0x17C, 'z'}, {0x17D, 'z'}, {0x17E, 'z'},
};

/* Non-ASCII whitespace: NBSP, U+2000..U+200B, narrow NBSP, medium math space, ideographic
 * space, BOM. */
static const char *const k_uspaces[] = {
    "\xC2\xA0",     "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",
    "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88",
    "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\x8B", "\xE2\x80\xAF", "\xE2\x81\x9F",
    "\xE3\x80\x80", "\xEF\xBB\xBF",
};

/* Non-ASCII punctuation that separates words: middle dot, guillemets, soft hyphen,
 * copyright sign, hyphens and dashes U+2010..U+2015, quotes, bullets, ellipsis, minus sign,
 * box-drawing bar, fullwidth bar. */
static const char *const k_upunct[] = {
    "\xC2\xB7",     "\xC2\xAB",     "\xC2\xBB",     "\xC2\xAD",     "\xC2\xA9",
    "\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92", "\xE2\x80\x93", "\xE2\x80\x94",
    "\xE2\x80\x95", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9A", "\xE2\x80\x9C",
    "\xE2\x80\x9D", "\xE2\x80\x9E", "\xE2\x80\xA2", "\xE2\x80\xA3", "\xE2\x80\xA6",
    "\xE2\x80\xB9", "\xE2\x80\xBA", "\xE2\x88\x92", "\xE2\x94\x82", "\xEF\xBD\x9C",
};

/* ------------------------------------------------------------------------------------------
 * Byte helpers (ASCII only, never locale dependent, never past len)
 * ------------------------------------------------------------------------------------------ */

static int at(const uch *s, size_t len, size_t i) { return i < len ? (int)s[i] : -1; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(int c) { return is_digit(c) || is_alpha(c); }
static int to_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }
static int to_upper(int c) { return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c; }

/* Length of the table sequence starting at s[i], or 0. */
static size_t seq_at(const uch *s, size_t len, size_t i, const char *const *tab, size_t n) {
    if (i >= len)
        return 0;
    for (size_t k = 0; k < n; k++) {
        if ((uch)tab[k][0] != s[i] ||
            (tab[k][1] != '\0' && (i + 1 >= len || (uch)tab[k][1] != s[i + 1])))
            continue;
        size_t l = strlen(tab[k]);
        if (l <= len - i && memcmp(s + i, tab[k], l) == 0)
            return l;
    }
    return 0;
}

/* True when a table sequence ends exactly at s[i] (i.e. occupies s[i-l..i)). */
static bool seq_ends_at(const uch *s, size_t i, const char *const *tab, size_t n) {
    for (size_t k = 0; k < n; k++) {
        size_t l = strlen(tab[k]);
        if (l <= i && (uch)tab[k][l - 1] == s[i - 1] && memcmp(s + i - l, tab[k], l) == 0)
            return true;
    }
    return false;
}

/* All sequences in k_uspaces and k_upunct start with one of these bytes. */
static bool sep_lead(int c) { return c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF; }

static size_t space_len(const uch *s, size_t len, size_t i) {
    int c = at(s, len, i);
    if (c < 0)
        return 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return 1;
    if (!sep_lead(c))
        return 0;
    return seq_at(s, len, i, k_uspaces, N_ELEMS(k_uspaces));
}

static size_t upunct_len(const uch *s, size_t len, size_t i) {
    if (!sep_lead(at(s, len, i)))
        return 0;
    return seq_at(s, len, i, k_upunct, N_ELEMS(k_upunct));
}

/* A word character: ASCII letter or digit, or a non-ASCII byte that does not start a known
 * space or punctuation sequence (so UTF-8 letters and invalid bytes count as letters). */
static bool is_word_at(const uch *s, size_t len, size_t i) {
    int c = at(s, len, i);
    if (c < 0)
        return false;
    if (c < 0x80)
        return is_alnum(c);
    return space_len(s, len, i) == 0 && upunct_len(s, len, i) == 0;
}

/* True when the character just before s[i] is a word character. */
static bool word_before(const uch *s, size_t i) {
    if (i == 0)
        return false;
    int c = s[i - 1];
    if (c < 0x80)
        return is_alnum(c);
    return !seq_ends_at(s, i, k_uspaces, N_ELEMS(k_uspaces)) &&
           !seq_ends_at(s, i, k_upunct, N_ELEMS(k_upunct));
}

static size_t skip_spaces(const uch *s, size_t len, size_t i, int max) {
    for (int n = 0; n < max; n++) {
        size_t l = space_len(s, len, i);
        if (l == 0)
            break;
        i += l;
    }
    return i;
}

/* Lowercase base letter of the character at s[i] (ASCII, Latin-1 and Latin Extended-A
 * letters), *clen = its byte length. Returns -1 at the end, a negative value or '?' for
 * characters that can never match a name. */
static int fold_at(const uch *s, size_t len, size_t i, size_t *clen) {
    int c = at(s, len, i);
    *clen = 1;
    if (c < 0)
        return -1;
    if (c < 0x80)
        return to_lower(c);
    int c2 = at(s, len, i + 1);
    if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && c2 >= 0x80 && c2 <= 0xBF) {
        unsigned cp = ((unsigned)(c & 0x1F) << 6) | (unsigned)(c2 & 0x3F);
        *clen = 2;
        if (cp >= 0xC0 && cp <= 0xFF)
            return k_latin1_fold[cp - 0xC0];
        for (size_t k = 0; k < N_ELEMS(k_latin_ext_fold); k++)
            if (k_latin_ext_fold[k].cp == cp)
                return k_latin_ext_fold[k].base;
        return '?';
    }
    return -2;
}

/* Matches the table name at s[i] as a whole word (case- and accent-insensitive). */
static bool match_name(const uch *s, size_t len, size_t i, const char *name, size_t *end) {
    size_t j = i;
    for (const char *p = name; *p; p++) {
        if (*p == '\'') {
            size_t l = seq_at(s, len, j, k_apostrophes, N_ELEMS(k_apostrophes));
            if (l == 0)
                return false;
            j += l;
            continue;
        }
        size_t cl;
        if (fold_at(s, len, j, &cl) != *p)
            return false;
        j += cl;
    }
    if (is_word_at(s, len, j))
        return false;
    *end = j;
    return true;
}

static const klp_name *match_names(const klp_name *tab, size_t n, const uch *s, size_t len,
                                   size_t i, size_t *end) {
    size_t cl;
    int first = fold_at(s, len, i, &cl);
    if (first < 'a' || first > 'z')
        return NULL;
    for (size_t k = 0; k < n; k++)
        if (tab[k].name[0] == first && match_name(s, len, i, tab[k].name, end))
            return &tab[k];
    return NULL;
}

static bool match_list(const char *const *list, size_t n, const uch *s, size_t len, size_t i,
                       size_t *end) {
    size_t cl;
    int first = fold_at(s, len, i, &cl);
    if (first < 'a' || first > 'z')
        return false;
    for (size_t k = 0; k < n; k++)
        if (list[k][0] == first && match_name(s, len, i, list[k], end))
            return true;
    return false;
}

/* Number of consecutive ASCII digits at s[i]; *val = value of the first 9 of them. */
static size_t digits_at(const uch *s, size_t len, size_t i, int *val) {
    size_t n = 0;
    int v = 0;
    for (int c = at(s, len, i); is_digit(c); c = at(s, len, i + n)) {
        if (n < 9)
            v = v * 10 + (c - '0');
        n++;
    }
    *val = v;
    return n;
}

static bool valid_date(int y, int m, int d) {
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
        return false;
    int dim = k_days_in_month[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        dim = 29;
    return d <= dim;
}

static bool is_one_of(int c, const char *set) {
    if (c <= 0)
        return false;
    for (; *set; set++)
        if (c == (uch)*set)
            return true;
    return false;
}

/* ------------------------------------------------------------------------------------------
 * Dates
 * ------------------------------------------------------------------------------------------ */

/* Separator between textual date parts: spaces, at most one of , - / . and spaces. */
static size_t skip_dsep(const uch *s, size_t len, size_t i) {
    i = skip_spaces(s, len, i, 3);
    if (is_one_of(at(s, len, i), ",-/."))
        i++;
    return skip_spaces(s, len, i, 3);
}

/* Exactly four digits, 1900..2100, not followed by a letter or by ".digit". */
static bool parse_year(const uch *s, size_t len, size_t i, int *y, size_t *end) {
    int v;
    if (digits_at(s, len, i, &v) != 4)
        return false;
    int c = at(s, len, i + 4);
    if (is_alpha(c) || (c == '.' && is_digit(at(s, len, i + 5))))
        return false;
    if (v < 1900 || v > 2100)
        return false;
    *y = v;
    *end = i + 4;
    return true;
}

/* One or two digits 1..31 with an optional ordinal suffix ("19th", "1er"). */
static bool parse_day(const uch *s, size_t len, size_t i, int *d, size_t *end) {
    int v;
    size_t n = digits_at(s, len, i, &v);
    if (n < 1 || n > 2 || v < 1 || v > 31)
        return false;
    size_t j = i + n, e;
    if (match_list(k_ordinals, N_ELEMS(k_ordinals), s, len, j, &e))
        j = e;
    *d = v;
    *end = j;
    return true;
}

/* Month name or abbreviation with an optional dot. *name_end is the end before the dot. */
static const klp_name *parse_month(const uch *s, size_t len, size_t i, size_t *name_end,
                                   size_t *end) {
    const klp_name *m = match_names(k_months, N_ELEMS(k_months), s, len, i, name_end);
    if (m)
        *end = *name_end + (at(s, len, *name_end) == '.' ? 1u : 0u);
    return m;
}

/* "12 Jun 2023", "12 June, 2023", "12. Juni 2023", "12-Jun-2023", "19th of November 2019",
 * "12 de junio de 2023". */
static bool parse_day_first(const uch *s, size_t len, size_t i, klpi_date *d, size_t *end) {
    int day, year;
    size_t j, e, ne;
    if (!parse_day(s, len, i, &day, &j))
        return false;
    size_t p = skip_dsep(s, len, j);
    if (p == j)
        return false;
    if (match_list(k_day_month_words, N_ELEMS(k_day_month_words), s, len, p, &e)) {
        p = skip_spaces(s, len, e, 3);
        if (p == e)
            return false;
    }
    const klp_name *m = parse_month(s, len, p, &ne, &j);
    if (!m)
        return false;
    p = skip_dsep(s, len, j);
    if (p == ne)
        return false;
    if (match_list(k_month_year_words, N_ELEMS(k_month_year_words), s, len, p, &e)) {
        p = skip_spaces(s, len, e, 3);
        if (p == e)
            return false;
    }
    if (!parse_year(s, len, p, &year, &e) || !valid_date(year, m->value, day))
        return false;
    d->year = year;
    d->month = m->value;
    d->day = day;
    *end = e;
    return true;
}

/* "June 12, 2023", "Jun. 12 2023", "Nov. 19, 2019", "November 19th, 2019". */
static bool parse_month_first(const uch *s, size_t len, size_t i, klpi_date *d, size_t *end) {
    int day, year;
    size_t j, ne, e;
    const klp_name *m = parse_month(s, len, i, &ne, &j);
    if (!m || (m->flags & NF_DAYFIRST))
        return false;
    size_t p = skip_dsep(s, len, j);
    if (p == ne || !parse_day(s, len, p, &day, &j))
        return false;
    p = skip_dsep(s, len, j);
    if (p == j || !parse_year(s, len, p, &year, &e) || !valid_date(year, m->value, day))
        return false;
    d->year = year;
    d->month = m->value;
    d->day = day;
    *end = e;
    return true;
}

/* "2023-06-12", "2023/06/12", "2023.06.12", "12/06/2023", "12-06-2023", "12.06.2023",
 * "06/13/2023" (US order only when the second number cannot be a month). */
static bool parse_numeric(const uch *s, size_t len, size_t i, klpi_date *d, size_t *end) {
    int a, b, c;
    if (i >= 2 && is_one_of(s[i - 1], ".,:-/") && is_digit(s[i - 2]))
        return false; /* tail of a longer number chain: "1.2.2023.1", "0812-06-2023" */
    size_t n1 = digits_at(s, len, i, &a);
    int sep = at(s, len, i + n1);
    if (!is_one_of(sep, "-/."))
        return false;
    size_t j = i + n1 + 1;
    size_t n2 = digits_at(s, len, j, &b);
    if (n2 < 1 || n2 > 2)
        return false;
    j += n2;
    if (at(s, len, j) != sep)
        return false;
    j++;
    size_t n3 = digits_at(s, len, j, &c);
    int y, m, day;
    if (n1 == 4 && n3 >= 1 && n3 <= 2) {
        y = a, m = b, day = c;
    } else if (n1 >= 1 && n1 <= 2 && n3 == 4) {
        y = c;
        if (a > 12 && b > 12)
            return false;
        if (a <= 12 && b > 12)
            m = a, day = b; /* US order */
        else
            m = b, day = a; /* day first: the default */
    } else {
        return false;
    }
    j += n3;
    int nc = at(s, len, j);
    if (is_one_of(nc, ".-/") && is_digit(at(s, len, j + 1)) && !(n1 == 4 && sep == '/'))
        return false; /* "1.12.2023.4", "12-06-2023-55"; URL paths "2023/06/12/123" are ok */
    if (is_alpha(nc) && !(nc == 'T' && is_digit(at(s, len, j + 1))))
        return false;
    if (!valid_date(y, m, day))
        return false;
    d->year = y;
    d->month = m;
    d->day = day;
    *end = j;
    return true;
}

/* ------------------------------------------------------------------------------------------
 * Times and zones
 * ------------------------------------------------------------------------------------------ */

typedef struct klp_time {
    int hour, minute, second;
    bool has_offset;
    int offset;
    size_t end;
} klp_time;

/* "+07:00", "+0700", "+07" (strict: two-digit hours) or, with loose, also "+7", "+5:30". */
static bool parse_offset(const uch *s, size_t len, size_t i, bool loose, int *off,
                         size_t *end) {
    int sign = at(s, len, i);
    if (sign != '+' && sign != '-')
        return false;
    int h, m = 0;
    size_t j = i + 1;
    size_t n = digits_at(s, len, j, &h);
    if (n == 4) {
        m = h % 100;
        h /= 100;
        j += 4;
    } else if (n == 2 || (loose && n == 1)) {
        j += n;
        if (at(s, len, j) == ':') {
            int mm;
            if (digits_at(s, len, j + 1, &mm) != 2)
                return false;
            m = mm;
            j += 3;
        }
    } else {
        return false;
    }
    if (h > 14 || m > 59)
        return false;
    *off = (sign == '-' ? -1 : 1) * (h * 60 + m);
    *end = j;
    return true;
}

/* A zone right after a time: "Z" (attached), "+07:00", " +0700", " WIB", " GMT+7",
 * " UTC+5:30", " (WIB)". */
static bool parse_zone(const uch *s, size_t len, size_t i, int *off, size_t *end) {
    size_t j = skip_spaces(s, len, i, 2);
    bool spaced = j > i;
    bool paren = false;
    if (at(s, len, j) == '(') {
        paren = true;
        j++;
    }
    size_t e = 0;
    int o = 0;
    bool ok = false;
    int c = at(s, len, j);
    if (!spaced && !paren && c == 'Z' && !is_word_at(s, len, j + 1)) {
        ok = true;
        e = j + 1;
    } else if (c == '+' || c == '-') {
        ok = parse_offset(s, len, j, false, &o, &e) && !is_digit(at(s, len, e));
    } else if (is_alpha(c)) {
        for (size_t k = 0; k < N_ELEMS(k_zones) && !ok; k++) {
            const klp_zone *z = &k_zones[k];
            size_t l = strlen(z->name), q;
            for (q = 0; q < l; q++) {
                int zc = at(s, len, j + q);
                if (z->flags & ZF_ANYCASE)
                    zc = to_upper(zc);
                if (zc != (uch)z->name[q])
                    break;
            }
            if (q < l || is_word_at(s, len, j + l))
                continue;
            ok = true;
            o = z->offset;
            e = j + l;
            if (z->flags & ZF_GMT) {
                size_t r = e + (at(s, len, e) == ' ' ? 1u : 0u), re;
                int ro;
                if (parse_offset(s, len, r, true, &ro, &re) && !is_digit(at(s, len, re))) {
                    o = ro;
                    e = re;
                }
            }
        }
    }
    if (!ok)
        return false;
    if (paren) {
        if (at(s, len, e) != ')')
            return false;
        e++;
    }
    *off = o;
    *end = e;
    return true;
}

/* Time at i (callers make sure i starts a number): "09:33", "09:33:00", "09:33:00.123",
 * "9:02 AM", "9:02 a.m.", "12:00 noon", "09:33 Uhr";
 * with allow_dot also "09.33" and "09h33" (only used right after a date). A dotted time must
 * be followed by a zone, AM/PM, "Uhr" or a non-word ("10.50 persen" is not a time). */
static bool parse_time(const uch *s, size_t len, size_t i, bool allow_dot, klp_time *t) {
    int h, m, sec = 0, v;
    size_t n = digits_at(s, len, i, &h);
    if (n < 1 || n > 2)
        return false;
    size_t j = i + n;
    int sep = at(s, len, j);
    if (!(sep == ':' || (allow_dot && (sep == '.' || sep == 'h' || sep == 'H'))))
        return false;
    if (digits_at(s, len, j + 1, &m) != 2)
        return false;
    j += 3;
    if (sep != 'h' && sep != 'H' && at(s, len, j) == sep && is_digit(at(s, len, j + 1))) {
        if (digits_at(s, len, j + 1, &v) != 2)
            return false;
        sec = v;
        j += 3;
        if (sep == ':' && at(s, len, j) == '.' && is_digit(at(s, len, j + 1)))
            j += 1 + digits_at(s, len, j + 1, &v); /* fraction, ignored */
    }
    if (is_one_of(at(s, len, j), ".:") && is_digit(at(s, len, j + 1)))
        return false; /* "13.06.2023", "1:2:3:4" */
    if (is_alpha(at(s, len, j)) && (sep == 'h' || sep == 'H'))
        return false; /* "09h33m" */
    bool marked = false;
    size_t q = skip_spaces(s, len, j, 1), e;
    int c = to_lower(at(s, len, q));
    if (c == 'a' || c == 'p') {
        size_t r = q + 1;
        if (at(s, len, r) == '.')
            r++;
        if (to_lower(at(s, len, r)) == 'm') {
            r++;
            if (at(s, len, r) == '.')
                r++;
            if (!is_word_at(s, len, r)) {
                if (h < 1 || h > 12)
                    return false;
                h = h % 12 + (c == 'p' ? 12 : 0);
                marked = true;
                j = r;
            }
        }
    }
    if (!marked && h == 12 && m == 0 && match_name(s, len, q, "noon", &e)) {
        marked = true;
        j = e;
    }
    if (!marked && h == 12 && m == 0 && match_name(s, len, q, "midnight", &e)) {
        h = 0;
        marked = true;
        j = e;
    }
    if (!marked && match_list(k_time_suffixes, N_ELEMS(k_time_suffixes), s, len, q, &e)) {
        marked = true;
        j = e;
    }
    if (h > 23 || m > 59 || sec > 59)
        return false;
    t->hour = h;
    t->minute = m;
    t->second = sec;
    t->has_offset = false;
    t->offset = 0;
    int off;
    if (parse_zone(s, len, j, &off, &e)) {
        t->has_offset = true;
        t->offset = off;
        j = e;
        marked = true;
    }
    if (sep != ':' && !marked && is_word_at(s, len, skip_spaces(s, len, j, 4)))
        return false;
    t->end = j;
    return true;
}

/* Skips separators and connector words between a date and a time (either order). */
static size_t skip_connectors(const uch *s, size_t len, size_t i) {
    size_t p = i;
    int items = 0, spaces = 0;
    for (;;) {
        size_t l = space_len(s, len, p), e;
        if (l) {
            p += l;
            if (++spaces > 8)
                break;
            continue;
        }
        if (items >= 4)
            break;
        if (is_one_of(at(s, len, p), ",|-/;:(")) {
            p++;
        } else if ((l = upunct_len(s, len, p)) > 0) {
            p += l;
        } else if (match_list(k_connectors, N_ELEMS(k_connectors), s, len, p, &e)) {
            p = e + (at(s, len, e) == '.' ? 1u : 0u);
        } else {
            break;
        }
        items++;
    }
    return p;
}

/* A time after the date that ends at de: ISO "T09:33", or connectors then a time. */
static bool time_after(const uch *s, size_t len, size_t de, klp_time *t) {
    if (at(s, len, de) == 'T' && is_digit(at(s, len, de + 1)))
        return parse_time(s, len, de + 1, false, t);
    size_t p = skip_connectors(s, len, de);
    return p > de && parse_time(s, len, p, true, t);
}

/* A time (colon form) with optional zone shortly before the date that starts at db, joined
 * to it only by separators and connector words: "Published 3:45 p.m. ET Nov. 19, 2019". */
static bool time_before(const uch *s, size_t db, klp_time *t, size_t *tb) {
    size_t lo = db > 64 ? db - 64 : 0;
    for (size_t p = lo; p < db; p++) {
        if (!is_digit(s[p]) || word_before(s, p))
            continue;
        if (p >= 1 && is_one_of(s[p - 1], "+-")) /* "UTC+5:30 12 Jun": an offset */
            continue;
        if (p >= 2 && is_one_of(s[p - 1], ".:") && is_digit(s[p - 2]))
            continue;
        if (!parse_time(s, db, p, false, t) || t->end >= db)
            continue;
        if (skip_connectors(s, db, t->end) == db) {
            *tb = p;
            return true;
        }
    }
    return false;
}

/* Optional weekday at i ("Monday, ", "Senin ", "segunda-feira, "); returns where the date
 * would start (i when there is no weekday). */
static size_t skip_weekday(const uch *s, size_t len, size_t i) {
    size_t e;
    if (!match_names(k_weekdays, N_ELEMS(k_weekdays), s, len, i, &e))
        return i;
    size_t f;
    if (at(s, len, e) == '-' && match_name(s, len, e + 1, "feira", &f))
        e = f;
    if (at(s, len, e) == '.')
        e++;
    e = skip_spaces(s, len, e, 3);
    if (at(s, len, e) == ',')
        e++;
    return skip_spaces(s, len, e, 3);
}

/* A whole date (weekday, date, time, zone) starting at word start i. */
static bool parse_at(const uch *s, size_t len, size_t i, klpi_date *out, size_t *sb,
                     size_t *se) {
    klpi_date d;
    memset(&d, 0, sizeof d);
    size_t j = skip_weekday(s, len, i), de;
    int c = at(s, len, j);
    bool ok;
    if (is_digit(c)) {
        if (j > i && word_before(s, j))
            return false;
        bool chained = j >= 2 && is_one_of(s[j - 1], ".,:") && is_digit(s[j - 2]);
        ok = parse_numeric(s, len, j, &d, &de) ||
             (!chained && parse_day_first(s, len, j, &d, &de));
    } else {
        ok = parse_month_first(s, len, j, &d, &de);
    }
    if (!ok)
        return false;
    size_t b = i, e = de;
    klp_time t;
    bool has_time = false;
    if (time_after(s, len, de, &t)) {
        has_time = true;
        e = t.end;
    } else if (time_before(s, i, &t, &b)) {
        has_time = true;
    }
    if (has_time) {
        d.has_time = true;
        d.hour = t.hour;
        d.minute = t.minute;
        d.second = t.second;
        d.has_offset = t.has_offset;
        d.offset_minutes = t.has_offset ? t.offset : 0;
    }
    *out = d;
    *sb = b;
    *se = e;
    return true;
}

/* ------------------------------------------------------------------------------------------
 * API
 * ------------------------------------------------------------------------------------------ */

bool klpi_date_find(const char *s, size_t len, klpi_date *out, size_t *span_begin,
                    size_t *span_end) {
    if (s == NULL)
        return false;
    const uch *u = (const uch *)s;
    for (size_t i = 0; i < len; i++) {
        /* a date starts with a digit or a letter (ASCII, or a folded Latin letter) */
        int c = u[i];
        if (!is_alnum(c) && c != 0xC3 && c != 0xC4 && c != 0xC5)
            continue;
        if (!is_word_at(u, len, i) || word_before(u, i))
            continue;
        klpi_date d;
        size_t b, e;
        if (parse_at(u, len, i, &d, &b, &e)) {
            if (out)
                *out = d;
            if (span_begin)
                *span_begin = b;
            if (span_end)
                *span_end = e;
            return true;
        }
    }
    return false;
}

/* Words in s[i..len) that are neither fillers, weekdays nor stray times. */
static int count_other_words(const uch *s, size_t len, size_t i) {
    int n = 0;
    while (i < len) {
        if (!is_word_at(s, len, i)) {
            size_t l = space_len(s, len, i);
            if (l == 0)
                l = upunct_len(s, len, i);
            i += l ? l : 1;
            continue;
        }
        size_t e;
        klp_time t;
        if (match_names(k_weekdays, N_ELEMS(k_weekdays), s, len, i, &e) ||
            match_list(k_fillers, N_ELEMS(k_fillers), s, len, i, &e)) {
            i = e;
            continue;
        }
        if (is_digit(s[i]) && parse_time(s, len, i, false, &t)) {
            i = t.end;
            continue;
        }
        n++;
        while (is_word_at(s, len, i))
            i++;
    }
    return n;
}

bool klpi_date_line(const char *s, size_t len, int max_other_words, klpi_date *out) {
    if (s == NULL)
        return false;
    const uch *u = (const uch *)s;
    klpi_date first, d;
    size_t b, e;
    if (!klpi_date_find(s, len, &first, &b, &e))
        return false;
    if (max_other_words < 0)
        max_other_words = 0;
    int others = count_other_words(u, b, 0);
    size_t cur = e;
    /* Further dates on the line ("Published 12 June 2023, updated 13 June 2023") are
     * allowed too; the first one is returned. */
    while (others <= max_other_words && cur < len) {
        if (!klpi_date_find(s + cur, len - cur, &d, &b, &e)) {
            others += count_other_words(u + cur, len - cur, 0);
            break;
        }
        others += count_other_words(u + cur, b, 0);
        cur += e;
    }
    if (others > max_other_words)
        return false;
    if (out)
        *out = first;
    return true;
}

static size_t put_num(char *buf, size_t pos, int v, int width) {
    for (int k = width - 1; k >= 0; k--) {
        buf[pos + (size_t)k] = (char)('0' + v % 10);
        v /= 10;
    }
    return pos + (size_t)width;
}

size_t klpi_date_format(const klpi_date *d, char *buf, size_t cap) {
    if (buf == NULL || cap == 0)
        return 0;
    buf[0] = '\0';
    if (d == NULL || d->year < 0 || d->year > 9999 || d->month < 1 || d->month > 12 ||
        d->day < 1 || d->day > 31)
        return 0;
    bool with_time = d->has_time && d->hour >= 0 && d->hour <= 23 && d->minute >= 0 &&
                     d->minute <= 59 && d->second >= 0 && d->second <= 60;
    if (d->has_time && !with_time)
        return 0;
    bool with_off = with_time && d->has_offset;
    if (with_off && (d->offset_minutes <= -24 * 60 || d->offset_minutes >= 24 * 60))
        return 0;
    size_t need = 10 + (with_time ? 9u : 0u) + (with_off ? 6u : 0u);
    if (cap < need + 1)
        return 0;
    size_t p = put_num(buf, 0, d->year, 4);
    buf[p++] = '-';
    p = put_num(buf, p, d->month, 2);
    buf[p++] = '-';
    p = put_num(buf, p, d->day, 2);
    if (with_time) {
        buf[p++] = 'T';
        p = put_num(buf, p, d->hour, 2);
        buf[p++] = ':';
        p = put_num(buf, p, d->minute, 2);
        buf[p++] = ':';
        p = put_num(buf, p, d->second, 2);
    }
    if (with_off) {
        int o = d->offset_minutes;
        buf[p++] = o < 0 ? '-' : '+';
        if (o < 0)
            o = -o;
        p = put_num(buf, p, o / 60, 2);
        buf[p++] = ':';
        p = put_num(buf, p, o % 60, 2);
    }
    buf[p] = '\0';
    return p;
}
