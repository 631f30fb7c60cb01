#!/bin/sh
# SPDX-License-Identifier: MIT
# `meson install` into a temporary DESTDIR, then what a user does: build a
# program with `pkg-config --cflags --libs citysnap`, run it against the
# installed library and data, and check the installed tool, headers, man
# pages and bash completion. Usage: test-install.sh BUILDDIR [SANITIZE]
# (SANITIZE: the build's b_sanitize; a consumer of a sanitized library is
# built with the same runtime, as it would have to be.)
set -eu
build=$1
sanitize=${2:-none}
san_flags=""
[ "$sanitize" != none ] && san_flags="-fsanitize=$sanitize"
for tool in meson pkg-config cc; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "1..0 # SKIP $tool not found"
        exit 0
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; status=1; }
status=0
comp=""
echo "1..9"

if meson install -C "$build" --no-rebuild --quiet --destdir "$dest" \
    >"$tmp/install.log" 2>&1; then
    ok "meson install --destdir"
else
    cat "$tmp/install.log" | sed 's/^/# /'
    fail "meson install --destdir"
    exit 1
fi

pc=$(find "$dest" -name citysnap.pc | head -n 1)
[ -n "$pc" ] && ok "citysnap.pc installed" || { fail "citysnap.pc installed"; exit 1; }
prefix=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=prefix citysnap)
root=$dest$prefix
# The .pc file as it would read installed at $root (its other paths are
# relative to ${prefix}); cairo and the rest still come from the system.
mkdir "$tmp/pc"
sed "s|^prefix=.*|prefix=$root|" "$pc" >"$tmp/pc/citysnap.pc"
export PKG_CONFIG_PATH="$tmp/pc"
libdir=$(pkg-config --variable=libdir citysnap)

cat >"$tmp/consumer.c" <<'C'
#include <citysnap/citysnap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
    char fw_path[4096], fonts[4096];
    snprintf(fw_path, sizeof fw_path, "%s/data/u4ssc-wheel.csv", argv[1]);
    snprintf(fonts, sizeof fonts, "%s/fonts", argv[1]);
    if (strcmp(cs_version(), CS_VERSION_STRING) != 0)
        return 10;
    cs_diag_t *d = cs_diag_new();
    cs_framework_t *fw = NULL;
    cs_bands_t *bands = cs_bands_new_default();
    cs_fonts_t *f = NULL;
    cs_renderer_t *r = NULL;
    cs_scores_t *s = NULL;
    if (cs_framework_load(fw_path, &fw, d) != CS_OK ||
        cs_fonts_new(fonts, &f, d) != CS_OK ||
        cs_renderer_new(fw, bands, f, NULL, &r, d) != CS_OK ||
        cs_scores_compute(fw, bands, NULL, NULL, &s, d) != CS_OK) {
        for (size_t i = 0; i < cs_diag_entry_count(d); i++)
            fprintf(stderr, "%s\n", cs_diag_get(d, i)->message);
        return 11;
    }
    cs_output_t o;
    cs_output_init(&o);
    o.format = CS_FORMAT_PNG;
    o.width_px = 300;
    unsigned char *png = NULL;
    size_t len = 0;
    if (cs_renderer_to_memory(r, s, "Consumer", &o, &png, &len, NULL, d) !=
            CS_OK ||
        len < 8 || memcmp(png, "\x89PNG", 4) != 0)
        return 12;
    printf("%s %zu KPIs, %zu bytes of PNG\n", cs_version(),
           cs_framework_kpi_count(fw), len);
    free(png);
    cs_scores_free(s);
    cs_renderer_free(r);
    cs_fonts_free(f);
    cs_bands_free(bands);
    cs_framework_free(fw);
    cs_diag_free(d);
    return 0;
}
C
# shellcheck disable=SC2046
if cc -std=c11 -Wall -Werror $san_flags -o "$tmp/consumer" "$tmp/consumer.c" \
    $(pkg-config --cflags --libs citysnap) 2>"$tmp/cc.log"; then
    ok "consumer builds with pkg-config --cflags --libs citysnap"
else
    sed 's/^/# /' "$tmp/cc.log"
    fail "consumer builds with pkg-config --cflags --libs citysnap"
fi
if out=$(LD_LIBRARY_PATH=$libdir "$tmp/consumer" "$root/share/citysnap" 2>&1); then
    echo "# $out"
    ok "consumer renders with the installed library and data"
else
    echo "# rc $? $out"
    fail "consumer renders with the installed library and data"
fi
# the installed tool uses the installed library, not a copy of it
if LD_LIBRARY_PATH=$libdir ldd "$root/bin/citysnap" | grep -q "$libdir/libcitysnap"; then
    ok "installed citysnap links the installed libcitysnap"
else
    fail "installed citysnap links the installed libcitysnap"
fi
src_inc=$(dirname "$0")/../include/citysnap
missing=""
for h in "$src_inc"/*.h version.h; do
    [ -f "$root/include/citysnap/$(basename "$h")" ] ||
        missing="$missing $(basename "$h")"
done
[ -z "$missing" ] && ok "every public header installed (and version.h)" ||
    fail "every public header installed (missing:$missing; list it in include/citysnap/meson.build)"
# every command has a man page (generated from --help when help2man exists)
if command -v help2man >/dev/null 2>&1; then
    missing=""
    for c in "" $(LD_LIBRARY_PATH=$libdir "$root/bin/citysnap" --help |
        awk '/^Commands:/ {on = 1; next} on && /^$/ {exit}
             on && /^  [a-z]/ {print $1}'); do
        page=citysnap${c:+-$c}.1
        [ -f "$root/share/man/man1/$page" ] || missing="$missing $page"
    done
    [ -z "$missing" ] && ok "a man page per command" ||
        fail "a man page per command (missing:$missing; add a row to src/cli/meson.build)"
else
    echo "ok $((n = n + 1)) - a man page per command # SKIP help2man not found"
fi
if pkg-config --exists bash-completion; then
    comp=$root/share/bash-completion/completions/citysnap
    [ -f "$comp" ] && bash -n "$comp" && ok "bash completion installed" ||
        fail "bash completion installed ($comp)"
else
    echo "ok $((n = n + 1)) - bash completion installed # SKIP bash-completion.pc not found"
fi
# the completion completes commands and a command's options from --help
helpers=/usr/share/bash-completion/bash_completion
if [ -f "$helpers" ] && [ -f "$comp" ] && command -v bash >/dev/null; then
    got=$(PATH=$root/bin:$PATH LD_LIBRARY_PATH=$libdir bash -c '
        . "$1"; . "$2"
        COMP_WORDS=(citysnap re); COMP_CWORD=1; COMP_LINE="citysnap re"
        COMP_POINT=${#COMP_LINE}
        _citysnap citysnap re citysnap; echo "${COMPREPLY[*]}"
        COMP_WORDS=(citysnap render --leg); COMP_CWORD=2
        COMP_LINE="citysnap render --leg"; COMP_POINT=${#COMP_LINE}
        _citysnap citysnap --leg render; echo "${COMPREPLY[*]}"' \
        sh "$helpers" "$comp" 2>&1)
    echo "# $got" | tr '\n' ' '; echo
    case $got in
        *render*report*--legend=*) ok "completion of commands and options" ;;
        *) fail "completion of commands and options" ;;
    esac
else
    echo "ok $((n = n + 1)) - completion of commands and options # SKIP bash-completion not installed"
fi
exit $status
