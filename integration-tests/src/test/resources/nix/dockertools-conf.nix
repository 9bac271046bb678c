# A dockerTools.streamLayeredImage conf.json (its passthru.conf) over real store paths, written the
# way nixpkgs writes it: the base JSON (config, architecture, os) plus store_dir, from_image,
# store_layers, customisation_layer, repo_tag, created and mtime (date -Iseconds), uid, gid, uname,
# gname (jq --arg: strings). The customisation layer holds layer.tar and checksum like nixpkgs'
# (tar --sort name --numeric-owner --mtime --hard-dereference of the root, store dir excluded).
# store_layers is a grouping popularity would not choose, so honouring it is visible. The image runs:
# /bin/hello (a customisation-layer link) is a busybox sh script that cats a file of another layer.
{ architecture ? "amd64" }:
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  libfoo = sh { name = "libfoo-1.2"; args = [ "-c" ''
    mkdir -p $out/lib $out/share/empty-dir
    printf 'libfoo\n%.0s' $(seq 1 400) > $out/lib/libfoo.so
  '' ]; };
  data = sh { name = "greeting-data-1.0"; args = [ "-c" ''
    mkdir -p $out/share/greeting
    echo "hello, world" > $out/share/greeting/text
  '' ]; };
  libgreet = sh { name = "libgreet-0.1"; args = [ "-c" ''
    mkdir -p $out/lib
    echo "uses ${libfoo}/lib/libfoo.so" > $out/lib/libgreet.so
    ln -s ${libfoo}/lib/libfoo.so $out/lib/libfoo-link.so
  '' ]; };
  # Debian's busybox-static: a real static program, so the image runs (sh and cat inside it).
  busybox = sh { name = "busybox-static-1.35"; args = [ "-c" ''
    mkdir -p $out/bin
    cp /bin/busybox $out/bin/busybox
    ln -s busybox $out/bin/sh
    ln -s busybox $out/bin/cat
  '' ]; };
  hello = sh { name = "hello-2.12"; args = [ "-c" ''
    mkdir -p $out/bin $out/share
    printf '#!${busybox}/bin/sh\n${busybox}/bin/cat ${data}/share/greeting/text\n# ${libgreet}\n' > $out/bin/hello
    chmod +x $out/bin/hello
    ln -s ${data}/share/greeting $out/share/greeting
  '' ]; };
  customisation = sh { name = "app-customisation-layer"; args = [ "-c" ''
    mkdir -p root/bin root/etc root/tmp root/var/empty root/usr/share
    ln -s ${hello}/bin/hello root/bin/hello
    ln -s ${hello}/share/greeting root/usr/share/greeting
    printf 'root:x:0:0:root:/root:/bin/sh\n' > root/etc/passwd
    printf '#!/bin/sh\necho setup\n' > root/etc/setup.sh
    chmod 0750 root/etc/setup.sh
    chmod 1777 root/tmp
    chmod 0555 root/var/empty
    mkdir $out
    (cd root && tar --sort name --numeric-owner --owner=0 --group=0 --mtime "@1" --hard-dereference -cf $out/layer.tar .)
    sha256sum $out/layer.tar | cut -f 1 -d ' ' > $out/checksum
  '' ]; };
  conf = {
    config = {
      Cmd = [ "/bin/hello" ];
      Env = [ "PATH=/bin" "GREETING=${data}/share/greeting/text" ];
      WorkingDir = "/tmp";
      ExposedPorts = { "8080/tcp" = { }; };
      Labels = { "org.example.team" = "platform"; };
    };
    inherit architecture;
    os = "linux";
    store_dir = builtins.storeDir;
    from_image = null;
    store_layers = [ [ "${hello}" ] [ "${libgreet}" "${libfoo}" ] [ "${data}" "${busybox}" ] ];
    customisation_layer = "${customisation}";
    repo_tag = "stowage-it/dockertools:conf-1";
    created = "1970-01-01T00:00:01+00:00";
    mtime = "1970-01-01T00:00:01+00:00";
    uid = "0";
    gid = "0";
    uname = "root";
    gname = "root";
  };
in sh { name = "dockertools-conf.json"; json = builtins.toJSON conf; args = [ "-c" ''printf '%s' "$json" > $out'' ]; }
