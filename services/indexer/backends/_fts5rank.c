/* newsflow_bm25: FTS5's bm25() with the phrases' document counts given by the caller.

FTS5's own bm25() counts, once per query, the rows that hold each phrase of the MATCH
expression (xQueryPhrase over the whole index: for a phrase of common words every position
list of both words, 9-10 ms at 100,000 articles, half of such a query). This function
scores exactly as bm25() does (the same IDF, k1 = 1.2, b = 0.75, column weights, average
row length) from counts the caller passes, which it keeps between queries
(services/indexer/backends/sqlite.py). Called as

    newsflow_bm25(articles_fts, '<count of phrase 0> <count of phrase 1> ...', w0, w1, ...)

Importing the module registers the function, with sqlite3_auto_extension, on every SQLite
connection opened after it in this process, when Python's sqlite3 module uses the same
SQLite library as this module (a Python linked against the system's libsqlite3); the
Python side checks that it is there and uses bm25() otherwise. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int phrases;
    double average_length;
    double *idf;
    double *frequency;
} RankData;

static void free_rank_data(void *pointer) { sqlite3_free(pointer); }

/* The query's data, read at its first row: the counts, the row count, the average row
   length. NULL (and an error set on out) when the counts do not fit the phrases. */
static RankData *rank_data(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *out,
                           sqlite3_value *counts) {
    RankData *data = (RankData *)api->xGetAuxdata(fts, 0);
    if (data != NULL) return data;
    int phrases = api->xPhraseCount(fts);
    sqlite3_int64 rows = 0, tokens = 0;
    if (api->xRowCount(fts, &rows) != SQLITE_OK || api->xColumnTotalSize(fts, -1, &tokens) != SQLITE_OK) {
        sqlite3_result_error(out, "newsflow_bm25: the index's sizes could not be read", -1);
        return NULL;
    }
    data = (RankData *)sqlite3_malloc64(sizeof(RankData) + 2 * sizeof(double) * (size_t)(phrases + 1));
    if (data == NULL) {
        sqlite3_result_error_nomem(out);
        return NULL;
    }
    data->phrases = phrases;
    data->idf = (double *)(data + 1);
    data->frequency = data->idf + phrases + 1;
    data->average_length = rows > 0 ? (double)tokens / (double)rows : 1.0;
    const char *text = (const char *)sqlite3_value_text(counts);
    int given = 0;
    while (text != NULL && *text != '\0') {
        char *end;
        long long hits = strtoll(text, &end, 10);
        if (end == text) break;
        if (given < phrases) {
            double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
            data->idf[given] = idf <= 0.0 ? 1e-6 : idf;
        }
        given++;
        text = end;
        while (*text == ' ') text++;
    }
    if (given != phrases || (text != NULL && *text != '\0')) {
        sqlite3_free(data);
        char *message = sqlite3_mprintf("newsflow_bm25: %d counts given for %d phrases", given, phrases);
        sqlite3_result_error(out, message, -1);
        sqlite3_free(message);
        return NULL;
    }
    if (api->xSetAuxdata(fts, data, free_rank_data) != SQLITE_OK) {
        /* xSetAuxdata has freed data */
        sqlite3_result_error_nomem(out);
        return NULL;
    }
    return data;
}

static void newsflow_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *out,
                          int values, sqlite3_value **value) {
    const double k1 = 1.2, b = 0.75;
    if (values < 1) {
        sqlite3_result_error(out, "newsflow_bm25: the phrases' counts are missing", -1);
        return;
    }
    RankData *data = rank_data(api, fts, out, value[0]);
    if (data == NULL) return;
    memset(data->frequency, 0, sizeof(double) * (size_t)data->phrases);
    int instances = 0;
    int rc = api->xInstCount(fts, &instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < data->phrases) {
            data->frequency[phrase] += values > column + 1 ? sqlite3_value_double(value[column + 1]) : 1.0;
        }
    }
    int length = 0;
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &length);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(out, rc);
        return;
    }
    double score = 0.0, norm = k1 * (1 - b + b * (double)length / data->average_length);
    for (int i = 0; i < data->phrases; i++) {
        double f = data->frequency[i];
        score += data->idf[i] * ((f * (k1 + 1.0)) / (f + norm));
    }
    sqlite3_result_double(out, -1.0 * score);
}

/* The connection's FTS5 API (NULL without FTS5), as the FTS5 documentation gets it. */
static fts5_api *fts5_of(sqlite3 *db) {
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) != SQLITE_OK) {
        sqlite3_finalize(statement);
        return NULL;
    }
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    return api;
}

static int register_rank(sqlite3 *db, const char **error, const struct sqlite3_api_routines *routines) {
    (void)error;
    (void)routines;
    fts5_api *api = fts5_of(db);
    if (api == NULL || api->iVersion < 2) return SQLITE_OK; /* no FTS5: nothing to rank */
    api->xCreateFunction(api, "newsflow_bm25", NULL, newsflow_bm25, NULL);
    return SQLITE_OK;
}

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fts5rank",
    "newsflow_bm25, FTS5's bm25() with given phrase counts, on every new SQLite connection.",
    -1, NULL, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__fts5rank(void) {
    PyObject *created = PyModule_Create(&module);
    if (created == NULL) return NULL;
    int rc = sqlite3_auto_extension((void (*)(void))register_rank);
    if (PyModule_AddIntConstant(created, "registered", rc == SQLITE_OK) < 0) {
        Py_DECREF(created);
        return NULL;
    }
    return created;
}
