/* Other projects' DeepCoder benchmark formats, read into lips problems and
 * written back so that import, export, import gives the same problems:
 *   neo: Neo's (Feng et al., PLDI'18) JSON problems, one a file, with the
 *        solution as a tree ("(root [id=1](SORT [id=2]input0))");
 *   dcu: the data directory of the DeepCoder utilities' search
 *        (microsoft/DeepCoder-Utils): input_types.txt, input_values.txt,
 *        output_types.txt, output_values.txt, and the orderings prior.txt
 *        and predictions/N.txt.
 * Imported problems have the deepcoder semantics (value.h). docs/formats.md
 * is the reference, with where each format comes from. */
#ifndef LIPS_IMPORT_H
#define LIPS_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "lips/problem.h"

/* What lips_neo_parse says beside its status. */
typedef struct lips_import_note {
    int skipped;   /* with LIPS_ERR_INPUT: the file is well formed but lips cannot hold
                      its problem (a value outside [-256, 255], too many inputs or
                      examples); err says where. 0: the file is malformed */
    char why[256]; /* with LIPS_OK: empty, or why the solution was not imported
                      (a function or lambda outside the 38 instances) */
} lips_import_note;

/* Parses Neo's JSON problem text (file names it for errors and, without its
 * directory and ".json", names the problem). Input types come from the first
 * example, as in Neo. The solution, when the file has one and the 38
 * instances express it, becomes out->program. */
lips_status lips_neo_parse(const char *text, const char *file, lips_problem *out, lips_import_note *note,
                           lips_error *err);

/* Writes p in Neo's JSON layout: "name" (p's name and ".json"), "program"
 * (when p has one: its statements inlined into one tree; a variable used
 * twice is written twice) and "examples". */
lips_status lips_neo_write(const lips_problem *p, FILE *out);

/* Called for a problem that is well formed but that lips cannot hold (a
 * value outside [-256, 255], a list longer than 20); why says where. */
typedef void (*lips_import_skip_fn)(void *ctx, const lips_error *why);

/* Reads the four example files of the directory dir: *out (malloc'd, free
 * with free()) gets one problem per line of input_types.txt, named by its
 * index ("0", "1", ...), each with as many examples as input_values.txt has
 * lines per problem. A problem lips cannot hold is left out after a call
 * of skip(ctx, why), or with skip NULL is an error. */
lips_status lips_dcu_read(const char *dir, lips_problem **out, size_t *n, lips_import_skip_fn skip, void *ctx,
                          lips_error *err);

/* Writes the four example files of ps into the directory dir (which must
 * exist). Every problem must have the same number of examples (the search
 * takes it as an argument). */
lips_status lips_dcu_write(const lips_problem *ps, size_t n, const char *dir, lips_error *err);

/* An ordering file of the utilities (prior.txt, predictions/N.txt): a line
 * "PROBABILITY NAME" for each of the 34 attributes, named as the utilities
 * name them (SCANL for SCANL1, INC for (+1), ...). */
lips_status lips_dcu_order_read(const char *path, float attr_p[LIPS_N_ATTRS], lips_error *err);
lips_status lips_dcu_order_write(const float attr_p[LIPS_N_ATTRS], const char *path, lips_error *err);

/* The utilities' name of attribute i (lips_attr_name's numbering). */
const char *lips_dcu_attr_name(int attr);

#endif
