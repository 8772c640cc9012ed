#!/bin/bash
# tests/vm/debug-kernel.sh [--print-path] [--no-build] [--force]
#
# Build (once) the xt_qq debug kernel: Debian's linux-source-6.1, "make
# tinyconfig" + tests/vm/debug.config (KASAN, UBSAN, lockdep, kmemleak,
# KUnit, netfilter, virtio/9p all built in, MODULES=y for out-of-tree
# modules), in a cache dir outside the repository:
#
#   ${XTQQ_DEBUG_KERNEL_CACHE:-/var/cache/xt_qq/debug-kernel}/KEY/linux
#
# KEY = linux-source-6.1 package version + a hash of debug.config, this
# script and the compiler version.  A finished tree for KEY is reused as is;
# a new KEY builds a new tree and then removes the other KEY dirs.  Builds
# happen in a temporary dir renamed into place when complete, under a lock,
# so the script is idempotent, safe to interrupt and safe to run twice at once.
#
# The tree is ready for "make -C TREE M=DIR modules" (Module.symvers,
# modules_prepare) and for booting (see tests/vm/README.md, "Debug kernel"):
#   tests/vm/run.sh -K TREE/arch/x86/boot/bzImage -k "$(cat TREE/include/config/kernel.release)" -- CMD
#
#   (no option)   build if needed; progress on stderr; the tree path on stdout
#   --print-path  same, but only the tree path on stdout, nothing else
#                 unless it has to build (progress then goes to stderr)
#   --no-build    do not build: print the tree path, exit 0 if it is built,
#                 1 if not (for Makefiles: cheap, no side effects)
#   --force       rebuild even if a finished tree exists for KEY
#
# Exit status: 0 ok, 1 build/config failure (or --no-build and not built),
# 2 usage/setup error, 130/143 interrupted.
set -eu
set -o pipefail

ME=debug-kernel.sh
HERE=$(cd "$(dirname "$0")" && pwd)
SELF=$HERE/$(basename "$0")
FRAG=$HERE/debug.config
SRCPKG=linux-source-6.1
SRCTAR=/usr/src/linux-source-6.1.tar.xz
CACHE_ROOT=${XTQQ_DEBUG_KERNEL_CACHE:-/var/cache/xt_qq/debug-kernel}
MARK=.xtqq-debug-kernel		# in every dir we own (and may delete)
DEPS="build-essential bc bison flex libelf-dev libssl-dev dwarves xz-utils lzop $SRCPKG"

usage() {	# [exit status]
	sed -n '2,/^set -eu/p' "$SELF" | sed -n 's/^# \{0,1\}//p' >&2
	exit "${1:-2}"
}
die() { echo "$ME: error: $*" >&2; exit 2; }

PRINT_PATH=0 NO_BUILD=0 FORCE=0
for a in "$@"; do
	case $a in
	--print-path) PRINT_PATH=1 ;;
	--no-build) NO_BUILD=1 ;;
	--force) FORCE=1 ;;
	-h|--help) usage 0 ;;
	*) echo "$ME: unknown argument '$a'" >&2; usage ;;
	esac
done
[ "$NO_BUILD" = 1 ] && [ "$FORCE" = 1 ] && die "--no-build and --force contradict each other"

T0=$SECONDS
say() { printf '%s: [%4ds] %s\n' "$ME" "$((SECONDS - T0))" "$*" >&2; }

# ------------------------------------------------------------ dependencies
pkg_ok() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
install_deps() {
	local missing="" p
	for p in $DEPS; do pkg_ok "$p" || missing="$missing $p"; done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages:$missing (run as root, or install them)"
	say "installing build dependencies:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 ||
	   ! apt-get install -y -q --no-install-recommends $missing >&2; then
		apt-get update -q >&2 || die "apt-get update failed"
		apt-get install -y -q --no-install-recommends $missing >&2 ||
			die "apt-get install$missing failed"
	fi
}

# The key (and so the path) needs the source version: with --no-build, do not
# install anything, just report "not built" if the package is missing.
if [ "$NO_BUILD" = 1 ]; then
	pkg_ok "$SRCPKG" || { echo "$ME: $SRCPKG is not installed" >&2; exit 1; }
else
	install_deps
fi
[ -r "$FRAG" ] || die "$FRAG missing"
[ -r "$SRCTAR" ] || die "$SRCTAR missing (reinstall $SRCPKG)"

