/* Resource limits of the solvers (docs/reliability.md): the memory bound
 * stops every solver with LIPS_SOLVE_OOM and the timeout with
 * LIPS_SOLVE_TIMEOUT, both as results, not errors, with everything freed
 * (LeakSanitizer checks that in the sanitizer build). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lips/lips.h"

static lips_problem pb;

/* [1, 2] -> 2: tens of thousands of programs of up to 4 statements produce it */
static void many_solutions(void) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n[1, 2] -> 2\n", "many", &pb, &err), LIPS_OK);
}

static void figure1(void) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n"
                                             "[-17, -3, 4, 11, 0, -5, -9, 13, 6, 6, -8, 11] -> [-12, -20, -32, -36, -68]\n"
                                             "[-26, 6, -27, 9, -17, 1, 13, 4, -3, 19, -10] -> [-12, -40, -68, -104, -108]\n"
                                             "[7, 29, -1, -7, -11, -15, 20, -19, 14] -> [-4, -28, -44, -60, -76]\n",
                                             "fig1", &pb, &err),
                     LIPS_OK);
}

static void test_enumeration_all_hits_the_memory_bound(void **state) {
    many_solutions();
    for (int s = LIPS_SOLVER_DFS; s <= LIPS_SOLVER_ENUM; s++) {
        lips_solve_config cfg;
        lips_solve_config_default(&cfg);
        cfg.solver = (lips_solver)s;
        cfg.max_len = 4;
        cfg.all = 1;
        cfg.max_results = 1000000;
        cfg.mem_limit = 1 << 20;
        lips_solve_result r;
        lips_error err;
        assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
        assert_int_equal(r.status, LIPS_SOLVE_OOM);
        lips_solve_result_free(&r);
        /* the default bound lists them all */
        cfg.mem_limit = 0;
        assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
        assert_int_equal(r.status, LIPS_SOLVE_FOUND);
        assert_true(r.n_results > 10000);
        lips_solve_result_free(&r);
    }
}

static void test_enumeration_below_its_fixed_state_is_oom(void **state) {
    many_solutions();
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.mem_limit = 1000; /* less than the search state itself */
    lips_solve_result r;
    lips_error err;
    assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
    assert_int_equal(r.status, LIPS_SOLVE_OOM);
    lips_solve_result_free(&r);
}

static void test_z3_hits_the_memory_bound(void **state) {
    figure1();
    lips_solve_config cfg;
    lips_solve_config_default(&cfg);
    cfg.solver = LIPS_SOLVER_Z3;
    cfg.max_len = 4;
    cfg.mem_limit = 1 << 20; /* a Z3 context alone takes more */
    cfg.explain = 1;
    lips_solve_result r;
    lips_error err;
    assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
    assert_int_equal(r.status, LIPS_SOLVE_OOM);
    assert_non_null(strstr(r.explain, "out of memory"));
    lips_solve_result_free(&r);
    /* the bound is per solve: a small sketch solves again afterwards */
    lips_error e2;
    assert_int_equal(lips_problem_parse_text("a <- [int]\nb <- SORT a\nc <- ?? b\n---\n[3, 4, -9] -> [4, 3, -9]\n",
                                             "seed", &pb, &e2),
                     LIPS_OK);
    cfg.mem_limit = 0;
    cfg.explain = 0;
    assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
    assert_int_equal(r.status, LIPS_SOLVE_FOUND);
    lips_solve_result_free(&r);
}

/* An output no program reaches (longer than its input list), so an
 * enumerative search can only end by exhausting its space: 14-54 s at length
 * 5 here, far beyond the timeout. */
static void unreachable(void) {
    lips_error err;
    assert_int_equal(lips_problem_parse_text("a <- [int]\n---\n"
                                             "[-17, -3, 4, 11, 0, -5, -9, 13, 6, 6, -8, 11] -> "
                                             "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]\n"
                                             "[-26, 6, -27, 9, -17, 1, 13, 4, -3, 19, -10] -> [-12, -40]\n",
                                             "unreachable", &pb, &err),
                     LIPS_OK);
}

/* z3 completes its plans with the enumerator, so it too can only end by
 * exhausting the space. */
static void test_timeouts_are_results(void **state) {
    for (int s = 0; s < LIPS_N_SOLVERS; s++) {
        unreachable();
        lips_solve_config cfg;
        lips_solve_config_default(&cfg);
        cfg.solver = (lips_solver)s;
        cfg.max_len = 5;
        cfg.timeout_s = s == LIPS_SOLVER_Z3 ? 0.2 : 0.05;
        lips_solve_result r;
        lips_error err;
        assert_int_equal(lips_solve(&pb, &cfg, &r, &err), LIPS_OK);
        assert_int_equal(r.status, LIPS_SOLVE_TIMEOUT);
        assert_true(r.seconds < 2.0);
        lips_solve_result_free(&r);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enumeration_all_hits_the_memory_bound),
        cmocka_unit_test(test_enumeration_below_its_fixed_state_is_oom),
        cmocka_unit_test(test_z3_hits_the_memory_bound),
        cmocka_unit_test(test_timeouts_are_results),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
