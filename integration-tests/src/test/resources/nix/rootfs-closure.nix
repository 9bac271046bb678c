# A closure for root file system features: a tools package with bin/env and bin/sh, a CA bundle,
# and an app using both.
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  tools = sh { name = "tools-1.0"; args = [ "-c" ''
    mkdir -p $out/bin $out/share/man
    printf '#!/bin/sh\nexec "$@"\n' > $out/bin/env
    printf '#!/bin/sh\necho shell\n' > $out/bin/sh
    chmod +x $out/bin/env $out/bin/sh
    echo manual > $out/share/man/tools.1
  '' ]; };
  cacert = sh { name = "cacert-3.101"; args = [ "-c" ''
    mkdir -p $out/etc/ssl/certs
    echo "-----BEGIN CERTIFICATE-----" > $out/etc/ssl/certs/ca-bundle.crt
  '' ]; };
in sh { name = "app-1.0"; args = [ "-c" ''
    mkdir -p $out/bin
    printf '#!${tools}/bin/sh\n# certs: ${cacert}\n' > $out/bin/app
    chmod +x $out/bin/app
  '' ]; }
