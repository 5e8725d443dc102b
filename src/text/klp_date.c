/* klp_date.c - finds dates written by people ("Senin, 12 Juni 2023 09.33 WIB", "Nov. 19, 2019")
 * and by machines ("2023-06-12T09:33:00+07:00") in arbitrary bytes and formats them as ISO 8601.
 * Pure functions: no allocation, no I/O, no locale, no global mutable state. */

#include "klp_date.h"

#include <stdint.h>
#include <string.h>

typedef unsigned char uch;

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------------------------
 * Data tables
 * ------------------------------------------------------------------------------------------ */

/* Names are lowercase ASCII. Input is compared case-insensitively after folding Latin-1 and
 * Latin Extended-A letters to their base letter, so "marz" matches "März"/"MÄRZ", "aout"
 * matches "août" and "wrzesnia" matches "września". A '\'' in a name matches ', ` or U+2019.
 *
 * k_months, k_weekdays, k_connectors and k_fillers are looked up by binary search: keep them
 * in strictly ascending strcmp order, without duplicates, and keep every name shorter than
 * KEY_MAX letters. Names with an apostrophe go into separate, unsorted tables. The comment on
 * each entry names the language group it was written for (many names are shared). */
typedef struct klp_name {
    const char *name;
    unsigned char value; /* month 1..12, weekday 1..7 (Monday = 1) */
    unsigned char flags;
} klp_name;

/* The name is also an ordinary word or a name in some language ("Gen 2 2018" is a product
 * generation, "Mars 3 2020" a planet): only accept it in day-first order ("2 gen 2018"). */
#define NF_DAYFIRST 1u

/* Months of en, id (with old spellings "Pebruari", "Nopember"), ms, de (Austrian "Jänner",
 * "Feber"), nl, fr, es, pt, it, pl (genitive, as used in dates, and nominative). Portuguese
 * "Out" (outubro) is left out: too common an English word. */
