# The sample closure of the integration tests: 4 store paths with references (hello -> libgreet ->
# libfoo, hello -> greeting-data), an executable, relative and absolute symlinks, a hard link,
# an empty file and directory, and a path longer than 100 bytes inside the image.
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  libc = sh { name = "libfoo-1.2"; args = [ "-c" ''
    mkdir -p $out/lib $out/share/empty-dir
    printf 'libfoo\n%.0s' $(seq 1 400) > $out/lib/libfoo.so
    : > $out/lib/empty-file
  '' ]; };
  data = sh { name = "greeting-data-1.0"; args = [ "-c" ''
    mkdir -p $out/share/greeting/a-rather-long-directory-name-to-push-the-image-path-past-one-hundred-bytes
    echo "hello, world" > $out/share/greeting/text
    echo nested > $out/share/greeting/a-rather-long-directory-name-to-push-the-image-path-past-one-hundred-bytes/file
    ln $out/share/greeting/text $out/share/greeting/hardlink
  '' ]; };
  lib = sh { name = "libgreet-0.1"; args = [ "-c" ''
    mkdir -p $out/lib
    echo "uses ${libc}/lib/libfoo.so" > $out/lib/libgreet.so
    ln -s ${libc}/lib/libfoo.so $out/lib/libfoo-link.so
  '' ]; };
in sh { name = "hello-2.12"; args = [ "-c" ''
    mkdir -p $out/bin $out/share
    printf '#!/bin/sh\ncat ${data}/share/greeting/text\n# ${lib}\n' > $out/bin/hello
    chmod +x $out/bin/hello
    ln -s hello $out/bin/hi
    ln -s ${data}/share/greeting $out/share/greeting
  '' ]; }
