/* The hot loops of the text analysis in C: segment.py's search tokens, tokenize.py's
 * words (and their count, with no list), and the index columns of those tokens
 * (``index_forms``, with a ``FormsCache``: services/indexer/analysis.py's ``index_columns``).
 *
 * No Unicode is derived here. Every class of a Basic Multilingual Plane character comes
 * from a table of 65,536 bytes (one byte a code point, one bit a class) that the calling
 * Python module builds from its own regular expressions, so a character is in a class here
 * exactly when Python's ``re`` puts it there. Above the BMP the classes are CPython's own
 * ``Py_UNICODE_ISALNUM`` (what ``str.isalnum`` and ``re``'s ``\w`` call: the patterns'
 * mark classes and joiners are all in the BMP), and for segment.py the astral ranges of its
 * CJK and break classes, handed over as (first, last) pairs. Thai, Lao, Khmer and Myanmar
 * are still segmented by segment.py's ``segment_run`` (ICU), which segment_tokens calls.
 * The tests compare both functions with the Python ones over every code point and over
 * random mixed text.
 *
 * tokenize's functions return -1 / None when the text has Thai (newmm segments it), as
 * soon as they see a Thai character.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* segment.py's table */
#define SEG_RUN 0x01     /* a character of a token: ``[^\W_]`` or a mark of ``_MARKS`` */
#define SEG_JOINER 0x02  /* a joiner (``JOINERS``): removed, the token read through it */
#define SEG_CJK 0x04     /* ``_CJK``: Han, kana, Hangul (bigrams) */
#define SEG_BREAK 0x08   /* ``_BREAK``: Thai, Lao, Myanmar, Khmer (``segment_run``) */

/* tokenize.py's table: the parts of ``WORD`` */
#define WORD_START 0x01  /* ``[^\W_]``: a word begins with it */
#define WORD_INSIDE 0x02 /* ``[\w _MARKS]``: a word goes on with it */
#define WORD_JOIN 0x04   /* ``['’-]``: joins two runs when a ``\w`` follows */
#define WORD_AFTER 0x08  /* ``\w``: what must follow a joining character */
#define WORD_THAI 0x10   /* ``THAI_RUN``'s class: the text needs Thai segmentation */

#define TABLE_SIZE 0x10000

static const unsigned char *
table_of(PyObject *table)
{
    if (!PyBytes_Check(table) || PyBytes_GET_SIZE(table) != TABLE_SIZE) {
        PyErr_SetString(PyExc_ValueError, "the class table must be 65536 bytes");
        return NULL;
    }
    return (const unsigned char *)PyBytes_AS_STRING(table);
}

/* The classes of an astral character for segment.py: a token character when alphanumeric,
 * CJK or to break when inside one of those ranges (tuples of (first, last) pairs). */
static int
in_ranges(Py_UCS4 c, PyObject *ranges)
{
    Py_ssize_t count = PyTuple_GET_SIZE(ranges);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *pair = PyTuple_GET_ITEM(ranges, i);
        long first = PyLong_AsLong(PyTuple_GET_ITEM(pair, 0));
        long last = PyLong_AsLong(PyTuple_GET_ITEM(pair, 1));
        if ((long)c >= first && (long)c <= last)
            return 1;
    }
    return 0;
}

/* The columns ``index_forms`` writes the tokens into (below), instead of a list. */
typedef struct Forms Forms;
static int forms_add(Forms *forms, PyObject *text, Py_ssize_t start, Py_ssize_t end);

typedef struct {
    const unsigned char *table;
    PyObject *astral_cjk;
    PyObject *astral_break;
    PyObject *segment_run;
    PyObject *out;  /* segment_tokens' list of tokens */
    Forms *forms;   /* or index_forms' columns (then out is NULL) */
} SegmentContext;

static inline int
segment_class(Py_UCS4 c, const SegmentContext *context)
{
    if (c < TABLE_SIZE)
        return context->table[c];
    return (Py_UNICODE_ISALNUM(c) ? SEG_RUN : 0)
           | (in_ranges(c, context->astral_cjk) ? SEG_CJK : 0)
           | (in_ranges(c, context->astral_break) ? SEG_BREAK : 0);
}

