#!/usr/bin/env bash
# Installs lips into a temporary prefix and uses it as a packager and an
# embedder would: the installed tree; examples/embed.c built with pkg-config
# (shared and static liblips) and with find_package(lips); then, the prefix
# moved elsewhere, the installed lips's --version against the CMake version,
# the shipped model found from the binary's place alone, and every man page
# rendered by man.
#   run_install_test.sh BUILD_DIR SOURCE_DIR VERSION MAN(ON|OFF) CC [CFLAGS]
# CFLAGS are the sanitizer flags of an ASan build, which its consumers need.
set -u
build=$1 src=$2 version=$3 man=$4 cc=$5 cflags=${6:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset LIPS_MODEL
fail=0
bad() {
    printf 'FAIL %s\n' "$*"
    fail=$((fail + 1))
}
# same NAME FILE WANT: FILE holds exactly WANT
same() {
    local got
    got=$(cat "$2")
    [ "$got" = "$3" ] || bad "$1: got '$got', want '$3'"
}

p=$tmp/prefix
cmake --install "$build" --prefix "$p" >/dev/null || { echo "FAIL cmake --install"; exit 1; }

# -- the tree
pc=$(cd "$p" && find . -path '*/pkgconfig/lips.pc' | sed 's|^\./||')
[ -n "$pc" ] || { echo "FAIL no pkgconfig/lips.pc"; exit 1; }
libdir=${pc%/pkgconfig/lips.pc}
major=${version%%.*}
for f in bin/lips "$libdir/liblips.so" "$libdir/liblips.so.$major" "$libdir/liblips.so.$version" \
    "$libdir/liblips.a" "$libdir/cmake/lips/lipsConfig.cmake" "$libdir/cmake/lips/lipsConfigVersion.cmake" \
    include/lips/version.h; do
    [ -e "$p/$f" ] || bad "missing $f"
done
readelf -d "$p/$libdir/liblips.so.$version" | grep -q "SONAME.*\[liblips\.so\.$major\]" ||
    bad "liblips.so.$version has no SONAME liblips.so.$major"
for h in "$src"/include/lips/*.h; do
    h=$(basename "$h")
    [ -f "$p/include/lips/$h" ] || bad "missing include/lips/$h"
    [ "$h" = lips.h ] || grep -q "^#include \"lips/$h\"" "$p/include/lips/lips.h" || bad "lips.h does not include lips/$h"
done
grep -q '^#include "lips/version.h"' "$p/include/lips/lips.h" || bad "lips.h does not include lips/version.h"
for m in "$src"/models/*; do
    cmp -s "$m" "$p/share/lips/models/$(basename "$m")" || bad "missing share/lips/models/$(basename "$m")"
done

# -- embed.c through pkg-config: shared liblips, then static
want=$'a <- [int]\nb <- SORT a\nc <- REVERSE b'
export PKG_CONFIG_PATH=$p/$libdir/pkgconfig
cp "$src/examples/embed.c" "$tmp/embed.c"
# shellcheck disable=SC2046,SC2086
if $cc $cflags -o embed embed.c $(pkg-config --cflags --libs lips); then
    LD_LIBRARY_PATH=$p/$libdir ./embed >out 2>&1 || bad "embed (pkg-config) exit $?"
    same "embed (pkg-config)" out "$want"
    readelf -d embed | grep -q 'NEEDED.*\[liblips\.so\.'"$major"'\]' || bad "embed does not link liblips.so.$major"
else
    bad "embed.c does not build with pkg-config --cflags --libs lips"
fi
# shellcheck disable=SC2046,SC2086
if $cc $cflags -o embed-static embed.c $(pkg-config --cflags lips) \
    $(pkg-config --static --libs lips | sed 's/-llips\b/-l:liblips.a/'); then
    ./embed-static >out 2>&1 || bad "embed (pkg-config --static) exit $?"
    same "embed (pkg-config --static)" out "$want"
else
    bad "embed.c does not build with liblips.a and pkg-config --static --libs lips"
fi
same "pkg-config --modversion" <(pkg-config --modversion lips) "$version"
same "pkg-config modeldir" <(pkg-config --variable=modeldir lips) "$p/share/lips/models"
unset PKG_CONFIG_PATH

# -- embed.c through find_package(lips), with lips::lips and lips::lips_static
mkdir consumer
cat >consumer/CMakeLists.txt <<EOF
cmake_minimum_required(VERSION 3.18)
project(consumer C)
find_package(lips $version REQUIRED)
add_executable(embed ../embed.c)
target_link_libraries(embed PRIVATE lips::lips)
add_executable(embed_static ../embed.c)
target_link_libraries(embed_static PRIVATE lips::lips_static)
file(WRITE \${CMAKE_BINARY_DIR}/model_dir "\${lips_MODEL_DIR}")
EOF
if cmake -S consumer -B consumer/build -DCMAKE_PREFIX_PATH="$p" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_C_FLAGS="$cflags" >consumer.log 2>&1 && cmake --build consumer/build >>consumer.log 2>&1; then
    for e in embed embed_static; do
        consumer/build/$e >out 2>&1 || bad "$e (find_package) exit $?"
        same "$e (find_package)" out "$want"
    done
    same "lips_MODEL_DIR" consumer/build/model_dir "$p/share/lips/models"
else
    bad "find_package(lips) consumer: $(tail -20 consumer.log)"
fi

# -- the installed lips, its prefix moved: it finds its library and the
# shipped model from its own place, with no path into this or the source tree
mv "$p" "$tmp/moved"
q=$tmp/moved
lips=$q/bin/lips
model=$q/share/lips/models/deepcoder-t3.lips
"$lips" --version >out 2>&1 || bad "lips --version exit $?"
[[ "$(cat out)" == "lips $version (Z3 "*")" ]] || bad "lips --version: '$(cat out)', want 'lips $version (Z3 ...)'"
cp "$src/examples/seed_synthesize.lips" task.lips
"$lips" predict task.lips >default 2>&1 || bad "predict with the installed model: exit $?: $(cat default)"
"$lips" predict task.lips --model "$model" >given 2>&1
cmp -s default given || bad "predict without --model does not use $model"
# solve orders by the same model: the same program after the same number of nodes
"$lips" solve --max-len 2 task.lips | sed 's/ in [0-9.]* m\{0,1\}s,/,/' >default
"$lips" solve --max-len 2 --model "$model" task.lips | sed 's/ in [0-9.]* m\{0,1\}s,/,/' >given
cmp -s default given || bad "solve without --model: '$(cat default)', with the installed model: '$(cat given)'"
grep -q '^c <- REVERSE b$' default || bad "solve: '$(cat default)'"
# $LIPS_MODEL comes first
LIPS_MODEL=$tmp/none.lips "$lips" predict task.lips >out 2>&1
same "predict with LIPS_MODEL" out "$tmp/none.lips: cannot open the model file"
# without the installed model there is no other: the error names where it looked
rm "$model"
"$lips" predict task.lips >out 2>&1
same "predict without the installed model" out "$q/bin/../share/lips/models/deepcoder-t3.lips: cannot open the model file"

# -- man pages: lips(1) and one per command, each rendered without a warning
# and naming every option of its --help
if [ "$man" = ON ]; then
    mandir=$q/share/man/man1
    commands=$("$lips" --help | sed -n 's/^  \([a-z]*\) .*/\1/p')
    n=0
    for page in lips $(printf 'lips-%s ' $commands); do
        n=$((n + 1))
        f=$mandir/$page.1
        if [ ! -f "$f" ]; then
            bad "missing share/man/man1/$page.1"
            continue
        fi
        man --warnings -l "$f" >/dev/null 2>err || bad "man -l $page.1: exit $?"
        [ -s err ] && bad "man -l $page.1: $(cat err)"
        cmd=${page#lips}
        # shellcheck disable=SC2086
        for opt in $("$lips" ${cmd#-} --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
            sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$f" | grep -q -- "$opt" || bad "$page.1 lacks $opt"
        done
    done
    [ "$(ls "$mandir" | wc -l)" = "$n" ] || bad "share/man/man1 has $(ls "$mandir" | wc -l) pages, want $n"
fi

[ $fail = 0 ] && echo "install: all passed" || echo "install: $fail failed"
[ $fail = 0 ]