static const klp_name k_months[] = {
    {"abr", 4, 0},                    /* es */
    {"abril", 4, 0},                  /* es */
    {"ago", 8, NF_DAYFIRST},          /* es */
    {"agosto", 8, 0},                 /* es */
    {"ags", 8, 0},                    /* id */
    {"agt", 8, 0},                    /* id */
    {"agu", 8, 0},                    /* id */
    {"agus", 8, 0},                   /* id */
    {"agustus", 8, 0},                /* id */
    {"aout", 8, 0},                   /* fr */
    {"apr", 4, 0},                    /* en */
    {"april", 4, 0},                  /* en */
    {"aprile", 4, 0},                 /* it */
    {"aug", 8, 0},                    /* en */
    {"august", 8, 0},                 /* en */
    {"augustus", 8, 0},               /* nl */
    {"avr", 4, 0},                    /* fr */
    {"avril", 4, 0},                  /* fr */
    {"czerwca", 6, 0},                /* pl */
    {"czerwiec", 6, 0},               /* pl */
    {"dec", 12, 0},                   /* en */
    {"december", 12, 0},              /* en */
    {"decembre", 12, 0},              /* fr */
    {"des", 12, NF_DAYFIRST},         /* id */
    {"desember", 12, 0},              /* id */
    {"dez", 12, 0},                   /* de */
    {"dezember", 12, 0},              /* de */
    {"dezembro", 12, 0},              /* pt */
    {"dic", 12, 0},                   /* es */
    {"dicembre", 12, 0},              /* it */
    {"diciembre", 12, 0},             /* es */
    {"disember", 12, 0},              /* ms */
    {"ene", 1, NF_DAYFIRST},          /* es */
    {"enero", 1, 0},                  /* es */
    {"feb", 2, 0},                    /* en */
    {"febbraio", 2, 0},               /* it */
    {"feber", 2, 0},                  /* de */
    {"febrero", 2, 0},                /* es */
    {"februar", 2, 0},                /* de */
    {"februari", 2, 0},               /* id */
    {"february", 2, 0},               /* en */
    {"fev", 2, 0},                    /* fr */
    {"fevereiro", 2, 0},              /* pt */
    {"fevr", 2, 0},                   /* fr */
    {"fevrier", 2, 0},                /* fr */
    {"gen", 1, NF_DAYFIRST},          /* it */
    {"gennaio", 1, 0},                /* it */
    {"giu", 6, 0},                    /* it */
    {"giugno", 6, 0},                 /* it */
    {"grudnia", 12, 0},               /* pl */
    {"grudzien", 12, 0},              /* pl */
    {"jan", 1, 0},                    /* en */
    {"janeiro", 1, 0},                /* pt */
    {"janner", 1, 0},                 /* de */
    {"januar", 1, 0},                 /* de */
    {"januari", 1, 0},                /* id */
    {"january", 1, 0},                /* en */
    {"janv", 1, 0},                   /* fr */
    {"janvier", 1, 0},                /* fr */
    {"juil", 7, 0},                   /* fr */
    {"juillet", 7, 0},                /* fr */
    {"juin", 6, 0},                   /* fr */
    {"jul", 7, 0},                    /* en */
    {"julai", 7, 0},                  /* ms */
    {"julho", 7, 0},                  /* pt */
    {"juli", 7, 0},                   /* id */
    {"julio", 7, 0},                  /* es */
    {"july", 7, 0},                   /* en */
    {"jun", 6, 0},                    /* en */
    {"june", 6, 0},                   /* en */
    {"junho", 6, 0},                  /* pt */
    {"juni", 6, 0},                   /* id */
    {"junio", 6, 0},                  /* es */
    {"kwiecien", 4, 0},               /* pl */
    {"kwietnia", 4, 0},               /* pl */
    {"lipca", 7, 0},                  /* pl */
    {"lipiec", 7, 0},                 /* pl */
    {"listopad", 11, 0},              /* pl */
    {"listopada", 11, 0},             /* pl */
    {"lug", 7, 0},                    /* it */
    {"luglio", 7, 0},                 /* it */
    {"lutego", 2, 0},                 /* pl */
    {"luty", 2, 0},                   /* pl */
    {"maart", 3, 0},                  /* nl */
    {"mac", 3, NF_DAYFIRST},          /* ms */
    {"maerz", 3, 0},                  /* de */
    {"mag", 5, NF_DAYFIRST},          /* it */
    {"maggio", 5, 0},                 /* it */
    {"mai", 5, 0},                    /* de */
    {"maio", 5, 0},                   /* pt */
    {"maj", 5, 0},                    /* pl */
    {"maja", 5, 0},                   /* pl */
    {"mar", 3, 0},                    /* en */
    {"marca", 3, 0},                  /* pl */
    {"march", 3, 0},                  /* en */
    {"marco", 3, NF_DAYFIRST},        /* pt */
    {"maret", 3, 0},                  /* id */
    {"mars", 3, NF_DAYFIRST},         /* fr */
    {"marz", 3, 0},                   /* de */
    {"marzec", 3, 0},                 /* pl */
    {"marzo", 3, 0},                  /* es */
    {"may", 5, 0},                    /* en */
    {"mayo", 5, 0},                   /* es */
    {"mei", 5, 0},                    /* id */
    {"mrt", 3, 0},                    /* nl */
    {"mrz", 3, 0},                    /* de */
    {"nop", 11, 0},                   /* id */
    {"nopember", 11, 0},              /* id */
    {"nov", 11, 0},                   /* en */
    {"november", 11, 0},              /* en */
    {"novembre", 11, 0},              /* fr */
    {"noviembre", 11, 0},             /* es */
    {"oct", 10, 0},                   /* en */
    {"october", 10, 0},               /* en */
    {"octobre", 10, 0},               /* fr */
    {"octubre", 10, 0},               /* es */
    {"ogos", 8, 0},                   /* ms */
    {"okt", 10, 0},                   /* id */
    {"oktober", 10, 0},               /* id */
    {"ott", 10, 0},                   /* it */
    {"ottobre", 10, 0},               /* it */
    {"outubro", 10, 0},               /* pt */
    {"pazdziernik", 10, 0},           /* pl */
    {"pazdziernika", 10, 0},          /* pl */
    {"pebruari", 2, 0},               /* id */
    {"sep", 9, 0},                    /* en */
    {"sept", 9, 0},                   /* en */
    {"september", 9, 0},              /* en */
    {"septembre", 9, 0},              /* fr */
    {"septiembre", 9, 0},             /* es */
    {"set", 9, NF_DAYFIRST},          /* pt */
    {"setembro", 9, 0},               /* pt */
    {"setiembre", 9, 0},              /* es */
    {"settembre", 9, 0},              /* it */
    {"sierpien", 8, 0},               /* pl */
    {"sierpnia", 8, 0},               /* pl */
    {"styczen", 1, 0},                /* pl */
    {"stycznia", 1, 0},               /* pl */
    {"wrzesien", 9, 0},               /* pl */
    {"wrzesnia", 9, 0},               /* pl */
};

