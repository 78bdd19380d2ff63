/* Problems: a sketch (or just input types) and input/output examples.
 * Text form (.lips): the sketch, a line "---", then one example a line:
 *     [3, 4, -9] -> [4, 3, -9]
 * JSON form: one object per file, or JSON Lines (one object a line):
 *     {"name": "...", "sketch": "a <- [int] | ...", "program": "...",
 *      "output": "[int]", "examples": [{"inputs": [[3,4,-9]], "output": [4,3,-9]}]}
 * docs/formats.md is the reference. */
#ifndef LIPS_PROBLEM_H
#define LIPS_PROBLEM_H

#include <stdio.h>

#include "lips/program.h"

#define LIPS_MAX_EXAMPLES 20 /* fixed, so problems need no allocation */
#define LIPS_MAX_FILE_BYTES (16u << 20)  /* a problem file or model card */
#define LIPS_MAX_LINE_BYTES (1u << 20)   /* one JSON Lines record */

typedef struct lips_example {
    lips_value in[LIPS_MAX_INPUTS];
    lips_value out;
} lips_example;

typedef struct lips_problem {
    char name[64];        /* from the file name or the JSON "name"; may be empty */
    lips_program sketch;  /* inputs plus statements with holes; no statements = synthesize */
    uint8_t out_type;     /* lips_type of the outputs */
    uint8_t has_program;  /* a known solution (datasets from lips gen) */
    uint8_t semantics;    /* lips_semantics: "# semantics: NAME" or the JSON "semantics" */
    lips_program program;
    int n_examples;
    lips_example examples[LIPS_MAX_EXAMPLES];
} lips_problem;

/* Loads a .lips text file or a .json file (one problem), in the form
 * lips_problem_is_json chooses. */
lips_status lips_problem_load(const char *path, lips_problem *out, lips_error *err);

/* Whether the file path holding text is JSON: text is not blank and starts
 * (after blanks) with '{' or '[', or path ends in ".json". */
int lips_problem_is_json(const char *path, const char *text);

/* Parses the text form from memory; file names the source for errors. */
lips_status lips_problem_parse_text(const char *text, const char *file, lips_problem *out,
                                    lips_error *err);

/* Parses one JSON object, strictly (repeated keys, numbers with a leading
 * zero, nesting past 1000 levels are errors: docs/formats.md); line is its
 * line number in file (JSON Lines). */
lips_status lips_problem_parse_json(const char *text, const char *file, int line,
                                    lips_problem *out, lips_error *err);

/* Writes the text form / one JSON line (with trailing newline). */
lips_status lips_problem_write_text(const lips_problem *p, FILE *out);
lips_status lips_problem_write_json(const lips_problem *p, FILE *out);

/* Checks p's examples against its sketch's input types and out_type. */
lips_status lips_problem_check(const lips_problem *p, const char *file, lips_error *err);

/* Does concrete program prog (same inputs as p), run in p's semantics,
 * produce every example's output? Returns the index of the first failing example, or -1. */
int lips_problem_first_mismatch(const lips_problem *p, const lips_program *prog);

/* How many of p's examples from index `from` on does prog get right (it
 * runs and produces the output)? Held-out examples are counted with it. */
int lips_problem_count_right(const lips_problem *p, const lips_program *prog, int from);

/* Loads path, a problem file of any form lips_problem_load reads, as more
 * examples for programs of like (lips solve --check-on): its inputs and
 * output must have like's types, else the error is at its first example's
 * offending value and names like_file. Its sketch is not otherwise used. */
lips_status lips_problem_load_like(const char *path, const lips_problem *like, const char *like_file,
                                   lips_problem *out, lips_error *err);

/* A JSON Lines dataset, read one line at a time with bounded memory. */
typedef struct lips_dataset lips_dataset;

lips_dataset *lips_dataset_open(const char *path, lips_error *err);
/* 1 and fills out on a record, 0 at the end, -1 (err set) on a bad line. */
int lips_dataset_next(lips_dataset *d, lips_problem *out, lips_error *err);
void lips_dataset_free(lips_dataset *d);

/* Loads a whole dataset: *out is malloc'd, free with free(). */
lips_status lips_dataset_load(const char *path, lips_problem **out, size_t *n, lips_error *err);

#endif
