# 40 store paths of about 256 KiB each, all referenced by one root: enough layers to interrupt a build.
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  part = i: sh { name = "part-${toString i}-1.0"; args = [ "-c" ''
    mkdir -p $out/share
    yes "part ${toString i} line" | head -c 262144 > $out/share/data
  '' ]; };
  parts = builtins.genList part 40;
in sh { name = "many-1.0"; args = [ "-c" ''
    mkdir -p $out
    echo "${builtins.concatStringsSep " " (map toString parts)}" > $out/parts
  '' ]; }