static int
check_ranges(PyObject *ranges)
{
    if (!PyTuple_Check(ranges))
        goto bad;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(ranges); i++) {
        PyObject *pair = PyTuple_GET_ITEM(ranges, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2
            || !PyLong_Check(PyTuple_GET_ITEM(pair, 0)) || !PyLong_Check(PyTuple_GET_ITEM(pair, 1)))
            goto bad;
        for (int j = 0; j < 2; j++) {
            long bound = PyLong_AsLong(PyTuple_GET_ITEM(pair, j));
            if (bound == -1 && PyErr_Occurred())
                return -1;
            if (bound < 0 || bound > 0x10FFFF)
                goto bad;
        }
    }
    return 0;
bad:
    PyErr_SetString(PyExc_TypeError, "astral ranges must be a tuple of (first, last) code point pairs");
    return -1;
}

/* text[start:end] without its joiners, as a new string; NULL on error. */
static PyObject *
without_joiners(int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
                const unsigned char *table)
{
    Py_ssize_t length = 0;
    Py_UCS4 widest = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < TABLE_SIZE && (table[c] & SEG_JOINER))
            continue;
        length++;
        if (c > widest)
            widest = c;
    }
    PyObject *out = PyUnicode_New(length, widest);
    if (out == NULL)
        return NULL;
    int out_kind = PyUnicode_KIND(out);
    void *out_data = PyUnicode_DATA(out);
    Py_ssize_t j = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < TABLE_SIZE && (table[c] & SEG_JOINER))
            continue;
        PyUnicode_WRITE(out_kind, out_data, j, c);
        j++;
    }
    return out;
}

/* A token found, text[start:end]: appended to the list, or to the columns. -1 on error. */
static int
emit_substring(const SegmentContext *context, PyObject *text, Py_ssize_t start, Py_ssize_t end)
{
    if (context->forms != NULL)
        return forms_add(context->forms, text, start, end);
    PyObject *token = PyUnicode_Substring(text, start, end);
    if (token == NULL)
        return -1;
    int failed = PyList_Append(context->out, token);
    Py_DECREF(token);
    return failed;
}

static int
emit_token(const SegmentContext *context, PyObject *token)
{
    if (context->forms == NULL)
        return PyList_Append(context->out, token);
    if (!PyUnicode_Check(token)) {
        PyErr_SetString(PyExc_TypeError, "segment_run must give str");
        return -1;
    }
    return forms_add(context->forms, token, 0, PyUnicode_GET_LENGTH(token));
}

/* The tokens of one run with a character to segment, text[start:end] (no joiners): as
 * ``_piece_tokens``, its stretches of CJK (bigrams), of a script to break (``segment_run``)
 * and of anything else (one token each). -1 on error. */
static int
append_pieces(PyObject *text, Py_ssize_t start, Py_ssize_t end, const SegmentContext *context)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t i = start;
    while (i < end) {
        int piece = segment_class(PyUnicode_READ(kind, data, i), context) & (SEG_CJK | SEG_BREAK);
        Py_ssize_t j = i + 1;
        while (j < end
               && (segment_class(PyUnicode_READ(kind, data, j), context) & (SEG_CJK | SEG_BREAK)) == piece)
            j++;
        if (piece == SEG_CJK && j - i >= 2) {
            for (Py_ssize_t p = i; p + 1 < j; p++)
                if (emit_substring(context, text, p, p + 2))
                    return -1;
        }
        else if (piece == SEG_BREAK) {
            PyObject *stretch = PyUnicode_Substring(text, i, j);
            if (stretch == NULL)
                return -1;
            PyObject *words = PyObject_CallOneArg(context->segment_run, stretch);
            Py_DECREF(stretch);
            if (words == NULL)
                return -1;
            PyObject *fast = PySequence_Fast(words, "segment_run must return a sequence");
            Py_DECREF(words);
            if (fast == NULL)
                return -1;
            for (Py_ssize_t w = 0; w < PySequence_Fast_GET_SIZE(fast); w++) {
                if (emit_token(context, PySequence_Fast_GET_ITEM(fast, w))) {
                    Py_DECREF(fast);
                    return -1;
                }
            }
            Py_DECREF(fast);
        }
        else if (emit_substring(context, text, i, j)) {
            return -1;
        }
        i = j;
    }
    return 0;
}

