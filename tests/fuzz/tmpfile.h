/* For harnesses whose reader takes a path: the input in a fresh temporary
 * file. path is a mkstemp template; returns 0 when the file is written (the
 * caller unlinks it), -1 otherwise. */
#ifndef LIPS_FUZZ_TMPFILE_H
#define LIPS_FUZZ_TMPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static int fuzz_write_tmp(const uint8_t *data, size_t size, char *path) {
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    int ok = write(fd, data, size) == (ssize_t)size;
    close(fd);
    if (ok) return 0;
    unlink(path);
    return -1;
}

#endif
