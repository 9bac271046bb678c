# A fleet of images sharing most of their paths: a C library, zlib, an SSL library (-> zlib, libc),
# time zone data, and a CA bundle in two versions; one app per image (-> libc, and -> libssl for
# even images). Outputs, in order: cacert-3.100, cacert-3.101, unused-1.0, unused-1.1, app-0 … app-(n-1).
# bench/bench-fleet.sh sets scale (sizes × scale) and random (incompressible contents).
{ n ? 12, sslVersion ? "3.0.13", scale ? 1, random ? false }:
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  fill = text: kib: if random then "head -c ${toString (kib * scale * 1024)} /dev/urandom"
    else "yes '${text}' | head -c ${toString (kib * scale * 1024)}";
  blob = name: kib: sh { inherit name; args = [ "-c" ''
    mkdir -p $out/lib
    ${fill name kib} > $out/lib/${name}.so
  '' ]; };
  libc = blob "libc-2.40" 64;
  zlib = blob "zlib-1.3" 16;
  libssl = sh { name = "libssl-${sslVersion}"; args = [ "-c" ''
    mkdir -p $out/lib
    echo "needs ${libc} ${zlib}" > $out/lib/libssl.so
    ${fill "libssl" 32} >> $out/lib/libssl.so
  '' ]; };
  tzdata = blob "tzdata-2024a" 8;
  cacert = version: sh { name = "cacert-${version}"; args = [ "-c" ''
    mkdir -p $out/etc/ssl/certs
    echo "bundle ${version}" > $out/etc/ssl/certs/ca-bundle.crt
    ${fill "cert ${version}" 16} >> $out/etc/ssl/certs/ca-bundle.crt
  '' ]; };
  unused = version: blob "unused-${version}" 1;
  app = i: sh { name = "app-${toString i}"; args = [ "-c" ''
    mkdir -p $out/bin
    printf '#!/bin/sh\n# ${libc} ${tzdata}\n' > $out/bin/run
    ${if i - (i / 2) * 2 == 0 then "echo '# ${libssl}' >> $out/bin/run" else ""}
    echo "app ${toString i}" >> $out/bin/run
    chmod +x $out/bin/run
  '' ]; };
in [ (cacert "3.100") (cacert "3.101") (unused "1.0") (unused "1.1") ] ++ builtins.genList app n
