# Stowage's Nix library: buildImage / buildLayer / multiArch describe an image as a Stowage spec
# (docs/spec.md) plus its closure graph; the `stowage` command streams the layers. Builtins only
# unless `pkgs` is given (then the builds use pkgs' shell and coreutils, so they run in a sandbox).
# See docs/nix.md for every argument.
{ pkgs ? null, stowage ? null, system ? null }:
let
  inherit (builtins) attrNames concatMap elem filter foldl' getContext hasAttr isAttrs isList isString listToAttrs map toJSON;

  hostSystem = if system != null then system else if pkgs != null then pkgs.stdenv.hostPlatform.system else builtins.currentSystem;
  shell = if pkgs != null then "${pkgs.bash}/bin/sh" else "/bin/sh";
  toolPath = if pkgs != null then "${pkgs.coreutils}/bin" else "/usr/bin:/bin";
  stowageCommand = s: if s == null then "stowage" else if isString s then s else "${s}/bin/stowage";

  platforms = {
    x86_64-linux = "linux/amd64"; aarch64-linux = "linux/arm64"; armv7l-linux = "linux/arm/v7";
    armv6l-linux = "linux/arm/v6"; i686-linux = "linux/386"; powerpc64le-linux = "linux/ppc64le";
    s390x-linux = "linux/s390x"; riscv64-linux = "linux/riscv64";
  };
  platformOf = sys: platforms.${sys} or (throw "stowage: no OCI platform known for system '${sys}'; pass platform = \"os/arch\"");

  platformDir = p: builtins.replaceStrings [ "/" ] [ "-" ] p;
  baseName = n: let parts = builtins.split "/" n; in builtins.elemAt parts (builtins.length parts - 1);
  drvName = n: builtins.replaceStrings [ ":" "@" ] [ "-" "-" ] (baseName n);

  # Refuses a nix2container argument Stowage has no equivalent for, naming it.
  refuse = fn: args: names: foldl' (ok: n: if hasAttr n args then throw "stowage.${fn}: argument '${n}' is not supported (see docs/nix.md)" else ok) true names;

  buildLayer = args@{ deps ? [], paths ? [], layers ? [], ... }:
    assert refuse "buildLayer" args [ "copyToRoot" "perms" "maxLayers" "ignore" "reproducible" "metadata" ];
    { _type = "stowage-layer"; inherit deps paths layers; };

  layerKey = l: toJSON { deps = map toString l.deps; paths = map toString l.paths; };
  # A layer's own `layers` come before it; a layer met twice is kept once (the first time).
  flattenLayers = ls: let
    expand = l: if !(isAttrs l) || (l._type or null) != "stowage-layer" then throw "stowage.buildImage: layers must be made with buildLayer" else expand' l;
    expand' = l: concatMap expand l.layers ++ [ l ];
    all = concatMap expand ls;
  in (foldl' (acc: l: let k = layerKey l; in if elem k acc.keys then acc else { keys = acc.keys ++ [ k ]; out = acc.out ++ [ l ]; }) { keys = []; out = []; } all).out;

  # The closure graph of `roots` (and of the store paths `config` mentions) as nix path-info JSON,
  # written by the shell alone from exportReferencesGraph under __structuredAttrs.
  closureGraph = { name, roots, config }:
    let
      configRefs = builtins.derivation {
        name = "${name}-config-refs"; system = hostSystem; builder = shell; PATH = toolPath;
        config = toJSON config; args = [ "-c" "printf '%s' \"$config\" > $out" ];
      };
    in builtins.derivation {
      name = "${name}-closure.json"; system = hostSystem; builder = shell;
      __structuredAttrs = true;
      exportReferencesGraph.closure = [ configRefs ] ++ roots;
      drop = "${configRefs}";
      args = [ "-c" ''
        f=.attrs.json; [ -e "$f" ] || f=''${NIX_ATTRS_JSON_FILE:-}
        IFS= read -r j < "$f" || :
        out=''${j#*\"outputs\":\{\"out\":\"}; out=''${out%%\"*}
        drop=''${j#*\"drop\":\"}; drop=''${drop%%\"*}
        c=''${j#*\"closure\":\[}; c=''${c%%\],\"drop\":*}
        before=''${c%\{\"*\"path\":\"$drop\"*}
        after=''${c#*\"path\":\"$drop\"}; after=''${after#*\]\}}
        before=''${before%,}; after=''${after#,}
        if [ -n "$before" ] && [ -n "$after" ]; then c="$before,$after"; else c="$before$after"; fi
        printf '[%s]\n' "$c" > "$out"
      '' ];
    };

  writeImage = { name, spec, closures }: builtins.derivation ({
    name = "${drvName name}-image"; system = hostSystem; builder = shell; PATH = toolPath;
    spec = toJSON spec;
    closureFiles = map (c: "${c.dir} ${c.file}") closures;
    args = [ "-c" ''
      mkdir -p $out
      printf '%s\n' "$spec" > $out/image.json
      set -- $closureFiles
      while [ $# -gt 0 ]; do
        mkdir -p "$out/$1"; IFS= read -r line < "$2" || :; printf '%s\n' "$line" > "$out/$1/closure.json"; shift 2
      done
    '' ];
  });

  app = name: body: builtins.derivation {
    name = "${name}"; system = hostSystem; builder = shell; PATH = toolPath;
    script = "#!${shell}\nset -e\n${body}\n";
    args = [ "-c" "mkdir -p $out/bin; printf '%s' \"$script\" > $out/bin/${name}; chmod +x $out/bin/${name}" ];
  } // { meta.mainProgram = name; };

  withApps = { drv, name, tag, stowage }: let
    cmd = stowageCommand stowage;
    spec = "${drv}/image.json";
    ref = if tag == null then name else "${name}:${tag}";
    imageTag = if tag == null then "latest" else tag;
  in drv // {
    inherit name;
    imageName = name; imageTag = imageTag;
    copyToRegistry = app "copy-to-registry" ''exec ${cmd} build ${spec} --out "docker://${ref}" "$@"'';
    copyTo = app "copy-to" ''
      [ $# -ge 1 ] || { echo "usage: copy-to TARGET [stowage build options]" >&2; exit 2; }
      target=$1; shift
      exec ${cmd} build ${spec} --out "$target" "$@"'';
    copyToDockerDaemon = app "copy-to-docker-daemon" ''exec ${cmd} build ${spec} --out "docker-daemon:${name}:${imageTag}" "$@"'';
    copyToPodman = app "copy-to-podman" ''
      tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
      ${cmd} build ${spec} --out "docker-archive:$tmp/image.tar" "$@"
      podman ''${PODMAN_OPTS:-} load -i "$tmp/image.tar"'';
    plan = app "plan" ''exec ${cmd} plan ${spec} "$@"'';
  };

  knownDefaults = { initializeNixDatabase = false; includeStorePaths = true; };

  buildImage = args@{ name, tag ? null, tags ? [], config ? {}, copyToRoot ? [], contents ? [], layers ? [],
      maxLayers ? 100, fromImage ? null, perms ? [], fakeNss ? null, tmpDirs ? false, usrBinEnv ? false,
      binSh ? false, caBundle ? false, initializeNixDatabase ? false, compression ? "gzip",
      compressionLevel ? null, layering ? "popularity", maxLayerSize ? null, created ? null, mtime ? null,
      annotations ? {}, metadata ? {}, includeStorePaths ? true, files ? [], platform ? null,
      stowage ? stowageArg, passthru ? {}, ... }:
    assert refuse "buildImage" args [ "nixUid" "nixGid" "fromImageManifest" ];
    let
      copyToRoot' = if isList copyToRoot then copyToRoot else [ copyToRoot ];
      layers' = flattenLayers layers;
      roots = copyToRoot' ++ contents ++ concatMap (l: l.deps ++ l.paths) layers';
      closure = closureGraph { name = drvName name; inherit roots config; };
      plat = if platform != null then platform else platformOf hostSystem;
      platformSpec = {
        platform = plat; closure = "${platformDir plat}/closure.json";
        copyToRoot = map toString copyToRoot';
        layers = map (l: { deps = map toString l.deps; paths = map toString l.paths; }) layers';
      };
      opt = n: v: if v == null then {} else { ${n} = v; };
      toPerm = p: assert refuse "buildImage: perms" p [ "uname" "gname" ];
        { inherit (p) regex mode; } // (opt "uid" (p.uid or null)) // (opt "gid" (p.gid or null));
      top = { inherit name tags config maxLayers compression layering annotations metadata includeStorePaths
                tmpDirs usrBinEnv binSh caBundle initializeNixDatabase files; perms = map toPerm perms; }
        // opt "tag" tag // opt "compressionLevel" compressionLevel // opt "maxLayerSize" maxLayerSize
        // opt "created" created // opt "mtime" mtime
        // opt "fromImage" (if fromImage == null || isString fromImage then fromImage else "oci:${fromImage}")
        // opt "fakeNss" (if fakeNss == true then {} else if fakeNss == false then null else fakeNss)
        // (if builtins.storeDir != "/nix/store" then { storeDir = builtins.storeDir; } else {});
      spec = top // { platforms = [ platformSpec ]; };
      drv = writeImage { inherit name spec; closures = [ { dir = platformDir plat; file = closure; } ]; };
    in withApps { inherit drv name tag stowage; } // passthru // {
      stowage = { inherit top closure; platforms = [ platformSpec ]; };
    };

  multiArch = arg: let
    a = if isList arg then { images = arg; } else arg;
    images = a.images;
    first = builtins.head images;
    # The spec has one config and root file system recipe for all platforms: images must agree on them.
    same = i: foldl' (ok: n: if (i.stowage.top.${n} or null) != (first.stowage.top.${n} or null)
      then throw "stowage.multiArch: the images differ in '${n}'; a multi-platform spec has one '${n}' for all platforms" else ok) true
      (attrNames (first.stowage.top // i.stowage.top));
    top = assert builtins.all same images; first.stowage.top // builtins.removeAttrs a [ "images" "stowage" ];
    plats = concatMap (i: i.stowage.platforms) images;
    spec = top // { platforms = plats; };
    drv = writeImage {
      name = top.name; inherit spec;
      closures = map (i: { dir = platformDir (builtins.head i.stowage.platforms).platform; file = i.stowage.closure; }) images;
    };
  in withApps { inherit drv; name = top.name; tag = top.tag or null; stowage = a.stowage or stowageArg; }
     // { stowage = { inherit top; platforms = plats; }; };

  stowageArg = stowage;
in {
  inherit buildImage buildLayer multiArch platformOf;
}