/* Append the tokens of the run text[start:end]: joiners removed when ``classes`` has
 * SEG_JOINER, pieces when it has a character to segment. -1 on error. */
static int
append_run(PyObject *text, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
           int classes, const SegmentContext *context)
{
    if (!(classes & (SEG_JOINER | SEG_CJK | SEG_BREAK)))
        return emit_substring(context, text, start, end);
    if (!(classes & SEG_JOINER))
        return append_pieces(text, start, end, context);
    PyObject *run = without_joiners(kind, data, start, end, context->table);
    if (run == NULL)
        return -1;
    int failed = 0;
    Py_ssize_t length = PyUnicode_GET_LENGTH(run);
    if (length > 0) {  /* a stretch of joiners alone is no token */
        if (classes & (SEG_CJK | SEG_BREAK))
            failed = append_pieces(run, 0, length, context);
        else
            failed = emit_token(context, run);
    }
    Py_DECREF(run);
    return failed;
}

/* The scan of ``segment_tokens`` for one string kind: maximal stretches of token characters
 * and joiners (the runs of the text without its joiners), each appended by ``append_run``.
 * -1 on error. */
#define DEFINE_SEGMENT_SCAN(NAME, TYPE)                                                      \
    static int NAME(PyObject *text, const TYPE *chars, Py_ssize_t n,                          \
                    const SegmentContext *context)                                            \
    {                                                                                         \
        const unsigned char *table = context->table;                                          \
        Py_ssize_t start = -1;                                                                \
        int classes = 0;                                                                      \
        for (Py_ssize_t i = 0; i < n; i++) {                                                  \
            Py_UCS4 c = chars[i];                                                             \
            int cls = c < TABLE_SIZE ? table[c] : segment_class(c, context);                  \
            if (cls & (SEG_RUN | SEG_JOINER)) {                                               \
                if (start < 0) {                                                              \
                    start = i;                                                                \
                    classes = 0;                                                              \
                }                                                                             \
                classes |= cls;                                                               \
            }                                                                                 \
            else if (start >= 0) {                                                            \
                if (append_run(text, sizeof(TYPE), chars, start, i, classes, context))        \
                    return -1;                                                                \
                start = -1;                                                                   \
            }                                                                                 \
        }                                                                                     \
        if (start >= 0 && append_run(text, sizeof(TYPE), chars, start, n, classes, context))  \
            return -1;                                                                        \
        return 0;                                                                             \
    }

DEFINE_SEGMENT_SCAN(segment_scan_1, Py_UCS1)
DEFINE_SEGMENT_SCAN(segment_scan_2, Py_UCS2)
DEFINE_SEGMENT_SCAN(segment_scan_4, Py_UCS4)

PyDoc_STRVAR(segment_tokens_doc,
"segment_tokens(text, table, astral_cjk, astral_break, segment_run, /)\n--\n\n"
"segment.tokens of an NFC text: its runs, CJK stretches as bigrams, stretches of a script\n"
"to break as segment_run gives them.");

/* The first five arguments of segment_tokens and index_forms into ``context``; -1 on error. */
static int
segment_context(PyObject *const *args, SegmentContext *context)
{
    if (!PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return -1;
    }
    context->table = table_of(args[1]);
    context->astral_cjk = args[2];
    context->astral_break = args[3];
    context->segment_run = args[4];
    if (context->table == NULL || check_ranges(args[2]) < 0 || check_ranges(args[3]) < 0)
        return -1;
    if (!PyCallable_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "segment_run must be callable");
        return -1;
    }
    return PyUnicode_READY(args[0]);
}

/* Every token of ``text`` into the context's list or columns; -1 on error. */
static int
segment_scan(PyObject *text, const SegmentContext *context)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return segment_scan_1(text, data, n, context);
    case PyUnicode_2BYTE_KIND:
        return segment_scan_2(text, data, n, context);
    default:
        return segment_scan_4(text, data, n, context);
    }
}

static PyObject *
segment_tokens(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "segment_tokens takes text, table, astral_cjk, astral_break, segment_run");
        return NULL;
    }
    SegmentContext context = {0};
    if (segment_context(args, &context) < 0)
        return NULL;
    context.out = PyList_New(0);
    if (context.out == NULL)
        return NULL;
    if (segment_scan(args[0], &context) < 0) {
        Py_DECREF(context.out);
        return NULL;
    }
    return context.out;
}

