/* The numbers of command-line options. strtol and strtod alone would let
 * through what a user did not mean: leading blanks, '+', hex, "nan", "1e3"
 * for a count, and (through a double) fractions cut to integers and 64-bit
 * seeds rounded. Each parser takes only the plain decimal form. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_parse_int(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out) {
    const char *digits = s + (s[0] == '-');
    char *end;
    errno = 0;
    long v = isdigit((unsigned char)*digits) ? strtol(s, &end, 10) : 0;
    if (!isdigit((unsigned char)*digits) || errno || *end || v < lo || v > hi)
        return cli_usage_error(cmd, "%s takes an integer in [%ld, %ld], not '%s'", opt, lo, hi, s);
    *out = v;
    return 0;
}

int cli_parse_u64(const char *cmd, const char *opt, const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    /* no sign at all: strtoull would wrap "-1" round to 2^64 - 1 */
    unsigned long long v = isdigit((unsigned char)*s) ? strtoull(s, &end, 10) : 0;
    if (!isdigit((unsigned char)*s) || errno || *end)
        return cli_usage_error(cmd, "%s takes an integer in [0, %llu], not '%s'", opt,
                               (unsigned long long)UINT64_MAX, s);
    *out = (uint64_t)v;
    return 0;
}

int cli_parse_real(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    /* decimal digits, sign, point and exponent only: no "nan", "inf" or hex */
    int plain = *s && strspn(s, "0123456789+-.eE") == strlen(s);
    double v = plain ? strtod(s, &end) : 0;
    /* ERANGE: 1e-400 would be read as 0, which means "no timeout" */
    if (!plain || errno || *end || !(v >= lo && v <= hi))
        return cli_usage_error(cmd, "%s takes a number in [%g, %g], not '%s'", opt, lo, hi, s);
    *out = v;
    return 0;
}

int cli_parse_range(const char *cmd, const char *opt, const char *s, long lo, long hi, long *a, long *b) {
    const char *dash = strchr(s, '-');
    size_t n = dash ? (size_t)(dash - s) : strlen(s);
    const char *second = dash ? dash + 1 : s;
    /* digits only on both sides: no sign, so "-3" is not a range */
    int ok = n > 0 && strspn(s, "0123456789") == n && *second && strspn(second, "0123456789") == strlen(second);
    errno = 0;
    long x = ok ? strtol(s, NULL, 10) : 0, y = ok ? strtol(second, NULL, 10) : 0;
    if (!ok || errno || x < lo || y > hi || x > y)
        return cli_usage_error(cmd, "%s takes N or A-B with %ld <= A <= B <= %ld, not '%s'", opt, lo, hi, s);
    *a = x;
    *b = y;
    return 0;
}

int cli_parse_semantics(const char *cmd, const char *s, int *out) {
    int k = lips_semantics_find(s);
    if (k < 0) return cli_usage_error(cmd, "--semantics takes strict or deepcoder, not '%s'", s);
    *out = k;
    return 0;
}
