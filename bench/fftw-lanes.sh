#!/usr/bin/env bash
# FFTW with 128-bit lanes against ours (docs/fft-performance.md, "FFTW with 128-bit lanes").
# Builds FFTW 3.3.10 from its source with SSE2 only (two doubles per instruction, the width of
# WebAssembly SIMD's f64x2) and, with the same compiler flags, with SSE2 + AVX (Debian's choice
# for libfftw3, whose codelets are 4 doubles wide); links bench/fftw.c statically against each and
# against the system's libfftw3; then bench/fftw-lanes.ts times ours, each FFTW, and the system's
# FFTW with FFTW_NO_SIMD (scalar codelets), each in a process of its own, alternately.
# Not part of `npm test` or `npm run bench`: a measurement to run by hand on a quiet machine.
#
#   bench/fftw-lanes.sh [--rounds 5] [--from 10] [--to 22] [--json FILE]   (options go to fftw-lanes.ts)
#
# FFTW_TARBALL   the source tarball (default: downloaded from Debian's archive into the work dir)
# FFTW_LANES_DIR where the builds go and stay for the next run (default: a new temporary directory)
# FFTW_LANES_BUILDS  which builds from source (default "sse2 avx"; "avx512" adds AVX2 + AVX-512 + FMA)
# Needs gcc, make and libfftw3-dev (apt-get install -y gcc make libfftw3-dev).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${FFTW_LANES_DIR:-$(mktemp -d /tmp/fftw-lanes.XXXXXX)}
builds=${FFTW_LANES_BUILDS:-sse2 avx}
url=http://deb.debian.org/debian/pool/main/f/fftw3/fftw3_3.3.10.orig.tar.gz
# fftw.org's published MD5 of fftw-3.3.10.tar.gz (Debian's orig tarball is that file)
md5=8ccbf6a5ea78a16dbc3e1306e234cc5c
mkdir -p "$work"

tarball=${FFTW_TARBALL:-$work/fftw-3.3.10.tar.gz}
if [ ! -f "$tarball" ]; then
  echo "fftw-lanes: downloading $url" >&2
  curl -fsSL -o "$tarball" "$url"
fi
echo "$md5  $tarball" | md5sum -c --quiet -

configure_flags() {
  case $1 in
    sse2) echo --enable-sse2 --disable-avx --disable-avx2 --disable-avx512 --disable-fma ;;
    avx) echo --enable-sse2 --enable-avx --disable-avx2 --disable-avx512 --disable-fma ;;
    avx512) echo --enable-sse2 --enable-avx --enable-avx2 --enable-avx512 --enable-fma ;;
    *) echo "fftw-lanes: unknown build $1" >&2; exit 1 ;;
  esac
}

sides=()
for build in $builds; do
  dir=$work/$build
  if [ ! -f "$dir/install/lib/libfftw3.a" ]; then
    echo "fftw-lanes: building FFTW ($build: $(configure_flags "$build")) in $dir" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    tar xzf "$tarball" -C "$dir"
    (
      cd "$dir/fftw-3.3.10"
      # FFTW's own CFLAGS (configure picks -O3 -fomit-frame-pointer -mtune=native … when CFLAGS is unset)
      # shellcheck disable=SC2046
      ./configure --prefix="$dir/install" --disable-shared --enable-static $(configure_flags "$build") > "$dir/configure.log" 2>&1
      make -j"$(nproc)" > "$dir/make.log" 2>&1
      make install > "$dir/install.log" 2>&1
    )
  fi
  # what the build has: the SIMD sets config.h turned on (sse2 must have HAVE_SSE2 and no HAVE_AVX*)
  have=$(grep -oE '^#define HAVE_(SSE2|AVX|AVX2|AVX512|FMA|AVX_128_FMA) 1' "$dir/fftw-3.3.10/config.h" | awk '{print $2}' | tr '\n' ' ')
  echo "fftw-lanes: $build: $have" >&2
  if [ "$build" = sse2 ] && [[ "$have" == *AVX* || "$have" != *SSE2* ]]; then
    echo "fftw-lanes: the sse2 build is not SSE2-only: $have" >&2; exit 1
  fi
  gcc -O2 -I"$dir/install/include" -o "$work/fftw-bench-$build" "$repo/bench/fftw.c" "$dir/install/lib/libfftw3.a" -lm
  sides+=("fftw-$build=$work/fftw-bench-$build")
done

gcc -O2 -o "$work/fftw-bench-system" "$repo/bench/fftw.c" -lfftw3 -lm
system_lib=$(ldd "$work/fftw-bench-system" | awk '/libfftw3\.so/ {print $3}')
echo "fftw-lanes: system: $system_lib, SIMD: $(strings "$system_lib" | grep -oE '^fftw_have_simd_[a-z0-9_]+' | sed 's/fftw_have_simd_//' | sort -u | tr '\n' ' ')" >&2
sides+=("fftw-system=$work/fftw-bench-system" "fftw-scalar=$work/fftw-bench-system:no-simd")

cd "$repo"
exec node --import tsx bench/fftw-lanes.ts "$@" "${sides[@]}"