/* The classes of a character for tokenize.py's ``WORD``: an astral character is a word
 * character (start, inside, after a joining one) when alphanumeric, and nothing else. */
#define WORD_CLASS(c) \
    ((c) < TABLE_SIZE ? table[c] \
                      : (Py_UNICODE_ISALNUM(c) ? (WORD_START | WORD_INSIDE | WORD_AFTER) : 0))

/* ``WORD.findall`` over one string kind: each match appended to ``out`` when it is a list,
 * only counted when it is NULL. Returns the count, -1 when the text has Thai, -2 on error.
 *
 * The pattern, ``START INSIDE* (JOIN AFTER INSIDE*)*``, never fails once it has begun, so
 * its first (greedy) way is its match: take the start, every inside character, and a
 * joining character with the word character after it as long as there is one. */
#define DEFINE_WORD_SCAN(NAME, TYPE)                                                          \
    static Py_ssize_t NAME(PyObject *text, const TYPE *chars, Py_ssize_t n,                   \
                           const unsigned char *table, PyObject *out)                         \
    {                                                                                         \
        Py_ssize_t count = 0;                                                                 \
        Py_ssize_t i = 0;                                                                     \
        while (i < n) {                                                                       \
            int cls = WORD_CLASS(chars[i]);                                                   \
            if (cls & WORD_THAI)                                                              \
                return -1;                                                                    \
            if (!(cls & WORD_START)) {                                                        \
                i++;                                                                          \
                continue;                                                                     \
            }                                                                                 \
            Py_ssize_t start = i++;                                                           \
            for (;;) {                                                                        \
                while (i < n) {                                                               \
                    cls = WORD_CLASS(chars[i]);                                               \
                    if (cls & WORD_THAI)                                                      \
                        return -1;                                                            \
                    if (!(cls & WORD_INSIDE))                                                 \
                        break;                                                                \
                    i++;                                                                      \
                }                                                                             \
                if (i + 1 < n && (cls & WORD_JOIN)) {                                         \
                    int after = WORD_CLASS(chars[i + 1]);                                     \
                    if (after & WORD_THAI)                                                    \
                        return -1;                                                            \
                    if (after & WORD_AFTER) {                                                 \
                        i += 2;                                                               \
                        continue;                                                             \
                    }                                                                         \
                }                                                                             \
                break;                                                                        \
            }                                                                                 \
            count++;                                                                          \
            if (out != NULL) {                                                                \
                PyObject *word = PyUnicode_Substring(text, start, i);                         \
                if (word == NULL)                                                             \
                    return -2;                                                                \
                int failed = PyList_Append(out, word);                                        \
                Py_DECREF(word);                                                              \
                if (failed)                                                                   \
                    return -2;                                                                \
            }                                                                                 \
        }                                                                                     \
        return count;                                                                         \
    }

DEFINE_WORD_SCAN(word_scan_1, Py_UCS1)
DEFINE_WORD_SCAN(word_scan_2, Py_UCS2)
DEFINE_WORD_SCAN(word_scan_4, Py_UCS4)

static Py_ssize_t
word_scan(PyObject *const *args, Py_ssize_t nargs, const char *name, PyObject *out)
{
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "%s takes text, table", name);
        return -2;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return -2;
    }
    const unsigned char *table = table_of(args[1]);
    if (table == NULL || PyUnicode_READY(text) < 0)
        return -2;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return word_scan_1(text, data, n, table, out);
    case PyUnicode_2BYTE_KIND:
        return word_scan_2(text, data, n, table, out);
    default:
        return word_scan_4(text, data, n, table, out);
    }
}

PyDoc_STRVAR(words_doc,
"words(text, table, /)\n--\n\n"
"WORD.findall(text) (tokenize.words of an NFC text), or None when the text has Thai.");

static PyObject *
words(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t count = word_scan(args, nargs, "words", out);
    if (count < 0) {
        Py_DECREF(out);
        if (count == -2)
            return NULL;
        Py_RETURN_NONE;
    }
    return out;
}

PyDoc_STRVAR(word_count_doc,
"word_count(text, table, /)\n--\n\n"
"len(WORD.findall(text)) without the list, or -1 when the text has Thai.");

