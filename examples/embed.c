/* Embedding liblips: parse a problem, synthesize a program, print it.
 *
 * Against an installed lips:
 *     cc embed.c $(pkg-config --cflags --libs lips) -o embed && ./embed
 * prints the shortest program that maps each example's input to its output:
 *     a <- [int]
 *     b <- SORT a
 *     c <- REVERSE b
 * Exit status: 0 when a program is found, 1 otherwise. */
#include <stdio.h>

#include <lips/lips.h>

/* The seed task in the text form of a .lips file (docs/formats.md): only the
 * input's type is given, so the solver synthesizes the whole program. */
static const char task[] =
    "a <- [int]\n"
    "---\n"
    "[3, 4, -9] -> [4, 3, -9]\n"
    "[1, 5, 2] -> [5, 2, 1]\n";

int main(void) {
    /* a problem holds its examples inline: a few kB, kept off the stack */
    static lips_problem problem;
    lips_error err;
    if (lips_problem_parse_text(task, "<task>", &problem, &err)) {
        lips_error_print(&err, stderr);
        return 1;
    }

    /* sort-and-add enumeration with every function equally likely: no model
     * needed (cfg.attr_p could hold a model's predictions, see nn.h) */
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = LIPS_SOLVER_SAA;
    cfg.max_len = 2;
    cfg.timeout_s = 10;

    lips_solve_result result;
    lips_status st = lips_solve(&problem, &cfg, &result, &err);
    int found = !st && result.status == LIPS_SOLVE_FOUND;
    if (st) {
        lips_error_print(&err, stderr);
    } else if (found) {
        char text[1024];
        lips_program_print(&result.program, "\n", text, sizeof text);
        printf("%s\n", text);
    } else {
        fprintf(stderr, "embed: no program found\n");
    }
    lips_solve_result_free(&result); /* after a failure too: it may hold results */
    return found ? 0 : 1;
}
