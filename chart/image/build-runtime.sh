#!/usr/bin/env bash
# Builds the bottom of the gateway's and cnpg-backend's images: a jlink'd Java runtime at /opt/java and the
# few shared libraries it loads, copied from this machine, laid out as a root filesystem that Jib adds on top
# of `scratch`. No registry is needed (none is reachable from the build), and the image holds no shell, no
# package manager and nothing else to patch.
#
#   build-runtime.sh JAVA_HOME OUTPUT_DIR
#
# The runtime is as new as the build machine's JDK and C library: rebuild the images when those get security
# updates. /var/lib/dpkg/status.d/ records which Debian packages the libraries came from, so that image
# scanners can match them against advisories (the layout distroless images use).
set -euo pipefail

java_home=${1:?usage: build-runtime.sh JAVA_HOME OUTPUT_DIR}
out=${2:?usage: build-runtime.sh JAVA_HOME OUTPUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)

# What the two applications use (jdeps over their class paths), plus what is loaded as a service and so
# invisible to jdeps: elliptic curves (ES256 tokens, TLS key exchange), JNDI DNS, extra charsets and zip
# file systems. java.desktop is there for java.beans, which Spring's property binding uses.
modules=java.base,java.compiler,java.desktop,java.instrument,java.naming,java.net.http,java.prefs,java.rmi,\
java.scripting,java.security.jgss,java.sql,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,\
jdk.crypto.ec,jdk.naming.dns,jdk.charsets,jdk.zipfs

# Native AWT parts a headless server never loads, and which would drag X11, fonts and sound into the image.
desktop_natives='**/libawt_xawt.so,**/libawt_headless.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so,'\
'**/libfontmanager.so,**/libjavajpeg.so,**/liblcms.so,**/libmlib_image.so'

java_version=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
stamp="$java_version|$modules|$(sha256sum "$0" | cut -c1-16)"
if [ -f "$out.stamp" ] && [ "$(cat "$out.stamp")" = "$stamp" ]; then
  echo "container runtime up to date: $out (Java $java_version)"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out/opt"
major=${java_version%%.*}
major=${major%%+*}
compress=--compress=2
[ "$major" -ge 21 ] && compress=--compress=zip-6
"$java_home/bin/jlink" --add-modules "$modules" --exclude-files="$desktop_natives" \
  --strip-debug --no-man-pages --no-header-files "$compress" --output "$out/opt/java"

# The system CA bundle (Debian's ca-certificates-java) is newer than the one inside the JDK's modules.
if [ -f /etc/ssl/certs/java/cacerts ]; then
  cp /etc/ssl/certs/java/cacerts "$out/opt/java/lib/security/cacerts"
fi

# Every shared library the launcher and the runtime's own libraries need, and the dynamic loader, at the
# paths the loader searches by default (no ld.so.cache is shipped).
libraries=$( { find "$out/opt/java" -name '*.so' -print; echo "$out/opt/java/bin/java"; } \
  | xargs ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' \
  | grep -v "^$out/" | sort -u)
for library in $libraries; do
  mkdir -p "$out$(dirname "$library")"
  cp -L "$library" "$out$library"
done

# glibc's C.UTF-8 locale: with LANG=C.UTF-8 a Java 17 runtime reads and writes UTF-8, file names included.
locale_dir=/usr/lib/locale/C.utf8
if [ -d "$locale_dir" ]; then
  mkdir -p "$out/usr/lib/locale"
  cp -R "$locale_dir" "$out/usr/lib/locale/"
fi

cp -R "$here/rootfs/." "$out/"

# Provenance for scanners: one dpkg status stanza per Debian package a file came from (the JDK too, when it
# is Debian's).
if command -v dpkg-query >/dev/null; then
  mkdir -p "$out/var/lib/dpkg/status.d"
  for library in $libraries "$locale_dir/LC_CTYPE" "$java_home/lib/server/libjvm.so"; do
    real=$(readlink -f "$library")
    dpkg-query -S "$real" 2>/dev/null || dpkg-query -S "${real#/usr}" 2>/dev/null || true
  done | sed 's/: .*//; s/, /\n/g' | sort -u | while read -r package; do
    dpkg-query -s "$package" | grep -E '^(Package|Status|Architecture|Source|Version|Maintainer|Homepage):' \
      > "$out/var/lib/dpkg/status.d/${package%%:*}"
  done
  [ -f /etc/os-release ] && cp /etc/os-release "$out/etc/os-release"
fi

echo "$stamp" > "$out.stamp"
echo "container runtime built: $out (Java $java_version, $(du -sh "$out" | cut -f1))"