/* Weekdays of en, id, ms, de, fr, es, pt (optionally followed by "-feira"), it, nl, pl. */
static const klp_name k_weekdays[] = {
    {"ahad", 7, 0},                   /* id */
    {"czwartek", 4, 0},               /* pl */
    {"dienstag", 2, 0},               /* de */
    {"dimanche", 7, 0},               /* fr */
    {"dinsdag", 2, 0},                /* nl */
    {"domenica", 7, 0},               /* it */
    {"domingo", 7, 0},                /* es */
    {"donderdag", 4, 0},              /* nl */
    {"donnerstag", 4, 0},             /* de */
    {"freitag", 5, 0},                /* de */
    {"fri", 5, 0},                    /* en */
    {"friday", 5, 0},                 /* en */
    {"giovedi", 4, 0},                /* it */
    {"isnin", 1, 0},                  /* ms */
    {"jeudi", 4, 0},                  /* fr */
    {"jueves", 4, 0},                 /* es */
    {"jumaat", 5, 0},                 /* ms */
    {"jumat", 5, 0},                  /* id */
    {"kamis", 4, 0},                  /* id */
    {"khamis", 4, 0},                 /* ms */
    {"lundi", 1, 0},                  /* fr */
    {"lunedi", 1, 0},                 /* it */
    {"lunes", 1, 0},                  /* es */
    {"maandag", 1, 0},                /* nl */
    {"mardi", 2, 0},                  /* fr */
    {"martedi", 2, 0},                /* it */
    {"martes", 2, 0},                 /* es */
    {"mercoledi", 3, 0},              /* it */
    {"mercredi", 3, 0},               /* fr */
    {"miercoles", 3, 0},              /* es */
    {"minggu", 7, 0},                 /* id */
    {"mittwoch", 3, 0},               /* de */
    {"mon", 1, 0},                    /* en */
    {"monday", 1, 0},                 /* en */
    {"montag", 1, 0},                 /* de */
    {"niedziela", 7, 0},              /* pl */
    {"piatek", 5, 0},                 /* pl */
    {"poniedzialek", 1, 0},           /* pl */
    {"quarta", 3, 0},                 /* pt */
    {"quinta", 4, 0},                 /* pt */
    {"rabu", 3, 0},                   /* id */
    {"sabado", 6, 0},                 /* es */
    {"sabato", 6, 0},                 /* it */
    {"sabtu", 6, 0},                  /* id */
    {"samedi", 6, 0},                 /* fr */
    {"samstag", 6, 0},                /* de */
    {"sat", 6, 0},                    /* en */
    {"saturday", 6, 0},               /* en */
    {"segunda", 1, 0},                /* pt */
    {"selasa", 2, 0},                 /* id */
    {"senin", 1, 0},                  /* id */
    {"sexta", 5, 0},                  /* pt */
    {"sobota", 6, 0},                 /* pl */
    {"sonnabend", 6, 0},              /* de */
    {"sonntag", 7, 0},                /* de */
    {"sroda", 3, 0},                  /* pl */
    {"sun", 7, 0},                    /* en */
    {"sunday", 7, 0},                 /* en */
    {"terca", 2, 0},                  /* pt */
    {"thu", 4, 0},                    /* en */
    {"thur", 4, 0},                   /* en */
    {"thurs", 4, 0},                  /* en */
    {"thursday", 4, 0},               /* en */
    {"tue", 2, 0},                    /* en */
    {"tues", 2, 0},                   /* en */
    {"tuesday", 2, 0},                /* en */
    {"vendredi", 5, 0},               /* fr */
    {"venerdi", 5, 0},                /* it */
    {"viernes", 5, 0},                /* es */
    {"vrijdag", 5, 0},                /* nl */
    {"wed", 3, 0},                    /* en */
    {"wednesday", 3, 0},              /* en */
    {"woensdag", 3, 0},               /* nl */
    {"wtorek", 2, 0},                 /* pl */
    {"zaterdag", 6, 0},               /* nl */
    {"zondag", 7, 0},                 /* nl */
};

