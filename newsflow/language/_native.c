/* The hot loops of the text analysis in C: segment.py's search tokens, tokenize.py's
 * words (and their count, with no list), and the index columns of the search analysis's
 * tokens (``join_forms``: services/indexer/analysis.py's ``index_columns``).
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

typedef struct {
    const unsigned char *table;
    PyObject *astral_cjk;
    PyObject *astral_break;
    PyObject *segment_run;
    PyObject *out;
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

static int
append_substring(PyObject *out, PyObject *text, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *token = PyUnicode_Substring(text, start, end);
    if (token == NULL)
        return -1;
    int failed = PyList_Append(out, token);
    Py_DECREF(token);
    return failed;
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
                if (append_substring(context->out, text, p, p + 2))
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
                if (PyList_Append(context->out, PySequence_Fast_GET_ITEM(fast, w))) {
                    Py_DECREF(fast);
                    return -1;
                }
            }
            Py_DECREF(fast);
        }
        else if (append_substring(context->out, text, i, j)) {
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
        return append_substring(context->out, text, start, end);
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
            failed = PyList_Append(context->out, run);
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

static PyObject *
segment_tokens(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "segment_tokens takes text, table, astral_cjk, astral_break, segment_run");
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return NULL;
    }
    SegmentContext context = {table_of(args[1]), args[2], args[3], args[4], NULL};
    if (context.table == NULL || check_ranges(args[2]) < 0 || check_ranges(args[3]) < 0)
        return NULL;
    if (!PyCallable_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "segment_run must be callable");
        return NULL;
    }
    if (PyUnicode_READY(text) < 0)
        return NULL;
    context.out = PyList_New(0);
    if (context.out == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    int status;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        status = segment_scan_1(text, data, n, &context);
        break;
    case PyUnicode_2BYTE_KIND:
        status = segment_scan_2(text, data, n, &context);
        break;
    default:
        status = segment_scan_4(text, data, n, &context);
        break;
    }
    if (status < 0) {
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

/* The length and widest character of a string being put together from pieces. */
typedef struct {
    Py_ssize_t length;
    Py_UCS4 widest;
} Extent;

static inline void
extend(Extent *extent, PyObject *piece)
{
    extent->length += PyUnicode_GET_LENGTH(piece);
    Py_UCS4 widest = PyUnicode_MAX_CHAR_VALUE(piece);
    if (widest > extent->widest)
        extent->widest = widest;
}

/* Copy ``piece`` into the string of ``kind`` at ``data``, at ``at`` (the string is at least
 * as wide as the piece); the position after it. A token is a few characters: a loop of
 * its own beats PyUnicode_CopyCharacters' checks and memcpy's call. */
static inline Py_ssize_t
put(int kind, void *data, Py_ssize_t at, PyObject *piece)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(piece);
    int piece_kind = PyUnicode_KIND(piece);
    const void *from = PyUnicode_DATA(piece);
    if (piece_kind == kind) {
        char *to = (char *)data + at * kind;
        const char *bytes = from;
        for (Py_ssize_t i = 0; i < length * kind; i++)
            to[i] = bytes[i];
    }
    else {
        for (Py_ssize_t i = 0; i < length; i++)
            PyUnicode_WRITE(kind, data, at + i, PyUnicode_READ(piece_kind, from, i));
    }
    return at + length;
}

/* ``" ".join(pieces[0:count])``, with ``tag`` before each piece when it is not NULL. */
static PyObject *
join_spaced(PyObject *const *pieces, Py_ssize_t count, PyObject *tag, Extent extent)
{
    if (count == 0)
        return PyUnicode_New(0, 0);
    if (tag != NULL) {
        extent.length += count * PyUnicode_GET_LENGTH(tag);
        if (PyUnicode_MAX_CHAR_VALUE(tag) > extent.widest)
            extent.widest = PyUnicode_MAX_CHAR_VALUE(tag);
    }
    extent.length += count - 1;
    PyObject *out = PyUnicode_New(extent.length, extent.widest < ' ' ? ' ' : extent.widest);
    if (out == NULL)
        return NULL;
    int kind = PyUnicode_KIND(out);
    void *data = PyUnicode_DATA(out);
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (i > 0)
            PyUnicode_WRITE(kind, data, at++, ' ');
        if (tag != NULL)
            at = put(kind, data, at, tag);
        at = put(kind, data, at, pieces[i]);
    }
    return out;
}

static inline int
same_string(PyObject *a, PyObject *b)
{
    return a == b
           || (PyUnicode_GET_LENGTH(a) == PyUnicode_GET_LENGTH(b) && PyUnicode_KIND(a) == PyUnicode_KIND(b)
               && memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b),
                         PyUnicode_GET_LENGTH(a) * PyUnicode_KIND(a)) == 0);
}

PyDoc_STRVAR(join_forms_doc,
"join_forms(tokens, folds, subs, tag, /)\n--\n\n"
"The index columns of a text's tokens, each joined by single spaces: (the tokens, their\n"
"folds from ``folds`` or '' when every fold is its token, the forms of each token in\n"
"``subs`` (a tuple each) with ``tag`` before each, '' when subs is None or there are none).\n"
"A list of the tokens missing from folds (or subs) instead, to be added before a new call.");