SRCVER=$(dpkg-query -W -f='${Version}' "$SRCPKG")
HASH=$( { cat "$FRAG" "$SELF"; gcc --version 2>/dev/null | head -n1; } | sha256sum | cut -c1-16)
KEY=$SRCVER-$HASH
DIR=$CACHE_ROOT/$KEY
TREE=$DIR/linux

built() { [ -f "$DIR/$MARK" ] && [ -f "$DIR/done" ] && [ -s "$TREE/arch/x86/boot/bzImage" ]; }

if [ "$NO_BUILD" = 1 ]; then
	echo "$TREE"
	built
	exit
fi

report() {	# the result, on stdout (path only with --print-path)
	if [ "$PRINT_PATH" = 1 ]; then
		echo "$TREE"
	else
		echo "$ME: tree $TREE (kernelrelease $(cat "$TREE/include/config/kernel.release"))" >&2
		echo "$ME: boot: tests/vm/run.sh -K $TREE/arch/x86/boot/bzImage -k $(cat "$TREE/include/config/kernel.release") -- CMD" >&2
		echo "$TREE"
	fi
}

if [ "$FORCE" = 0 ] && built; then
	report
	exit 0
fi

# ------------------------------------------------------------ lock
mkdir -p "$CACHE_ROOT" || die "cannot create $CACHE_ROOT"
touch "$CACHE_ROOT/$MARK"
exec 9> "$CACHE_ROOT/.lock"
if ! flock -n 9; then
	say "another debug-kernel.sh is building in $CACHE_ROOT; waiting for it"
	flock 9
fi
# It may have built ours meanwhile.
if [ "$FORCE" = 0 ] && built; then
	report
	exit 0
fi

# Holding the lock, nobody else is building: temp dirs are leftovers of
# interrupted runs.
for d in "$CACHE_ROOT"/.tmp-*; do
	[ -f "$d/$MARK" ] && rm -rf "$d"
done

# ------------------------------------------------------------ build
# Nothing from the caller's make or kbuild environment may leak in (the
# script may run from a Makefile recipe with M=... or -s on its command line).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS ARCH SUBARCH \
	CROSS_COMPILE O KBUILD_OUTPUT KBUILD_EXTMOD M KCONFIG_CONFIG \
	KCONFIG_ALLCONFIG KCFLAGS KCPPFLAGS KAFLAGS KRUSTFLAGS LOCALVERSION \
	INSTALL_MOD_PATH W C V
export LC_ALL=C KBUILD_BUILD_USER=xtqq KBUILD_BUILD_HOST=debug-kernel
JOBS=$(nproc)
KMAKE=(make ARCH=x86_64 LOCALVERSION= -j"$JOBS")