static PyObject *
word_count(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t count = word_scan(args, nargs, "word_count", NULL);
    if (count == -2)
        return NULL;
    return PyLong_FromSsize_t(count);
}

/* ``index_forms``: a text's tokens written straight into the index's three columns, each
 * token looked up, without a str made for it, in a ``FormsCache`` of its language: the
 * tokens met before with their fold and sub-forms (stems, Thai sub-words), which the
 * calling Python module (services/indexer/analysis.py) computes and adds. The key is the
 * token's code points, so a token is found wherever it lies in a text of any kind. */

typedef struct {
    uint64_t hash;
    PyObject *token;  /* NULL: an empty slot */
    PyObject *fold;
    PyObject *subs;   /* a tuple of str, or NULL when added without */
} FormsEntry;

typedef struct {
    PyObject_HEAD
    FormsEntry *entries;
    Py_ssize_t capacity;  /* a power of two, at least twice count */
    Py_ssize_t count;
} FormsCache;

static inline uint64_t
hash_points(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    uint64_t hash = 0xcbf29ce484222325ULL;  /* FNV-1a over the code points */
    for (Py_ssize_t i = start; i < end; i++) {
        hash ^= PyUnicode_READ(kind, data, i);
        hash *= 0x100000001b3ULL;
    }
    return hash ^ (hash >> 31);
}

/* Whether ``token`` is the code points data[start:start + length] of a string of ``kind``. */
static inline int
same_points(PyObject *token, int kind, const void *data, Py_ssize_t start, Py_ssize_t length)
{
    if (PyUnicode_GET_LENGTH(token) != length)
        return 0;
    int token_kind = PyUnicode_KIND(token);
    const void *token_data = PyUnicode_DATA(token);
    if (token_kind == kind)
        return memcmp(token_data, (const char *)data + start * kind, length * kind) == 0;
    for (Py_ssize_t i = 0; i < length; i++)
        if (PyUnicode_READ(token_kind, token_data, i) != PyUnicode_READ(kind, data, start + i))
            return 0;
    return 1;
}

/* The entry of the code points, or the empty slot where it would go. */
static FormsEntry *
cache_slot(FormsCache *cache, uint64_t hash, int kind, const void *data, Py_ssize_t start,
           Py_ssize_t length)
{
    size_t mask = (size_t)cache->capacity - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        FormsEntry *entry = &cache->entries[i];
        if (entry->token == NULL
            || (entry->hash == hash && same_points(entry->token, kind, data, start, length)))
            return entry;
    }
}

static int
cache_grow(FormsCache *cache)
{
    Py_ssize_t capacity = cache->capacity ? cache->capacity * 2 : 1024;
    FormsEntry *entries = PyMem_Calloc((size_t)capacity, sizeof(FormsEntry));
    if (entries == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    size_t mask = (size_t)capacity - 1;
    for (Py_ssize_t j = 0; j < cache->capacity; j++) {
        FormsEntry *old = &cache->entries[j];
        if (old->token == NULL)
            continue;
        size_t i = (size_t)old->hash & mask;
        while (entries[i].token != NULL)
            i = (i + 1) & mask;
        entries[i] = *old;
    }
    PyMem_Free(cache->entries);
    cache->entries = entries;
    cache->capacity = capacity;
    return 0;
}

static void
cache_clear_entries(FormsCache *cache)
{
    for (Py_ssize_t i = 0; i < cache->capacity; i++) {
        Py_CLEAR(cache->entries[i].token);
        Py_CLEAR(cache->entries[i].fold);
        Py_CLEAR(cache->entries[i].subs);
    }
    cache->count = 0;
}

static void
cache_dealloc(FormsCache *cache)
{
    cache_clear_entries(cache);
    PyMem_Free(cache->entries);
    Py_TYPE(cache)->tp_free((PyObject *)cache);
}

static PyObject *
cache_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    if (PyTuple_GET_SIZE(args) != 0 || (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0)) {
        PyErr_SetString(PyExc_TypeError, "FormsCache() takes no arguments");
        return NULL;
    }
    FormsCache *cache = (FormsCache *)type->tp_alloc(type, 0);
    if (cache != NULL && cache_grow(cache) < 0) {
        Py_DECREF(cache);
        return NULL;
    }
    return (PyObject *)cache;
}

