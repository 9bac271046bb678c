# A closure that really runs in a container: a static busybox (Debian's busybox-static, copied into
# the store), a data path, and an app script whose interpreter is that busybox. 3 store paths.
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  busybox = sh { name = "busybox-static-1.35"; args = [ "-c" "mkdir -p $out/bin && cp /bin/busybox $out/bin/busybox" ]; };
  greeting = sh { name = "greeting-1.0"; args = [ "-c" "mkdir -p $out/share && echo 'hello from a nix closure' > $out/share/greeting" ]; };
in sh { name = "app-1.0"; args = [ "-c" ''
    mkdir -p $out/bin
    printf '#!${busybox}/bin/busybox sh\nexec ${busybox}/bin/busybox cat ${greeting}/share/greeting\n' > $out/bin/app
    chmod +x $out/bin/app
  '' ]; }
