#!/usr/bin/env bash
# Lays out an application for its image as plain jars, and trains an AOT cache for it when the image's Java
# runtime can use one (JDK 25 and later: JEP 483, 514, 515).
#
#   train-aot.sh RUNTIME_JAVA_HOME JDK_HOME OUTPUT_DIR NAME TRAINING_MAIN|none CLASSPATH
#
# CLASSPATH is Maven's runtime class path: the module's classes directory first, then its dependencies' jars, the
# jars Jib copies into /app/libs. Writes, under OUTPUT_DIR/app/aot (the image's /app/aot):
#   NAME.jar      the module's classes and resources as a jar: an AOT cache, like a CDS archive, only holds
#                 classes loaded from jars, and Jib lays the module out as directories (/app/classes)
#   classpath     the entrypoint's class path: that jar, then /app/libs/..., in Maven's (and Jib's) order
#   jvm-options   the entrypoint's -XX:VMOptionsFile: -XX:AOTCache=/app/aot/NAME.aot when there is a cache, else
#                 empty
#   NAME.aot      the cache, written by the JVM as the training run TRAINING_MAIN exits
# The training run uses the image's own runtime and the image's jars at the same paths relative to app/ (the JVM
# accepts a cache whose class path was moved as a whole), so the image's JVM takes the cache as it is. Nothing is
# trained when TRAINING_MAIN is none or the runtime is older than 25; the image then starts without a cache.
set -euo pipefail

runtime=${1:?usage: train-aot.sh RUNTIME_JAVA_HOME JDK_HOME OUTPUT_DIR NAME TRAINING_MAIN CLASSPATH}
jdk=${2:?}
out=${3:?}
name=${4:?}
training=${5:?}
classpath=${6:?}

rm -rf "$out"
aot="$out/app/aot"
staging="$out.training"
rm -rf "$staging"
mkdir -p "$aot" "$staging/app/aot" "$staging/app/libs"

IFS=: read -r -a entries <<< "$classpath"
classes=${entries[0]}
if [ ! -d "$classes" ]; then
  echo "train-aot.sh: the class path must start with the module's classes directory, was $classes" >&2
  exit 1
fi

# The module's jar, with its directory entries (Spring's class path scanning lists packages as directories), the
# files dated 1980-01-01 (the zip format's earliest date).
copy="$staging/classes"
cp -R "$classes" "$copy"
find "$copy" -exec touch -h -d @315532802 {} +
"$jdk/bin/jar" --create --no-manifest --file "$aot/$name.jar" -C "$copy" .
cp "$aot/$name.jar" "$staging/app/aot/$name.jar"

image_path="/app/aot/$name.jar"
training_path="$staging/app/aot/$name.jar"
declare -A seen=()
for jar in "${entries[@]:1}"; do
  base=$(basename "$jar")
  if [ -n "${seen[$base]:-}" ]; then
    echo "train-aot.sh: two dependencies are both named $base; Jib renames one of them in /app/libs, so the image's" \
      "class path would not match. Exclude one of them." >&2
    exit 1
  fi
  seen[$base]=1
  cp "$jar" "$staging/app/libs/$base"
  image_path="$image_path:/app/libs/$base"
  training_path="$training_path:$staging/app/libs/$base"
done
printf '%s' "$image_path" > "$aot/classpath"
# The JVM takes a cache only for jars of the size and modification time it was trained with, and Jib dates every
# file of an image 1970-01-01T00:00:01Z (its default filesModificationTime).
find "$staging/app" -name '*.jar' -exec touch -d @1 {} +
: > "$aot/jvm-options"

version=$("$runtime/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "$training" = none ] || [ "${version%%.*}" -lt 25 ]; then
  echo "no AOT cache for $name (training: $training, runtime Java $version)"
  rm -rf "$staging"
  exit 0
fi

started=$(date +%s)
# The JVM prints a line for each class it cannot cache (those of signed jars, for instance): only the outcome matters.
# The module options are the entrypoint's (the pom's jib-maven-plugin configuration): the JVM refuses a cache whose
# module graph was archived under other ones. The run and the cache it writes get 15 minutes (it takes under two on
# a busy 2-core machine): a hung run fails the build with its log instead of holding it to CI's limit.
if ! timeout --kill-after=30s 15m "$runtime/bin/java" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$aot/$name.aot" -Xlog:aot=error \
    -cp "$training_path" "$training" \
    > "$staging/training.log" 2>&1 || [ ! -s "$aot/$name.aot" ] || ! grep -q '^training run:' "$staging/training.log"; then
  echo "train-aot.sh: the training run of $name failed:" >&2
  grep -v -e 'Skipping ' -e 'JAVA_TOOL_OPTIONS' "$staging/training.log" | tail -60 >&2
  rm -f "$aot/$name.aot"
  exit 1
fi
printf '%s\n' "-XX:AOTCache=/app/aot/$name.aot" > "$aot/jvm-options"
echo "AOT cache for $name: $(du -h "$aot/$name.aot" | cut -f1) in $(( $(date +%s) - started )) s ($(grep -h 'training run:' "$staging/training.log" || true))"
rm -rf "$staging"