PyDoc_STRVAR(cache_add_doc,
"add(token, fold, subs, /)\n--\n\n"
"Keep a token's fold (a str) and sub-forms (a tuple of str, or None), replacing any.");

static PyObject *
cache_add(FormsCache *cache, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_CheckExact(args[0]) || !PyUnicode_CheckExact(args[1])
        || (args[2] != Py_None && !PyTuple_CheckExact(args[2]))) {
        PyErr_SetString(PyExc_TypeError, "add takes a token, its fold and a tuple or None");
        return NULL;
    }
    PyObject *token = args[0], *subs = args[2] == Py_None ? NULL : args[2];
    for (Py_ssize_t i = 0; subs != NULL && i < PyTuple_GET_SIZE(subs); i++) {
        if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(subs, i))) {
            PyErr_SetString(PyExc_TypeError, "sub-forms must be str");
            return NULL;
        }
    }
    if (PyUnicode_READY(token) < 0 || PyUnicode_READY(args[1]) < 0)
        return NULL;
    if ((cache->count + 1) * 2 > cache->capacity && cache_grow(cache) < 0)
        return NULL;
    int kind = PyUnicode_KIND(token);
    const void *data = PyUnicode_DATA(token);
    Py_ssize_t length = PyUnicode_GET_LENGTH(token);
    uint64_t hash = hash_points(kind, data, 0, length);
    FormsEntry *entry = cache_slot(cache, hash, kind, data, 0, length);
    if (entry->token == NULL) {
        entry->hash = hash;
        entry->token = Py_NewRef(token);
        cache->count++;
    }
    Py_XSETREF(entry->fold, Py_NewRef(args[1]));
    Py_XSETREF(entry->subs, Py_XNewRef(subs));
    Py_RETURN_NONE;
}

static PyObject *
cache_clear(FormsCache *cache, PyObject *unused)
{
    cache_clear_entries(cache);
    Py_RETURN_NONE;
}

static Py_ssize_t
cache_length(FormsCache *cache)
{
    return cache->count;
}

static PyMethodDef cache_methods[] = {
    {"add", (PyCFunction)(void (*)(void))cache_add, METH_FASTCALL, cache_add_doc},
    {"clear", (PyCFunction)cache_clear, METH_NOARGS, "Forget every token."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods cache_sequence = {.sq_length = (lenfunc)cache_length};

static PyTypeObject FormsCacheType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "newsflow.language._native.FormsCache",
    .tp_basicsize = sizeof(FormsCache),
    .tp_dealloc = (destructor)cache_dealloc,
    .tp_as_sequence = &cache_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = PyDoc_STR("FormsCache()\n--\n\nTokens with their fold and sub-forms, for index_forms."),
    .tp_methods = cache_methods,
    .tp_new = cache_new,
};

/* One column being written: code points, joined by single spaces. */
typedef struct {
    Py_UCS4 *chars;
    Py_ssize_t length;
    Py_ssize_t capacity;
    Py_ssize_t pieces;
} Column;

static int
column_put(Column *column, PyObject *tag, int kind, const void *data, Py_ssize_t start,
           Py_ssize_t length)
{
    Py_ssize_t tag_length = tag != NULL ? PyUnicode_GET_LENGTH(tag) : 0;
    Py_ssize_t needed = column->length + 1 + tag_length + length;
    if (needed > column->capacity) {
        Py_ssize_t capacity = needed * 2 + 256;
        Py_UCS4 *chars = PyMem_Realloc(column->chars, (size_t)capacity * sizeof(Py_UCS4));
        if (chars == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        column->chars = chars;
        column->capacity = capacity;
    }
    Py_UCS4 *to = column->chars + column->length;
    if (column->pieces++ > 0)
        *to++ = ' ';
    if (tag != NULL) {
        int tag_kind = PyUnicode_KIND(tag);
        const void *tag_data = PyUnicode_DATA(tag);
        for (Py_ssize_t i = 0; i < tag_length; i++)
            *to++ = PyUnicode_READ(tag_kind, tag_data, i);
    }
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        for (Py_ssize_t i = 0; i < length; i++)
            *to++ = ((const Py_UCS1 *)data)[start + i];
        break;
    case PyUnicode_2BYTE_KIND:
        for (Py_ssize_t i = 0; i < length; i++)
            *to++ = ((const Py_UCS2 *)data)[start + i];
        break;
    default:
        for (Py_ssize_t i = 0; i < length; i++)
            *to++ = ((const Py_UCS4 *)data)[start + i];
        break;
    }
    column->length = to - column->chars;
    return 0;
}

static PyObject *
column_str(const Column *column)
{
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, column->chars, column->length);
}

