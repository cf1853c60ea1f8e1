#!/bin/sh
# valgrind.sh COMMAND...: run COMMAND, under valgrind when WINNOW_VALGRIND=1
# (meson test --setup valgrind). Leaks and memory errors fail the test.
if [ "${WINNOW_VALGRIND:-0}" = 1 ]; then
	exec valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=9 -q "$@"
fi
exec "$@"
