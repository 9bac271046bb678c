# The library with `pkgs` given: its builds then use pkgs.bash and pkgs.coreutils (stand-ins made
# from the host's programs here, as no nixpkgs is available offline).
{ stowageNix }:
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  pkgs = {
    bash = sh { name = "bash-standin"; args = [ "-c" "mkdir -p $out/bin; ln -s /bin/bash $out/bin/sh" ]; };
    coreutils = sh { name = "coreutils-standin"; args = [ "-c" "mkdir -p $out/bin; for t in mkdir chmod; do ln -s /bin/$t $out/bin/$t; done" ]; };
    stdenv.hostPlatform.system = builtins.currentSystem;
  };
  lib = import stowageNix { inherit pkgs; };
  app = sh { name = "app-1.0"; args = [ "-c" "mkdir -p $out/bin; echo hi > $out/bin/app" ]; };
in {
  inherit app;
  image = lib.buildImage { name = "localhost/app"; tag = "1"; config.Cmd = [ "${app}/bin/app" ]; fakeNss = true; };
}
