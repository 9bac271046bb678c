# A tiny real closure for the quick start: hello-1.0 references libgreet-0.1 and
# greeting-data-1.0; libgreet references libc-shim-1.0. Builders are /bin/sh from the host,
# so this builds with Debian's nix-bin in a chroot store without any download.
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  libc = sh { name = "libc-shim-1.0"; args = [ "-c" ''
    mkdir -p $out/lib
    printf 'a stand-in for a C library\n' > $out/lib/libc-shim.so
  '' ]; };
  data = sh { name = "greeting-data-1.0"; args = [ "-c" ''
    mkdir -p $out/share/greeting
    echo "Hello from a Nix closure, packed by Stowage." > $out/share/greeting/text
  '' ]; };
  lib = sh { name = "libgreet-0.1"; args = [ "-c" ''
    mkdir -p $out/lib
    echo "links against ${libc}/lib/libc-shim.so" > $out/lib/libgreet.so
  '' ]; };
in sh { name = "hello-1.0"; args = [ "-c" ''
    mkdir -p $out/bin
    printf '#!/bin/sh\n# uses ${lib}/lib/libgreet.so\ncat ${data}/share/greeting/text\n' > $out/bin/hello
    chmod +x $out/bin/hello
    ln -s hello $out/bin/hi
  '' ]; }
