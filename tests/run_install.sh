#!/bin/sh
# run_install.sh BUILD PREFIX LIBDIR MANDIR PYDIR WINNOW MAN SANITIZE: what `meson install`
# puts in place, used the way its users use it. Installs the build into a
# scratch DESTDIR, then: a C program built with the installed winnow.pc
# (shared, then static) cleans a fixture as the CLI does; the shared library
# has its soname and exports the API and nothing else; the rule files and the
# Python module are there and the module imports from its site directory
# (PYDIR empty: no module built), and the man pages (MAN=yes: built).
# SANITIZE is meson's b_sanitize: a sanitizer build's library needs its
# runtime in the programs built against it.
set -eu
build=$1 prefix=$2 libdir=$3 mandir=$4 pydir=$5 winnow=$6 with_man=$7 sanitize=${8:-none}
san=""
[ "$sanitize" = none ] || san="-fsanitize=$sanitize"
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

meson install -C "$build" --no-rebuild --destdir "$tmp/root" --quiet >/dev/null
root=$tmp/root
case $libdir in /*) lib=$root$libdir ;; *) lib=$root$prefix/$libdir ;; esac
case $mandir in /*) man=$root$mandir ;; *) man=$root$prefix/$mandir ;; esac

[ -f "$root$prefix/include/winnow.h" ] || fail "winnow.h not installed"
[ -f "$lib/pkgconfig/winnow.pc" ] || fail "winnow.pc not installed in $lib/pkgconfig"
[ -f "$lib/libwinnow.a" ] || fail "libwinnow.a not installed"
so=$(ls "$lib"/libwinnow.so.*.*.* 2>/dev/null | head -n 1)
[ -n "$so" ] || fail "no libwinnow.so.X.Y.Z in $lib"
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$soname" = libwinnow.so.0 ] || fail "soname is '$soname', not libwinnow.so.0"
[ -L "$lib/$soname" ] && [ -L "$lib/libwinnow.so" ] || fail "soname and dev links missing"

# the shared library exports the header's functions, all of them and only them
nm -D --defined-only "$so" | awk '$2 ~ /[TDBR]/ {print $3}' | sort > "$tmp/exported"
sed -n 's/^WN_API [^(]*[ *]\(wn_[a-z0-9_]*\)(.*/\1/p' "$src/include/winnow.h" | sort > "$tmp/declared"
diff "$tmp/declared" "$tmp/exported" > "$tmp/symdiff" || {
	cat "$tmp/symdiff" >&2
	fail "exported symbols differ from include/winnow.h (< declared, > exported)"
}

nrules=$(ls "$src"/rules/*.rules "$src"/rules/lang/*.rules | wc -l)
ninst=$(find "$root$prefix/share/winnow/rules" -name '*.rules' | wc -l)
[ "$nrules" = "$ninst" ] || fail "$ninst rule files installed, $nrules in rules/"

export PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root"
fixture=$src/fixtures/cases/demo.txt
"$winnow" < "$fixture" > "$tmp/expected"
cc -Wall -Werror $san -o "$tmp/clean" "$src/tests/install/clean.c" $(pkg-config --cflags --libs winnow)
LD_LIBRARY_PATH=$lib "$tmp/clean" < "$fixture" > "$tmp/got" || fail "the shared-library program failed"
cmp "$tmp/expected" "$tmp/got" || fail "shared: output differs from winnow < demo.txt"
ldd_out=$(LD_LIBRARY_PATH=$lib ldd "$tmp/clean")
echo "$ldd_out" | grep -q "libwinnow.so.0 => $lib" || fail "not linked with the installed libwinnow.so.0"

cc -Wall -Werror $san -o "$tmp/clean-static" "$src/tests/install/clean.c" \
	$(pkg-config --cflags winnow) "$lib/libwinnow.a" \
	$(pkg-config --static --libs winnow | sed 's/-lwinnow//')
"$tmp/clean-static" < "$fixture" > "$tmp/got-static" || fail "the static program failed"
cmp "$tmp/expected" "$tmp/got-static" || fail "static: output differs"

if [ -n "$pydir" ]; then
	case $pydir in /*) site=$root$pydir ;; *) site=$root$prefix/$pydir ;; esac
	[ -f "$site/winnow/__init__.py" ] && [ -f "$site/winnow/py.typed" ] ||
		fail "the Python package is not in $site"
	PYTHONPATH=$site PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c '
import sys, winnow
data = open(sys.argv[1], "rb").read()
assert winnow.__file__.startswith(sys.argv[3]), winnow.__file__
assert winnow.Filter().clean(data) == open(sys.argv[2], "rb").read()
assert winnow.Filter().clean(data.decode()) == open(sys.argv[2], "rb").read().decode()
' "$fixture" "$tmp/expected" "$site" || fail "the installed Python module"
fi

if [ "$with_man" = yes ]; then
	[ -f "$man/man1/winnow.1" ] && [ -f "$man/man5/winnow-rules.5" ] || fail "man pages not installed in $man"
fi
echo "installed: library $(basename "$so") ($soname), winnow.pc, header, $ninst rule files, man pages${pydir:+, Python module in $pydir}"
