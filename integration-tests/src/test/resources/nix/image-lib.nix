# A small app image made with Stowage's Nix library (nix/): an app (a shell script that uses a
# library and a data file), the library, and a shell (busybox-static copied into the store).
# With stowageLib (the flake's libs.${system}) the apps find `stowage` on PATH.
{ stowageNix ? null, stowageLib ? null, stowage ? null, registry ? "localhost", system ? builtins.currentSystem }:
let
  lib = if stowageLib != null then stowageLib else import stowageNix { inherit stowage system; };
  sh = args: builtins.derivation ({ inherit system; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  shell = sh { name = "busybox-shell"; args = [ "-c" ''
    mkdir -p $out/bin && cp /bin/busybox $out/bin/busybox && ln -s busybox $out/bin/sh && ln -s busybox $out/bin/cat
  '' ]; };
  libgreet = sh { name = "libgreet-1.0"; args = [ "-c" ''
    mkdir -p $out/lib && printf 'greet() { echo "hello from a stowage image"; }\n' > $out/lib/greet.sh
  '' ]; };
  app = sh { name = "greeter-1.0"; args = [ "-c" ''
    mkdir -p $out/bin && printf '#!${shell}/bin/sh\n. ${libgreet}/lib/greet.sh\ngreet\n' > $out/bin/greeter && chmod +x $out/bin/greeter
  '' ]; };
  libLayer = lib.buildLayer { deps = [ libgreet ]; };
  common = {
    name = "${registry}/greeter";
    tag = "1.0";
    copyToRoot = [ shell ];
    config = { Cmd = [ "${app}/bin/greeter" ]; Env = [ "PATH=/bin" ]; };
    binSh = true;
    perms = [ { path = shell; regex = "/bin"; mode = "0755"; } ];
  };
  image = lib.buildImage (common // {
    layers = [ (lib.buildLayer { deps = [ shell ]; }) (lib.buildLayer { deps = [ app ]; layers = [ libLayer ]; }) ];
  });
in {
  inherit app libgreet shell image;
  # Two platforms from per-system images (here the same closure labelled arm64 too, as no arm64
  # store paths exist offline), metadata on the outer index.
  multi = lib.multiArch {
    images = [ image (lib.buildImage (common // { platform = "linux/arm64"; })) ];
    tag = "multi";
    metadata = { title = "greeter"; version = "1.0"; };
  };
}