static PyObject *
join_forms(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "join_forms takes tokens, folds, subs, tag");
        return NULL;
    }
    PyObject *tokens = args[0], *folds = args[1], *subs = args[2], *tag = args[3];
    if (!PyList_CheckExact(tokens) || !PyDict_CheckExact(folds)
        || (subs != Py_None && !PyDict_CheckExact(subs)) || !PyUnicode_Check(tag)) {
        PyErr_SetString(PyExc_TypeError,
                        "join_forms takes a list, a dict, a dict or None, and a str");
        return NULL;
    }
    if (subs == Py_None)
        subs = NULL;
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    /* Borrowed: the folds, then every sub-form in order. No Python code runs in between
     * (the keys are exact str), so the tables keep them alive. */
    PyObject **found = PyMem_Malloc(sizeof(PyObject *) * (n > 0 ? n : 1));
    if (found == NULL)
        return PyErr_NoMemory();
    PyObject **forms = NULL;
    Py_ssize_t form_count = 0, form_capacity = 0;
    PyObject *missing = NULL, *result = NULL, *exact = NULL, *folded = NULL, *stemmed = NULL;
    Extent exact_extent = {0, 0}, folded_extent = {0, 0}, form_extent = {0, 0};
    int same = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *token = PyList_GET_ITEM(tokens, i);
        if (!PyUnicode_CheckExact(token)) {
            PyErr_SetString(PyExc_TypeError, "tokens must be str");
            goto done;
        }
        PyObject *fold = PyDict_GetItemWithError(folds, token);
        PyObject *sub = NULL;
        if (fold == NULL && PyErr_Occurred())
            goto done;
        if (fold != NULL && subs != NULL) {
            sub = PyDict_GetItemWithError(subs, token);
            if (sub == NULL && PyErr_Occurred())
                goto done;
        }
        if (fold == NULL || (subs != NULL && sub == NULL)) {
            if (missing == NULL && (missing = PyList_New(0)) == NULL)
                goto done;
            if (PyList_Append(missing, token) < 0)
                goto done;
            continue;
        }
        if (missing != NULL)
            continue;
        if (!PyUnicode_CheckExact(fold) || (sub != NULL && !PyTuple_CheckExact(sub))) {
            PyErr_SetString(PyExc_TypeError, "a fold must be a str and sub-forms a tuple");
            goto done;
        }
        found[i] = fold;
        extend(&exact_extent, token);
        extend(&folded_extent, fold);
        same = same && same_string(token, fold);
        if (sub != NULL) {
            Py_ssize_t count = PyTuple_GET_SIZE(sub);
            if (form_count + count > form_capacity) {
                Py_ssize_t capacity = (form_capacity + count) * 2 + 16;
                PyObject **grown = PyMem_Realloc(forms, sizeof(PyObject *) * capacity);
                if (grown == NULL) {
                    PyErr_NoMemory();
                    goto done;
                }
                forms = grown;
                form_capacity = capacity;
            }
            for (Py_ssize_t j = 0; j < count; j++) {
                PyObject *form = PyTuple_GET_ITEM(sub, j);
                if (!PyUnicode_CheckExact(form)) {
                    PyErr_SetString(PyExc_TypeError, "sub-forms must be str");
                    goto done;
                }
                extend(&form_extent, form);
                forms[form_count++] = form;
            }
        }
    }
    if (missing != NULL) {
        result = missing;
        missing = NULL;
        goto done;
    }
    exact = join_spaced(((PyListObject *)tokens)->ob_item, n, NULL, exact_extent);
    if (exact == NULL)
        goto done;
    if (same) {
        folded = PyUnicode_New(0, 0);
    }
    else {
        folded = join_spaced(found, n, NULL, folded_extent);
        if (folded != NULL && same_string(folded, exact)) {
            Py_SETREF(folded, PyUnicode_New(0, 0));
        }
    }
    if (folded == NULL)
        goto done;
    stemmed = join_spaced(forms, form_count, tag, form_extent);
    if (stemmed == NULL)
        goto done;
    result = PyTuple_Pack(3, exact, folded, stemmed);
done:
    PyMem_Free(found);
    PyMem_Free(forms);
    Py_XDECREF(missing);
    Py_XDECREF(exact);
    Py_XDECREF(folded);
    Py_XDECREF(stemmed);
    return result;
}

static PyMethodDef native_methods[] = {
    {"segment_tokens", (PyCFunction)(void (*)(void))segment_tokens, METH_FASTCALL, segment_tokens_doc},
    {"words", (PyCFunction)(void (*)(void))words, METH_FASTCALL, words_doc},
    {"word_count", (PyCFunction)(void (*)(void))word_count, METH_FASTCALL, word_count_doc},
    {"join_forms", (PyCFunction)(void (*)(void))join_forms, METH_FASTCALL, join_forms_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef_Slot native_slots[] = {
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