/* Weekday names with an apostrophe (matched one by one, see match_names_w). No name in
 * k_weekdays may equal the part of one of these before its apostrophe. */
static const klp_name k_weekdays_apos[] = {
    {"jum'at", 5, 0},                 /* id */
};

/* Months of ru, uk (genitive, as written in dates: "15 августа 2016") and bg, in lowercase
 * Cyrillic UTF-8. Matched one by one, letter by letter after lowering (see cyr_lower), and
 * only in day-first order. */
static const klp_name k_months_cyr[] = {
    /* ru: января февраля марта апреля мая июня
     * июля августа сентября октября ноября декабря */
    {"\xD1\x8F\xD0\xBD\xD0\xB2\xD0\xB0\xD1\x80\xD1\x8F", 1, 0},
    {"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD0\xB0\xD0\xBB\xD1\x8F", 2, 0},
    {"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0", 3, 0},
    {"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB5\xD0\xBB\xD1\x8F", 4, 0},
    {"\xD0\xBC\xD0\xB0\xD1\x8F", 5, 0},
    {"\xD0\xB8\xD1\x8E\xD0\xBD\xD1\x8F", 6, 0},
    {"\xD0\xB8\xD1\x8E\xD0\xBB\xD1\x8F", 7, 0},
    {"\xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82\xD0\xB0", 8, 0},
    {"\xD1\x81\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 9, 0},
    {"\xD0\xBE\xD0\xBA\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 10, 0},
    {"\xD0\xBD\xD0\xBE\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", 11, 0},
    {"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB0\xD0\xB1\xD1\x80\xD1\x8F", 12, 0},
    /* uk: січня лютого березня квітня травня червня
     * липня серпня вересня жовтня листопада грудня */
    {"\xD1\x81\xD1\x96\xD1\x87\xD0\xBD\xD1\x8F", 1, 0},
    {"\xD0\xBB\xD1\x8E\xD1\x82\xD0\xBE\xD0\xB3\xD0\xBE", 2, 0},
    {"\xD0\xB1\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB7\xD0\xBD\xD1\x8F", 3, 0},
    {"\xD0\xBA\xD0\xB2\xD1\x96\xD1\x82\xD0\xBD\xD1\x8F", 4, 0},
    {"\xD1\x82\xD1\x80\xD0\xB0\xD0\xB2\xD0\xBD\xD1\x8F", 5, 0},
    {"\xD1\x87\xD0\xB5\xD1\x80\xD0\xB2\xD0\xBD\xD1\x8F", 6, 0},
    {"\xD0\xBB\xD0\xB8\xD0\xBF\xD0\xBD\xD1\x8F", 7, 0},
    {"\xD1\x81\xD0\xB5\xD1\x80\xD0\xBF\xD0\xBD\xD1\x8F", 8, 0},
    {"\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB5\xD1\x81\xD0\xBD\xD1\x8F", 9, 0},
    {"\xD0\xB6\xD0\xBE\xD0\xB2\xD1\x82\xD0\xBD\xD1\x8F", 10, 0},
    {"\xD0\xBB\xD0\xB8\xD1\x81\xD1\x82\xD0\xBE\xD0\xBF\xD0\xB0\xD0\xB4\xD0\xB0", 11, 0},
    {"\xD0\xB3\xD1\x80\xD1\x83\xD0\xB4\xD0\xBD\xD1\x8F", 12, 0},
    /* bg: януари февруари март април май юни
     * юли август септември октомври ноември декември */
    {"\xD1\x8F\xD0\xBD\xD1\x83\xD0\xB0\xD1\x80\xD0\xB8", 1, 0},
    {"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD1\x83\xD0\xB0\xD1\x80\xD0\xB8", 2, 0},
    {"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82", 3, 0},
    {"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBB", 4, 0},
    {"\xD0\xBC\xD0\xB0\xD0\xB9", 5, 0},
    {"\xD1\x8E\xD0\xBD\xD0\xB8", 6, 0},
    {"\xD1\x8E\xD0\xBB\xD0\xB8", 7, 0},
    {"\xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82", 8, 0},
    {"\xD1\x81\xD0\xB5\xD0\xBF\xD1\x82\xD0\xB5\xD0\xBC\xD0\xB2\xD1\x80\xD0\xB8", 9, 0},
    {"\xD0\xBE\xD0\xBA\xD1\x82\xD0\xBE\xD0\xBC\xD0\xB2\xD1\x80\xD0\xB8", 10, 0},
    {"\xD0\xBD\xD0\xBE\xD0\xB5\xD0\xBC\xD0\xB2\xD1\x80\xD0\xB8", 11, 0},
    {"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB5\xD0\xBC\xD0\xB2\xD1\x80\xD0\xB8", 12, 0},
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
static const char *const k_connectors[] = { /* sorted */
    "a", "alle", "am", "at", "el", "godz", "jam", "kl", "las", "le", "o", "om", "on", "op",
    "ore", "pada", "pkl", "pukul", "um",
};

/* Words that may surround a date on a date line without counting as "other words": en,
 * id/ms ("diperbarui", "pukul"), de, fr, es/pt, it, nl, pl ("opublikowano", "dnia"). */
static const char *const k_fillers[] = { /* sorted */
    "a", "actualizado", "aggiornato", "aktualisiert", "aktualizacja", "alle", "am", "at",
    "atualizado", "bijgewerkt", "created", "date", "dated", "de", "del", "dikemaskini",
    "diperbaharui", "diperbarui", "dipublikasi", "dipublikasikan", "disiarkan", "ditayangkan",
    "diterbitkan", "diunggah", "dnia", "el", "em", "erstellt", "feira", "gepubliceerd", "godz",
    "hari", "il", "jam", "jour", "kemaskini", "las", "last", "le", "mis", "modifie", "modified",
    "o", "of", "om", "on", "op", "opublikowano", "ore", "pada", "pkl", "posted", "pubblicato",
    "publicado", "publie", "publiee", "published", "pukul", "stand", "tanggal", "tayang",
    "terbit", "the", "uhr", "um", "update", "updated", "veroeffentlicht", "veroffentlicht",
    "zaktualizowano", "zuletzt",
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

/* All sequences in k_uspaces and k_upunct start with one of these bytes and are complete
 * UTF-8 characters of 2 or 3 bytes (so none is a prefix of another). */
static bool sep_lead(int c) { return c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF; }

/* True when a sequence of k_uspaces or k_upunct ends exactly at s[i] (occupies s[i-l..i)). */
static bool sep_ends_at(const uch *s, size_t i) {
    for (size_t l = 2; l <= 3; l++) {
        if (l > i || !sep_lead(s[i - l]))
            continue;
        if (seq_at(s, i, i - l, k_uspaces, N_ELEMS(k_uspaces)) == l ||
            seq_at(s, i, i - l, k_upunct, N_ELEMS(k_upunct)) == l)
            return true;
    }
    return false;
}

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
    return !sep_ends_at(s, i);
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

/* Longer than any name in the tables (the longest, "veroeffentlicht", has 15 letters). */
#define KEY_MAX 24

/* The run of name letters (folded as by fold_at) at some position: a table name without an
 * apostrophe matches there exactly when it equals key[0..n) and the run is whole. */
typedef struct klp_word {
    char key[KEY_MAX];
    size_t n;   /* folded letters in key */
    size_t end; /* byte index just after them */
    bool whole; /* 0 < n < KEY_MAX and the letters are followed by a non-word character */
} klp_word;

static void read_word(const uch *s, size_t len, size_t i, klp_word *w) {
    size_t j = i, n = 0, cl;
    for (;;) {
        int f;
        int c = at(s, len, j);
        if (c >= 0 && c < 0x80) { /* ASCII fast path of fold_at */
            f = to_lower(c);
            cl = 1;
        } else {
            f = fold_at(s, len, j, &cl);
        }
        if (f < 'a' || f > 'z' || n == KEY_MAX)
            break;
        w->key[n++] = (char)f;
        j += cl;
    }
    w->n = n;
    w->end = j;
    /* KEY_MAX letters are too many for a name */
    w->whole = n > 0 && n < KEY_MAX && !is_word_at(s, len, j);
}

/* strcmp order of the key against a name. */
static int key_cmp(const klp_word *w, const char *name) {
    for (size_t k = 0; k < w->n; k++) {
        uch a = (uch)w->key[k], b = (uch)name[k];
        if (a != b)
            return a < b ? -1 : 1; /* also when the name ends (b == 0) */
    }
    return name[w->n] == '\0' ? 0 : -1;
}

/* Entry of a sorted name table equal to the whole word w, or NULL. */
static const klp_name *find_name(const klp_name *tab, size_t n, const klp_word *w) {
    if (!w->whole)
        return NULL;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(w, tab[mid].name);
        if (c == 0)
            return &tab[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* True when the whole word w is in the sorted list. */
static bool find_sorted(const char *const *list, size_t n, const klp_word *w) {
    if (!w->whole)
        return false;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(w, list[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

/* True when the whole word w is in the (short, unsorted) list. */
static bool find_list(const char *const *list, size_t n, const klp_word *w) {
    if (!w->whole)
        return false;
    for (size_t k = 0; k < n; k++)
        if (key_cmp(w, list[k]) == 0)
            return true;
    return false;
}

/* A character that an apostrophe in a name can match starts at s[i]. */
static bool apostrophe_lead(int c) { return c == '\'' || c == '`' || c == 0xE2; }

/* Name of the sorted table tab (or of its apostrophe table apos) at s[i], as a whole word.
 * At most one entry can match: names are unique, a whole word equals at most one of them,
 * and a name with an apostrophe never competes with one without (see k_weekdays_apos). */
static const klp_name *match_names_w(const klp_name *tab, size_t n, const klp_name *apos,
                                     size_t napos, const uch *s, size_t len, size_t i,
                                     const klp_word *w, size_t *end) {
    const klp_name *m = find_name(tab, n, w);
    if (m) {
        *end = w->end;
        return m;
    }
    if (napos && w->n > 0 && apostrophe_lead(at(s, len, w->end)))
        for (size_t k = 0; k < napos; k++)
            if (apos[k].name[0] == w->key[0] && match_name(s, len, i, apos[k].name, end))
                return &apos[k];
    return NULL;
}

static const klp_name *match_names(const klp_name *tab, size_t n, const klp_name *apos,
                                   size_t napos, const uch *s, size_t len, size_t i,
                                   size_t *end) {
    klp_word w;
    read_word(s, len, i, &w);
    return match_names_w(tab, n, apos, napos, s, len, i, &w, end);
}

#define WEEKDAYS k_weekdays, N_ELEMS(k_weekdays), k_weekdays_apos, N_ELEMS(k_weekdays_apos)
#define MONTHS k_months, N_ELEMS(k_months), NULL, 0

/* A word of a short unsorted list at s[i] (the lists have no apostrophes). */
static bool match_list(const char *const *list, size_t n, const uch *s, size_t len, size_t i,
                       size_t *end) {
    klp_word w;
    read_word(s, len, i, &w);
    if (!find_list(list, n, &w))
        return false;
    *end = w.end;
    return true;
}

/* A word of a sorted list at s[i] (the lists have no apostrophes). */
static bool match_sorted(const char *const *list, size_t n, const uch *s, size_t len,
                         size_t i, size_t *end) {
    klp_word w;
    read_word(s, len, i, &w);
    if (!find_sorted(list, n, &w))
        return false;
    *end = w.end;
    return true;
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
/* Lowercase code point of the Cyrillic letter (U+0400..U+047F, two bytes) at s[i], or -1. */
static int cyr_lower(const uch *s, size_t len, size_t i) {
    int c = at(s, len, i), c2 = at(s, len, i + 1);
    if ((c != 0xD0 && c != 0xD1) || c2 < 0x80 || c2 > 0xBF)
        return -1;
    int cp = ((c & 0x1F) << 6) | (c2 & 0x3F);
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    return cp;
}

/* A Cyrillic month name of k_months_cyr at s[i], as a whole word. */
static const klp_name *match_cyr_month(const uch *s, size_t len, size_t i, size_t *end) {
    if (cyr_lower(s, len, i) < 0)
        return NULL;
    for (size_t k = 0; k < N_ELEMS(k_months_cyr); k++) {
        const uch *p = (const uch *)k_months_cyr[k].name;
        size_t pl = strlen(k_months_cyr[k].name), q = 0;
        while (q < pl && cyr_lower(s, len, i + q) == cyr_lower(p, pl, q))
            q += 2;
        if (q == pl && !is_word_at(s, len, i + q)) {
            *end = i + q;
            return &k_months_cyr[k];
        }
    }
    return NULL;
}

static const klp_name *parse_month(const uch *s, size_t len, size_t i, size_t *name_end,
                                   size_t *end) {
    klp_word w;
    read_word(s, len, i, &w);
    const klp_name *m = match_names_w(MONTHS, s, len, i, &w, name_end);
    if (!m)
        m = match_cyr_month(s, len, i, name_end);
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

/* "June 12, 2023", "Jun. 12 2023", "Nov. 19, 2019", "November 19th, 2019". w is the word
 * at i. */
static bool parse_month_first(const uch *s, size_t len, size_t i, const klp_word *w,
                              klpi_date *d, size_t *end) {
    int day, year;
    size_t j, ne, e;
    const klp_name *m = match_names_w(MONTHS, s, len, i, w, &ne);
    if (!m || (m->flags & NF_DAYFIRST))
        return false;
    j = ne + (at(s, len, ne) == '.' ? 1u : 0u);
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

/* Puts the time of day (and its zone) into the date. */
static void set_time(klpi_date *d, const klp_time *t) {
    d->has_time = true;
    d->hour = t->hour;
    d->minute = t->minute;
    d->second = t->second;
    d->has_offset = t->has_offset;
    d->offset_minutes = t->has_offset ? t->offset : 0;
}

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
        } else if (match_sorted(k_connectors, N_ELEMS(k_connectors), s, len, p, &e)) {
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

/* Optional weekday at i ("Monday, ", "Senin ", "segunda-feira, "), w the word at i; returns
 * where the date would start (i when there is no weekday). */
static size_t skip_weekday(const uch *s, size_t len, size_t i, const klp_word *w) {
    size_t e;
    if (!match_names_w(WEEKDAYS, s, len, i, w, &e))
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
    klp_word w;
    read_word(s, len, i, &w);
    size_t j = skip_weekday(s, len, i, &w), de;
    int c = at(s, len, j);
    bool ok;
    if (is_digit(c)) {
        if (j > i && word_before(s, j))
            return false;
        bool chained = j >= 2 && is_one_of(s[j - 1], ".,:") && is_digit(s[j - 2]);
        ok = parse_numeric(s, len, j, &d, &de) ||
             (!chained && parse_day_first(s, len, j, &d, &de));
    } else if (j == i) {
        ok = parse_month_first(s, len, j, &w, &d, &de);
    } else {
        klp_word w2;
        read_word(s, len, j, &w2);
        ok = parse_month_first(s, len, j, &w2, &d, &de);
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
    if (has_time)
        set_time(&d, &t);
    *out = d;
    *sb = b;
    *se = e;
    return true;
}

/* ------------------------------------------------------------------------------------------
 * API
 * ------------------------------------------------------------------------------------------ */

/* Every date contains its year as a digit run of exactly four digits (parse_year, and the
 * four-digit part of parse_numeric). From the start of a date (a weekday, or the date itself)
 * to the first digit of its year there are at most: a weekday (12 letters of up to 2 bytes,
 * or "Jum'at"), "-feira", ".", 3 spaces of up to 3 bytes, ",", 3 spaces (55 bytes); then a
 * day with ordinal (6), a separator (19), "of"/"de" and spaces (13), a month name with "."
 * (25), a separator (19), "del" and spaces (15): 152 bytes in all (test_long_date has 138),
 * and 196 with names of KEY_MAX - 1 letters. So no date starts more than YEAR_REACH bytes
 * before the next such digit run; klpi_date_find skips the positions that do. */
#define YEAR_REACH 256u

/* True when one of the 8 bytes of x is an ASCII digit (exact: no carries between bytes). */
static bool has_digit8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101u, low7 = ones * 127u;
    uint64_t lo = x & low7;
    return ((ones * (127u + ':') - lo) & ~x & (lo + ones * (127u - '/')) & (ones * 128u)) != 0;
}

/* Start of the first digit run of exactly four digits that begins at or after i, or len. */
static size_t next_year_run(const uch *s, size_t len, size_t i) {
    size_t p = i;
    while (p < len) {
        uint64_t x;
        while (len - p >= 8) { /* skip text without digits 8 bytes at a time */
            memcpy(&x, s + p, 8);
            if (has_digit8(x))
                break;
            p += 8;
        }
        if (p >= len)
            break;
        if (!is_digit(s[p])) {
            p++;
            continue;
        }
        size_t q = p + 1;
        while (q < len && is_digit(s[q]))
            q++;
        if (q - p == 4 && (p == 0 || !is_digit(s[p - 1])))
            return p;
        p = q;
    }
    return len;
}

bool klpi_date_find(const char *s, size_t len, klpi_date *out, size_t *span_begin,
                    size_t *span_end) {
    if (s == NULL)
        return false;
    const uch *u = (const uch *)s;
    size_t y = next_year_run(u, len, 0);
    for (size_t i = 0; i < len; i++) {
        /* every date has its year at most YEAR_REACH bytes after its start */
        if (y < i)
            y = next_year_run(u, len, i);
        if (y >= len)
            break;
        if (y - i > YEAR_REACH)
            i = y - YEAR_REACH;
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

/* Two-digit years: 00..SHORT_YEAR_PIVOT-1 are 2000.., the rest 1900.. */
#define SHORT_YEAR_PIVOT 70

/* "31.10.23" at i: day, month and a two-digit year joined by dots, not part of a longer
 * chain of numbers ("1.2.19.4", "v1.2.19") nor followed by a letter. */
static bool parse_short_year(const uch *s, size_t len, size_t i, klpi_date *d, size_t *end) {
    int day, mon, yy;
    if (word_before(s, i) || (i >= 2 && is_one_of(s[i - 1], ".,:-/") && is_digit(s[i - 2])))
        return false;
    size_t n1 = digits_at(s, len, i, &day);
    if (n1 < 1 || n1 > 2 || at(s, len, i + n1) != '.')
        return false;
    size_t j = i + n1 + 1;
    size_t n2 = digits_at(s, len, j, &mon);
    if (n2 < 1 || n2 > 2 || at(s, len, j + n2) != '.')
        return false;
    j += n2 + 1;
    if (digits_at(s, len, j, &yy) != 2)
        return false;
    j += 2;
    int c = at(s, len, j);
    if (is_alpha(c) || (is_one_of(c, ".,:-/") && is_digit(at(s, len, j + 1))))
        return false;
    int y = yy < SHORT_YEAR_PIVOT ? 2000 + yy : 1900 + yy;
    if (!valid_date(y, mon, day))
        return false;
    memset(d, 0, sizeof *d);
    d->year = y;
    d->month = mon;
    d->day = day;
    *end = j;
    return true;
}

bool klpi_date_find_short_year(const char *s, size_t len, klpi_date *out, size_t *span_begin,
                               size_t *span_end) {
    if (s == NULL)
        return false;
    if (klpi_date_find(s, len, out, span_begin, span_end))
        return true;
    const uch *u = (const uch *)s;
    for (size_t i = 0; i + 6 <= len; i++) {
        if (!is_digit(u[i]))
            continue;
        klpi_date d;
        size_t e;
        if (!parse_short_year(u, len, i, &d, &e))
            continue;
        klp_time t;
        if (time_after(u, len, e, &t)) {
            set_time(&d, &t);
            e = t.end;
        }
        if (out)
            *out = d;
        if (span_begin)
            *span_begin = i;
        if (span_end)
            *span_end = e;
        return true;
    }
    return false;
}

/* Words in s[i..len) that are neither fillers, weekdays nor stray times; stops counting
 * once the count exceeds limit. */
static int count_other_words(const uch *s, size_t len, size_t i, int limit) {
    int n = 0;
    while (i < len && n <= limit) {
        if (!is_word_at(s, len, i)) {
            size_t l = space_len(s, len, i);
            if (l == 0)
                l = upunct_len(s, len, i);
            i += l ? l : 1;
            continue;
        }
        size_t e;
        klp_time t;
        if (match_names(WEEKDAYS, s, len, i, &e) ||
            match_sorted(k_fillers, N_ELEMS(k_fillers), s, len, i, &e)) {
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
    if (max_other_words < 0)
        max_other_words = 0;
    if (!klpi_date_find(s, len, &first, &b, &e))
        return false;
    int others = count_other_words(u, b, 0, max_other_words);
    size_t cur = e;
    /* Further dates on the line ("Published 12 June 2023, updated 13 June 2023") are
     * allowed too; the first one is returned. */
    while (others <= max_other_words && cur < len) {
        if (!klpi_date_find(s + cur, len - cur, &d, &b, &e)) {
            others += count_other_words(u + cur, len - cur, 0, max_other_words - others);
            break;
        }
        others += count_other_words(u + cur, b, 0, max_other_words - others);
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
    /* the years the parser accepts (klp_date.h), nothing else */
    if (d == NULL || d->year < 1900 || d->year > 2100 || d->month < 1 || d->month > 12 ||
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