struct Forms {
    FormsCache *cache;
    int with_subs;
    PyObject *tag;
    Column exact, folded, stemmed;
    int same;           /* every fold so far is its token */
    PyObject *missing;  /* the tokens not in the cache, once one is met */
};

static int
forms_add(Forms *forms, PyObject *text, Py_ssize_t start, Py_ssize_t end)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = end - start;
    FormsEntry *entry = cache_slot(forms->cache, hash_points(kind, data, start, end), kind, data,
                                   start, length);
    if (entry->token == NULL || (forms->with_subs && entry->subs == NULL)) {
        if (forms->missing == NULL && (forms->missing = PyList_New(0)) == NULL)
            return -1;
        PyObject *token = PyUnicode_Substring(text, start, end);
        if (token == NULL)
            return -1;
        int failed = PyList_Append(forms->missing, token);
        Py_DECREF(token);
        return failed;
    }
    if (forms->missing != NULL)
        return 0;  /* only the missing ones are wanted now */
    PyObject *fold = entry->fold;
    if (column_put(&forms->exact, NULL, kind, data, start, length) < 0
        || column_put(&forms->folded, NULL, PyUnicode_KIND(fold), PyUnicode_DATA(fold), 0,
                      PyUnicode_GET_LENGTH(fold)) < 0)
        return -1;
    forms->same = forms->same && same_points(fold, kind, data, start, length);
    if (forms->with_subs) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(entry->subs); i++) {
            PyObject *sub = PyTuple_GET_ITEM(entry->subs, i);
            if (column_put(&forms->stemmed, forms->tag, PyUnicode_KIND(sub), PyUnicode_DATA(sub), 0,
                           PyUnicode_GET_LENGTH(sub)) < 0)
                return -1;
        }
    }
    return 0;
}

PyDoc_STRVAR(index_forms_doc,
"index_forms(text, table, astral_cjk, astral_break, segment_run, cache, with_subs, tag, /)\n--\n\n"
"The index columns of an NFC text's tokens (those of segment_tokens), each joined by single\n"
"spaces: (the tokens; their folds, or '' when that would repeat the tokens; when with_subs,\n"
"the sub-forms of each token, each after ``tag``, else ''), the forms from ``cache``. A\n"
"list of the tokens missing from the cache instead, to be added before a new call.");

static PyObject *
index_forms(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 8) {
        PyErr_SetString(PyExc_TypeError, "index_forms takes text, table, astral_cjk, astral_break, "
                                         "segment_run, cache, with_subs, tag");
        return NULL;
    }
    SegmentContext context = {0};
    if (segment_context(args, &context) < 0)
        return NULL;
    if (!PyObject_TypeCheck(args[5], &FormsCacheType) || !PyUnicode_Check(args[7])
        || PyUnicode_READY(args[7]) < 0) {
        PyErr_SetString(PyExc_TypeError, "index_forms takes a FormsCache and a str tag");
        return NULL;
    }
    int with_subs = PyObject_IsTrue(args[6]);
    if (with_subs < 0)
        return NULL;
    Forms forms = {.cache = (FormsCache *)args[5], .with_subs = with_subs, .tag = args[7], .same = 1};
    context.forms = &forms;
    PyObject *result = NULL, *exact = NULL, *folded = NULL, *stemmed = NULL;
    if (segment_scan(args[0], &context) < 0)
        goto done;
    if (forms.missing != NULL) {
        result = Py_NewRef(forms.missing);
        goto done;
    }
    if ((exact = column_str(&forms.exact)) == NULL)
        goto done;
    if (forms.same || (forms.folded.length == forms.exact.length
                       && memcmp(forms.folded.chars, forms.exact.chars,
                                 (size_t)forms.exact.length * sizeof(Py_UCS4)) == 0))
        folded = PyUnicode_New(0, 0);
    else
        folded = column_str(&forms.folded);
    if (folded == NULL || (stemmed = column_str(&forms.stemmed)) == NULL)
        goto done;
    result = PyTuple_Pack(3, exact, folded, stemmed);
