# An app over several releases, for garbage collection: every version shares a C library and a
# locale archive, and has its own data and program. nix-build --arg version N.
{ version ? 1 }:
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  libc = sh { name = "libc-gc-2.40"; args = [ "-c" "mkdir -p $out/lib; yes libc | head -c 40000 > $out/lib/libc.so" ]; };
  locale = sh { name = "locale-gc-1"; args = [ "-c" "mkdir -p $out/share; yes locale | head -c 20000 > $out/share/locale-archive" ]; };
  data = sh { name = "data-gc-${toString version}"; args = [ "-c" "mkdir -p $out/share; yes 'data ${toString version}' | head -c 12000 > $out/share/data" ]; };
in sh { name = "app-gc-${toString version}"; args = [ "-c" ''
    mkdir -p $out/bin
    printf '#!/bin/sh\n# ${libc} ${locale} ${data}\necho release ${toString version}\n' > $out/bin/app
    chmod +x $out/bin/app
  '' ]; }