TMP=$CACHE_ROOT/.tmp-$KEY.$$
LOG=$TMP/build.log
MPID=
cleanup() {
	trap - EXIT INT TERM HUP
	if [ -n "$MPID" ]; then
		kill -TERM -- "-$MPID" 2>/dev/null || kill -TERM "$MPID" 2>/dev/null || true
		wait "$MPID" 2>/dev/null || true
	fi
	if [ -d "$TMP" ]; then
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'echo >&2; say "interrupted, removing $TMP"; exit 130' INT
trap 'say "terminated, removing $TMP"; exit 143' TERM
trap 'say "hangup, removing $TMP"; exit 129' HUP

fail() {	# message: keep the log next to the cache, show its tail
	local keep=$CACHE_ROOT/failed-$KEY.log
	cp -f "$LOG" "$keep" 2>/dev/null || keep=$LOG
	echo "$ME: ERROR: $*" >&2
	if [ -s "$keep" ]; then
		echo "$ME: ---- last 40 lines of $keep ----" >&2
		tail -n 40 "$keep" >&2
		echo "$ME: ---- end of $keep ----" >&2
	fi
	exit 1
}

# run DESCRIPTION CMD...: run CMD in the tree (or the temp dir before the tree
# exists), output appended to the log, in its own session (so an interrupt can
# stop all of make's children at once), in the background so that signals are
# handled at once, with a progress line every minute.
run() {
	local what=$1 rc=0 last=$SECONDS n
	shift
	say "$what"
	echo "==== [$((SECONDS - T0))s] $what: $*" >> "$LOG"
	( cd "$TMP/linux" 2>/dev/null || cd "$TMP"; exec setsid "$@" ) >> "$LOG" 2>&1 < /dev/null &
	MPID=$!
	while kill -0 "$MPID" 2>/dev/null; do
		sleep 2 & wait $! || true
		if [ $((SECONDS - last)) -ge 60 ]; then
			last=$SECONDS
			n=$(grep -c '^  CC ' "$LOG" || true)
			if [ "$n" -gt 0 ]; then say "  ... $n files compiled so far"; else say "  ... still running"; fi
		fi
	done
	wait "$MPID" || rc=$?
	MPID=
	[ "$rc" = 0 ] || fail "$what failed (exit $rc)"
}

rm -f "$CACHE_ROOT/failed-$KEY.log"
mkdir "$TMP"
touch "$TMP/$MARK"
cp "$FRAG" "$TMP/debug.config"	# the fragment this build uses, even if edited meanwhile
: > "$LOG"
say "building the debug kernel: $SRCPKG $SRCVER, key $KEY, $JOBS jobs, log in $LOG (then $DIR/build.log)"

run "extracting $SRCTAR" tar -C "$TMP" -xJf "$SRCTAR"
mv "$TMP/linux-source-6.1" "$TMP/linux" || fail "unexpected layout of $SRCTAR"

run "make tinyconfig" "${KMAKE[@]}" tinyconfig
run "merging debug.config" scripts/kconfig/merge_config.sh -m .config ../debug.config
run "make olddefconfig" "${KMAKE[@]}" olddefconfig

# merge_config.sh only warns (and olddefconfig says nothing) when a symbol's
# dependencies are not met: check that every line of the fragment made it.
say "checking that every debug.config setting is in .config"
bad=$(awk '
	FNR == NR {
		if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) { n = index($0, "="); cfg[substr($0, 1, n - 1)] = substr($0, n + 1) }
		else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) { cfg[$2] = "n" }
		next
	}
	/^CONFIG_[A-Za-z0-9_]+=/ { n = index($0, "="); want[substr($0, 1, n - 1)] = substr($0, n + 1); next }
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { want[$2] = "n" }
	END {
		for (s in want) {
			have = (s in cfg) ? cfg[s] : "n"
			if (have != want[s])
				printf "  %s: wanted %s, got %s\n", s, want[s], (s in cfg) ? have : "n (symbol absent: unmet dependency or no such symbol in 6.1)"
		}
	}' "$TMP/linux/.config" "$TMP/debug.config" | sort)
if [ -n "$bad" ]; then
	printf '%s\n' "$bad" >> "$LOG"
	echo "$ME: ERROR: these debug.config settings did not make it into .config:" >&2
	printf '%s\n' "$bad" >&2
	fail "debug.config does not apply cleanly (see scripts/kconfig/merge_config.sh warnings in the log)"
fi

# Module.symvers (needed by "make M=...") comes from the modpost of "modules";
# nothing in the tree is =m, so that part is quick.
run "make bzImage modules (the long part)" "${KMAKE[@]}" bzImage modules
run "make modules_prepare" "${KMAKE[@]}" modules_prepare
for f in arch/x86/boot/bzImage vmlinux Module.symvers include/config/kernel.release \
	 include/generated/autoconf.h scripts/mod/modpost; do
	[ -e "$TMP/linux/$f" ] || fail "build finished but $f is missing"
done
KREL=$(cat "$TMP/linux/include/config/kernel.release")
{
	echo "key=$KEY"
	echo "source=$SRCPKG $SRCVER"
	echo "kernelrelease=$KREL"
	echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) in $((SECONDS - T0))s with $JOBS jobs"
} > "$TMP/done"

# Into place.  With --force, the old tree for this key goes away first.
if [ -e "$DIR" ]; then
	[ -f "$DIR/$MARK" ] || fail "$DIR exists and is not ours; not replacing it"
	mv "$DIR" "$TMP.old"
fi
mv "$TMP" "$DIR"
LOG=$DIR/build.log
rm -rf "$TMP.old"
# Trees for other keys are obsolete.
for d in "$CACHE_ROOT"/*/; do
	d=${d%/}
	[ "$d" = "$DIR" ] || ! [ -f "$d/$MARK" ] || { say "removing obsolete $d"; rm -rf "$d"; }
done
rm -f "$CACHE_ROOT"/failed-*.log
say "done: $KREL"
report