done:
    Py_XDECREF(forms.missing);
    PyMem_Free(forms.exact.chars);
    PyMem_Free(forms.folded.chars);
    PyMem_Free(forms.stemmed.chars);
    Py_XDECREF(exact);
    Py_XDECREF(folded);
    Py_XDECREF(stemmed);
    return result;
}

/* ``segment.lower``: ``str.lower`` of a text of the Basic Multilingual Plane by a table of
 * each code point's lower case (built by the caller from ``str.lower`` itself, one
 * character at a time), which is what ``str.lower`` does for every character but two:
 * U+0130 (lower-cased to two characters) and U+03A3 (final or not by its context). A text
 * with either, or above the BMP, is left to ``str.lower`` (None). */

#define LOWER_TABLE_BYTES (TABLE_SIZE * 2)

#define DEFINE_LOWER(NAME, TYPE)                                                              \
    static int NAME(const TYPE *from, TYPE *to, Py_ssize_t n, const uint16_t *lower)          \
    {                                                                                         \
        for (Py_ssize_t i = 0; i < n; i++) {                                                  \
            Py_UCS4 c = from[i];                                                              \
            if (c == 0x130 || c == 0x3A3)                                                     \
                return -1;                                                                    \
            to[i] = (TYPE)lower[c];                                                           \
        }                                                                                     \
        return 0;                                                                             \
    }

DEFINE_LOWER(lower_1, Py_UCS1)
DEFINE_LOWER(lower_2, Py_UCS2)

PyDoc_STRVAR(lower_text_doc,
"lower_text(text, table, /)\n--\n\n"
"text.lower() by ``table`` (each BMP code point's lower case, 2 bytes each, native order),\n"
"or None for a text with U+0130, U+03A3 or a character above the BMP.");

static PyObject *
lower_text(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyBytes_Check(args[1])
        || PyBytes_GET_SIZE(args[1]) != LOWER_TABLE_BYTES) {
        PyErr_SetString(PyExc_TypeError, "lower_text takes a str and a table of 131072 bytes");
        return NULL;
    }
    PyObject *text = args[0];
    if (PyUnicode_READY(text) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    if (kind == PyUnicode_4BYTE_KIND)
        Py_RETURN_NONE;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const uint16_t *lower = (const uint16_t *)PyBytes_AS_STRING(args[1]);
    void *to = PyMem_Malloc(n > 0 ? (size_t)n * kind : 1);
    if (to == NULL)
        return PyErr_NoMemory();
    int status = kind == PyUnicode_1BYTE_KIND
                     ? lower_1(PyUnicode_1BYTE_DATA(text), to, n, lower)
                     : lower_2(PyUnicode_2BYTE_DATA(text), to, n, lower);
    PyObject *result = status < 0 ? Py_NewRef(Py_None) : PyUnicode_FromKindAndData(kind, to, n);
    PyMem_Free(to);
    return result;
}

static PyMethodDef native_methods[] = {
    {"segment_tokens", (PyCFunction)(void (*)(void))segment_tokens, METH_FASTCALL, segment_tokens_doc},
    {"words", (PyCFunction)(void (*)(void))words, METH_FASTCALL, words_doc},
    {"word_count", (PyCFunction)(void (*)(void))word_count, METH_FASTCALL, word_count_doc},
    {"index_forms", (PyCFunction)(void (*)(void))index_forms, METH_FASTCALL, index_forms_doc},
    {"lower_text", (PyCFunction)(void (*)(void))lower_text, METH_FASTCALL, lower_text_doc},
    {NULL, NULL, 0, NULL},
};

static int
native_exec(PyObject *module)
{
    if (PyType_Ready(&FormsCacheType) < 0)
        return -1;
    return PyModule_AddObjectRef(module, "FormsCache", (PyObject *)&FormsCacheType);
}

static struct PyModuleDef_Slot native_slots[] = {
    {Py_mod_exec, native_exec},
    {0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "newsflow.language._native",
    .m_doc = "The search tokens, word counts and index columns of the text analysis, in C.",
    .m_size = 0,
    .m_methods = native_methods,
    .m_slots = native_slots,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    return PyModuleDef_Init(&native_module);
}
